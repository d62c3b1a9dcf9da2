// The question plan as a form: a fieldset per topic (wording, kind, follow-ups), topics
// added, removed and reordered with buttons. The rules are the API's: a draft is checked by
// POST /api/question-plan/check, which names every invalid field, and only a valid draft is
// stored (PUT). Translations are kept as they are; the JSON editor changes those.

import { ApiError, call } from "./api.js";
import { announce, h, replace } from "./dom.js";

const FOLLOWUP_CHOICES = [0, 1, 2, 3, 4, 5];
const KEY_SHAPE = "[a-z][a-z0-9_]{0,39}";
/** The plan-level fields the form shows, by the API's field names. */
const PLAN_CONTROLS = ["name", "max_followups"];
const PLAN_PARTS = {
  "": "The plan",
  name: "Plan name",
  max_followups: "Follow-up questions per topic",
  topics: "Topics",
};

function copy(plan) {
  return {
    name: plan.name,
    max_followups: plan.max_followups,
    topics: plan.topics.map((topic) => ({ ...topic, translations: { ...(topic.translations || {}) } })),
  };
}

/** A key from a title ("Team & culture" → "team_culture") for a new topic left without one. */
function keyFrom(title, taken) {
  const base =
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^[^a-z]+|_+$/g, "")
      .slice(0, 36) || "topic";
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}_${n}`;
  return key;
}

/** What is sent: the draft with keys filled in for new topics that have none. */
function payload(draft) {
  const taken = new Set(draft.topics.map((t) => t.key).filter(Boolean));
  const topics = draft.topics.map((topic) => {
    if (topic.key) return topic;
    const key = keyFrom(topic.title || "", taken);
    taken.add(key);
    return { ...topic, key };
  });
  return { ...draft, topics };
}

function errorSlot(id) {
  return h("span", { class: "field-error", id: `${id}-error` });
}

function describe(control, id, hint) {
  const ids = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", ids);
  return control;
}

function textField(id, label, value, { multiline = false, hint, onInput, ...limits }) {
  const control = h(multiline ? "textarea" : "input", {
    id,
    name: id,
    value: value ?? "",
    rows: multiline ? 2 : null,
    autocomplete: "off",
    ...limits,
  });
  control.addEventListener("input", () => onInput(control.value));
  return h(
    "div",
    { class: "field" },
    h("label", { htmlFor: id }, label),
    describe(control, id, hint),
    hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null,
    errorSlot(id),
  );
}

function choiceField(id, label, options, chosen, onChange) {
  const control = h(
    "select",
    { id, name: id },
    options.map(([value, text]) => h("option", { value, selected: value === String(chosen) }, text)),
  );
  control.addEventListener("change", () => onChange(control.value));
  return h(
    "div",
    { class: "field" },
    h("label", { htmlFor: id }, label),
    describe(control, id),
    errorSlot(id),
  );
}

export function planForm(plan, context) {
  const original = copy(plan);
  let draft = copy(plan);
  const list = h("div", { class: "plan-topics", id: "plan-form-topics" });
  const summary = h("div", { class: "form-error", id: "plan-error", role: "alert", tabindex: "-1" });
  const check = h("button", { type: "button", class: "button secondary", id: "check-plan" }, "Check the plan");
  const save = h("button", { type: "submit", class: "button", id: "save-plan" }, "Store as a new version");
  const undo = h("button", { type: "button", class: "button secondary", id: "reset-plan" }, "Undo my changes");
  const add = h("button", { type: "button", class: "button secondary", id: "add-topic" }, "Add a topic");
  const name = textField("plan-name", "Plan name", draft.name, {
    maxlength: 80,
    onInput: (value) => {
      draft.name = value;
    },
  });
  const defaultFollowups = choiceField(
    "plan-max_followups",
    "Follow-up questions per topic",
    FOLLOWUP_CHOICES.map((n) => [String(n), String(n)]),
    draft.max_followups,
    (value) => {
      draft.max_followups = Number(value);
      for (const option of list.querySelectorAll("select[id$='-max_followups'] option[value='']"))
        option.textContent = `As the plan says (${value})`;
    },
  );
  const planFields = h("div", { class: "plan-fields" }, name, defaultFollowups);

  function move(from, to, focusSelector) {
    const [topic] = draft.topics.splice(from, 1);
    draft.topics.splice(to, 0, topic);
    renderTopics();
    const target = list.querySelector(focusSelector(to));
    (target && !target.disabled ? target : list.querySelector(`#topic-${to}-title`)).focus();
    announce(`Topic “${topic.title || "untitled"}” is now number ${to + 1} of ${draft.topics.length}.`);
  }

  function topicFieldset(topic, index) {
    const id = (field) => `topic-${index}-${field}`;
    const count = draft.topics.length;
    const label = topic.title || "untitled";
    const translations = Object.keys(topic.translations || {});
    const title = textField(id("title"), "Title", topic.title, {
      maxlength: 80,
      required: true,
      onInput: (value) => {
        topic.title = value;
        legend.textContent = `Topic ${index + 1}: ${value || "untitled"}`;
      },
    });
    const legend = h("legend", null, `Topic ${index + 1}: ${label}`);
    return h(
      "fieldset",
      { class: "card plan-topic", id: id("fieldset"), dataset: { key: topic.key || "" } },
      legend,
      h(
        "div",
        { class: "topic-grid" },
        title,
        textField(id("key"), "Key", topic.key, {
          maxlength: 40,
          pattern: KEY_SHAPE,
          spellcheck: false,
          hint: "a–z, digits and _; names the topic in reports. Left empty, it is made from the title.",
          onInput: (value) => {
            topic.key = value.trim();
          },
        }),
      ),
      textField(id("question"), "Question", topic.question, {
        multiline: true,
        maxlength: 400,
        required: true,
        hint: "Asked as written when no model phrases it (5–400 characters).",
        onInput: (value) => {
          topic.question = value;
        },
      }),
      textField(id("followup"), "Follow-up question", topic.followup, {
        multiline: true,
        maxlength: 400,
        onInput: (value) => {
          topic.followup = value;
        },
      }),
      h(
        "div",
        { class: "topic-grid" },
        choiceField(
          id("kind"),
          "Answer",
          [
            ["text", "Free text"],
            ["scale", "0–10 scale (the eNPS question; one per plan)"],
          ],
          topic.kind || "text",
          (value) => {
            topic.kind = value;
          },
        ),
        choiceField(
          id("max_followups"),
          "Follow-ups for this topic",
          [["", `As the plan says (${draft.max_followups})`], ...FOLLOWUP_CHOICES.map((n) => [String(n), String(n)])],
          topic.max_followups ?? "",
          (value) => {
            topic.max_followups = value === "" ? null : Number(value);
          },
        ),
      ),
      translations.length
        ? h(
            "p",
            { class: "hint", id: id("translations") },
            `Also worded in: ${translations.join(", ")}. Those wordings are kept; change them in the JSON editor below.`,
          )
        : null,
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "button secondary",
            id: id("up"),
            disabled: index === 0,
            "aria-label": `Move topic ${index + 1}, ${label}, up`,
            onclick: () => move(index, index - 1, (to) => `#topic-${to}-up`),
          },
          "Move up",
        ),
        h(
          "button",
          {
            type: "button",
            class: "button secondary",
            id: id("down"),
            disabled: index === count - 1,
            "aria-label": `Move topic ${index + 1}, ${label}, down`,
            onclick: () => move(index, index + 1, (to) => `#topic-${to}-down`),
          },
          "Move down",
        ),
        h(
          "button",
          {
            type: "button",
            class: "button secondary",
            id: id("remove"),
            disabled: count === 1,
            "aria-label": `Remove topic ${index + 1}, ${label}`,
            onclick: () => {
              draft.topics.splice(index, 1);
              renderTopics();
              const next = list.querySelector(`#topic-${Math.min(index, draft.topics.length - 1)}-title`);
              (next || add).focus();
              announce(`Removed topic “${label}”. ${draft.topics.length} topics left.`);
            },
          },
          "Remove",
        ),
      ),
    );
  }

  function renderTopics() {
    replace(list, draft.topics.map(topicFieldset));
  }

  function clearProblems() {
    summary.replaceChildren();
    for (const slot of form.querySelectorAll(".field-error")) slot.textContent = "";
    for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  }

  /** Each problem next to its field (or in the summary when no field shows it); the first
   * invalid field gets the focus. */
  function showProblems(problems) {
    clearProblems();
    const items = [];
    let first = null;
    for (const problem of problems) {
      const parts = problem.field.split(".");
      const topicIndex = parts[0] === "topics" && parts.length > 1 ? Number(parts[1]) : null;
      const where =
        topicIndex === null
          ? PLAN_PARTS[problem.field] || problem.field
          : `Topic ${topicIndex + 1}${parts[2] ? `, ${parts.slice(2).join(" ")}` : ""}`;
      const fieldId =
        topicIndex === null
          ? PLAN_CONTROLS.includes(problem.field)
            ? `plan-${problem.field}`
            : null
          : parts.length === 3
            ? `topic-${topicIndex}-${parts[2]}`
            : null;
      const slot = fieldId ? form.querySelector(`#${CSS.escape(fieldId)}-error`) : null;
      if (slot) {
        const control = form.querySelector(`#${CSS.escape(fieldId)}`);
        control.setAttribute("aria-invalid", "true");
        slot.textContent = problem.message;
        first = first || control;
      }
      items.push(h("li", null, `${where}: ${problem.message}`));
    }
    const noun = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    summary.append(h("p", null, `${noun} to fix; nothing was stored.`), h("ul", null, items));
    (first || summary).focus();
  }

  async function checked() {
    const body = payload(draft);
    const result = await call("/api/question-plan/check", { method: "POST", body, signal: context.signal });
    if (!result.valid) showProblems(result.problems);
    return result.valid ? body : null;
  }

  async function busy(work) {
    check.disabled = save.disabled = true;
    try {
      await work();
    } catch (problem) {
      if (problem.name === "AbortError") return;
      clearProblems();
      summary.textContent =
        problem instanceof ApiError && problem.status === 422 ? `${problem.detail}. Nothing was stored.` : problem.message;
      summary.focus();
    } finally {
      check.disabled = save.disabled = false;
    }
  }

  add.addEventListener("click", () => {
    draft.topics.push({
      key: "",
      title: "",
      question: "",
      followup: "Could you tell me a little more about that?",
      kind: "text",
      max_followups: null,
      translations: {},
    });
    renderTopics();
    list.querySelector(`#topic-${draft.topics.length - 1}-title`).focus();
    announce(`Added topic ${draft.topics.length}.`);
  });
  undo.addEventListener("click", () => {
    draft = copy(original);
    form.querySelector("#plan-name").value = draft.name;
    form.querySelector("#plan-max_followups").value = String(draft.max_followups);
    clearProblems();
    renderTopics();
    announce("The form shows the plan in force again.");
  });
  check.addEventListener("click", () =>
    busy(async () => {
      if (await checked()) {
        clearProblems();
        announce("The plan is valid. Store it to make it the plan new interviews follow.");
        summary.replaceChildren(h("p", { class: "notice success", id: "plan-valid" }, "The plan is valid; nothing stored yet."));
      }
    }),
  );

  const form = h(
    "form",
    { class: "card plan-form", "aria-labelledby": "plan-edit-title", novalidate: true },
    h("h2", { id: "plan-edit-title" }, "Edit the plan"),
    h(
      "p",
      { class: "hint" },
      "Interviews under way keep the plan they started with; the ones opened after you store follow the new version.",
    ),
    planFields,
    list,
    h("div", { class: "actions" }, add),
    summary,
    h("div", { class: "actions" }, save, check, undo),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(async () => {
      const body = await checked();
      if (!body) return;
      const stored = await call("/api/question-plan", { method: "PUT", body, signal: context.signal });
      context.reload(`Stored version ${stored.version}. Interviews opened from now on follow it.`);
    });
  });
  renderTopics();
  return form;
}
