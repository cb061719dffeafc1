/* One scan, from the camera, the typed code or the search: sent to the server with a new client id; when that fails
 * or takes too long, decided from the offline copy, queued if accepted, and answered on screen either way.
 */
import { config, secure } from "./page.js";
import { handleApiError, postScans } from "./api.js";
import { admitLocally, applyServerResult, copy, decideLocally } from "./copy.js";
import { drainQueue, enqueue, queueCount } from "./queue.js";
import { addRecent, showAnswer } from "./screen.js";
import { currentGate } from "./gate.js";
import { roomMode, scanForRoom } from "./room.js";

function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16)); // plain HTTP on a LAN address has no randomUUID
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

// The server looks tickets up by the upper-cased, trimmed code; the offline copy holds the SHA-256 of the secret.
const normaliseCode = (code) => code.trim().toUpperCase();

export async function scanCode(rawCode) {
  const code = normaliseCode(rawCode);
  if (!code) return;
  const mode = roomMode();
  if (mode) return scanForRoom(code, mode); // counted in the room, not checked in
  const scan = { client_id: newClientId(), code, scanned_at: new Date().toISOString(), gate: currentGate() };
  const key = { h: secure ? await sha256Hex(code) : null, ticketId: null };
  await processScan(scan, key);
}

export async function scanTicketId(ticketId) {
  if (roomMode()) return; // the search is off in the room mode
  const scan = { client_id: newClientId(), ticket_id: ticketId, scanned_at: new Date().toISOString(), gate: currentGate() };
  const entry = copy.byId.get(ticketId);
  await processScan(scan, { h: entry ? entry.h : null, ticketId });
}

async function processScan(scan, key) {
  if (navigator.onLine) {
    try {
      const [result] = await postScans(config.urls.scans, [scan]);
      applyServerResult(result, key);
      showAnswer(result, {});
      addRecent(scan.client_id, result, "server");
      if (queueCount) drainQueue();
      return;
    } catch (error) {
      handleApiError(error); // then decide it here, as when offline; the queue uploads it later
    }
  }
  const local = decideLocally(scan, key);
  if (local.queue) {
    await enqueue(forQueue(scan, local.entry), key);
    if (local.entry) admitLocally(key, scan.scanned_at, scan.gate);
  }
  showAnswer(local.result, { offline: true, queued: local.queue });
  addRecent(scan.client_id, local.result, local.queue ? "waiting" : "local");
}

/** Where the copy names the ticket's id, the queue keeps that instead of the code: a lost phone holds no secrets. */
function forQueue(scan, entry) {
  // Marked offline: only between offline scans does the device's clock decide which one admitted the ticket.
  if (!entry || !entry.ticket_id || !scan.code) return { ...scan, offline: true };
  const { code, ...rest } = scan;
  return { ...rest, ticket_id: entry.ticket_id, offline: true };
}
