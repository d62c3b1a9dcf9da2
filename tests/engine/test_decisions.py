"""The interview's decisions as pure functions: every word in every state, no database.

Each case builds a snapshot in one state, decides on one message (answering the decision's
requests with the scripted interviewer and the keyword detector, as the service would), and
checks the status it leads to and what the bot says.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from exitbot.core.interview import (
    EmployeeInterview,
    EmployeeSnapshot,
    InterviewSnapshot,
    InterviewState,
    TurnSnapshot,
)
from exitbot.core.interviewer import GeneratedReport, TranscriptEntry
from exitbot.core.messages import Platform, UserRef
from exitbot.core.plan import DEFAULT_PLAN
from exitbot.core.report import InterviewReport, Reason, ReportSource
from exitbot.core.statuses import (
    TRANSITIONS,
    Awaiting,
    IllegalTransition,
    InterviewStatus,
    MessageKind,
    MessageRole,
)
from exitbot.engine.decision import (
    Answer,
    AskFollowup,
    AskOpeningQuestion,
    AskReport,
    CheckMisconduct,
    ClassifyReply,
    Decision,
    InterviewDetails,
    InterviewerRequest,
    LoadInterviews,
    MessageInput,
    Pending,
    Rules,
    decide_begin,
    decide_invite,
    decide_message,
    decide_nudge,
    decide_suspend,
)
from exitbot.engine.text_input import clean_incoming
from exitbot.engine.texts import ENGLISH as T
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer
from exitbot.interviewers.scripted.misconduct import KeywordMisconductDetector

S = InterviewStatus
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
RULES = Rules(plan=DEFAULT_PLAN)
USER = UserRef(Platform.SLACK, "U100", "Dana Smith")
EMPLOYEE = EmployeeSnapshot(1, USER)
FIRST_QUESTION = DEFAULT_PLAN.topics[0].question
SECOND_QUESTION = DEFAULT_PLAN.topics[1].question
LONG_ANSWER = "The pay was well below market and there was no path to promotion for me."
DRAFT = InterviewReport(
    summary="Left for better pay.",
    reasons=[Reason.COMPENSATION],
    themes=["pay below market"],
    sentiment=-0.2,
    enps=7,
    notable_quotes=["The pay was well below market"],
)
ERASE_CONFIRM = "Do you want me to delete your interview of"
WORDS = [
    "help",
    "skip",
    "pause",
    "resume",
    "stop",
    "delete my data",
    "yes",
    "no",
    "anonymous",
    "remove 1",
    LONG_ANSWER,
]


# --- building snapshots -----------------------------------------------------------------------


def a_state(status: InterviewStatus, awaiting: Awaiting, **changes: object) -> InterviewState:
    state = InterviewState(status=status, awaiting=awaiting, created_at=NOW, last_activity_at=NOW)
    return replace(state, **changes)  # type: ignore[arg-type]


EMPLOYEE_SAID_HI = (TranscriptEntry(MessageRole.EMPLOYEE, MessageKind.CHAT, "hi"),)
STATES: dict[str, InterviewState | None] = {
    "new": None,
    "invited": a_state(S.INVITED, Awaiting.CONSENT),
    "answering": a_state(
        S.IN_PROGRESS, Awaiting.ANSWER, started_at=NOW, pending_question=FIRST_QUESTION
    ),
    "summary": a_state(
        S.IN_PROGRESS,
        Awaiting.SUMMARY_CONFIRMATION,
        started_at=NOW,
        topic_index=len(DEFAULT_PLAN.topics),
        draft_report=DRAFT,
        draft_source=ReportSource.SCRIPTED,
    ),
    "paused": a_state(S.PAUSED, Awaiting.ANSWER, started_at=NOW, pending_question=FIRST_QUESTION),
    "erase_confirmation": a_state(
        S.IN_PROGRESS,
        Awaiting.ERASE_CONFIRMATION,
        awaiting_before_erase=Awaiting.ANSWER,
        started_at=NOW,
        pending_question=FIRST_QUESTION,
    ),
    "completed": a_state(S.COMPLETED, Awaiting.NOTHING, started_at=NOW, ended_at=NOW),
    "declined_before_start": a_state(S.DECLINED, Awaiting.CONSENT, ended_at=NOW),
    "declined_after_start": a_state(
        S.DECLINED, Awaiting.ANSWER, started_at=NOW, ended_at=NOW, pending_question=FIRST_QUESTION
    ),
    "expired": a_state(S.EXPIRED, Awaiting.ANSWER, ended_at=NOW),
    "cancelled": a_state(S.CANCELLED, Awaiting.CONSENT, ended_at=NOW),
    "erased": a_state(S.ERASED, Awaiting.NOTHING, erased_at=NOW, ended_at=NOW),
}


def snapshot(name: str) -> TurnSnapshot:
    state = STATES[name]
    if state is None:
        return TurnSnapshot(None, None)
    return TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 3, state, EMPLOYEE_SAID_HI))


def stored_interviews(snap: TurnSnapshot) -> tuple[EmployeeInterview, ...]:
    """What the store would return for the snapshot's employee: their one interview."""
    if snap.interview is None:
        return ()
    interview = snap.interview
    answers = tuple(e for e in interview.transcript if e.role is MessageRole.EMPLOYEE)
    return (
        EmployeeInterview(
            interview.id,
            interview.state.status,
            interview.state.created_at,
            len(interview.transcript),
            answers,
        ),
    )


