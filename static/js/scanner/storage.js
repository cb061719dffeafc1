/* The browser's storage of the scanner: one IndexedDB database with the offline copy ("snapshots", one record a list)
 * and the upload queue ("queue", one item a scan, keyed by its client id).
 */
import { listId } from "./page.js";

export const DB_NAME = "treffpunkt-checkin";

let dbPromise = null;
export let storageClosed = false; // set at logout: nothing may be written back after the wipe

function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      if (!window.indexedDB) return reject(new Error("no IndexedDB"));
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore("snapshots", { keyPath: "list_id" });
        db.createObjectStore("queue", { keyPath: "client_id" });
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => db.close(); // another tab (or the logout) deletes the database
        resolve(db);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("IndexedDB blocked"));
    });
  }
  return dbPromise;
}

async function store(name, mode, action) {
  if (storageClosed) throw new Error("storage closed");
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(name, mode);
    const request = action(transaction.objectStore(name));
    transaction.oncomplete = () => resolve(request ? request.result : undefined);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

export const storage = {
  ok: true,
  loadSnapshot: () => store("snapshots", "readonly", (s) => s.get(listId)),
  saveSnapshot: (record) => store("snapshots", "readwrite", (s) => s.put(record)),
  queued: () => store("queue", "readonly", (s) => s.getAll()),
  enqueue: (item) => store("queue", "readwrite", (s) => s.put(item)),
  dequeue: (clientIds) =>
    store("queue", "readwrite", (s) => {
      for (const id of clientIds) s.delete(id);
      return null;
    }),
};

/** At logout, before the wipe: from now on nothing is written. */
export function closeStorage() {
  storageClosed = true;
}

/** Close the open database (if any), so that deleting it is not blocked by this page. */
export async function closeDb() {
  try {
    if (dbPromise) (await dbPromise).close();
  } catch (error) {
    /* not opened */
  }
}
