/* The offline copy of the list (hashes of the ticket secrets with names and states) held in memory and indexed, kept
 * in step with the admissions this page sees, and what it says about a scan when the server cannot be asked.
 */
import { secure } from "./page.js";
import { storage, storageClosed } from "./storage.js";

export const copy = { record: null, byHash: new Map(), byId: new Map() };
export const sessionAdmissions = []; // admissions seen on this page; re-applied to a copy downloaded before they arrived
let saveTimer = null;

export function indexCopy(record) {
  copy.record = record;
  copy.byHash = new Map(record.tickets.map((t) => [t.h, t]));
  copy.byId = new Map(record.tickets.filter((t) => t.ticket_id).map((t) => [t.ticket_id, t]));
}

function findEntry(key) {
  return (key.h && copy.byHash.get(key.h)) || (key.ticketId && copy.byId.get(key.ticketId)) || null;
}

export function admitLocally(key, at, gate) {
  const entry = findEntry(key);
  if (!entry) return;
  if (!entry.first_checked_in_at || new Date(at) < new Date(entry.first_checked_in_at)) {
    entry.first_checked_in_at = at;
    entry.first_gate = gate;
    scheduleSave();
  }
}

function scheduleSave() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    if (copy.record && storage.ok && !storageClosed) storage.saveSnapshot(copy.record).catch(() => {});
  }, 500);
}

/** At logout: a save still waiting is dropped. */
export function cancelSave() {
  clearTimeout(saveTimer);
}

/** What the server would answer, from the offline copy. Only accepted scans are queued: a refusal records nothing. */
export function decideLocally(scan, key) {
  if (!copy.record || !secure) {
    return { queue: true, entry: null, result: { status: "pending", detail: "no_copy" } };
  }
  const entry = findEntry(key);
  if (!entry && key.ticketId && !key.h) {
    // Chosen from the server's search, but the copy cannot name tickets by id: the server decides on upload.
    return { queue: true, entry, result: { status: "pending", detail: "no_copy" } };
  }
  if (!entry) {
    return { queue: false, entry, result: { status: "unknown", detail: "unknown_offline" } };
  }
  const result = { status: "ok", name: entry.name, organization: entry.organization, ticket_type: entry.ticket_type };
  result.ticket_id = entry.ticket_id || null;
  if (entry.state === "cancelled") return { queue: false, entry, result: { ...result, status: "cancelled" } };
  if (!entry.on_list) {
    return { queue: false, entry, result: { ...result, status: "wrong_list", detail: entry.detail || "not_on_list" } };
  }
  if (entry.first_checked_in_at) {
    const already = { ...result, status: "already" };
    Object.assign(already, { first_checked_in_at: entry.first_checked_in_at, first_gate: entry.first_gate });
    return { queue: true, entry, result: already };
  }
  return { queue: true, entry, result: { ...result, first_checked_in_at: scan.scanned_at, first_gate: scan.gate } };
}

export function applyServerResult(result, key) {
  const fullKey = { h: key.h, ticketId: key.ticketId || result.ticket_id };
  if ((result.status === "ok" || result.status === "already") && result.first_checked_in_at) {
    admitLocally(fullKey, result.first_checked_in_at, result.first_gate || "");
    sessionAdmissions.push({ key: fullKey, at: result.first_checked_in_at, gate: result.first_gate || "" });
  }
  const entry = findEntry(fullKey);
  if (entry && result.status === "cancelled" && entry.state !== "cancelled") {
    entry.state = "cancelled";
    scheduleSave();
  }
}
