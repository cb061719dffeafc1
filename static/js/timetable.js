// The organizer's timetable grid: drag a block or a tray item onto a room and time (or onto the tray), or move it
// with the keyboard; every move is one POST to the server, whose answer brings the block's new markup and the
// conflict list as it now stands. Without this script the page still shows everything and links every form.
(function () {
  "use strict";
  const configElement = document.getElementById("tt-config");
  const grid = document.getElementById("tt-grid");
  if (!configElement || !grid) return;
  const config = JSON.parse(configElement.textContent);
  const blocks = grid.querySelector(".tt-blocks");
  const trayList = document.getElementById("tt-tray-list");
  const tray = trayList.closest("[data-drop=tray]");
  const status = document.getElementById("tt-status");
  const STEP = 5;
  const lastMinute = config.firstMinute + config.rows * STEP;
  let dragged = null; // {id, offsetY}
  let lifted = null; // the keyboard move under way: {item, preview, room, minute, origin}

  function announce(text, isError) {
    status.textContent = text;
    status.classList.toggle("is-error", Boolean(isError));
  }

  function clock(minute) {
    const pad = (n) => String(n).padStart(2, "0");
    return pad(Math.floor(minute / 60)) + ":" + pad(minute % 60);
  }

  function durationOf(item) {
    return Number(item.dataset.duration) || STEP;
  }

  function clampMinute(minute, duration) {
    const latest = Math.max(config.firstMinute, lastMinute - Math.min(duration, lastMinute - config.firstMinute));
    return Math.min(Math.max(minute, config.firstMinute), latest);
  }

  function place(element, room, minute, duration) {
    const row = (minute - config.firstMinute) / STEP + 2;
    element.style.gridRow = row + " / span " + Math.max(1, Math.floor(duration / STEP));
    element.style.gridColumn = String(config.rooms.indexOf(room) + 2);
  }

  // Blocks that overlap in one room share its width side by side, so neither hides the other.
  function arrangeLanes() {
    const byRoom = {};
    blocks.querySelectorAll(".tt-block:not(.is-preview)").forEach(function (block) {
      (byRoom[block.dataset.room] = byRoom[block.dataset.room] || []).push(block);
    });
    Object.values(byRoom).forEach(function (own) {
      own.sort((a, b) => a.dataset.minute - b.dataset.minute);
      let group = [];
      let groupEnd = -1;
      const flush = function () {
        const lanes = [];
        group.forEach(function (block) {
          const start = Number(block.dataset.minute);
          let lane = lanes.findIndex((end) => end <= start);
          if (lane < 0) lane = lanes.length;
          lanes[lane] = start + durationOf(block);
          block.style.setProperty("--lane", lane);
        });
        group.forEach((block) => block.style.setProperty("--lanes", lanes.length));
      };
      own.forEach(function (block) {
        const start = Number(block.dataset.minute);
        if (start >= groupEnd && group.length) {
          flush();
          group = [];
        }
        group.push(block);
        groupEnd = Math.max(groupEnd, start + durationOf(block));
      });
      if (group.length) flush();
    });
  }

  function markConflicts(marks) {
    blocks.querySelectorAll(".tt-block").forEach(function (block) {
      const mark = marks[block.dataset.id];
      block.classList.toggle("has-error", mark === "error");
      block.classList.toggle("has-warning", mark === "warning");
      const flag = block.querySelector(".tt-flag");
      if (!flag) return;
      flag.hidden = !mark;
      if (mark) flag.textContent = config.marks[mark];
    });
  }

  function fromHtml(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function applyAnswer(answer) {
    const id = answer.contribution_id;
    document.getElementById("c-" + id)?.remove();
    document.getElementById("tray-" + id)?.remove();
    let focusTarget = null;
    if (answer.placed && answer.day === config.day) {
      const block = fromHtml(answer.block_html);
      place(block, answer.room_id, answer.minute, durationOf(block));
      blocks.appendChild(block);
      enable(block);
      focusTarget = block;
    } else if (!answer.placed) {
      const item = fromHtml(answer.tray_html);
      trayList.prepend(item);
      enable(item);
      focusTarget = item;
    }
    document.getElementById("tt-conflicts").replaceWith(fromHtml(answer.conflicts_html));
    document.getElementById("tt-tray-count").textContent = trayList.children.length;
    markConflicts(answer.marks);
    arrangeLanes();
    announce(answer.message);
    return focusTarget;
  }

  async function send(move) {
    try {
      const response = await fetch(config.movesUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
        body: JSON.stringify(move),
      });
      const answer = await response.json().catch(() => null);
      if (!response.ok || !answer) {
        announce((answer && answer.message) || config.texts.failed, true);
        return null;
      }
      return applyAnswer(answer);
    } catch (error) {
      announce(config.texts.failed, true);
      return null;
    }
  }

  function moveTo(id, room, minute) {
    return send({ contribution_id: id, room_id: room, starts_at: config.day + "T" + clock(minute) });
  }

  // Drag and drop.
  function minuteAt(column, clientY, offsetY, duration) {
    const rect = column.getBoundingClientRect();
    const rowHeight = rect.height / config.rows;
    const rows = Math.round((clientY - offsetY - rect.top) / rowHeight);
    return clampMinute(config.firstMinute + rows * STEP, duration);
  }

  function onDragStart(event) {
    const item = event.currentTarget;
    dragged = { id: Number(item.dataset.id), duration: durationOf(item), offsetY: 0 };
    if (item.classList.contains("tt-block")) {
      dragged.offsetY = event.clientY - item.getBoundingClientRect().top;
    }
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.id);
    item.classList.add("is-dragging");
  }

  function onDragEnd(event) {
    event.currentTarget.classList.remove("is-dragging");
    document.querySelectorAll(".is-target").forEach((el) => el.classList.remove("is-target"));
    dragged = null;
  }

  function dropZone(zone, targetAt, onDrop) {
    zone.addEventListener("dragover", function (event) {
      const target = dragged && targetAt(event);
      document.querySelectorAll(".is-target").forEach((el) => el !== target && el.classList.remove("is-target"));
      if (!target) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      target.classList.add("is-target");
    });
    zone.addEventListener("dragleave", function (event) {
      if (zone.contains(event.relatedTarget)) return;
      [zone, ...zone.querySelectorAll(".is-target")].forEach((el) => el.classList.remove("is-target"));
    });
    zone.addEventListener("drop", function (event) {
      const target = dragged && targetAt(event);
      if (!target) return;
      event.preventDefault();
      target.classList.remove("is-target");
      onDrop(event, dragged, target);
    });
  }

  // The room under the pointer, found by position: a drop onto another block (a clash) lands in its room too.
  const columns = Array.from(grid.querySelectorAll(".tt-column"));
  function columnAt(event) {
    return columns.find(function (column) {
      const rect = column.getBoundingClientRect();
      return event.clientX >= rect.left && event.clientX < rect.right && event.clientY >= rect.top;
    });
  }

  dropZone(grid, columnAt, function (event, item, column) {
    moveTo(item.id, Number(column.dataset.room), minuteAt(column, event.clientY, item.offsetY, item.duration));
  });
  dropZone(tray, () => tray, function (event, item) {
    if (document.getElementById("c-" + item.id)) send({ contribution_id: item.id, room_id: null });
  });

  // The keyboard: Enter or Space picks up and drops, arrows move, Delete sends to the tray, Escape cancels.
  function where() {
    return config.roomNames[config.rooms.indexOf(lifted.room)] + ", " + clock(lifted.minute);
  }

  function lift(item) {
    const isBlock = item.classList.contains("tt-block");
    const preview = isBlock ? item : item.cloneNode(true);
    if (!isBlock) {
      preview.removeAttribute("id");
      preview.className = "tt-block is-preview";
      preview.querySelector(".tt-grab")?.remove();
      blocks.appendChild(preview);
    }
    lifted = {
      item: item,
      preview: preview,
      room: isBlock ? Number(item.dataset.room) : config.rooms[0],
      minute: isBlock ? Number(item.dataset.minute) : config.firstMinute,
      origin: isBlock ? [item.style.gridRow, item.style.gridColumn] : null,
    };
    preview.classList.add("is-lifted");
    place(preview, lifted.room, lifted.minute, durationOf(item));
    preview.scrollIntoView({ block: "nearest", inline: "nearest" });
    const title = item.querySelector(".tt-title").textContent;
    announce(config.texts.picked.replace("{title}", title).replace("{where}", where()));
  }

  function putDown() {
    const done = lifted;
    lifted = null;
    done.preview.classList.remove("is-lifted");
    if (done.origin) {
      done.preview.style.gridRow = done.origin[0];
      done.preview.style.gridColumn = done.origin[1];
    } else {
      done.preview.remove();
    }
    return done;
  }

  function nudge(rooms, minutes) {
    const index = Math.min(Math.max(config.rooms.indexOf(lifted.room) + rooms, 0), config.rooms.length - 1);
    lifted.room = config.rooms[index];
    lifted.minute = clampMinute(lifted.minute + minutes, durationOf(lifted.item));
    place(lifted.preview, lifted.room, lifted.minute, durationOf(lifted.item));
    lifted.preview.scrollIntoView({ block: "nearest", inline: "nearest" });
    announce(where());
  }

  async function drop() {
    const done = putDown();
    const focus = await moveTo(Number(done.item.dataset.id), done.room, done.minute);
    (focus || done.item).querySelector(".tt-grab")?.focus();
  }

  function onGrabKey(event) {
    const item = event.currentTarget.closest("[data-id]");
    const step = event.shiftKey ? 15 : STEP;
    const keys = {
      ArrowUp: () => nudge(0, -step),
      ArrowDown: () => nudge(0, step),
      ArrowLeft: () => nudge(-1, 0),
      ArrowRight: () => nudge(1, 0),
      Escape: function () {
        putDown();
        announce(config.texts.cancelled);
      },
      Delete: async function () {
        const done = putDown();
        if (!done.origin) return;
        const focus = await send({ contribution_id: Number(item.dataset.id), room_id: null });
        focus?.querySelector(".tt-grab")?.focus();
      },
    };
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (lifted && lifted.item === item) drop();
      else {
        if (lifted) putDown();
        lift(item);
      }
    } else if (lifted && lifted.item === item && keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    }
  }

  function enable(item) {
    item.draggable = true;
    item.addEventListener("dragstart", onDragStart);
    item.addEventListener("dragend", onDragEnd);
    const grab = item.querySelector(".tt-grab");
    grab.hidden = false;
    grab.addEventListener("keydown", onGrabKey);
    grab.addEventListener("blur", function () {
      if (lifted && lifted.item === item) {
        putDown();
        announce(config.texts.cancelled);
      }
    });
  }

  // A conflict's link to a block on this day focuses the block instead of reloading the page.
  document.addEventListener("click", function (event) {
    const link = event.target.closest("#tt-conflicts a[data-contribution]");
    if (!link || link.dataset.day !== config.day) return;
    const block = document.getElementById("c-" + link.dataset.contribution);
    if (!block) return;
    event.preventDefault();
    block.scrollIntoView({ block: "center", inline: "center" });
    block.querySelector(".tt-grab").focus();
  });

  document.querySelectorAll(".tt-block, .tt-tray-item").forEach(enable);
  arrangeLanes();
})();
