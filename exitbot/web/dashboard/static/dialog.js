// A confirmation in a modal <dialog>: focus moves into it, Escape cancels, and focus returns
// to the button that opened it.

import { h } from "./dom.js";

/** Resolves true when the person confirms. */
export function confirmAction({ title, message, confirmLabel, danger = true }) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const titleId = "confirm-title";
    const cancel = h("button", { type: "button", class: "button secondary", value: "cancel" }, "Keep it");
    const confirm = h(
      "button",
      { type: "button", class: danger ? "button danger" : "button", value: "confirm" },
      confirmLabel,
    );
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-labelledby": titleId },
      h("h2", { id: titleId }, title),
      h("p", null, message),
      h("div", { class: "actions" }, cancel, confirm),
    );
    let confirmed = false;
    cancel.addEventListener("click", () => dialog.close());
    confirm.addEventListener("click", () => {
      confirmed = true;
      dialog.close();
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (opener && typeof opener.focus === "function" && opener.isConnected) opener.focus();
      resolve(confirmed);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
