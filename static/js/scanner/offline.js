/* The page's life beyond the connection: the service worker (static/js/checkin-sw.js, served at /checkin/sw.js) that
 * keeps this page and its files for a reload offline, and the wipe of everything kept in the browser at logout.
 */
import { T, config } from "./page.js";
import { DB_NAME, closeDb, closeStorage } from "./storage.js";
import { cancelSave } from "./copy.js";
import { drainQueue, queueCount } from "./queue.js";
import { setPageCached } from "./screen.js";

export async function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  try {
    const registering = navigator.serviceWorker.register(config.urls.serviceWorker, {
      scope: config.urls.serviceWorkerScope,
    });
    // Offline, the update check of a worker installed before fails: the installed one still serves.
    if (!navigator.serviceWorker.controller) await registering;
    else registering.catch(() => {});
    const registration = await navigator.serviceWorker.ready;
    // A new version of the worker starts with empty caches: hand it this page again.
    navigator.serviceWorker.addEventListener("controllerchange", () => keepPage(navigator.serviceWorker.controller));
    await keepPage(registration.active);
  } catch (error) {
    /* without a service worker the page still works; only a reload offline fails */
  }
}

/** Ask the worker to keep this exact page (with its ?gate=) and everything it loads, for a reload offline. */
async function keepPage(worker) {
  if (!worker) return;
  // The modules main.js imports are not in the page: the worker's precache list names them.
  const assets = [...document.querySelectorAll("link[rel=stylesheet], link[rel=icon], script[src]")].map(
    (e) => e.href || e.src,
  );
  const answer = await new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage({ type: "cache-page", url: location.href, assets }, [channel.port2]);
    setTimeout(() => resolve({ ok: false }), 15000);
  });
  setPageCached(!!(answer && answer.ok));
}

async function wipeOfflineData() {
  // The server's Clear-Site-Data header does this as well; doing it here also covers browsers that ignore it.
  closeStorage();
  cancelSave();
  await closeDb();
  const steps = [
    new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    }),
    window.caches ? caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))) : null,
    navigator.serviceWorker
      ? navigator.serviceWorker.getRegistrations().then((all) => Promise.all(all.map((r) => r.unregister())))
      : null,
  ];
  Object.keys(localStorage)
    .filter((k) => k.startsWith("treffpunkt."))
    .forEach((k) => localStorage.removeItem(k));
  await Promise.race([Promise.all(steps.filter(Boolean)), new Promise((resolve) => setTimeout(resolve, 2000))]);
}

export function guardLogout() {
  for (const form of document.querySelectorAll("form[action$='/logout']")) {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.confirmed) return;
      event.preventDefault();
      await drainQueue();
      if (queueCount && !window.confirm(T.logout_queue)) return;
      await wipeOfflineData();
      form.dataset.confirmed = "true";
      form.submit();
    });
  }
}