async def answer(request: InterviewerRequest, snap: TurnSnapshot) -> Answer:
    scripted = ScriptedInterviewer()
    match request:
        case AskOpeningQuestion(context):
            return Answer(await scripted.opening_question(context))
        case AskFollowup(context, text):
            return Answer(await scripted.followup(context, text))
        case AskReport(context):
            return Answer(await scripted.write_report(context))
        case CheckMisconduct(text, _):
            return Answer(await KeywordMisconductDetector().detect(text))
        case ClassifyReply():
            return Answer(None)
        case LoadInterviews():
            return Answer(stored_interviews(snap))
    raise AssertionError(request)


async def decide(snap: TurnSnapshot, text: str, **message: object) -> Decision:
    """What the service would decide: requests answered until the decision settles."""
    turn = MessageInput(USER, clean_incoming(text), "ev-1", 0.1, NOW, **message)  # type: ignore[arg-type]
    answers: dict[str, Answer] = {}
    for _ in range(5):
        outcome = decide_message(snap, turn, answers, RULES)
        if isinstance(outcome, Decision):
            return outcome
        for request in outcome.requests:
            answers[request.key] = await answer(request, snap)
    raise AssertionError("the decision never settled")


def said(decision: Decision) -> str:
    return "\n".join(reply.text for reply in decision.replies)


# --- every word in every state ------------------------------------------------------------------

# (state, word) -> (status afterwards, a phrase the bot says)
EXPECTED: dict[tuple[str, str], tuple[InterviewStatus | None, str]] = {}
for word in WORDS:
    EXPECTED["new", word] = (S.INVITED, "I'm ExitBot")
