// The digest of a period as GET /api/digest/preview builds it: what the HR channel would
// receive, without posting anything.

import { call } from "./api.js";
import { h, replace } from "./dom.js";
import * as fmt from "./format.js";
import { chosenPeriod, periodForm } from "./period-form.js";
import { href } from "./router.js";
import { FAILED, loadInto, loading } from "./states.js";

function section(id, title, ...body) {
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), body);
}

function headline(digest) {
  const c = digest.counts;
  return h(
    "p",
    { class: "lede", id: "digest-headline" },
    `${fmt.count(c.invited)} invited, ${fmt.count(c.completed)} completed, ${fmt.count(c.in_progress)} in progress, ` +
      `${fmt.count(c.declined)} declined, ${fmt.count(c.expired)} expired. Participation ${fmt.percent(digest.participation_rate)}, ` +
      `average sentiment ${fmt.signed(digest.average_sentiment)}, eNPS ${fmt.enps(digest.enps)}.`,
  );
}

function stalled(rows) {
  if (!rows.length) return h("p", { class: "state empty" }, "No interview is stalled.");
  return h(
    "ul",
    { class: "plain", id: "stalled" },
    rows.map((row) =>
      h(
        "li",
        null,
        h(
          "a",
          { href: href(`/interviews/${row.id}`) },
          `#${row.id} · ${row.who}${row.department ? ` · ${row.department}` : ""}`,
        ),
        ` — ${fmt.statusLabel(row.status)}, idle ${row.idle_days} days`,
      ),
    ),
  );
}

export async function renderDigest(main, route, context) {
  const { signal } = context;
  const period = chosenPeriod(route.params);
  const body = h("div", { "aria-busy": "true" }, loading("Building the preview…"));
  replace(
    main,
    h("h1", { tabindex: "-1" }, "Digest preview"),
    h(
      "p",
      { class: "hint" },
      "What the scheduled digest would post for this period. Nothing is posted from here.",
    ),
    periodForm("/digest", period),
    body,
  );
  const request = call("/api/digest/preview", { params: { period }, signal });
  const digest = await loadInto(body, request, () => context.reload());
  if (digest === FAILED) return "error";
  body.setAttribute("aria-busy", "false");
  replace(
    body,
    section(
      "digest-summary-title",
      `${fmt.day(digest.period.start)} – ${fmt.day(digest.period.end)}`,
      headline(digest),
    ),
    section(
      "digest-reasons-title",
      "Top reasons",
      digest.reasons.length
        ? h(
            "ol",
            { class: "plain" },
            digest.reasons.map((r) => h("li", null, `${fmt.reasonLabel(r.reason)} · ${fmt.count(r.count)}`)),
          )
        : h("p", { class: "state empty" }, "No reasons in this period."),
    ),
    section(
      "digest-themes-title",
      "Themes",
      digest.themes.length
        ? h(
            "ul",
            { class: "chips" },
            digest.themes.map((t) => h("li", null, `${t.theme} · ${fmt.count(t.count)}`)),
          )
        : h("p", { class: "state empty" }, "No themes in this period."),
    ),
    section(
      "digest-quotes-title",
      "Quotes",
      digest.quotes.length
        ? digest.quotes.map((q) => h("blockquote", { class: "quote" }, q))
        : h("p", { class: "state empty" }, "No quotes in this period."),
    ),
    section("digest-stalled-title", "Stalled interviews", stalled(digest.stalled)),
  );
  return "ready";
}
