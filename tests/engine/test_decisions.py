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
    EmployeeSnapshot,
    InterviewSnapshot,
    InterviewState,
    TurnSnapshot,
)
from exitbot.core.interviewer import TranscriptEntry
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
from exitbot.engine import texts
from exitbot.engine.decision import (
    Answer,
    AskFollowup,
    AskOpeningQuestion,
    AskReport,
    CheckMisconduct,
    Decision,
    InterviewDetails,
    InterviewerRequest,
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


async def answer(request: InterviewerRequest) -> Answer:
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
            answers[request.key] = await answer(request)
    raise AssertionError("the decision never settled")


def said(decision: Decision) -> str:
    return "\n".join(reply.text for reply in decision.replies)


# --- every word in every state ------------------------------------------------------------------

# (state, word) -> (status afterwards, a phrase the bot says)
EXPECTED: dict[tuple[str, str], tuple[InterviewStatus, str]] = {}
for word in WORDS:
    EXPECTED["new", word] = (S.INVITED, "I'm ExitBot")
EXPECTED.update(
    {
        ("invited", "help"): (S.INVITED, "You can say these at any time"),
        ("invited", "skip"): (S.INVITED, texts.CONSENT_REMINDER),
        ("invited", "pause"): (S.INVITED, texts.PAUSED),
        ("invited", "resume"): (S.IN_PROGRESS, FIRST_QUESTION),
        ("invited", "stop"): (S.DECLINED, texts.STOPPED),
        ("invited", "delete my data"): (S.INVITED, texts.ERASE_CONFIRM),
        ("invited", "yes"): (S.IN_PROGRESS, texts.STARTED),
        ("invited", "no"): (S.DECLINED, texts.DECLINED),
        ("invited", "anonymous"): (S.IN_PROGRESS, texts.STARTED_ANONYMOUS),
        ("invited", "remove 1"): (S.INVITED, texts.CONSENT_REMINDER),
        ("invited", LONG_ANSWER): (S.INVITED, texts.CONSENT_REMINDER),
        ("answering", "help"): (S.IN_PROGRESS, FIRST_QUESTION),
        ("answering", "skip"): (S.IN_PROGRESS, SECOND_QUESTION),
        ("answering", "pause"): (S.PAUSED, texts.PAUSED),
        ("answering", "resume"): (S.IN_PROGRESS, texts.NOT_PAUSED),
        ("answering", "stop"): (S.DECLINED, texts.STOPPED),
        ("answering", "delete my data"): (S.IN_PROGRESS, texts.ERASE_CONFIRM),
        ("answering", "yes"): (S.IN_PROGRESS, DEFAULT_PLAN.topics[0].followup),
        ("answering", "no"): (S.IN_PROGRESS, SECOND_QUESTION),
        ("answering", "anonymous"): (S.IN_PROGRESS, DEFAULT_PLAN.topics[0].followup),
        ("answering", "remove 1"): (S.IN_PROGRESS, DEFAULT_PLAN.topics[0].followup),
        ("answering", LONG_ANSWER): (S.IN_PROGRESS, SECOND_QUESTION),
        ("summary", "help"): (S.IN_PROGRESS, "Here is what I'll record"),
        ("summary", "skip"): (S.IN_PROGRESS, texts.SUMMARY_PROMPT),
        ("summary", "pause"): (S.PAUSED, texts.PAUSED),
        ("summary", "resume"): (S.IN_PROGRESS, "Here is what I'll record"),
        ("summary", "stop"): (S.DECLINED, texts.STOPPED),
        ("summary", "delete my data"): (S.IN_PROGRESS, texts.ERASE_CONFIRM),
        ("summary", "yes"): (S.COMPLETED, texts.CLOSING),
        ("summary", "no"): (S.IN_PROGRESS, texts.SUMMARY_REMOVE_HOW),
        ("summary", "anonymous"): (S.IN_PROGRESS, texts.SUMMARY_PROMPT),
        ("summary", "remove 1"): (S.IN_PROGRESS, "1. Main reasons: compensation"),
        ("summary", LONG_ANSWER): (S.IN_PROGRESS, texts.SUMMARY_PROMPT),
        ("paused", "help"): (S.PAUSED, FIRST_QUESTION),
        ("paused", "pause"): (S.PAUSED, texts.ALREADY_PAUSED),
        ("paused", "stop"): (S.DECLINED, texts.STOPPED),
        ("paused", "delete my data"): (S.PAUSED, texts.ERASE_CONFIRM),
        ("erase_confirmation", "yes"): (S.ERASED, texts.ERASED),
        ("completed", "delete my data"): (S.COMPLETED, texts.ERASE_CONFIRM),
        ("declined_before_start", "yes"): (S.IN_PROGRESS, texts.STARTED),
        ("declined_before_start", "anonymous"): (S.IN_PROGRESS, texts.STARTED_ANONYMOUS),
        ("declined_before_start", "delete my data"): (S.DECLINED, texts.ERASE_CONFIRM),
        ("declined_after_start", "yes"): (S.IN_PROGRESS, texts.WELCOME_BACK),
        ("declined_after_start", "anonymous"): (S.IN_PROGRESS, texts.WELCOME_BACK),
        ("declined_after_start", "delete my data"): (S.DECLINED, texts.ERASE_CONFIRM),
        ("expired", "delete my data"): (S.EXPIRED, texts.ERASE_CONFIRM),
        ("cancelled", "delete my data"): (S.CANCELLED, texts.ERASE_CONFIRM),
        ("erased", "delete my data"): (S.ERASED, texts.NOTHING_TO_ERASE),
    }
)
for word in WORDS:
    EXPECTED.setdefault(("paused", word), (S.IN_PROGRESS, texts.WELCOME_BACK))
    EXPECTED.setdefault(("erase_confirmation", word), (S.IN_PROGRESS, texts.ERASE_KEPT))
    EXPECTED.setdefault(("completed", word), (S.COMPLETED, texts.FINISHED))
    EXPECTED.setdefault(("declined_before_start", word), (S.DECLINED, texts.DECLINED))
    EXPECTED.setdefault(("declined_after_start", word), (S.DECLINED, texts.DECLINED))
    EXPECTED.setdefault(("expired", word), (S.EXPIRED, texts.CLOSED))
    EXPECTED.setdefault(("cancelled", word), (S.CANCELLED, texts.CLOSED))
    EXPECTED.setdefault(("erased", word), (S.ERASED, texts.ALREADY_ERASED))


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
    assert texts.SUMMARY_NO_SUCH_PART in said(nothing)


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
    assert texts.BUDGET_REACHED in said(decision)
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
    assert said(empty) == texts.EMPTY_MESSAGE and empty.state is None
    huge = await decide(snapshot("answering"), "x" * 9000)
    assert "9,000 characters" in said(huge) and huge.state is None
    file_only = await decide(snapshot("new"), "", has_files=True)
    assert said(file_only) == texts.FILE_NOTE and file_only.state is None
    captioned = await decide(snapshot("new"), "hello", has_files=True)
    assert captioned.replies[0].text == texts.FILE_NOTE and captioned.created


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
    assert message.text.startswith(texts.REMINDER) and "I'm ExitBot" in message.text
    assert [c.value for c in message.choices] == ["yes", "anonymous", "no"]
    assert reminder.state is not None and reminder.state.reminded_at == NOW


def test_cancelling_withdraws_an_active_interview_only() -> None:
    cancelled = decide_nudge(snapshot("answering"), 7, cancel=True, now=NOW, rules=RULES)
    assert cancelled.status is S.CANCELLED and texts.WITHDRAWN in said(cancelled)
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
