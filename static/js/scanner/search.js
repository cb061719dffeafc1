/* The search by name, email or organization: the server's search while online, the offline copy's names and
 * organizations otherwise; each result with a check-in button where the ticket's id is known.
 */
import { T, config, el, fill, formatTime, node, plural } from "./page.js";
import { api, handleApiError } from "./api.js";
import { copy } from "./copy.js";
import { unlockAudio } from "./screen.js";
import { scanTicketId } from "./scans.js";

const SEARCH_DELAY_MS = 250;

let searchTimer = null;
let searchController = null;

export function scheduleSearch() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
}

/** The form was sent (Enter): search at once instead of after the typing pause. */
export function searchNow() {
  clearTimeout(searchTimer);
  runSearch();
}

async function runSearch() {
  const q = el.search.value.trim();
  if (searchController) searchController.abort();
  if (q.length < 2) {
    el.searchMessage.textContent = q ? T.search_short : "";
    el.searchResults.replaceChildren();
    return;
  }
  el.searchMessage.textContent = T.searching;
  if (navigator.onLine) {
    searchController = new AbortController();
    try {
      const url = `${config.urls.search}?${new URLSearchParams({ q })}`;
      const response = await api(url, { signal: searchController.signal, cache: "no-store" });
      renderSearch((await response.json()).results, false);
      return;
    } catch (error) {
      if (error.name === "AbortError") return;
      handleApiError(error);
    }
  }
  renderSearch(searchCopy(q), true);
}

function searchCopy(q) {
  if (!copy.record) return [];
  const needle = q.toLowerCase();
  return copy.record.tickets
    .filter((t) => (t.name || "").toLowerCase().includes(needle) || (t.organization || "").toLowerCase().includes(needle))
    .sort((a, b) => (a.name || "").localeCompare(b.name || "", config.language))
    .slice(0, 20);
}

function renderSearch(rows, offline) {
  const count = rows.length ? plural("search_count", rows.length) : T.search_none;
  const withoutIds = offline && rows.some((row) => !row.ticket_id);
  el.searchMessage.textContent = offline ? `${T.search_offline} ${count}${withoutIds ? ` ${T.search_offline_no_id}` : ""}` : count;
  el.searchResults.replaceChildren(...rows.map(searchRow));
}

function searchRow(row) {
  const who = node("span", { className: "who" }, node("strong", {}, row.name));
  const about = [row.organization, row.ticket_type, row.email].filter(Boolean).join(" · ");
  if (about) who.append(node("span", { className: "meta" }, about));
  const item = node("li", { "data-ticket-id": row.ticket_id || null }, who);
  let state = "";
  if (row.state === "cancelled") state = node("span", { className: "state-refused" }, T.row_cancelled);
  else if (!row.on_list) state = node("span", { className: "state-refused" }, T.row_not_on_list);
  else if (row.first_checked_in_at) {
    const text = fill(T.row_checked_in, { time: formatTime(row.first_checked_in_at), gate: row.first_gate || "—" });
    state = node("span", { className: "state-already" }, text);
  }
  if (state) item.append(state);
  if (row.ticket_id) {
    const button = node("button", { type: "button", className: "button", "aria-label": fill(T.check_in_name, { name: row.name }) }, T.check_in);
    button.addEventListener("click", () => {
      unlockAudio();
      scanTicketId(row.ticket_id).then(() => runSearch());
    });
    item.append(button);
  }
  return item;
}
