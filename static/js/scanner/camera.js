/* The camera and the QR decoding: the back camera's video, a frame decoded every SCAN_INTERVAL_MS with the browser's
 * BarcodeDetector where it has one, the vendored jsQR (static/vendor/jsqr, loaded by the page as window.jsQR)
 * otherwise; a ticket held in front of the camera is one scan.
 */
import { T, el } from "./page.js";
import { answerShown } from "./screen.js";
import { scanCode } from "./scans.js";

const SCAN_INTERVAL_MS = 200; // how often a camera frame is decoded
const SAME_CODE_MS = 3000; // a ticket held in front of the camera is one scan, not one per frame

let stream = null;
let frameTimer = null;
let detector = null;
let canvas = null;
let lastCode = "";
let lastSeen = 0;

export function cameraRunning() {
  return !!stream;
}

/** The answer just went away: the ticket still held up after it is the same scan. */
export function holdSameCode() {
  lastSeen = Date.now();
}

export async function startCamera() {
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

export function stopCamera() {
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
