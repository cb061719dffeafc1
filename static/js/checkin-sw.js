/* Treffpunkt check-in service worker, served at /checkin/sw.js with scope /checkin/.
 *
 * Keeps the scanner page working when the hall's Wi-Fi drops: the page, its modules, styles and the QR decoder, and the
 * list's offline copy are fetched network-first and kept here, so a reload while offline still shows a working page.
 * POSTs (the scans) and everything else pass straight through: scans are queued by the page itself, and search
 * answers (with email addresses) are never stored. Logout wipes all of it (Clear-Site-Data: "storage").
 */
"use strict";

const VERSION = "4"; // bump whenever what this worker caches, or how, changes: old caches are dropped on activate
const CACHE_PREFIX = "treffpunkt-checkin-";
const CACHE = CACHE_PREFIX + VERSION;
const NETWORK_TIMEOUT_MS = 4000; // a hanging network (Wi-Fi in name only) falls back to the cache after this
const SCOPE = new URL(self.registration.scope).pathname; // "/checkin/"
const STATIC = new URL("../static/", self.registration.scope).pathname; // "/static/" beside the scope
// The scanner's modules are listed one by one: the page names only main.js, which imports the others.
const SCANNER_MODULES = [
  "main", "page", "storage", "api", "copy", "screen", "queue", "scans", "gate", "camera", "search", "offline", "room",
].map((name) => `js/scanner/${name}.js`);
const PRECACHE = [...SCANNER_MODULES, "css/scanner.css", "css/treffpunkt.css", "vendor/jsqr/jsQR.js", "favicon.svg"].map(
  (path) => STATIC + path,
);
const SCANNER_PAGE = new RegExp(`^${SCOPE}lists/\\d+$`);
const SNAPSHOT = new RegExp(`^${SCOPE}api/lists/\\d+/snapshot$`);

self.addEventListener("install", (event) => {
  // Each file on its own: one that is missing must not keep the worker from installing.
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(PRECACHE.map((url) => store(cache, url)))));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(CACHE_PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The page asks for its exact URL (with ?gate=) and its files to be kept, since its first load came before us. */
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "cache-page") return;
  const urls = [data.url, ...(data.assets || [])].filter((url) => isOurs(new URL(url, self.location)));
  const reply = (message) => event.ports[0] && event.ports[0].postMessage(message);
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.all(urls.map((url) => store(cache, url))))
      .then((stored) => reply({ ok: stored.every(Boolean) }), (error) => reply({ ok: false, error: String(error) })),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // never cache POSTs
  const url = new URL(request.url);
  if (!isOurs(url)) return;
  event.respondWith(networkFirst(event, SCANNER_PAGE.test(url.pathname)));
});

function isOurs(url) {
  if (url.origin !== self.location.origin) return false;
  return SCANNER_PAGE.test(url.pathname) || SNAPSHOT.test(url.pathname) || url.pathname.startsWith(STATIC);
}

/** Fetch `url` into the cache; true when the cache holds a copy afterwards (offline, the one kept before). */
async function store(cache, url) {
  try {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!cacheable(response)) return false;
    await cache.put(url, response);
    return true;
  } catch (error) {
    return !!(await cache.match(url, { ignoreVary: true }));
  }
}

function cacheable(response) {
  // Not a login page in place of the scanner (a session that ended redirects), not an error.
  return response.ok && response.type === "basic" && !response.redirected;
}

async function networkFirst(event, isPage) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (response) => {
    if (cacheable(response)) await cache.put(request, response.clone());
    return response;
  });
  event.waitUntil(network.catch(() => null)); // a late answer still refreshes the cache
  try {
    return await withTimeout(network, NETWORK_TIMEOUT_MS);
  } catch (error) {
    const cached =
      (await cache.match(request, { ignoreVary: true })) ||
      // The gate in the query may have changed since the page was kept: any copy of this list's page will do.
      (isPage && (await cache.match(request, { ignoreVary: true, ignoreSearch: true })));
    if (cached) return cached;
    return network; // nothing kept: the browser shows its own offline error
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
