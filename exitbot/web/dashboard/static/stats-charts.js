// The stats view's figures as charts and cards, each from one part of GET /api/stats.

import { barChart } from "./chart-bar.js";
import { lineChart } from "./chart-line.js";
import { h } from "./dom.js";
import * as fmt from "./format.js";

export function kpis(stats) {
  const card = (label, value, note) =>
    h(
      "div",
      { class: "kpi" },
      h("span", { class: "kpi-label" }, label),
      h("span", { class: "kpi-value" }, value),
      note ? h("span", { class: "hint" }, note) : null,
    );
  return h(
    "div",
    { class: "kpis", id: "kpis" },
    card("Invited", fmt.count(stats.counts.invited)),
    card("Completed", fmt.count(stats.counts.completed)),
    card("Participation", fmt.percent(stats.participation_rate), "completed of those that ended"),
    card(
      "Average sentiment",
      fmt.signed(stats.average_sentiment),
      stats.sentiment_change === null ? null : `${fmt.signed(stats.sentiment_change)} on the period before`,
    ),
    card("eNPS", fmt.enps(stats.enps), `${fmt.count(stats.enps_responses)} answers`),
  );
}

export function participationChart(stats) {
  const c = stats.counts;
  const items = [
    { label: "Invited", value: c.invited },
    { label: "Completed", value: c.completed },
    { label: "In progress", value: c.in_progress },
    { label: "Declined", value: c.declined },
    { label: "Expired", value: c.expired },
  ];
  return barChart({
    key: "participation",
    title: "Participation",
    note: `Participation rate ${fmt.percent(stats.participation_rate)}`,
    items: c.invited ? items : [],
    format: fmt.count,
    valueName: "Interviews",
    emptyText: "Nobody was invited in this period.",
  });
}

export function reasonsChart(stats) {
  return barChart({
    key: "reasons",
    title: "Reasons for leaving",
    note: "Completed interviews naming each reason",
    items: stats.reasons.map((r) => ({ label: fmt.reasonLabel(r.reason), value: r.count })),
    format: fmt.count,
    valueName: "Interviews",
    emptyText: "No completed interview named a reason in this period.",
  });
}

export function sentimentTrendChart(stats, label) {
  return lineChart({
    key: "sentiment-trend",
    title: "Sentiment over time",
    note: "Average sentiment of completed interviews, per period",
    points: stats.sentiment_trend.map((p) => ({
      label: label(p.period_end),
      y: p.average_sentiment,
      extra: `${p.completed} completed`,
    })),
    min: -1,
    max: 1,
    format: (v) => fmt.signed(v, 1),
    valueName: "Average sentiment",
  });
}

export function enpsTrendChart(points) {
  return lineChart({
    key: "enps-trend",
    title: "eNPS over time",
    note: "Promoters minus detractors, per period",
    points,
    min: -100,
    max: 100,
    format: (v) => fmt.signed(v, 0),
    valueName: "eNPS",
    emptyText: "No eNPS answers in these periods.",
  });
}

export function departmentsChart(stats) {
  return barChart({
    key: "departments-enps",
    title: "eNPS by department",
    note: "Departments with fewer than 5 completed interviews are counted under “other”",
    items: stats.departments
      .filter((d) => d.enps !== null)
      .map((d) => ({ label: d.department, value: d.enps })),
    min: -100,
    max: 100,
    format: fmt.enps,
    valueName: "eNPS",
    emptyText: "No department has eNPS answers in this period.",
  });
}

export function departmentsTable(stats) {
  const table = stats.departments.length
    ? h(
        "table",
        { class: "data", id: "departments-table" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            ["Department", "Completed", "Sentiment", "eNPS"].map((c) => h("th", { scope: "col" }, c)),
          ),
        ),
        h(
          "tbody",
          null,
          stats.departments.map((d) =>
            h(
              "tr",
              null,
              h("th", { scope: "row" }, d.department),
              h("td", null, fmt.count(d.completed)),
              h("td", null, fmt.signed(d.average_sentiment)),
              h("td", null, fmt.enps(d.enps)),
            ),
          ),
        ),
      )
    : h("p", { class: "state empty" }, "No completed interviews in this period.");
  return h(
    "section",
    { class: "card", "aria-labelledby": "departments-title" },
    h("h2", { id: "departments-title" }, "By department"),
    h(
      "p",
      { class: "hint" },
      "Average sentiment and eNPS of completed interviews; fewer than 5 are counted under “other”.",
    ),
    h("div", { class: "table-scroll" }, table),
  );
}

export function themesList(stats) {
  return h(
    "section",
    { class: "card", "aria-labelledby": "themes-title" },
    h("h2", { id: "themes-title" }, "Themes"),
    stats.themes.length
      ? h(
          "ul",
          { class: "chips" },
          stats.themes.map((t) => h("li", null, `${t.theme} · ${fmt.count(t.count)}`)),
        )
      : h("p", { class: "state empty" }, "No themes in this period."),
  );
}

export function departmentReasonsChart(stats) {
  const items = stats.departments.flatMap((d) =>
    d.reasons.map((r) => ({ label: `${d.department} · ${fmt.reasonLabel(r.reason)}`, value: r.count })),
  );
  return barChart({
    key: "departments-reasons",
    title: "Reasons by department",
    note: "Each department's top reasons; fewer than 5 completed interviews are counted under “other”",
    items,
    format: fmt.count,
    valueName: "Interviews",
    emptyText: "No completed interview named a reason in this period.",
  });
}
