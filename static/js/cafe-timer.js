// The World Café facilitator's big screen: a round timer (start, pause, next), the current round's tables, and a
// clear "please change tables" cue between rounds. Everything it shows is in the page, so once loaded it needs no
// network; its state is kept in localStorage, so a reload (or a second tab) continues where the timer stood.
(function () {
  const root = document.getElementById("facilitator");
  if (!root) return;
  const rounds = Number(root.dataset.rounds);
  const roundSeconds = Number(root.dataset.roundSeconds);
  const pauseSeconds = Number(root.dataset.pauseSeconds);
  const key = "treffpunkt.cafe-timer." + root.dataset.cafe;
  const clock = document.getElementById("timer");
  const label = document.getElementById("round-label");
  const cue = document.getElementById("cue");
  const status = document.getElementById("timer-status");
  const sections = Array.from(root.querySelectorAll("[data-round]"));
  const buttons = {};
  root.querySelectorAll("[data-action]").forEach(function (button) {
    buttons[button.dataset.action] = button;
  });

  // phase: "ready" (before a round), "running", "paused", "change" (between rounds), "done"
  let state = load() || { round: 1, phase: "ready", left: roundSeconds, endsAt: null };

  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(key));
      if (!saved || !(saved.round >= 1 && saved.round <= rounds)) return null;
      if (saved.phase === "ready") saved.left = roundSeconds; // a round not yet started takes the café's length now
      return saved;
    } catch (error) {
      return null;
    }
  }

  function save() {
    try {
      localStorage.setItem(key, JSON.stringify(state));
    } catch (error) {
      // private mode: the timer still runs, it is only not kept across a reload
    }
  }

  function secondsLeft() {
    if (state.endsAt === null) return state.left;
    return Math.max(0, Math.round((state.endsAt - Date.now()) / 1000));
  }

  function format(seconds) {
    const minutes = Math.floor(seconds / 60);
    return minutes + ":" + String(seconds % 60).padStart(2, "0");
  }

  function text(name, round) {
    return (root.dataset["text" + name] || "").replace("{round}", String(round));
  }

  function render() {
    const left = secondsLeft();
    clock.textContent = format(left);
    const shown = state.phase === "change" ? state.round + 1 : state.round;
    sections.forEach(function (section) {
      section.hidden = Number(section.dataset.round) !== Math.min(shown, rounds);
    });
    label.textContent = state.phase === "done" ? text("Done", rounds) : text("Round", Math.min(shown, rounds));
    cue.hidden = state.phase !== "change";
    root.classList.toggle("is-change", state.phase === "change");
    root.classList.toggle("is-ending", state.phase === "running" && left <= 60);
    buttons.start.disabled = state.phase === "running" || state.phase === "done";
    buttons.pause.disabled = state.phase !== "running" && state.phase !== "change";
    buttons.next.disabled = state.phase === "done";
  }

  function announce(message) {
    status.textContent = message;
  }

  function tick() {
    if (state.endsAt !== null && secondsLeft() === 0) {
      if (state.phase === "running") endRound();
      else if (state.phase === "change") startRound(state.round + 1);
    }
    render();
  }

  function endRound() {
    if (state.round >= rounds) {
      state = { round: rounds, phase: "done", left: 0, endsAt: null };
      announce(text("Done", rounds));
    } else {
      state = { round: state.round, phase: "change", left: pauseSeconds, endsAt: Date.now() + pauseSeconds * 1000 };
      announce(text("Change", state.round + 1));
    }
    save();
  }

  function startRound(round) {
    state = { round: round, phase: "running", left: roundSeconds, endsAt: Date.now() + roundSeconds * 1000 };
    announce(text("Round", round));
    save();
  }

  buttons.start.addEventListener("click", function () {
    const left = state.phase === "paused" || state.phase === "ready" ? state.left : roundSeconds;
    state = { round: state.round, phase: "running", left: left, endsAt: Date.now() + left * 1000 };
    announce(text("Round", state.round));
    save();
    render();
  });
  buttons.pause.addEventListener("click", function () {
    state = { round: state.round, phase: "paused", left: secondsLeft(), endsAt: null };
    announce(text("Paused", state.round));
    save();
    render();
  });
  buttons.next.addEventListener("click", function () {
    if (state.phase === "change" || state.phase === "running" || state.phase === "paused") {
      if (state.round >= rounds) endRound();
      else state = { round: state.round + 1, phase: "ready", left: roundSeconds, endsAt: null };
    } else if (state.round < rounds) {
      state = { round: state.round + 1, phase: "ready", left: roundSeconds, endsAt: null };
    } else {
      endRound();
    }
    announce(state.phase === "done" ? text("Done", rounds) : text("Round", state.round));
    save();
    render();
  });
  buttons.reset.addEventListener("click", function () {
    state = { round: 1, phase: "ready", left: roundSeconds, endsAt: null };
    save();
    render();
  });
  buttons.fullscreen.addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (root.requestFullscreen) root.requestFullscreen();
  });

  render();
  setInterval(tick, 250);
})();
