/* What the helper sees and hears: the full-screen answer to a scan (with its tone and vibration), the recent scans,
 * and the figures in the header (connection, waiting scans, offline copy, ready for offline use).
 */
import { T, config, el, fill, formatTime, node, plural } from "./page.js";
import { storage } from "./storage.js";
import { copy } from "./copy.js";

const ANSWER_MS = { ok: 1500, other: 2500 }; // refusals stay a little longer: the helper has to act on them
const RECENT_MAX = 12;

// ---- the figures ---------------------------------------------------------------------------------------------

export function renderConnection() {
  el.connection.dataset.online = String(navigator.onLine);
  el.connection.textContent = navigator.onLine ? T.online : T.offline;
}

export function renderQueueCount(count) {
  el.queue.dataset.count = String(count);
  el.queue.textContent = count ? plural("queue", count) : T.queue_none;
}

export function renderCopyState() {
  const record = copy.record;
  el.copy.dataset.tickets = record ? String(record.tickets.length) : "0";
  let text = record ? fill(T.copy_state, { n: record.tickets.length, time: formatTime(record.generated_at) }) : T.copy_none;
  if (el.root.dataset.offlineReady === "true") text += ` · ${T.offline_ready}`;
  el.copy.textContent = text;
}

let pageCached = false;

/** The service worker answered whether it keeps this page (and its files) for a reload offline. */
export function setPageCached(cached) {
  pageCached = cached;
  markOfflineReady();
}

export function markOfflineReady() {
  if (pageCached && copy.record && storage.ok) {
    el.root.dataset.offlineReady = "true";
    renderCopyState();
  }
}

// ---- the answer ----------------------------------------------------------------------------------------------

let answerTimer = null;
export let answerShown = false;
let afterHide = () => {};

/** Called each time the answer goes away (the camera counts the ticket still held up as the same scan). */
export function whenAnswerHidden(callback) {
  afterHide = callback;
}

function answerLines(result, { offline, queued }) {
  const status = result.status;
  const lines = [node("p", { className: "answer-status" }, T.status[status] || T.checked_offline)];
  if (result.name) lines.push(node("p", { className: "answer-name" }, result.name));
  const about = [result.ticket_type, result.organization].filter(Boolean).join(" · ");
  if (about) lines.push(node("p", { className: "answer-line" }, about));
  let detail = "";
  if (status === "already") {
    const time = formatTime(result.first_checked_in_at);
    detail = result.first_gate ? fill(T.already_at, { time, gate: result.first_gate }) : fill(T.already_at_no_gate, { time });
  } else if (status === "cancelled") {
    detail = T.detail.cancelled;
  } else if (status === "wrong_list") {
    detail = T.detail[result.detail] || T.detail.not_on_list;
  } else if (status === "unknown") {
    const asOf = copy.record ? formatTime(copy.record.generated_at) : "";
    detail = fill(T.detail[result.detail] || T.detail.unknown, { time: asOf });
  } else if (status === "pending") {
    detail = T.no_copy;
  }
  if (detail) lines.push(node("p", { className: "answer-line answer-detail" }, detail));
  if (offline && status !== "pending") {
    lines.push(node("p", { className: "answer-note" }, queued ? T.checked_offline : T.checked_offline_only));
  }
  return lines;
}

export function showAnswer(result, options) {
  present(result.status, answerLines(result, options));
}

/** The room mode's answer (room.js): counted (green, or orange when the room is full) or refused (red), in words. */
export function showRoomAnswer({ ok, full, title, figure, message }) {
  const lines = [node("p", { className: "answer-status" }, title)];
  if (figure) lines.push(node("p", { className: "answer-name" }, figure));
  if (message) lines.push(node("p", { className: "answer-line answer-detail" }, message));
  present(!ok ? "room_refused" : full ? "room_full" : "room_ok", lines);
}

function present(status, lines) {
  clearTimeout(answerTimer);
  el.answer.dataset.status = status;
  el.answerText.replaceChildren(...lines);
  el.answer.classList.add("is-shown");
  el.answerDismiss.hidden = false;
  answerShown = true;
  signal(status);
  const quick = status === "ok" || status === "room_ok";
  answerTimer = setTimeout(hideAnswer, quick ? ANSWER_MS.ok : ANSWER_MS.other);
}

export function hideAnswer() {
  clearTimeout(answerTimer);
  el.answer.classList.remove("is-shown");
  el.answer.dataset.status = "";
  el.answerText.replaceChildren();
  el.answerDismiss.hidden = true;
  answerShown = false;
  afterHide();
}

// ---- sound and vibration -------------------------------------------------------------------------------------

let audio = null;
export function unlockAudio() {
  // Browsers start audio only after a user gesture: every button of this page is one.
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!audio && Context) audio = new Context();
  if (audio && audio.state === "suspended") audio.resume().catch(() => {});
}

function tone(frequency, start, duration) {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.25, audio.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + duration);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(audio.currentTime + start);
  oscillator.stop(audio.currentTime + start + duration);
}

const ROOM_SIGNALS = { room_ok: "ok", room_full: "already", room_refused: "refused" };

function signal(answerStatus) {
  const status = ROOM_SIGNALS[answerStatus] || answerStatus;
  try {
    if (audio && audio.state === "running") {
      if (status === "ok") tone(880, 0, 0.15);
      else if (status === "already") [0, 0.2].forEach((start) => tone(660, start, 0.12));
      else if (status !== "pending") tone(220, 0, 0.45);
    }
    if (navigator.vibrate) navigator.vibrate(status === "ok" ? 80 : status === "already" ? [80, 60, 80] : [300]);
  } catch (error) {
    /* sound and vibration are extras */
  }
}

// ---- recent scans --------------------------------------------------------------------------------------------

const recent = new Map(); // client_id → {result, state: "server" | "waiting" | "uploaded" | "local", at}

export function addRecent(clientId, result, state) {
  recent.set(clientId, { result, state, at: new Date().toISOString() });
  while (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value);
  renderRecent();
}

export function updateRecent(clientId, result) {
  const item = recent.get(clientId);
  if (!item) return;
  item.result = { ...item.result, ...result };
  item.state = "uploaded";
  renderRecent();
}

function stateClass(status) {
  if (status === "pending") return "";
  return status === "ok" ? "state-ok" : status === "already" ? "state-already" : "state-refused";
}

function renderRecent() {
  const notes = { waiting: T.recent_waiting, uploaded: T.recent_uploaded, local: T.recent_local, server: "" };
  const rows = [...recent.entries()].reverse().map(([clientId, { result, state, at }]) => {
    const who = node("span", { className: "who" }, node("strong", {}, result.name || "—"));
    who.append(node("span", { className: "meta" }, [formatTime(at), result.ticket_type].filter(Boolean).join(" · ")));
    const attributes = { "data-client-id": clientId, "data-status": result.status, "data-state": state };
    const row = node("li", attributes, who);
    row.append(node("span", { className: stateClass(result.status) }, T.status[result.status] || T.checked_offline));
    if (notes[state]) row.append(node("span", { className: "meta" }, notes[state]));
    if (result.ticket_id && (result.status === "ok" || result.status === "already")) {
      const href = config.urls.badge.replace(/\/0\/([^/]*)$/, `/${result.ticket_id}/$1`);
      const label = fill(T.badge_for, { name: result.name || "" });
      row.append(node("a", { href, target: "_blank", rel: "noopener", "aria-label": label }, T.badge));
    }
    return row;
  });
  el.recent.replaceChildren(...rows);
}
