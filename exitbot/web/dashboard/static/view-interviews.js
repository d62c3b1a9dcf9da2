// The interview list: filters, an order the API applies to the whole list, cursor pages
// with next/previous, the count, and a CSV of the same filters.

import { call } from "./api.js";
import { h, replace } from "./dom.js";
import { filterForm, filterParams, isFiltered, readFilters } from "./filters.js";
import * as fmt from "./format.js";
import { csvControl } from "./interview-csv.js";
import { interviewTable } from "./interview-table.js";
import { go } from "./router.js";
import { empty, FAILED, loadInto, loading } from "./states.js";

/** Marked when a page of the list is on screen and usable (bench/dashboard.py reads it). */
const RENDERED = "exitbot:list-rendered";
const PAGE_SIZES = [10, 25, 50, 100];
const DEFAULT_PAGE_SIZE = 25;
/** The API's sort values and how the list names them. */
const ORDERS = {
  newest: "Newest first",
  oldest: "Oldest first",
  last_day: "Last day, soonest first",
  name: "Name A–Z (anonymous last)",
  department: "Department A–Z",
  status: "Status, active first",
};

/** Cursors of the pages seen per filter set, so "Previous" (and Back) know where they are. */
const trails = new Map();

/** What the URL asks for: filters, page size, order, and where this page is in its trail. */
function listState(params) {
  const filters = readFilters(params);
  const base = filterParams(filters);
  const cursor = params.get("cursor") || "";
  const asked = Number(params.get("limit"));
  const limit = PAGE_SIZES.includes(asked) ? asked : DEFAULT_PAGE_SIZE;
  const order = Object.hasOwn(ORDERS, params.get("order") || "") ? params.get("order") : "newest";
  const key = JSON.stringify({ ...base, limit, order });
  const seen = trails.get(key) || [""];
  const found = seen.indexOf(cursor);
  const trail = found >= 0 ? seen : [cursor];
  trails.set(key, trail);
  return {
    filters,
    base,
    cursor,
    limit,
    trail,
    index: found >= 0 ? found : null,
    order,
  };
}

/** URL parameters for ``params`` plus the state's order and page size when not the default. */
function withView(state, params) {
  return {
    ...params,
    ...(state.order === "newest" ? {} : { order: state.order }),
    ...(state.limit === DEFAULT_PAGE_SIZE ? {} : { limit: state.limit }),
  };
}

function countText(page, filtered, position) {
  const noun = page.total === 1 ? "interview" : "interviews";
  const total = `${fmt.count(page.total)} ${noun}${filtered ? " match" : ""}`;
  if (page.items.length === 0) return total;
  if (position === null) return `${total} · ${page.items.length} on this page`;
  const first = position * page.limit + 1;
  return `${total} · showing ${fmt.count(first)}–${fmt.count(first + page.items.length - 1)}`;
}

function select(id, name, options, chosen) {
  return h(
    "select",
    { id, name },
    options.map(([value, text]) => h("option", { value, selected: String(value) === String(chosen) }, text)),
  );
}

function pager(state, page) {
  const { base, cursor, trail, index } = state;
  const previous = () => {
    const before = index ? trail[index - 1] : "";
    go("/interviews", withView(state, { ...base, cursor: before }));
  };
  const next = () => {
    trail.splice((index ?? 0) + 1, Infinity, page.next_cursor);
    go("/interviews", withView(state, { ...base, cursor: page.next_cursor }));
  };
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  return h(
    "nav",
    { class: "pager", "aria-label": "Pages" },
    h(
      "button",
      {
        type: "button",
        class: "button secondary",
        id: "previous-page",
        disabled: !cursor,
        onclick: previous,
      },
      "Previous page",
    ),
    h("span", { class: "hint" }, index === null ? "" : `Page ${index + 1} of ${fmt.count(pages)}`),
    h(
      "button",
      {
        type: "button",
        class: "button secondary",
        id: "next-page",
        disabled: !page.next_cursor,
        onclick: next,
      },
      "Next page",
    ),
  );
}

function emptyList(filters) {
  if (!isFiltered(filters)) return empty("No interviews yet. They appear here once HR invites someone.");
  const clear = h(
    "button",
    { type: "button", class: "button secondary", onclick: () => go("/interviews") },
    "Clear filters",
  );
  return empty("No interview matches these filters.", clear);
}

export async function renderInterviews(main, route, { signal }) {
  const state = listState(route.params);
  const { filters, base, cursor, limit } = state;
  const results = h(
    "div",
    { class: "results", id: "results", "aria-busy": "true" },
    loading("Loading interviews…"),
  );
  const countLine = h("p", { class: "count", id: "interview-count", role: "status" });
  const sort = select(
    "order",
    "order",
    Object.entries(ORDERS),
    state.order,
  );
  sort.addEventListener("change", () =>
    go("/interviews", withView({ ...state, order: sort.value }, base)),
  );
  const size = select(
    "page-size",
    "limit",
    PAGE_SIZES.map((n) => [n, String(n)]),
    limit,
  );
  size.addEventListener("change", () =>
    go("/interviews", withView({ ...state, limit: Number(size.value) }, base)),
  );
  replace(
    main,
    h("h1", { tabindex: "-1" }, "Interviews"),
    filterForm(filters, {
      onApply: (chosen) => go("/interviews", withView(state, filterParams(chosen))),
      onClear: () => go("/interviews"),
    }),
    h(
      "div",
      { class: "toolbar" },
      countLine,
      h("div", { class: "field inline" }, h("label", { htmlFor: "order" }, "Order"), sort),
      h("div", { class: "field inline" }, h("label", { htmlFor: "page-size" }, "Per page"), size),
      csvControl(filters, signal),
    ),
    results,
  );

  const params = { ...base, sort: state.order, limit, cursor };
  const request = call("/api/interviews", { params, signal });
  const page = await loadInto(results, request, () => go("/interviews", route.params));
  if (page === FAILED) return "error";
  results.setAttribute("aria-busy", "false");
  countLine.textContent = countText(page, isFiltered(filters), state.index);
  if (page.items.length === 0) {
    replace(results, emptyList(filters));
    performance.mark(RENDERED);
    return "ready";
  }
  const erasedNote = page.items.some((i) => i.status === "erased")
    ? h(
        "p",
        { class: "hint" },
        "Erased interviews remain as a record that they happened; their transcript and report are gone.",
      )
    : null;
  const table = interviewTable(page.items, `Interviews, ${ORDERS[state.order].toLowerCase()}`);
  replace(results, table, erasedNote, pager(state, page));
  performance.mark(RENDERED);
  return "ready";
}
