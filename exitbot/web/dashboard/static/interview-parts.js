// The read-only parts of an interview's page: its facts, its report, its transcript with a
// sentiment mark per answer, and its status history.

import { h } from "./dom.js";
import * as fmt from "./format.js";
import { statusBadge } from "./interview-table.js";

function section(id, title, ...body) {
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), body);
}

function yesNo(value) {
  return value === null || value === undefined ? "—" : value ? "Yes" : "No";
}

function facts(pairs) {
  return h(
    "dl",
    { class: "facts" },
    pairs.map(([term, value]) => [h("dt", null, term), h("dd", null, value)]),
  );
}

function sentimentMark(value) {
  const tone = fmt.tone(value);
  return h(
    "span",
    { class: `mark tone-${tone.key}`, title: "Sentiment of this answer, from −1 to +1" },
    h("span", { class: "mark-shape", "aria-hidden": "true" }),
    `${tone.label} ${fmt.signed(value)}`,
  );
}

export function overview(detail) {
  return section(
    "overview-title",
    "Overview",
    facts([
      ["Department", detail.department || "—"],
      ["Status", statusBadge(detail.status)],
      ["Invited", fmt.when(detail.created_at)],
      ["Started", fmt.when(detail.started_at)],
      ["Ended", fmt.when(detail.ended_at)],
      ["Last day", fmt.calendar(detail.last_day)],
      ["Last activity", fmt.when(detail.last_activity_at)],
      ["Voluntary", yesNo(detail.voluntary)],
      ["Regrettable", yesNo(detail.regrettable)],
      ["Answers", fmt.count(detail.answers)],
      [
        "Average answer sentiment",
        detail.average_answer_sentiment === null ? "—" : sentimentMark(detail.average_answer_sentiment),
      ],
    ]),
    detail.misconduct_flags.length
      ? h(
          "p",
          { class: "notice warning" },
          `Flagged for HR follow-up: ${detail.misconduct_flags.join(", ")}.`,
        )
      : null,
  );
}

function list(items, className) {
  return items.length
    ? h(
        "ul",
        { class: className },
        items.map((item) => h("li", null, item)),
      )
    : h("p", { class: "hint" }, "None recorded.");
}

export function report(body) {
  if (!body) {
    return section(
      "report-title",
      "Report",
      h("p", { class: "state empty" }, "No report: the interview has not been completed (or was erased)."),
    );
  }
  return section(
    "report-title",
    "Report",
    h("p", { class: "summary", id: "report-summary" }, body.summary),
    facts([
      ["Overall sentiment", sentimentMark(body.sentiment)],
      ["eNPS answer (0–10)", body.enps === null ? "—" : String(body.enps)],
      ["Would return", yesNo(body.would_return)],
    ]),
    h("h3", null, "Reasons"),
    list(body.reasons.map(fmt.reasonLabel), "chips"),
    h("h3", null, "Themes"),
    list(body.themes, "chips"),
    h("h3", null, "Recommendations"),
    list(body.recommendations, "plain"),
    h("h3", null, "Quotes"),
    body.notable_quotes.length
      ? body.notable_quotes.map((quote) => h("blockquote", { class: "quote" }, quote))
      : h("p", { class: "hint" }, "None recorded."),
  );
}

export function transcript(lines) {
  if (!lines.length) {
    return section(
      "transcript-title",
      "Transcript",
      h("p", { class: "state empty" }, "No transcript: nothing was said yet, or it was erased."),
    );
  }
  return section(
    "transcript-title",
    "Transcript",
    h(
      "ol",
      { class: "transcript", id: "transcript" },
      lines.map((line) =>
        h(
          "li",
          { class: `line ${line.speaker}`, dataset: { speaker: line.speaker } },
          h("span", { class: "speaker" }, line.speaker === "employee" ? "Employee" : "ExitBot"),
          h("p", { class: "text" }, line.text),
          line.speaker === "employee" ? sentimentMark(line.sentiment) : null,
        ),
      ),
    ),
  );
}

export function history(changes) {
  return section(
    "history-title",
    "Status history",
    h(
      "ol",
      { class: "history", id: "history" },
      changes.map((change) =>
        h("li", null, statusBadge(change.status), h("time", { dateTime: change.at }, fmt.when(change.at))),
      ),
    ),
  );
}
