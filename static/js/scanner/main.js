/* Treffpunkt check-in scanner: reads ticket QR codes with the camera (BarcodeDetector where the browser has one, the
 * vendored jsQR otherwise), checks them in through the JSON API, and keeps working offline: scans are then checked
 * against the list's offline copy (hashes of the ticket secrets, kept in IndexedDB), queued with their client id and
 * uploaded when the connection returns. Native ES modules, no build step; the page's texts come from #scanner-texts.
 *
 * This entry wires the page's controls and timers to the modules beside it and starts the page:
 *   page.js     config, texts, elements and formatting helpers    storage.js  IndexedDB (offline copy, queue)
 *   api.js      fetch, error kinds, the scans' POST with CSRF      copy.js     the offline copy and its answers
 *   screen.js   answer, sound, recent scans, header figures        queue.js    upload queue, sync of the copy
 *   scans.js    one scan: server first, else the offline copy      camera.js   camera and QR decoding
 *   search.js   search by name, online or in the copy              gate.js     the gate (URL, localStorage)
 *   offline.js  service worker registration, wipe at logout    room.js     room mode: scans count entries or exits
 * The service worker (static/js/checkin-sw.js) precaches each of these files: a new module goes into its list.
 */
import { T, el, secure, showProblem } from "./page.js";
import { answerShown, hideAnswer, renderConnection, unlockAudio, whenAnswerHidden } from "./screen.js";
import { drainQueue, draining, loadCopy, queueCount, refreshSnapshot, renderQueue } from "./queue.js";
import { scanCode } from "./scans.js";
import { cameraRunning, holdSameCode, startCamera, stopCamera } from "./camera.js";
import { scheduleSearch, searchNow } from "./search.js";
import { guardLogout, registerServiceWorker } from "./offline.js";
import { initGate, saveGate } from "./gate.js";
import { initRoom } from "./room.js";

const SNAPSHOT_EVERY_MS = 60000;
const RETRY_EVERY_MS = 10000;

function wire() {
  whenAnswerHidden(holdSameCode);
  el.cameraToggle.addEventListener("click", () => {
    unlockAudio();
    if (cameraRunning()) stopCamera();
    else startCamera();
  });
  el.codeForm.addEventListener("submit", (event) => {
    event.preventDefault();
    unlockAudio();
    const code = el.code.value;
    el.code.value = "";
    scanCode(code);
  });
  el.searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    searchNow();
  });
  el.search.addEventListener("input", scheduleSearch);
  el.answer.addEventListener("click", hideAnswer);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && answerShown) hideAnswer();
  });
  el.gate.addEventListener("input", saveGate);
  window.addEventListener("online", () => {
    renderConnection();
    drainQueue().then(refreshSnapshot);
  });
  window.addEventListener("offline", renderConnection);
  window.addEventListener("pagehide", stopCamera);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && queueCount) drainQueue();
  });
  setInterval(() => {
    if (queueCount) drainQueue();
  }, RETRY_EVERY_MS);
  setInterval(() => {
    if (!draining) refreshSnapshot();
  }, SNAPSHOT_EVERY_MS);
  guardLogout();
  for (const control of [el.cameraToggle, el.code, el.search, ...el.codeForm.querySelectorAll("button")]) {
    control.disabled = false;
  }
}

async function start() {
  initGate();
  renderConnection();
  wire();
  initRoom();
  if (!secure) showProblem(T.secure_needed);
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {}); // keep the queue
  await loadCopy();
  await renderQueue();
  registerServiceWorker();
  await drainQueue();
  await refreshSnapshot();
}

start();
