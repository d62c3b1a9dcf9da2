// Sign-in with an API token: checked against GET /api/me before it is kept, so a revoked,
// expired or mistyped token is refused here with the reason.

import { ApiError, call } from "./api.js";
import { h, replace } from "./dom.js";
import { keep } from "./session.js";

const REFUSED =
  "This token was not accepted: it may have been revoked, it may have expired, or it was mistyped. Ask for a new one (exitbot token create).";

export function renderSignIn(main, { message, onSignedIn }) {
  const input = h("input", {
    id: "token",
    name: "token",
    type: "password",
    autocomplete: "current-password",
    spellcheck: false,
    required: true,
  });
  const error = h("p", { class: "form-error", id: "signin-error", role: "alert" }, message || "");
  const button = h("button", { type: "submit", class: "button" }, "Sign in");
  const form = h(
    "form",
    { class: "signin card", "aria-labelledby": "signin-title", novalidate: true },
    h(
      "div",
      { class: "field" },
      h("label", { htmlFor: "token" }, "API token"),
      input,
      h(
        "span",
        { class: "hint", id: "token-hint" },
        "Kept in this browser tab only, and forgotten when you sign out or close the tab.",
      ),
    ),
    error,
    h("div", { class: "actions" }, button),
  );
  input.setAttribute("aria-describedby", "token-hint signin-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) {
      error.textContent = "Paste the token you were given (it starts with xb_).";
      input.focus();
      return;
    }
    button.disabled = true;
    button.textContent = "Signing in…";
    error.textContent = "";
    try {
      const me = await call("/api/me", { bearer: value });
      keep(value, me);
      onSignedIn(me);
    } catch (failure) {
      error.textContent = failure instanceof ApiError && failure.status === 401 ? REFUSED : failure.message;
      input.focus();
    } finally {
      button.disabled = false;
      button.textContent = "Sign in";
    }
  });
  replace(
    main,
    h("h1", { id: "signin-title", tabindex: "-1" }, "Sign in to the HR dashboard"),
    h(
      "p",
      { class: "lede" },
      "Use an API token: an hr-viewer token reads interviews and figures; an hr-admin token may also remind, cancel, erase and change the question plan.",
    ),
    form,
  );
  input.focus();
}
