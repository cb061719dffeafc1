/* The offline queue and the sync with the server: scans wait in IndexedDB (in memory where it is missing) with their
 * client id until the server has answered them, uploaded in batches; and the offline copy is loaded from IndexedDB
 * and refreshed from the server's snapshot, with the admissions of this page and its queue applied to it.
 */
import { T, config, listId, showProblem } from "./page.js";
import { storage, storageClosed } from "./storage.js";
import { api, handleApiError, postScans } from "./api.js";
import { admitLocally, applyServerResult, copy, indexCopy, sessionAdmissions } from "./copy.js";
import { markOfflineReady, renderCopyState, renderQueueCount, updateRecent } from "./screen.js";

const BATCH_SIZE = 100;

export let queueCount = 0;
export let draining = false;
const memoryQueue = new Map(); // only when IndexedDB is unavailable: survives nothing, but keeps the door going

async function queuedHere() {
  return (await allQueued()).filter((item) => item.list_id === listId);
}

async function allQueued() {
  if (!storage.ok) return [...memoryQueue.values()];
  return storage.queued();
}

export async function enqueue(scan, key) {
  const item = { client_id: scan.client_id, list_id: listId, url: config.urls.scans, scan, key, queued_at: Date.now() };
  if (storage.ok) await storage.enqueue(item);
  else memoryQueue.set(item.client_id, item);
  await renderQueue();
}

async function dequeue(clientIds) {
  if (storage.ok) await storage.dequeue(clientIds);
  else clientIds.forEach((id) => memoryQueue.delete(id));
}

export async function renderQueue() {
  try {
    queueCount = (await allQueued()).length;
  } catch (error) {
    return;
  }
  renderQueueCount(queueCount);
}

/** Upload waiting scans in batches; a scan leaves the queue only once the server has answered it. */
export async function drainQueue() {
  if (draining || !navigator.onLine || storageClosed) return;
  draining = true;
  try {
    const items = (await allQueued()).sort((a, b) => a.queued_at - b.queued_at);
    const byUrl = new Map();
    for (const item of items) byUrl.set(item.url, [...(byUrl.get(item.url) || []), item]);
    for (const [url, group] of byUrl) {
      for (let start = 0; start < group.length; start += BATCH_SIZE) {
        const batch = group.slice(start, start + BATCH_SIZE);
        const results = await postScans(url, batch.map((item) => item.scan));
        const answered = new Map(results.map((result) => [result.client_id, result]));
        const done = batch.filter((item) => answered.has(item.client_id));
        await dequeue(done.map((item) => item.client_id));
        for (const item of done) {
          const result = answered.get(item.client_id);
          if (item.list_id === listId) applyServerResult(result, item.key);
          updateRecent(item.client_id, result);
        }
        await renderQueue();
      }
    }
    showProblem("");
  } catch (error) {
    handleApiError(error); // network gone again, or the session ended: try later
  } finally {
    draining = false;
    await renderQueue();
  }
}

// ---- the offline copy: from IndexedDB at start, from the server's snapshot while online ---------------------------

export async function loadCopy() {
  try {
    const record = await storage.loadSnapshot();
    if (record) indexCopy(record);
    for (const item of await storage.queued()) {
      if (item.list_id === listId) admitLocally(item.key, item.scan.scanned_at, item.scan.gate);
    }
  } catch (error) {
    storage.ok = false;
    showProblem(T.storage_missing);
  }
  renderCopyState();
}

let snapshotLoading = false;
export async function refreshSnapshot() {
  if (snapshotLoading || !navigator.onLine) return;
  snapshotLoading = true;
  try {
    const response = await api(config.urls.snapshot, { cache: "no-store" });
    const data = await response.json();
    const record = { list_id: listId, list: data.list, generated_at: data.generated_at, tickets: data.tickets };
    indexCopy(record);
    for (const admission of sessionAdmissions) admitLocally(admission.key, admission.at, admission.gate);
    for (const item of await queuedHere()) admitLocally(item.key, item.scan.scanned_at, item.scan.gate);
    if (storage.ok && !storageClosed) await storage.saveSnapshot(copy.record);
    renderCopyState();
    markOfflineReady();
  } catch (error) {
    handleApiError(error);
  } finally {
    snapshotLoading = false;
  }
}
