/* The optional room mode: with a room chosen, a scanned or typed code checks nobody in; it is sent to the room
 * occupancy counter (cockpit/occupancy/views.py, room_scan) as one entry or exit, and the answer shows the room's
 * count. Only online: offline nothing is counted and nothing is queued. The choice (room and direction) is remembered
 * for the list in localStorage, so a reload keeps it; "off" removes it. Without rooms the page has no such control.
 */
import { T, config, el, fill, listId } from "./page.js";
import { ApiError, handleApiError, renewCsrfToken } from "./api.js";
import { showRoomAnswer } from "./screen.js";
import { storageClosed } from "./storage.js";

const roomKey = `treffpunkt.checkin.room.${listId}`;
const ROOM_TIMEOUT_MS = 8000;

function directionInputs() {
  return el.roomMode ? [...el.roomMode.querySelectorAll("input[name=direction]")] : [];
}

/** The chosen room mode, {room, name, direction}, or null for the normal check-in. */
export function roomMode() {
  if (!el.room || !el.room.value) return null;
  const exit = directionInputs().some((input) => input.checked && input.value === "exit");
  return { room: el.room.value, name: el.room.selectedOptions[0].textContent, direction: exit ? "exit" : "entry" };
}

export function initRoom() {
  if (!el.room) return;
  let stored = null;
  try {
    stored = JSON.parse(localStorage.getItem(roomKey) || "null");
  } catch (error) {
    /* storage blocked or garbled: off */
  }
  if (stored && [...el.room.options].some((option) => option.value && option.value === String(stored.room))) {
    el.room.value = String(stored.room);
    for (const input of directionInputs()) input.checked = input.value === stored.direction;
    if (!directionInputs().some((input) => input.checked)) directionInputs()[0].checked = true;
  }
  el.room.addEventListener("change", saveRoom);
  for (const input of directionInputs()) input.addEventListener("change", saveRoom);
  for (const control of [el.room, ...directionInputs()]) control.disabled = false;
  renderRoom();
}

function saveRoom() {
  const mode = roomMode();
  if (!storageClosed) {
    try {
      if (mode) localStorage.setItem(roomKey, JSON.stringify({ room: mode.room, direction: mode.direction }));
      else localStorage.removeItem(roomKey);
    } catch (error) {
      /* storage blocked: the choice lasts until the reload */
    }
  }
  el.roomFigure.hidden = true; // a figure of the room counted before
  renderRoom();
}

function renderRoom() {
  const mode = roomMode();
  el.root.dataset.roomMode = mode ? mode.direction : "off";
  el.roomState.hidden = !mode;
  el.roomState.textContent = mode ? fill(T.room[`state_${mode.direction}`], { room: mode.name }) : "";
  el.codeSubmit.textContent = mode ? T.room.count : T.check_in;
  el.search.disabled = !!mode; // checking in by name makes no sense while counting a room
  if (mode) {
    el.search.value = "";
    el.searchResults.replaceChildren();
  }
  el.searchMessage.textContent = mode ? T.room.search_off : "";
}

export async function scanForRoom(code, mode) {
  if (!navigator.onLine) {
    showRoomAnswer({ ok: false, title: T.room.offline, message: T.room.nothing_counted });
    return;
  }
  const url = config.urls.roomScan.replace(/\/0\/scan$/, `/${mode.room}/scan`);
  let answer;
  try {
    answer = await postRoomScan(url, { code, direction: mode.direction });
  } catch (error) {
    handleApiError(error);
    const offline = error.kind === "network";
    showRoomAnswer({ ok: false, title: offline ? T.room.offline : T.room.failed, message: T.room.nothing_counted });
    return;
  }
  showRoomAnswer(answer);
  el.roomFigure.textContent = answer.figure;
  el.roomFigure.hidden = !answer.figure;
}

/** POST with the CSRF header; the JSON answer of a count or a refusal (409, 400), else an ApiError. */
async function postRoomScan(url, payload, retried = false) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ROOM_TIMEOUT_MS);
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      signal: controller.signal,
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": config.csrfToken },
      body: JSON.stringify(payload),
    });
  } catch (error) {
    throw new ApiError("network");
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 401 || response.status === 403 || response.redirected) throw new ApiError("auth", response.status);
  const json = (response.headers.get("Content-Type") || "").startsWith("application/json");
  if (json && [200, 400, 409].includes(response.status)) return response.json();
  // A failed CSRF check answers with the HTML error page: the token did not fit the session; renew it once.
  if (response.status === 400 && !retried && (await renewCsrfToken())) return postRoomScan(url, payload, true);
  throw new ApiError("server", response.status);
}
