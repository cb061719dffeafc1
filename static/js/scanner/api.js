/* The JSON API: fetch with the session's cookies, errors sorted into kinds, and the scans' POST with the CSRF header
 * (renewing a stale token once from the page itself).
 */
import { T, config, showProblem } from "./page.js";

const POST_TIMEOUT_MS = 4000; // after this a scan is decided from the offline copy (and queued)

export class ApiError extends Error {
  constructor(kind, status) {
    super(`${kind} ${status || ""}`);
    this.kind = kind; // "network", "auth", "csrf", "server"
    this.status = status;
  }
}

export async function api(url, options = {}, timeoutMs = 0) {
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

export async function postScans(url, scans, retried = false) {
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

export async function renewCsrfToken() {
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

export function handleApiError(error) {
  if (error && error.kind === "auth") showProblem(T.session_ended);
}
