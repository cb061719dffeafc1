/* The gate the helper stands at: from the URL (?gate=) or remembered for the list in localStorage, kept in the URL so
 * that a reload keeps it, and handed on to the walk-in registration.
 */
import { T, el, listId } from "./page.js";
import { storageClosed } from "./storage.js";

const gateKey = `treffpunkt.checkin.gate.${listId}`;

export function currentGate() {
  return el.gate.value.trim().slice(0, 80);
}

export function initGate() {
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

export function saveGate() {
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