EXPECTED["new", "delete my data"] = (None, T.nothing_to_erase)
EXPECTED.update(
    {
        ("invited", "help"): (S.INVITED, "You can say these at any time"),
        ("invited", "skip"): (S.INVITED, T.consent_reminder),
        ("invited", "pause"): (S.INVITED, T.consent_later),
        ("invited", "resume"): (S.IN_PROGRESS, FIRST_QUESTION),
        ("invited", "stop"): (S.DECLINED, T.stopped),
        ("invited", "delete my data"): (S.INVITED, ERASE_CONFIRM),
        ("invited", "yes"): (S.IN_PROGRESS, T.started),
        ("invited", "no"): (S.DECLINED, T.declined),
        ("invited", "anonymous"): (S.IN_PROGRESS, T.started_anonymous),
        ("invited", "remove 1"): (S.INVITED, T.consent_reminder),
        ("invited", LONG_ANSWER): (S.INVITED, T.consent_reminder),
        ("answering", "help"): (S.IN_PROGRESS, FIRST_QUESTION),
        ("answering", "skip"): (S.IN_PROGRESS, SECOND_QUESTION),
        ("answering", "pause"): (S.PAUSED, T.paused),
        ("answering", "resume"): (S.IN_PROGRESS, T.not_paused),
        ("answering", "stop"): (S.DECLINED, T.stopped),
        ("answering", "delete my data"): (S.IN_PROGRESS, ERASE_CONFIRM),
        ("answering", "yes"): (S.IN_PROGRESS, DEFAULT_PLAN.topics[0].followup),
        ("answering", "no"): (S.IN_PROGRESS, SECOND_QUESTION),
        ("answering", "anonymous"): (S.IN_PROGRESS, DEFAULT_PLAN.topics[0].followup),
        ("answering", "remove 1"): (S.IN_PROGRESS, DEFAULT_PLAN.topics[0].followup),
        ("answering", LONG_ANSWER): (S.IN_PROGRESS, SECOND_QUESTION),
        ("summary", "help"): (S.IN_PROGRESS, "Here is what I'll record"),
        ("summary", "skip"): (S.IN_PROGRESS, T.summary_prompt),
        ("summary", "pause"): (S.PAUSED, T.paused),
        ("summary", "resume"): (S.IN_PROGRESS, "Here is what I'll record"),
        ("summary", "stop"): (S.DECLINED, T.stopped),
        ("summary", "delete my data"): (S.IN_PROGRESS, ERASE_CONFIRM),
        ("summary", "yes"): (S.COMPLETED, T.closing),
        ("summary", "no"): (S.IN_PROGRESS, T.summary_remove_how),
        ("summary", "anonymous"): (S.IN_PROGRESS, T.summary_prompt),
        ("summary", "remove 1"): (S.IN_PROGRESS, "1. Main reasons: pay and benefits"),
        ("summary", LONG_ANSWER): (S.IN_PROGRESS, T.summary_prompt),
        ("paused", "help"): (S.PAUSED, FIRST_QUESTION),
        ("paused", "pause"): (S.PAUSED, T.already_paused),
        ("paused", "stop"): (S.DECLINED, T.stopped),
        ("paused", "delete my data"): (S.PAUSED, ERASE_CONFIRM),
        ("erase_confirmation", "yes"): (S.ERASED, T.erased),
        ("erase_confirmation", "delete my data"): (S.ERASED, T.erased),
        ("erase_confirmation", "no"): (S.IN_PROGRESS, T.erase_kept),
        ("paused", LONG_ANSWER): (S.IN_PROGRESS, SECOND_QUESTION),
        ("completed", "delete my data"): (S.COMPLETED, ERASE_CONFIRM),
        ("declined_before_start", "yes"): (S.IN_PROGRESS, T.started),
        ("declined_before_start", "anonymous"): (S.IN_PROGRESS, T.started_anonymous),
        ("declined_before_start", "delete my data"): (S.DECLINED, ERASE_CONFIRM),
        ("declined_after_start", "yes"): (S.IN_PROGRESS, T.welcome_back),
        ("declined_after_start", "anonymous"): (S.IN_PROGRESS, T.welcome_back),
        ("declined_after_start", "delete my data"): (S.DECLINED, ERASE_CONFIRM),
        ("expired", "delete my data"): (S.EXPIRED, ERASE_CONFIRM),
        ("cancelled", "delete my data"): (S.CANCELLED, ERASE_CONFIRM),
        ("erased", "delete my data"): (S.ERASED, T.nothing_to_erase),
    }
)
for word in WORDS:
    EXPECTED.setdefault(("paused", word), (S.IN_PROGRESS, T.welcome_back))
    EXPECTED.setdefault(("erase_confirmation", word), (S.IN_PROGRESS, T.erase_reminder))
    EXPECTED.setdefault(("completed", word), (S.COMPLETED, T.finished))
    EXPECTED.setdefault(("declined_before_start", word), (S.DECLINED, T.declined))
    EXPECTED.setdefault(("declined_after_start", word), (S.DECLINED, T.declined))
    EXPECTED.setdefault(("expired", word), (S.EXPIRED, T.closed))
    EXPECTED.setdefault(("cancelled", word), (S.CANCELLED, T.closed))
    EXPECTED.setdefault(("erased", word), (S.ERASED, T.already_erased))


def test_the_table_covers_every_word_in_every_state() -> None:
    assert set(EXPECTED) == {(state, word) for state in STATES for word in WORDS}


@pytest.mark.parametrize(("state", "word"), sorted(EXPECTED, key=str))
async def test_every_word_in_every_state(state: str, word: str) -> None:
    status, phrase = EXPECTED[state, word]
    decision = await decide(snapshot(state), word)
    after = decision.status or (STATES[state] and STATES[state].status)  # type: ignore[union-attr]
    assert after is status, (state, word, said(decision))
    assert phrase in said(decision), (state, word, said(decision))
    assert decision.replies, "every message gets an answer"
    before = STATES[state]
    if before is not None and decision.state is not None and decision.status is not before.status:
        assert decision.status in TRANSITIONS[before.status]


