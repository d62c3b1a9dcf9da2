// The period picker of the stats and digest views (the API's 30d / 90d / 365d).

import { h } from "./dom.js";
import { go } from "./router.js";

const PERIODS = { "30d": "Last 30 days", "90d": "Last 90 days", "365d": "Last 365 days" };
export const PERIOD_DAYS = { "30d": 30, "90d": 90, "365d": 365 };

export function chosenPeriod(params) {
  const period = params.get("period");
  return Object.hasOwn(PERIODS, period) ? period : "30d";
}

export function periodForm(path, period) {
  const select = h(
    "select",
    { id: "period", name: "period" },
    Object.entries(PERIODS).map(([value, text]) => h("option", { value, selected: value === period }, text)),
  );
  const form = h(
    "form",
    { class: "period card", "aria-label": "Period" },
    h("div", { class: "field inline" }, h("label", { htmlFor: "period" }, "Period"), select),
    h("button", { type: "submit", class: "button" }, "Show"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(path, { period: select.value });
  });
  return form;
}
