/* Treffpunkt check-in scanner: reads ticket QR codes with the camera (BarcodeDetector where the browser has one, the
 * vendored jsQR otherwise), checks them in through the JSON API, and keeps working offline: scans are then checked
 * against the list's offline copy (hashes of the ticket secrets, kept in IndexedDB), queued with their client id and
 * uploaded when the connection returns. Plain JS, no build step; the page's texts come from #scanner-texts.
 */
(() => {
  "use strict";

  const SCAN_INTERVAL_MS = 200; // how often a camera frame is decoded
  const SAME_CODE_MS = 3000; // a ticket held in front of the camera is one scan, not one per frame
  const ANSWER_MS = { ok: 1500, other: 2500 }; // refusals stay a little longer: the helper has to act on them
  const POST_TIMEOUT_MS = 4000; // after this a scan is decided from the offline copy (and queued)
  const SNAPSHOT_EVERY_MS = 60000;
  const RETRY_EVERY_MS = 10000;
  const BATCH_SIZE = 100;
  const SEARCH_DELAY_MS = 250;
  const DB_NAME = "treffpunkt-checkin";
  const RECENT_MAX = 12;

  const config = JSON.parse(document.getElementById("scanner-config").textContent);
  const T = JSON.parse(document.getElementById("scanner-texts").textContent);
  const listId = config.listId;
  const $ = (id) => document.getElementById(id);
  const el = {
    root: $("scanner"), gate: $("gate"), connection: $("connection"), queue: $("queue"), copy: $("copy"),
    problem: $("problem"), cameraToggle: $("camera-toggle"), cameraMessage: $("camera-message"),
    cameraFrame: $("camera-frame"), video: $("camera-video"), answer: $("answer"), answerText: $("answer-text"),
    answerDismiss: $("answer-dismiss"), codeForm: $("code-form"), code: $("code"), searchForm: $("search-form"),
    search: $("search"), searchMessage: $("search-message"), searchResults: $("search-results"), recent: $("recent"),
    walkIn: $("walk-in-link"),
  };
  const secure = window.isSecureContext && !!(window.crypto && crypto.subtle);

  // ---- small helpers -------------------------------------------------------------------------------------------

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
  }

  function plural(prefix, n) {
    const form = new Intl.PluralRules(config.language).select(n) === "one" ? "one" : "other";
    return fill(T[`${prefix}_${form}`], { n: new Intl.NumberFormat(config.language).format(n) });
  }

  function formatTime(iso) {
    if (!iso) return "";
    const moment = new Date(iso);
    const options = { timeZone: config.timezone, hour: "2-digit", minute: "2-digit" };
    const day = (d) => new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone }).format(d);
    if (day(moment) !== day(new Date())) Object.assign(options, { day: "numeric", month: "numeric" });
    return new Intl.DateTimeFormat(config.language, options).format(moment);
  }

  function node(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") element.className = value;
      else element.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined && child !== "") element.append(child);
    return element;
  }

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

  function showProblem(text) {
    el.problem.textContent = text || "";
    el.problem.hidden = !text;
  }

  // ---- storage: the offline copy and the upload queue in IndexedDB -------------------------------------------------

  let dbPromise = null;
  let storageClosed = false; // set at logout: nothing may be written back after the wipe

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

  const storage = {
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

  // ---- the offline copy ----------------------------------------------------------------------------------------

  const copy = { record: null, byHash: new Map(), byId: new Map() };
  const sessionAdmissions = []; // admissions seen on this page; re-applied to a copy downloaded before they arrived
  let saveTimer = null;

  function indexCopy(record) {
    copy.record = record;
    copy.byHash = new Map(record.tickets.map((t) => [t.h, t]));
    copy.byId = new Map(record.tickets.filter((t) => t.ticket_id).map((t) => [t.ticket_id, t]));
  }

  function findEntry(key) {
    return (key.h && copy.byHash.get(key.h)) || (key.ticketId && copy.byId.get(key.ticketId)) || null;
  }

  function admitLocally(key, at, gate) {
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

  async function loadCopy() {
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
  async function refreshSnapshot() {
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

  function renderCopyState() {
    const record = copy.record;
    el.copy.dataset.tickets = record ? String(record.tickets.length) : "0";
    let text = record ? fill(T.copy_state, { n: record.tickets.length, time: formatTime(record.generated_at) }) : T.copy_none;
    if (el.root.dataset.offlineReady === "true") text += ` · ${T.offline_ready}`;
    el.copy.textContent = text;
  }

  // ---- the API -------------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(kind, status) {
      super(`${kind} ${status || ""}`);
      this.kind = kind; // "network", "auth", "csrf", "server"
      this.status = status;
    }
  }

  async function api(url, options = {}, timeoutMs = 0) {
    const controller = new AbortController();
    const timer = timeoutMs ? setTimeout(() => controller.abort(), timeoutMs) : null;
    let response;
    try {
      response = await fetch(url, { credentials: "same-origin", signal: options.signal || controller.signal, ...options });
    } catch (error) {
      if (options.signal && options.signal.aborted) throw error;
      throw new ApiError("network");
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 401 || response.status === 403 || response.redirected) throw new ApiError("auth", response.status);
    if (response.status === 400 && options.method === "POST") {
      const body = await response.json().catch(() => ({}));
      if (body.error === "csrf") throw new ApiError("csrf", 400); // the token did not fit the session
    }
    if (!response.ok) throw new ApiError("server", response.status);
    return response;
  }

  async function postScans(url, scans, retried = false) {
    try {
      const response = await api(
        url,
        {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
          body: JSON.stringify({ scans }),
        },
        POST_TIMEOUT_MS,
      );
      return (await response.json()).results;
    } catch (error) {
      if (error.kind === "csrf" && !retried && (await renewCsrfToken())) return postScans(url, scans, true);
      throw error;
    }
  }

  async function renewCsrfToken() {
    // A page served from the offline cache may carry the token of an earlier session: read the current one.
    try {
      const response = await api(location.href, { cache: "no-store" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      config.csrfToken = JSON.parse(page.getElementById("scanner-config").textContent).csrfToken;
      return true;
    } catch (error) {
      return false;
    }
  }

  function handleApiError(error) {
    if (error && error.kind === "auth") showProblem(T.session_ended);
  }

  // ---- scans ---------------------------------------------------------------------------------------------------

  function currentGate() {
    return el.gate.value.trim().slice(0, 80);
  }

  async function scanCode(rawCode) {
    const code = normaliseCode(rawCode);
    if (!code) return;
    const scan = { client_id: newClientId(), code, scanned_at: new Date().toISOString(), gate: currentGate() };
    const key = { h: secure ? await sha256Hex(code) : null, ticketId: null };
    await processScan(scan, key);
  }

  async function scanTicketId(ticketId) {
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
    if (!entry || !entry.ticket_id || !scan.code) return scan;
    const { code, ...rest } = scan;
    return { ...rest, ticket_id: entry.ticket_id };
  }

  /** What the server would answer, from the offline copy. Only accepted scans are queued: a refusal records nothing. */
  function decideLocally(scan, key) {
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

  function applyServerResult(result, key) {
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

  // ---- the upload queue ----------------------------------------------------------------------------------------

  let queueCount = 0;
  let draining = false;
  const memoryQueue = new Map(); // only when IndexedDB is unavailable: survives nothing, but keeps the door going

  async function queuedHere() {
    return (await allQueued()).filter((item) => item.list_id === listId);
  }

  async function allQueued() {
    if (!storage.ok) return [...memoryQueue.values()];
    return storage.queued();
  }

  async function enqueue(scan, key) {
    const item = { client_id: scan.client_id, list_id: listId, url: config.urls.scans, scan, key, queued_at: Date.now() };
    if (storage.ok) await storage.enqueue(item);
    else memoryQueue.set(item.client_id, item);
    await renderQueue();
  }

  async function dequeue(clientIds) {
    if (storage.ok) await storage.dequeue(clientIds);
    else clientIds.forEach((id) => memoryQueue.delete(id));
  }

  async function renderQueue() {
    try {
      queueCount = (await allQueued()).length;
    } catch (error) {
      return;
    }
    el.queue.dataset.count = String(queueCount);
    el.queue.textContent = queueCount ? plural("queue", queueCount) : T.queue_none;
  }

  /** Upload waiting scans in batches; a scan leaves the queue only once the server has answered it. */
  async function drainQueue() {
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

  // ---- the answer ----------------------------------------------------------------------------------------------

  let answerTimer = null;
  let answerShown = false;

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

  function showAnswer(result, options) {
    clearTimeout(answerTimer);
    el.answer.dataset.status = result.status;
    el.answerText.replaceChildren(...answerLines(result, options));
    el.answer.classList.add("is-shown");
    el.answerDismiss.hidden = false;
    answerShown = true;
    signal(result.status);
    answerTimer = setTimeout(hideAnswer, result.status === "ok" ? ANSWER_MS.ok : ANSWER_MS.other);
  }

  function hideAnswer() {
    clearTimeout(answerTimer);
    el.answer.classList.remove("is-shown");
    el.answer.dataset.status = "";
    el.answerText.replaceChildren();
    el.answerDismiss.hidden = true;
    answerShown = false;
    lastSeen = Date.now(); // the ticket still held up after its answer is the same scan
  }

  let audio = null;
  function unlockAudio() {
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

  function signal(status) {
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

  function addRecent(clientId, result, state) {
    recent.set(clientId, { result, state, at: new Date().toISOString() });
    while (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value);
    renderRecent();
  }

  function updateRecent(clientId, result) {
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

  // ---- camera --------------------------------------------------------------------------------------------------

  let stream = null;
  let frameTimer = null;
  let detector = null;
  let canvas = null;
  let lastCode = "";
  let lastSeen = 0;

  async function startCamera() {
    showCameraMessage("");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      showCameraMessage(window.isSecureContext ? T.camera_missing : T.secure_needed);
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (error) {
      const name = error && error.name;
      showCameraMessage(
        name === "NotAllowedError" || name === "SecurityError"
          ? T.camera_denied
          : name === "NotFoundError" || name === "OverconstrainedError"
            ? T.camera_missing
            : T.camera_failed,
      );
      return;
    }
    el.video.srcObject = stream;
    el.cameraFrame.hidden = false;
    el.cameraToggle.textContent = T.camera_stop;
    el.cameraToggle.setAttribute("aria-pressed", "true");
    try {
      await el.video.play();
    } catch (error) {
      /* muted inline video plays without a gesture; if not, frames still arrive */
    }
    detector = await barcodeDetector();
    scheduleFrame();
  }

  function stopCamera() {
    clearTimeout(frameTimer);
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    el.video.srcObject = null;
    el.cameraFrame.hidden = true;
    el.cameraToggle.textContent = T.camera_start;
    el.cameraToggle.setAttribute("aria-pressed", "false");
  }

  function showCameraMessage(text) {
    el.cameraMessage.textContent = text;
    el.cameraMessage.hidden = !text;
  }

  async function barcodeDetector() {
    try {
      if ("BarcodeDetector" in window && (await BarcodeDetector.getSupportedFormats()).includes("qr_code")) {
        return new BarcodeDetector({ formats: ["qr_code"] });
      }
    } catch (error) {
      /* fall back to jsQR */
    }
    return null;
  }

  function scheduleFrame() {
    clearTimeout(frameTimer);
    if (stream) frameTimer = setTimeout(scanFrame, SCAN_INTERVAL_MS);
  }

  async function scanFrame() {
    try {
      if (stream && !answerShown && !document.hidden && el.video.readyState >= 2) {
        const code = await decodeFrame();
        if (code) await onDecoded(code);
      }
    } catch (error) {
      /* one bad frame must not stop the scanner */
    } finally {
      scheduleFrame();
    }
  }

  async function decodeFrame() {
    if (detector) {
      const codes = await detector.detect(el.video);
      return codes.length ? codes[0].rawValue : "";
    }
    if (!window.jsQR) return "";
    const scale = Math.min(1, 800 / el.video.videoWidth);
    const width = Math.round(el.video.videoWidth * scale);
    const height = Math.round(el.video.videoHeight * scale);
    if (!width || !height) return "";
    canvas = canvas || document.createElement("canvas");
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(el.video, 0, 0, width, height);
    const found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height, {
      inversionAttempts: "dontInvert",
    });
    return found ? found.data : "";
  }

  async function onDecoded(code) {
    const now = Date.now();
    const same = code === lastCode && now - lastSeen < SAME_CODE_MS;
    lastCode = code;
    lastSeen = now;
    if (!same) await scanCode(code);
  }

  // ---- search --------------------------------------------------------------------------------------------------

  let searchTimer = null;
  let searchController = null;

  function scheduleSearch() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
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

  // ---- online state, service worker, logout --------------------------------------------------------------------

  function renderConnection() {
    el.connection.dataset.online = String(navigator.onLine);
    el.connection.textContent = navigator.onLine ? T.online : T.offline;
  }

  let pageCached = false;
  function markOfflineReady() {
    if (pageCached && copy.record && storage.ok) {
      el.root.dataset.offlineReady = "true";
      renderCopyState();
    }
  }

  async function registerServiceWorker() {
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
    const assets = [...document.querySelectorAll("link[rel=stylesheet], link[rel=icon], script[src]")].map(
      (e) => e.href || e.src,
    );
    const answer = await new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      worker.postMessage({ type: "cache-page", url: location.href, assets }, [channel.port2]);
      setTimeout(() => resolve({ ok: false }), 15000);
    });
    pageCached = !!(answer && answer.ok);
    markOfflineReady();
  }

  async function wipeOfflineData() {
    // The server's Clear-Site-Data header does this as well; doing it here also covers browsers that ignore it.
    storageClosed = true;
    clearTimeout(saveTimer);
    try {
      if (dbPromise) (await dbPromise).close();
    } catch (error) {
      /* not opened */
    }
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

  function guardLogout() {
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

  // ---- gate ----------------------------------------------------------------------------------------------------

  const gateKey = `treffpunkt.checkin.gate.${listId}`;

  function initGate() {
    const fromUrl = new URLSearchParams(location.search).get("gate");
    let stored = null;
    try {
      stored = localStorage.getItem(gateKey);
    } catch (error) {
      /* storage blocked */
    }
    el.gate.value = (fromUrl && fromUrl.trim()) || stored || el.gate.value || "";
    saveGate();
  }

  function saveGate() {
    const gate = currentGate();
    if (storageClosed) return;
    try {
      localStorage.setItem(gateKey, gate);
    } catch (error) {
      /* storage blocked: the gate lives in the URL only */
    }
    const url = new URL(location.href);
    if ((url.searchParams.get("gate") || "") !== gate) {
      if (gate) url.searchParams.set("gate", gate);
      else url.searchParams.delete("gate");
      history.replaceState(null, "", url); // a reload keeps the gate
    }
    if (el.walkIn) {
      const walkIn = new URL(el.walkIn.href);
      if (gate) walkIn.searchParams.set("gate", gate);
      else walkIn.searchParams.delete("gate");
      el.walkIn.href = walkIn.toString();
    }
    el.gate.setAttribute("aria-invalid", String(!gate));
    el.gate.setCustomValidity(gate ? "" : T.gate_missing);
  }

  // ---- wiring --------------------------------------------------------------------------------------------------

  function wire() {
    el.cameraToggle.addEventListener("click", () => {
      unlockAudio();
      if (stream) stopCamera();
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
      clearTimeout(searchTimer);
      runSearch();
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
    if (!secure) showProblem(T.secure_needed);
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {}); // keep the queue
    await loadCopy();
    await renderQueue();
    registerServiceWorker();
    await drainQueue();
    await refreshSnapshot();
  }

  start();
})();