# --- what the words do to the interview -------------------------------------------------------


async def test_consent_records_anonymity_and_the_start() -> None:
    decision = await decide(snapshot("invited"), "anonymous")
    assert decision.state is not None
    assert decision.state.anonymous is True and decision.state.started_at == NOW
    assert decision.state.pending_question == FIRST_QUESTION


async def test_an_answer_is_stored_with_its_topic_and_sentiment() -> None:
    decision = await decide(snapshot("answering"), LONG_ANSWER)
    employee_lines = [line for line in decision.lines if line.role is MessageRole.EMPLOYEE]
    assert [(line.kind, line.topic_key, line.sentiment) for line in employee_lines] == [
        (MessageKind.ANSWER, DEFAULT_PLAN.topics[0].key, 0.1)
    ]
    assert decision.state is not None and decision.state.turn_count == 1
    assert decision.state.topic_index == 1


async def test_skip_leaves_a_marker_and_stores_no_answer() -> None:
    decision = await decide(snapshot("answering"), "skip")
    kinds = [line.kind for line in decision.lines]
    assert MessageKind.SKIPPED in kinds and MessageKind.ANSWER not in kinds


async def test_confirming_the_summary_stores_the_report() -> None:
    decision = await decide(snapshot("summary"), "yes")
    assert decision.report is not None and decision.report.report == DRAFT
    assert decision.state is not None and decision.state.draft_report is None
    assert decision.state.completed_at == NOW


async def test_removing_a_part_keeps_the_rest_of_the_draft() -> None:
    decision = await decide(snapshot("summary"), "remove 1")
    assert decision.state is not None and decision.state.draft_report is not None
    assert decision.state.draft_report.reasons == DRAFT.reasons
    assert "left out" in decision.state.draft_report.summary
    nothing = await decide(snapshot("summary"), "remove 42")
    assert T.summary_no_such_part in said(nothing)


async def test_erasing_stores_nothing_and_asks_the_store_to_erase() -> None:
    asked = await decide(snapshot("answering"), "delete my data")
    assert asked.state is not None and asked.state.awaiting is Awaiting.ERASE_CONFIRMATION
    assert asked.lines == (), "the request itself is not kept"
    erased = await decide(snapshot("erase_confirmation"), "yes")
    assert erased.erase is True and erased.lines == ()
    assert erased.state is not None and erased.state.erased_at == NOW


async def test_misconduct_raises_one_alert_per_interview() -> None:
    report = "My manager harassed me and made sexual comments in meetings."
    first = await decide(snapshot("answering"), report)
    assert first.alert is not None and "harassment" in {c.value for c in first.alert}
    already = replace(STATES["answering"], misconduct_alerted_at=NOW)  # type: ignore[type-var]
    snap = TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 3, already, EMPLOYEE_SAID_HI))
    again = await decide(snap, report)
    assert again.alert is None
    assert again.state is not None and "harassment" in again.state.misconduct_flags


async def test_an_answer_asks_misconduct_and_follow_up_together() -> None:
    turn = MessageInput(USER, clean_incoming("yes"), "ev-1", None, NOW)
    outcome = decide_message(snapshot("answering"), turn, {}, RULES)
    assert isinstance(outcome, Pending)
    assert {type(r) for r in outcome.requests} == {CheckMisconduct, AskFollowup}


async def test_the_turn_budget_wraps_up_with_a_summary() -> None:
    near_the_end = replace(STATES["answering"], turn_count=RULES.max_turns - 1)  # type: ignore[type-var]
    snap = TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 3, near_the_end, EMPLOYEE_SAID_HI))
    decision = await decide(snap, LONG_ANSWER)
    assert T.budget_reached in said(decision)
    assert decision.state is not None
    assert decision.state.awaiting is Awaiting.SUMMARY_CONFIRMATION


async def test_model_calls_are_counted_from_the_answers() -> None:
    turn = MessageInput(USER, clean_incoming(LONG_ANSWER), "ev-1", None, NOW)
    snap = snapshot("answering")
    answers = {
        "misconduct": Answer(frozenset()),
        "followup": Answer(None, model_calls=1),
        "opening": Answer("What did you expect?", model_calls=2),
    }
    decision = decide_message(snap, turn, answers, RULES)
    assert isinstance(decision, Decision) and decision.state is not None
    assert decision.state.model_calls == 3
    assert decision.replies[-1].text == "What did you expect?"


