// The one way the page talks to the server: the REST API under /api, the token as a Bearer
// header. A 401 ends the session (revoked or expired token) wherever it happens.

import { forget, token } from "./session.js";

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

export const SESSION_ENDED = "exitbot:session-ended";

/** A query string from an object; arrays repeat the parameter, empty values are left out. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) {
      if (one !== null && one !== undefined && one !== "") search.append(name, String(one));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function detailOf(response) {
  try {
    const body = await response.json();
    if (body && typeof body.detail === "string") return body.detail;
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return `The server answered ${response.status} ${response.statusText}`.trim();
}

async function send(path, { method = "GET", params, body, signal, bearer, accept } = {}) {
  const headers = { Accept: accept || "application/json" };
  const secret = bearer || token();
  if (secret) headers.Authorization = `Bearer ${secret}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path + query(params), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: "omit",
      cache: "no-store",
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "The server could not be reached. Check your connection and try again.");
  }
  if (!response.ok) {
    const detail = await detailOf(response);
    if (response.status === 401 && !bearer) {
      forget();
      window.dispatchEvent(new CustomEvent(SESSION_ENDED, { detail }));
    }
    throw new ApiError(response.status, detail);
  }
  return response;
}

/** The JSON answer of an API call (null for 204). */
export async function call(path, options) {
  const response = await send(path, options);
  return response.status === 204 ? null : response.json();
}

/** A file answer (CSV) with the name the server gave it. */
export async function download(path, options) {
  const response = await send(path, { ...options, accept: "text/csv" });
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="([^"]+)"/.exec(disposition);
  return { blob: await response.blob(), filename: match ? match[1] : "export.csv" };
}
