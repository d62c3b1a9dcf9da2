// The question plan new interviews follow. Admins edit it in a form (plan-form.js) or, for
// translations and pasting a whole plan, as JSON; either is stored as a new version (PUT)
// and the API's 422 names the field at fault.

import { ApiError, call } from "./api.js";
import { announce, h, replace } from "./dom.js";
import * as fmt from "./format.js";
import { planForm } from "./plan-form.js";
import { isAdmin } from "./session.js";
import { FAILED, loadInto, loading } from "./states.js";

const PLAN_FIELDS = ["name", "max_followups", "topics"];
const FIELD_PATH = /'topics\.(\d+)(?:\.([\w.]+))?'/;

function source(plan) {
  if (plan.source === "api")
    return `Version ${plan.version}, stored ${fmt.when(plan.updated_at)} by ${plan.updated_by || "an unnamed token"}.`;
  if (plan.source === "file")
    return "From the file named by EXITBOT_QUESTIONS (no version stored through the API yet).";
  return "The built-in plan (no version stored through the API yet).";
}

function topics(plan) {
  return h(
    "ol",
    { class: "topics", id: "plan-topics" },
    plan.topics.map((topic) =>
      h(
        "li",
        null,
        h("span", { class: "topic-title" }, topic.title),
        h("span", { class: "badge" }, topic.kind === "scale" ? "0–10 scale" : "text"),
        h("p", null, topic.question),
      ),
    ),
  );
}

/** The 422 detail, with the topic it points at named when it names one. */
function explain(detail, edited) {
  const match = FIELD_PATH.exec(detail);
  const topic = match && edited && Array.isArray(edited.topics) ? edited.topics[Number(match[1])] : null;
  const where = topic ? ` (topic ${Number(match[1]) + 1}${topic.key ? `, “${topic.key}”` : ""})` : "";
  return `${detail}${where}. Nothing was stored.`;
}

function jsonEditor(plan, context) {
  const stored = Object.fromEntries(PLAN_FIELDS.map((name) => [name, plan[name]]));
  const text = JSON.stringify(stored, null, 2);
  const area = h(
    "textarea",
    { id: "plan-json", name: "plan", rows: 18, spellcheck: false, autocomplete: "off" },
    text,
  );
  const error = h("p", { class: "form-error", id: "plan-json-error", role: "alert" });
  const save = h("button", { type: "submit", class: "button", id: "save-plan-json" }, "Store the JSON as a new version");
  const reset = h(
    "button",
    { type: "button", class: "button secondary", id: "reset-plan-json" },
    "Undo my JSON changes",
  );
  area.setAttribute("aria-describedby", "plan-json-hint plan-json-error");
  reset.addEventListener("click", () => {
    area.value = text;
    error.textContent = "";
    announce("The editor shows the plan in force again.");
  });
  const form = h(
    "form",
    { class: "plan-json", "aria-label": "The plan as JSON" },
    h(
      "div",
      { class: "field" },
      h("label", { htmlFor: "plan-json" }, "Plan as JSON"),
      area,
      h(
        "span",
        { class: "hint", id: "plan-json-hint" },
        "Topic keys are unique, questions 5–400 characters, at most one topic of kind “scale” (the eNPS question). Interviews under way keep their plan.",
      ),
    ),
    error,
    h("div", { class: "actions" }, save, reset),
  );
  const details = h(
    "details",
    { class: "card", id: "plan-json-editor" },
    h("summary", null, "Edit as JSON (translations, or pasting a whole plan)"),
    form,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let edited;
    try {
      edited = JSON.parse(area.value);
    } catch (problem) {
      error.textContent = `The JSON does not parse: ${problem.message}. Nothing was stored.`;
      area.focus();
      return;
    }
    save.disabled = true;
    error.textContent = "";
    try {
      const result = await call("/api/question-plan", {
        method: "PUT",
        body: edited,
        signal: context.signal,
      });
      context.reload(`Stored version ${result.version}. Interviews opened from now on follow it.`);
    } catch (problem) {
      if (problem.name === "AbortError") return;
      error.textContent =
        problem instanceof ApiError && problem.status === 422
          ? explain(problem.detail, edited)
          : problem.message;
      area.focus();
    } finally {
      save.disabled = false;
    }
  });
  return details;
}

export async function renderPlan(main, route, context) {
  replace(main, h("h1", { tabindex: "-1" }, "Question plan"), loading("Loading the plan…"));
  const request = Promise.all([call("/api/question-plan", { signal: context.signal }), isAdmin()]);
  const title = h("h1", { tabindex: "-1" }, "Question plan");
  const loaded = await loadInto(main, request, () => context.reload(), title);
  if (loaded === FAILED) return "error";
  const [plan, admin] = loaded;
  replace(
    main,
    h("h1", { tabindex: "-1" }, "Question plan"),
    context.flash
      ? h("p", { class: "notice success", id: "plan-stored", role: "status" }, context.flash)
      : null,
    h(
      "section",
      { class: "card", "aria-labelledby": "plan-title" },
      h("h2", { id: "plan-title" }, `“${plan.name}” · ${plan.topics.length} topics`),
      h("p", { class: "hint", id: "plan-source" }, source(plan)),
      topics(plan),
    ),
    admin
      ? [planForm(plan, context), jsonEditor(plan, context)]
      : h("p", { class: "hint" }, "Only an hr-admin token may change the plan."),
  );
  return "ready";
}
