// The World Café planner grid: move a person to another table of the same round by drag and drop, or with the
// keyboard (Enter/Space picks up, arrow keys choose the table, Enter drops, Escape cancels). Each move is posted as
// JSON with the CSRF token in a header; the answer's figures and broken rules replace the old ones at once.
(function () {
  "use strict";
  const configNode = document.getElementById("cafe-config");
  const grid = document.getElementById("cafe-grid");
  if (!configNode || !grid) return;
  const config = JSON.parse(configNode.textContent);
  const status = document.getElementById("cafe-status");
  const figures = document.getElementById("cafe-figures");
  let picked = null; // {item, round, cells, index}

  function say(text) { status.textContent = text; }
  function fill(template, values) { return template.replace(/\{(\w+)\}/g, (m, key) => values[key] ?? m); }
  function cellsOfRound(round) { return Array.from(grid.querySelectorAll(`td.cafe-cell[data-round="${round}"]`)); }
  function countCell(cell) { cell.querySelector(".cafe-count").textContent = cell.querySelectorAll("li").length; }

  async function move(item, cell) {
    const from = item.closest("td");
    if (from === cell || from.dataset.round !== cell.dataset.round || cell.classList.contains("is-locked")) return;
    const body = { round: Number(cell.dataset.round), ticket_id: Number(item.dataset.ticket), table_id: Number(cell.dataset.table) };
    let response;
    try {
      response = await fetch(config.moveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken, "Accept": "application/json" },
        body: JSON.stringify(body),
      });
    } catch (e) { say(config.texts.failed); return; }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { say(data.message || config.texts.failed); return; }
    cell.querySelector("ul").appendChild(item);
    countCell(from); countCell(cell);
    figures.innerHTML = data.html;
    say(fill(config.texts.moved, { name: item.textContent, table: cell.dataset.tableLabel }));
    item.focus();
  }

  grid.addEventListener("dragstart", (event) => {
    const item = event.target.closest("li[draggable]");
    if (!item) return;
    event.dataTransfer.setData("text/plain", item.dataset.ticket + ":" + item.closest("td").dataset.round);
    event.dataTransfer.effectAllowed = "move";
  });
  grid.addEventListener("dragover", (event) => {
    const cell = event.target.closest("td.cafe-cell");
    if (cell && !cell.classList.contains("is-locked")) event.preventDefault();
  });
  grid.addEventListener("drop", (event) => {
    const cell = event.target.closest("td.cafe-cell");
    if (!cell) return;
    event.preventDefault();
    const [ticket, round] = event.dataTransfer.getData("text/plain").split(":");
    const item = grid.querySelector(`td.cafe-cell[data-round="${round}"] li[data-ticket="${ticket}"]`);
    if (item) move(item, cell);
  });

  function mark(index) {
    picked.cells.forEach((cell, i) => cell.classList.toggle("is-target", i === index));
    picked.index = index;
    say(fill(config.texts.target, { table: picked.cells[index].dataset.tableLabel }));
  }
  function drop(cancel) {
    const current = picked;
    picked = null;
    current.item.classList.remove("is-picked");
    current.cells.forEach((cell) => cell.classList.remove("is-target"));
    if (cancel) { say(config.texts.cancelled); current.item.focus(); return; }
    move(current.item, current.cells[current.index]);
  }

  grid.addEventListener("keydown", (event) => {
    const item = event.target.closest("li[draggable]");
    if (!item) return;
    if (picked && picked.item === item) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        mark((picked.index + step + picked.cells.length) % picked.cells.length);
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        drop(false);
      } else if (event.key === "Escape") {
        event.preventDefault();
        drop(true);
      }
      return;
    }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (picked) drop(true);
      const cell = item.closest("td");
      const cells = cellsOfRound(cell.dataset.round);
      picked = { item, cells, index: cells.indexOf(cell) };
      item.classList.add("is-picked");
      say(fill(config.texts.picked, { name: item.textContent, round: cell.dataset.round }));
    }
  });
})();
