// Figures over a period from GET /api/stats; its trend carries sentiment and eNPS per period.

import { call } from "./api.js";
import { h, replace } from "./dom.js";
import * as fmt from "./format.js";
import { chosenPeriod, periodForm } from "./period-form.js";
import { FAILED, loadInto, loading } from "./states.js";
import * as charts from "./stats-charts.js";

/** The eNPS of each trend period, as the API's trend gives it. */
function enpsPoints(stats, label) {
  return stats.sentiment_trend.map((point) => ({
    label: label(point.period_end),
    y: point.enps,
    extra: `${point.completed} completed`,
  }));
}

export async function renderStats(main, route, context) {
  const { signal } = context;
  const period = chosenPeriod(route.params);
  const body = h("div", { class: "stats", "aria-busy": "true" }, loading("Loading figures…"));
  replace(main, h("h1", { tabindex: "-1" }, "Stats"), periodForm("/stats", period), body);
  const request = call("/api/stats", { params: { period }, signal });
  const stats = await loadInto(body, request, () => context.reload());
  if (stats === FAILED) return "error";
  const label = period === "365d" ? fmt.monthYear : fmt.monthDay;
  replace(
    body,
    h("p", { class: "hint" }, `${fmt.when(stats.period.start)} – ${fmt.when(stats.period.end)}`),
    charts.kpis(stats),
    h(
      "div",
      { class: "chart-grid" },
      charts.participationChart(stats),
      charts.reasonsChart(stats),
      charts.sentimentTrendChart(stats, label),
      charts.enpsTrendChart(enpsPoints(stats, label)),
      charts.departmentsChart(stats),
      charts.departmentReasonsChart(stats),
      charts.departmentsTable(stats),
    ),
    charts.themesList(stats),
  );
  body.setAttribute("aria-busy", "false");
  return "ready";
}
