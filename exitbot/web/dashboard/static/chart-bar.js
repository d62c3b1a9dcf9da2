// Horizontal bars, one row per item: its label and value above a bar that starts at zero,
// so negative values (eNPS) run left of the zero line.

import { s } from "./dom.js";
import { canvas, chartFigure } from "./chart-frame.js";

const ROW = 44;
const BAR = 14;
const PAD = 8;

function drawBars(items, { min, max, format, label }, width) {
  const values = items.map((item) => item.value);
  const lo = Math.min(0, min ?? 0, ...values);
  const hi = Math.max(0, max ?? 0, ...values, lo + 1);
  const inner = width - 2 * PAD;
  const x = (v) => PAD + ((v - lo) / (hi - lo)) * inner;
  const height = items.length * ROW + PAD;
  const svg = canvas(width, height, label);
  items.forEach((item, index) => {
    const top = PAD + index * ROW;
    const start = Math.min(x(0), x(item.value));
    const length = Math.max(2, Math.abs(x(item.value) - x(0)));
    svg.append(
      s("text", { x: PAD, y: top + 13, class: "chart-label" }, item.label),
      s(
        "text",
        { x: width - PAD, y: top + 13, class: "chart-value", "text-anchor": "end" },
        format(item.value),
      ),
      s("rect", { x: PAD, y: top + 20, width: inner, height: BAR, class: "bar-track", rx: 3 }),
      s(
        "rect",
        {
          x: start,
          y: top + 20,
          width: length,
          height: BAR,
          rx: 3,
          class: item.value < 0 ? "bar negative" : "bar",
          "data-value": item.value,
        },
        s("title", null, `${item.label}: ${format(item.value)}`),
      ),
    );
  });
  if (lo < 0) svg.append(s("line", { x1: x(0), x2: x(0), y1: PAD, y2: height, class: "zero-line" }));
  return svg;
}

/** items: [{ label, value }]; min/max widen the scale (eNPS runs -100..100). */
export function barChart({
  key,
  title,
  note,
  items,
  format = String,
  min,
  max,
  valueName = "Value",
  emptyText,
}) {
  return chartFigure({
    key,
    title,
    note,
    emptyText,
    columns: ["", valueName],
    rows: items.map((item) => [item.label, format(item.value)]),
    draw: (width) => drawBars(items, { min, max, format, label: title }, width),
  });
}
