// The table of one page of interviews. On a phone each row becomes a card whose cells carry
// their column name (data-label), so nothing scrolls sideways.

import { h } from "./dom.js";
import * as fmt from "./format.js";
import { href } from "./router.js";

const COLUMNS = ["#", "Interview", "Department", "Status", "Invited", "Last day", "Ended"];

export function statusBadge(status) {
  return h("span", { class: `badge status-${status}` }, fmt.statusLabel(status));
}

function row(item) {
  const cells = [
    `#${item.id}`,
    h(
      "a",
      { href: href(`/interviews/${item.id}`), class: "interview-link", dataset: { id: item.id } },
      fmt.who(item),
    ),
    item.department || "—",
    statusBadge(item.status),
    fmt.when(item.created_at),
    fmt.calendar(item.last_day),
    fmt.when(item.ended_at),
  ];
  return h(
    "tr",
    { class: item.status === "erased" ? "erased" : "", dataset: { id: item.id, status: item.status } },
    cells.map((cell, i) =>
      h(i === 1 ? "th" : "td", { dataset: { label: COLUMNS[i] }, scope: i === 1 ? "row" : null }, cell),
    ),
  );
}

export function interviewTable(items, caption) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "interviews", id: "interview-table" },
      h("caption", { class: "visually-hidden" }, caption),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          COLUMNS.map((c) => h("th", { scope: "col" }, c)),
        ),
      ),
      h("tbody", null, items.map(row)),
    ),
  );
}
