// The list's filters: read from and written to the URL (so a filtered list can be linked
// and survives a visit to an interview), and the form that edits them.

import { h } from "./dom.js";
import { STATUSES } from "./format.js";

export function readFilters(params) {
  return {
    q: params.get("q") || "",
    department: params.get("department") || "",
    since: params.get("since") || "",
    until: params.get("until") || "",
    status: (params.get("status") || "").split(",").filter((s) => Object.hasOwn(STATUSES, s)),
  };
}

/** The filters as URL / API parameters (statuses comma-separated, empty ones left out). */
export function filterParams(filters) {
  const params = {};
  for (const name of ["q", "department", "since", "until"]) if (filters[name]) params[name] = filters[name];
  if (filters.status.length) params.status = filters.status.join(",");
  return params;
}

export function isFiltered(filters) {
  return Object.keys(filterParams(filters)).length > 0;
}

function input(id, type, value, extra) {
  return h("input", { id, name: id.replace("filter-", ""), type, value, ...extra });
}

/** The filter form; ``onApply(filters)`` on submit, ``onClear()`` on "Clear filters". */
export function filterForm(filters, { onApply, onClear }) {
  const statusBoxes = Object.entries(STATUSES).map(([value, label]) =>
    h(
      "label",
      { class: "check" },
      h("input", { type: "checkbox", name: "status", value, checked: filters.status.includes(value) }),
      label,
    ),
  );
  const form = h(
    "form",
    { class: "filters card", role: "search", "aria-label": "Filter interviews" },
    h(
      "div",
      { class: "field grow" },
      h("label", { htmlFor: "filter-q" }, "Search reports"),
      input("filter-q", "search", filters.q, { maxLength: 200, placeholder: "summary, theme or reason" }),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { htmlFor: "filter-department" }, "Department"),
      input("filter-department", "text", filters.department, { maxLength: 100, autocomplete: "off" }),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { htmlFor: "filter-since" }, "Invited from"),
      input("filter-since", "date", filters.since),
    ),
    h(
      "div",
      { class: "field" },
      h("label", { htmlFor: "filter-until" }, "Invited until"),
      input("filter-until", "date", filters.until),
    ),
    h(
      "fieldset",
      { class: "statuses" },
      h("legend", null, "Status"),
      h("div", { class: "checks" }, statusBoxes),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "button", id: "apply-filters" }, "Apply filters"),
      h(
        "button",
        { type: "button", class: "button secondary", id: "clear-filters", onclick: onClear },
        "Clear filters",
      ),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    onApply({
      q: String(data.get("q") || "").trim(),
      department: String(data.get("department") || "").trim(),
      since: String(data.get("since") || ""),
      until: String(data.get("until") || ""),
      status: data.getAll("status").map(String),
    });
  });
  return form;
}
