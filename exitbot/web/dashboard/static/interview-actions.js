// An admin's actions on one interview: remind and cancel while it is active, erase until it
// is erased (behind a confirmation naming the interview). Viewers get none of these; the
// API refuses them anyway (403).

import { call } from "./api.js";
import { announce, h } from "./dom.js";
import { confirmAction } from "./dialog.js";
import * as fmt from "./format.js";

function label(detail) {
  return `#${detail.id} · ${fmt.who(detail)}`;
}

const ACTIONS = [
  {
    key: "remind",
    text: "Send a reminder",
    offered: (d) => fmt.ACTIVE.has(d.status),
    run: (d) => call(`/api/interviews/${d.id}/remind`, { method: "POST" }),
  },
  {
    key: "cancel",
    text: "Cancel interview",
    offered: (d) => fmt.ACTIVE.has(d.status),
    confirm: (d) => ({
      title: `Cancel interview ${label(d)}?`,
      message: "The interview is withdrawn and the employee is told. This cannot be undone.",
      confirmLabel: `Cancel interview #${d.id}`,
    }),
    run: (d) => call(`/api/interviews/${d.id}/cancel`, { method: "POST" }),
  },
  {
    key: "erase",
    text: "Erase interview",
    offered: (d) => d.status !== "erased",
    confirm: (d) => ({
      title: `Erase interview ${label(d)}?`,
      message:
        "Its transcript and report are deleted for good. A row saying that it was erased stays in the list.",
      confirmLabel: `Erase interview #${d.id}`,
    }),
    run: async (d) => {
      await call(`/api/interviews/${d.id}`, { method: "DELETE" });
      return { detail: `Interview #${d.id} was erased.` };
    },
  },
];

/** The admin's buttons; ``onDone(message)`` after an action succeeded. */
export function interviewActions(detail, onDone) {
  const offered = ACTIONS.filter((action) => action.offered(detail));
  if (!offered.length) return null;
  const message = h("p", { class: "form-error", id: "action-error", role: "alert" });
  const buttons = offered.map((action) => {
    const button = h(
      "button",
      {
        type: "button",
        class: action.key === "remind" ? "button" : "button danger",
        id: `action-${action.key}`,
      },
      action.text,
    );
    button.addEventListener("click", async () => {
      if (action.confirm && !(await confirmAction(action.confirm(detail)))) return;
      message.textContent = "";
      button.disabled = true;
      try {
        const result = await action.run(detail);
        announce(result.detail);
        onDone(result.detail);
      } catch (error) {
        message.textContent = error.message;
        button.disabled = false;
        button.focus();
      }
    });
    return button;
  });
  return h(
    "section",
    { class: "card actions-card", "aria-labelledby": "actions-title" },
    h("h2", { id: "actions-title" }, "Actions"),
    h("div", { class: "actions" }, buttons),
    message,
  );
}
