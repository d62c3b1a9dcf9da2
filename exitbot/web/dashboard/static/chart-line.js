// A line over periods: one point per period on a fixed scale (sentiment -1..1, eNPS
// -100..100), a gap where a period had no figure.

import { s } from "./dom.js";
import { canvas, chartFigure } from "./chart-frame.js";

const M = { top: 14, right: 16, bottom: 28, left: 44 };
const HEIGHT = 220;

function segments(points) {
  const runs = [];
  let run = [];
  for (const point of points) {
    if (point.y === null || point.y === undefined) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(point);
  }
  if (run.length) runs.push(run);
  return runs;
}

function drawLine(points, { min, max, format, label }, width) {
  const svg = canvas(width, HEIGHT, label);
  const inner = { w: width - M.left - M.right, h: HEIGHT - M.top - M.bottom };
  const step = points.length > 1 ? inner.w / (points.length - 1) : 0;
  const x = (i) => M.left + (points.length > 1 ? i * step : inner.w / 2);
  const y = (v) => M.top + ((max - v) / (max - min)) * inner.h;
  for (const tick of [min, (min + max) / 2, max]) {
    svg.append(
      s("line", {
        x1: M.left,
        x2: width - M.right,
        y1: y(tick),
        y2: y(tick),
        class: tick === 0 ? "zero-line" : "grid-line",
      }),
      s("text", { x: M.left - 6, y: y(tick) + 4, "text-anchor": "end", class: "chart-tick" }, format(tick)),
    );
  }
  // Labels counted back from the newest period, as many as fit; the last one ends at the edge.
  const last = points.length - 1;
  const every = Math.ceil(points.length / Math.max(1, Math.floor(inner.w / 72)));
  points.forEach((point, i) => {
    if ((last - i) % every !== 0) return;
    const anchor = i === last && last > 0 ? "end" : i === 0 ? "start" : "middle";
    const at = anchor === "end" ? width - 2 : anchor === "start" ? Math.max(2, x(i) - 12) : x(i);
    svg.append(s("text", { x: at, y: HEIGHT - 8, "text-anchor": anchor, class: "chart-tick" }, point.label));
  });
  for (const run of segments(points.map((p, i) => ({ ...p, i })))) {
    const d = run.map((p, n) => `${n ? "L" : "M"}${x(p.i).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ");
    svg.append(s("path", { d, class: "trend-line" }));
  }
  points.forEach((point, i) => {
    if (point.y === null || point.y === undefined) return;
    svg.append(
      s(
        "circle",
        { cx: x(i), cy: y(point.y), r: 4, class: "point", "data-value": point.y },
        s("title", null, `${point.label}: ${format(point.y)}${point.extra ? ` (${point.extra})` : ""}`),
      ),
    );
  });
  return svg;
}

/** points: [{ label, y, extra }] in time order; y null leaves a gap. */
export function lineChart({
  key,
  title,
  note,
  points,
  min,
  max,
  format = String,
  valueName = "Value",
  emptyText,
}) {
  const drawn = points.some((p) => p.y !== null && p.y !== undefined);
  return chartFigure({
    key,
    title,
    note,
    emptyText,
    columns: ["Period ending", valueName],
    rows: drawn ? points.map((p) => [p.label, p.y === null || p.y === undefined ? "—" : format(p.y)]) : [],
    draw: (width) => drawLine(points, { min, max, format, label: title }, width),
  });
}
