// The progress of a job (templates/_macros/jobs.html): while the job is queued or running, ask the server for its
// state every 700 ms, move the bar and update the status line; the cancel button asks the server to stop the job.
// Once the job has ended, open the result page (data-done-url, or the job's own result_url) when it is done, else
// reload the page, which shows how it ended. A `text` in the job's progress note (written by its handler, e.g. the
// best penalty so far) is shown in [data-job-note]. Texts come from data attributes in the page's language. No inline
// script and no style attributes: the page's Content-Security-Policy allows neither.
(function () {
  "use strict";
  const POLL_MS = 700;
  const ENDED = ["done", "failed", "cancelled"];

  document.querySelectorAll("[data-job-progress]").forEach(function (box) {
    if (!ENDED.includes(box.dataset.state)) watch(box);
  });

  function watch(box) {
    const bar = box.querySelector("progress");
    const status = box.querySelector("[data-job-status]");
    const cancelForm = box.querySelector("form[data-job-cancel]");
    const note = box.querySelector("[data-job-note]");
    const texts = {
      queued: box.dataset.textQueued,
      running: box.dataset.textRunning,
      cancelling: box.dataset.textCancelling,
      done: box.dataset.textDone,
      failed: box.dataset.textFailed,
      cancelled: box.dataset.textCancelled,
      unreachable: box.dataset.textUnreachable,
    };
    let failures = 0;
    let ended = false;
    let spokenTenth = -1; // the status line speaks in steps of 10 %, so screen readers are not flooded

    function say(text) {
      if (status.textContent !== text) status.textContent = text;
    }

    function show(job) {
      if (job.state === "queued") {
        bar.removeAttribute("value");
        say(texts.queued);
      } else if (job.state === "running") {
        bar.value = job.progress;
        const percent = Math.floor(job.progress * 100);
        if (job.cancel_requested) {
          say(texts.cancelling);
        } else if (Math.floor(percent / 10) !== spokenTenth || status.textContent === texts.queued) {
          spokenTenth = Math.floor(percent / 10);
          say(texts.running.replace("{percent}", String(percent)));
        }
      }
      showNote(job.note);
      if (cancelForm) cancelForm.hidden = Boolean(job.cancel_requested) || ENDED.includes(job.state);
      if (ENDED.includes(job.state)) finish(job);
    }

    function showNote(value) {
      if (!note) return;
      const text = value && typeof value.text === "string" ? value.text : "";
      if (note.textContent !== text) note.textContent = text;
      note.hidden = !text;
    }

    function finish(job) {
      ended = true;
      if (job.state === "done") bar.value = 1;
      const reason = job.state === "failed" && job.error && job.error.message ? " " + job.error.message : "";
      say(texts[job.state] + reason);
      const next = job.state === "done" ? job.result_url || box.dataset.doneUrl : null;
      if (next) window.location.assign(next);
      else window.location.reload();
    }

    async function poll() {
      if (ended) return;
      try {
        const response = await fetch(box.dataset.pollUrl, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
          cache: "no-store",
        });
        if (!response.ok || !(response.headers.get("Content-Type") || "").includes("json")) {
          throw new Error("HTTP " + response.status);
        }
        failures = 0;
        show(await response.json());
      } catch (error) {
        failures += 1; // offline for a moment, or the session ended: say so after a few tries, keep trying slower
        if (failures >= 3) say(texts.unreachable);
      }
      if (!ended) window.setTimeout(poll, POLL_MS * Math.min(1 + failures, 10));
    }

    if (cancelForm) {
      cancelForm.addEventListener("submit", async function (submitEvent) {
        submitEvent.preventDefault();
        const button = cancelForm.querySelector("button");
        button.disabled = true;
        try {
          const response = await fetch(box.dataset.cancelUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: { Accept: "application/json", "X-CSRFToken": box.dataset.csrfToken },
          });
          if (!response.ok) throw new Error("HTTP " + response.status);
          show(await response.json());
        } catch (error) {
          say(texts.unreachable);
        } finally {
          button.disabled = false;
        }
      });
    }

    window.setTimeout(poll, POLL_MS);
  }
})();