async def test_empty_long_and_file_only_messages_change_nothing() -> None:
    empty = await decide(snapshot("answering"), "   ")
    assert said(empty) == T.empty_message and empty.state is None
    huge = await decide(snapshot("answering"), "x" * 9000)
    assert "9,000 characters" in said(huge) and huge.state is None
    file_only = await decide(snapshot("new"), "", has_files=True)
    assert said(file_only) == T.file_note and file_only.state is None
    captioned = await decide(snapshot("new"), "hello", has_files=True)
    assert captioned.replies[0].text == T.file_note and captioned.created


async def test_the_first_message_is_kept_with_the_new_interview() -> None:
    decision = await decide(snapshot("new"), "hello?")
    assert decision.created and decision.state is not None
    assert [
        (line.kind, line.text) for line in decision.lines if line.role is MessageRole.EMPLOYEE
    ] == [(MessageKind.CHAT, "hello?")]


async def test_a_consent_reply_before_the_invitation_was_seen_repeats_it_whole() -> None:
    state = STATES["invited"]
    assert state is not None
    never_answered = TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 3, state, ()))
    decision = await decide(never_answered, "what is this?")
    assert "I'm ExitBot" in said(decision)


# --- entry points without a message -----------------------------------------------------------


def test_an_invitation_opens_an_interview_once() -> None:
    details = InterviewDetails(department="Engineering", invited_by="slack:UHR")
    fresh = decide_invite(TurnSnapshot(EMPLOYEE, None), USER, details, NOW, RULES)
    assert fresh.created and fresh.status is S.INVITED
    assert fresh.state is not None and fresh.state.department == "Engineering"
    assert fresh.employee_department == "Engineering"
    active = decide_invite(snapshot("answering"), USER, details, NOW, RULES)
    assert not active.created and active.state is None and not active.replies
    after_an_end = decide_invite(snapshot("completed"), USER, details, NOW, RULES)
    assert after_an_end.created


def test_begin_resumes_and_suspend_pauses() -> None:
    resumed = decide_begin(snapshot("paused"), USER, InterviewDetails(), NOW, RULES)
    assert resumed.status is S.IN_PROGRESS and FIRST_QUESTION in said(resumed)
    paused = decide_suspend(snapshot("answering"), USER, NOW, RULES)
    assert paused.status is S.PAUSED
    assert decide_suspend(snapshot("invited"), USER, NOW, RULES).state is None


def test_a_reminder_is_one_message_with_the_prompt_and_its_buttons() -> None:
    reminder = decide_nudge(snapshot("invited"), 7, cancel=False, now=NOW, rules=RULES)
    [message] = reminder.replies
    assert message.text.startswith(T.reminder) and "I'm ExitBot" in message.text
    assert [c.value for c in message.choices] == ["yes", "anonymous", "no"]
    assert reminder.state is not None and reminder.state.reminded_at == NOW


def test_cancelling_withdraws_an_active_interview_only() -> None:
    cancelled = decide_nudge(snapshot("answering"), 7, cancel=True, now=NOW, rules=RULES)
    assert cancelled.status is S.CANCELLED and T.withdrawn in said(cancelled)
    closed = decide_nudge(snapshot("completed"), 7, cancel=True, now=NOW, rules=RULES)
    assert closed.problem == "it is completed" and closed.state is None
    missing = decide_nudge(None, 8, cancel=False, now=NOW, rules=RULES)
    assert missing.problem == "there is no interview 8"


# --- the status diagram -----------------------------------------------------------------------


def test_the_diagram_allows_no_way_out_of_an_erasure() -> None:
    assert TRANSITIONS[S.ERASED] == frozenset()
    for status in S:
        assert status is S.ERASED or S.ERASED in TRANSITIONS[status]


def test_an_illegal_transition_raises() -> None:
    completed = STATES["completed"]
    assert completed is not None
    with pytest.raises(IllegalTransition, match="completed to in_progress"):
        completed.evolve(status=S.IN_PROGRESS)
    assert completed.evolve(status=S.COMPLETED, ended_at=NOW + timedelta(1)).status is S.COMPLETED


