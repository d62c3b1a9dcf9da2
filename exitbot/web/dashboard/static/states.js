// The three states every view shows while it has nothing else to show: loading, empty and
// error. Each is announced (role status / alert) and the error offers to try again.

import { h, replace } from "./dom.js";

export function loading(text) {
  return h(
    "p",
    { class: "state loading", role: "status" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    text,
  );
}

export function empty(text, ...actions) {
  return h("div", { class: "state empty", role: "status" }, h("p", null, text), actions);
}

/** What ``loadInto`` answers when the request failed and the region shows why. */
export const FAILED = Symbol("failed");

/** The answer of ``request``; when it fails, ``region`` shows ``lead`` and the failure with
 * ``retry`` instead, and the answer is ``FAILED``. A cancelled request still throws. */
export async function loadInto(region, request, retry, ...lead) {
  try {
    return await request;
  } catch (error) {
    if (error.name === "AbortError") throw error;
    region.setAttribute("aria-busy", "false");
    replace(region, ...lead, failure(error, retry));
    return FAILED;
  }
}

/** What went wrong, in the API's words, and a way to try again. */
export function failure(error, retry) {
  const detail =
    error && error.detail ? error.detail : String(error && error.message ? error.message : error);
  const title =
    error && error.status === 403
      ? "Your token may not do this"
      : error && error.status === 404
        ? "Not found"
        : "Something went wrong";
  return h(
    "div",
    { class: "state error", role: "alert" },
    h("p", { class: "state-title" }, title),
    h("p", null, detail),
    retry ? h("button", { type: "button", class: "button secondary", onclick: retry }, "Try again") : null,
  );
}
