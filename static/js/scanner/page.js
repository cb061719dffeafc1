/* What the page hands the scanner: its config (#scanner-config: list, URLs, CSRF token), its texts (#scanner-texts)
 * and its elements; with the small helpers every other module uses to format and build what it shows.
 */

export const config = JSON.parse(document.getElementById("scanner-config").textContent);
export const T = JSON.parse(document.getElementById("scanner-texts").textContent);
export const listId = config.listId;
const $ = (id) => document.getElementById(id);
export const el = {
  root: $("scanner"), gate: $("gate"), connection: $("connection"), queue: $("queue"), copy: $("copy"),
  problem: $("problem"), cameraToggle: $("camera-toggle"), cameraMessage: $("camera-message"),
  cameraFrame: $("camera-frame"), video: $("camera-video"), answer: $("answer"), answerText: $("answer-text"),
  answerDismiss: $("answer-dismiss"), codeForm: $("code-form"), code: $("code"), searchForm: $("search-form"),
  search: $("search"), searchMessage: $("search-message"), searchResults: $("search-results"), recent: $("recent"),
  walkIn: $("walk-in-link"), codeSubmit: $("code-submit"), roomMode: $("room-mode"), room: $("room"),
  roomState: $("room-state"), roomFigure: $("room-figure"),
};
export const secure = window.isSecureContext && !!(window.crypto && crypto.subtle);

export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
}

export function plural(prefix, n) {
  const form = new Intl.PluralRules(config.language).select(n) === "one" ? "one" : "other";
  return fill(T[`${prefix}_${form}`], { n: new Intl.NumberFormat(config.language).format(n) });
}

export function formatTime(iso) {
  if (!iso) return "";
  const moment = new Date(iso);
  const options = { timeZone: config.timezone, hour: "2-digit", minute: "2-digit" };
  const day = (d) => new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone }).format(d);
  if (day(moment) !== day(new Date())) Object.assign(options, { day: "numeric", month: "numeric" });
  // English as written in Europe (24-hour clock, day before month), as the server writes it (core/i18n.py).
  return new Intl.DateTimeFormat(config.language === "en" ? "en-GB" : config.language, options).format(moment);
}

export function node(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") element.className = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== "") element.append(child);
  return element;
}

export function showProblem(text) {
  el.problem.textContent = text || "";
  el.problem.hidden = !text;
}