# --- understanding people ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anonymous"),
    [
        ("Sure, happy to do it.", False),
        ("Yes, let's do it", False),
        ("ja, gerne", False),
        ("👍", False),
        ("I'd rather stay anonymous", True),
        ("anonymous please", True),
    ],
)
async def test_consent_in_a_sentence_starts(text: str, anonymous: bool) -> None:
    decision = await decide(snapshot("invited"), text)
    assert decision.status is S.IN_PROGRESS, said(decision)
    assert decision.state is not None and decision.state.anonymous is anonymous
    consent = [line for line in decision.lines if line.role is MessageRole.EMPLOYEE]
    assert [line.kind for line in consent] == [MessageKind.COMMAND], "consent is no answer"


async def test_a_misunderstood_reply_gets_one_short_line_then_numbered_options() -> None:
    first = await decide(snapshot("invited"), "what do you mean")
    assert said(first) == T.consent_reminder and "I'm ExitBot" not in said(first)
    assert first.replies[-1].choices == T.consent_choices
    assert first.state is not None and first.state.misunderstood == 1
    confused = TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 3, first.state, EMPLOYEE_SAID_HI))
    second = await decide(confused, "hmm not sure what to say")
    assert said(second) == T.consent_options
    assert second.state is not None
    options = TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 4, second.state, EMPLOYEE_SAID_HI))
    chosen = await decide(options, "2")
    assert chosen.status is S.IN_PROGRESS
    assert chosen.state is not None and chosen.state.anonymous and chosen.state.misunderstood == 0


@pytest.mark.parametrize(
    "text", ["looks good to me", "that's fine, thanks", "passt so", "sí, está bien", "lgtm"]
)
async def test_the_summary_is_confirmed_in_words(text: str) -> None:
    decision = await decide(snapshot("summary"), text)
    assert decision.status is S.COMPLETED, said(decision)
    assert decision.report is not None


async def test_parts_of_the_summary_are_removed_in_words() -> None:
    decision = await decide(snapshot("summary"), "remove the quotes")
    assert decision.state is not None and decision.state.draft_report is not None
    assert decision.state.draft_report.notable_quotes == []
    assert decision.state.draft_report.reasons == DRAFT.reasons
    rating = await decide(snapshot("summary"), "don't include my rating")
    assert rating.state is not None and rating.state.draft_report is not None
    assert rating.state.draft_report.enps is None
    several = await decide(snapshot("summary"), "remove 1 and 2")
    assert several.state is not None and several.state.draft_report is not None
    assert several.state.draft_report.reasons == [] and "left out" in (
        several.state.draft_report.summary
    )


async def test_a_declined_question_is_a_skip() -> None:
    decision = await decide(snapshot("answering"), "I'd rather not say")
    kinds = [line.kind for line in decision.lines]
    assert MessageKind.SKIPPED in kinds and MessageKind.ANSWER not in kinds
    long = "I wanted to skip the standups but my manager never let me, which was annoying."
    answered = await decide(snapshot("answering"), long)
    assert MessageKind.ANSWER in [line.kind for line in answered.lines]


def at_the_scale_topic() -> TurnSnapshot:
    index = next(i for i, t in enumerate(DEFAULT_PLAN.topics) if t.key == "recommend")
    state = replace(
        STATES["answering"],  # type: ignore[type-var]
        topic_index=index,
        pending_question=DEFAULT_PLAN.topics[index].question,
    )
    return TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 3, state, EMPLOYEE_SAID_HI))


async def test_an_unclear_rating_gets_one_short_follow_up() -> None:
    unclear = await decide(at_the_scale_topic(), "7 or 8, hard to say")
    assert said(unclear) == T.score_unclear
    assert unclear.state is not None and unclear.state.followups_asked == 1
    again = TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 4, unclear.state, EMPLOYEE_SAID_HI))
    moved_on = await decide(again, "dunno really")
    assert DEFAULT_PLAN.topics[-1].question in said(moved_on), "stored as given, then on"


async def test_the_stored_rating_is_the_employees_number_not_the_models() -> None:
    index = next(i for i, t in enumerate(DEFAULT_PLAN.topics) if t.key == "recommend")
    said_eight = TranscriptEntry(
        MessageRole.EMPLOYEE, MessageKind.ANSWER, "I'd say an eight", "recommend", None, "m9"
    )
    last = replace(
        STATES["answering"],  # type: ignore[type-var]
        topic_index=len(DEFAULT_PLAN.topics) - 1,
        pending_question=DEFAULT_PLAN.topics[-1].question,
    )
    snap = TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 3, last, (said_eight,)))
    model_report = GeneratedReport(replace_enps(DRAFT, 6), ReportSource.LLM)
    turn = MessageInput(USER, clean_incoming("Nothing else, thanks."), "ev-2", None, NOW)
    answers = {
        "misconduct": Answer(frozenset()),
        "followup": Answer(None),
        "report": Answer(model_report),
    }
    decision = decide_message(snap, turn, answers, RULES)
    assert isinstance(decision, Decision) and decision.state is not None
    assert decision.state.draft_report is not None
    assert decision.state.draft_report.enps == 8
    assert index < len(DEFAULT_PLAN.topics)


