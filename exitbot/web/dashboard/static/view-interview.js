// One interview: facts, report, transcript, history, and (for admins) its actions.

import { call } from "./api.js";
import { h, replace } from "./dom.js";
import * as fmt from "./format.js";
import { interviewActions } from "./interview-actions.js";
import { history, overview, report, transcript } from "./interview-parts.js";
import { isAdmin } from "./session.js";
import { FAILED, loadInto, loading } from "./states.js";

export async function renderInterview(main, route, context) {
  const id = route.parts[1];
  const back = h("a", { href: context.listHref(), class: "back-link" }, "← Back to interviews");
  replace(main, back, loading(`Loading interview #${id}…`));
  const request = Promise.all([
    call(`/api/interviews/${encodeURIComponent(id)}`, { signal: context.signal }),
    isAdmin(),
  ]);
  const title = h("h1", { tabindex: "-1" }, `Interview #${id}`);
  const loaded = await loadInto(main, request, () => context.reload(), back, title);
  if (loaded === FAILED) return "error";
  const [detail, admin] = loaded;
  const notice =
    detail.status === "erased"
      ? h(
          "p",
          { class: "notice", id: "erased-notice" },
          `Erased on ${fmt.when(detail.erased_at)}: the transcript and report were deleted. This record stays so the list shows the interview happened.`,
        )
      : null;
  const done = context.flash
    ? h("p", { class: "notice success", id: "action-done", role: "status" }, context.flash)
    : null;
  replace(
    main,
    back,
    h("h1", { tabindex: "-1", id: "interview-title" }, `#${detail.id} · ${fmt.who(detail)}`),
    done,
    notice,
    admin ? interviewActions(detail, (message) => context.reload(message)) : null,
    h(
      "div",
      { class: "columns" },
      h("div", { class: "column" }, overview(detail), history(detail.history)),
      h("div", { class: "column wide" }, report(detail.report), transcript(detail.transcript)),
    ),
  );
  return "ready";
}
