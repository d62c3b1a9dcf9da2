// What every chart shares: a <figure> with a caption, the drawing (inline SVG, redrawn at the
// width it is given, so text stays readable from a phone to a wide screen) and the same
// figures as a table for screen readers and for reading exact values.

import { h, s, uid } from "./dom.js";

const FALLBACK_WIDTH = 560;

function table(columns, rows) {
  return h(
    "table",
    { class: "data" },
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        columns.map((c) => h("th", { scope: "col" }, c)),
      ),
    ),
    h(
      "tbody",
      null,
      rows.map((row) =>
        h(
          "tr",
          null,
          row.map((cell, i) => (i === 0 ? h("th", { scope: "row" }, cell) : h("td", null, cell))),
        ),
      ),
    ),
  );
}

/** An <svg> sized in pixels, labelled for assistive technology by its caption. */
export function canvas(width, height, label) {
  const titleId = uid("chart-title");
  return s(
    "svg",
    {
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-labelledby": titleId,
      class: "chart-svg",
    },
    s("title", { id: titleId }, label),
  );
}

/**
 * A chart: ``draw(width)`` returns the <svg>; ``columns`` and ``rows`` are its figures as a
 * table. With no rows the figure says so instead of drawing an empty frame.
 */
export function chartFigure({ key, title, note, columns, rows, draw, emptyText }) {
  const body = h("div", { class: "chart-canvas" });
  const figure = h(
    "figure",
    { class: "chart", dataset: { chart: key } },
    h(
      "figcaption",
      null,
      h("span", { class: "chart-title" }, title),
      note ? h("span", { class: "hint" }, note) : null,
    ),
    body,
  );
  if (rows.length === 0) {
    body.append(h("p", { class: "state empty" }, emptyText || "No figures for this period yet."));
    return figure;
  }
  let drawnAt = 0;
  const redraw = (width) => {
    const rounded = Math.max(240, Math.floor(width));
    if (Math.abs(rounded - drawnAt) < 8) return;
    drawnAt = rounded;
    body.replaceChildren(draw(rounded));
  };
  redraw(FALLBACK_WIDTH);
  new ResizeObserver((entries) => redraw(entries[0].contentRect.width)).observe(body);
  figure.append(
    h("details", { class: "chart-data" }, h("summary", null, "Show the figures"), table(columns, rows)),
  );
  return figure;
}