def replace_enps(report: InterviewReport, enps: int) -> InterviewReport:
    return report.model_copy(update={"enps": enps})


async def test_a_message_soon_after_an_answer_continues_it() -> None:
    rules = replace(RULES, answer_join=timedelta(seconds=2))
    previous = TranscriptEntry(
        MessageRole.EMPLOYEE,
        MessageKind.ANSWER,
        "The pay was low.",
        "reason_for_leaving",
        0.1,
        "m1",
    )
    state = replace(
        STATES["answering"],  # type: ignore[type-var]
        topic_index=1,
        pending_question=SECOND_QUESTION,
        last_answer_at=NOW,
    )
    snap = TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 3, state, (previous,)))
    text = "And my manager never had time."
    soon = MessageInput(
        USER, clean_incoming(text), "m2", -0.3, NOW + timedelta(seconds=1), received_at=None
    )
    outcome = decide_message(snap, soon, {"misconduct": Answer(frozenset())}, rules)
    assert isinstance(outcome, Decision)
    assert outcome.amend is not None and outcome.amend.platform_message_id == "m1"
    assert outcome.amend.text == "The pay was low.\nAnd my manager never had time."
    assert outcome.lines == () and outcome.replies == ()
    later = replace(soon, now=NOW + timedelta(seconds=30))
    answered = decide_message(
        snap, later, {"misconduct": Answer(frozenset()), "followup": Answer(None)}, rules
    )
    assert isinstance(answered, Pending) or answered.amend is None


async def test_delete_my_data_erases_every_interview_that_holds_text() -> None:
    older = EmployeeInterview(3, S.COMPLETED, NOW - timedelta(days=30), 5, EMPLOYEE_SAID_HI, DRAFT)
    current = stored_interviews(snapshot("erase_confirmation"))[0]
    turn = MessageInput(USER, clean_incoming("yes, delete it"), "ev-3", None, NOW)
    outcome = decide_message(
        snapshot("erase_confirmation"),
        turn,
        {"interviews": Answer((older, current)), "classify": Answer(None)},
        RULES,
    )
    assert isinstance(outcome, Decision)
    assert outcome.erase and outcome.erase_others == (3,)
    asked = decide_message(
        snapshot("completed"),
        replace(turn, text=clean_incoming("delete my data")),
        {"interviews": Answer((older, current))},
        RULES,
    )
    assert isinstance(asked, Decision)
    assert "October 3, 2026 (completed)" in said(asked)


async def test_delete_my_data_without_an_interview_creates_none() -> None:
    decision = await decide(TurnSnapshot(EMPLOYEE, None), "please delete everything I said")
    assert decision.state is None and not decision.created
    assert said(decision) == T.nothing_to_erase


async def test_the_employee_sees_what_is_stored_about_them() -> None:
    decision = await decide(snapshot("completed"), "what do you have about me?")
    assert "Here is what is stored about you" in said(decision)
    assert "• hi" in said(decision)
    assert decision.lines == (), "showing their data does not store it again"


async def test_the_language_is_stored_and_the_texts_follow_it() -> None:
    from exitbot.engine.catalogs import Catalogs

    rules = replace(RULES, catalogs=Catalogs.load(["en", "de"]))
    turn = MessageInput(USER, clean_incoming("Ja, gerne"), "ev-4", None, NOW, language="de")
    answers: dict[str, Answer] = {}
    outcome: object = None
    for _ in range(4):
        outcome = decide_message(snapshot("invited"), turn, answers, rules)
        if isinstance(outcome, Decision):
            break
        assert isinstance(outcome, Pending)
        for request in outcome.requests:
            answers[request.key] = await answer(request, snapshot("invited"))
    assert isinstance(outcome, Decision) and outcome.state is not None
    assert outcome.state.language == "de"
    assert outcome.replies[0].text != T.started
