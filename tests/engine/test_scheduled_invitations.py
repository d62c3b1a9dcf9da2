"""Invitations that wait for their day, as pure decisions: when one is due, what creating,
sending, answering, reminding and withdrawing do to it. No database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from exitbot.core.interview import EmployeeSnapshot, InterviewSnapshot, InterviewState, TurnSnapshot
from exitbot.core.messages import Platform, ReplyKind, UserRef
from exitbot.core.plan import DEFAULT_PLAN
from exitbot.core.statuses import Awaiting, InterviewStatus, MessageKind, MessageRole
from exitbot.engine.decision import (
    Answer,
    AskOpeningQuestion,
    CheckMisconduct,
    ClassifyReply,
    Decision,
    InterviewDetails,
    LoadInterviews,
    MessageInput,
    Rules,
    decide_invite,
    decide_message,
    decide_nudge,
    decide_scheduled_invitation,
    invitation_time,
)
from exitbot.engine.text_input import clean_incoming
from exitbot.engine.texts import ENGLISH as T
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer

S = InterviewStatus
NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # a Monday
RULES = Rules(plan=DEFAULT_PLAN)
BERLIN = ZoneInfo("Europe/Berlin")
USER = UserRef(Platform.SLACK, "U100", "Dana Smith")
EMPLOYEE = EmployeeSnapshot(1, USER)
DUE = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def waiting(**changes: object) -> TurnSnapshot:
    """An interview HR started on NOW whose invitation waits until DUE."""
    state = InterviewState(
        status=S.INVITED,
        awaiting=Awaiting.CONSENT,
        created_at=NOW,
        last_activity_at=NOW,
        last_day=date(2026, 11, 30),
        invite_at=DUE,
    )
    return TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 1, replace(state, **changes)))  # type: ignore[arg-type]


async def message(snapshot: TurnSnapshot, text: str, now: datetime) -> Decision:
    turn = MessageInput(USER, clean_incoming(text), "ev-1", 0.1, now)
    answers: dict[str, Answer] = {}
    for _ in range(5):
        outcome = decide_message(snapshot, turn, answers, RULES)
        if isinstance(outcome, Decision):
            return outcome
        for request in outcome.requests:
            match request:
                case AskOpeningQuestion(context):
                    answers[request.key] = Answer(
                        await ScriptedInterviewer().opening_question(context)
                    )
                case CheckMisconduct():
                    answers[request.key] = Answer(frozenset())
                case ClassifyReply():
                    answers[request.key] = Answer(None)
                case LoadInterviews():
                    answers[request.key] = Answer(())
                case _:
                    raise AssertionError(request)
    raise AssertionError("the decision never settled")


@pytest.mark.parametrize(
    ("last_day", "expected"),
    [
        (None, None),
        (date(2026, 10, 30), None),  # already gone: invite now
        (date(2026, 11, 2), None),
        (date(2026, 11, 5), None),  # exactly three days away: now
        (date(2026, 11, 6), datetime(2026, 11, 3, 9, 0, tzinfo=UTC)),
        (date(2026, 11, 30), datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
    ],
)
def test_an_invitation_waits_only_for_a_last_day_more_than_the_set_days_away(
    last_day: date | None, expected: datetime | None
) -> None:
    assert invitation_time(last_day, NOW, RULES) == expected


def test_the_invitation_day_and_hour_are_in_the_configured_timezone_and_days() -> None:
    rules = replace(RULES, tz=BERLIN, invite_days_before_last_day=5)
    late_on_sunday = datetime(2026, 11, 1, 23, 30, tzinfo=UTC)  # already Monday in Berlin
    # From Monday in Berlin, 6 November is 4 days away: no wait. From Sunday (UTC) it is 5.
    assert invitation_time(date(2026, 11, 6), late_on_sunday, rules) is None
    assert invitation_time(date(2026, 11, 6), late_on_sunday, RULES) is not None
    at = invitation_time(date(2026, 11, 30), late_on_sunday, rules)
    assert at is not None
    assert at.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 11, 25, 9, 0)
    assert at.astimezone(UTC) == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # CET is UTC+1


def test_a_far_last_day_creates_the_interview_now_and_says_nothing_yet() -> None:
    details = InterviewDetails(last_day=date(2026, 11, 30), invited_by="api:hris")
    decision = decide_invite(TurnSnapshot(EMPLOYEE, None), USER, details, NOW, RULES)
    assert decision.created
    assert decision.state is not None
    assert (decision.state.status, decision.state.invite_at) == (S.INVITED, DUE)
    assert decision.replies == () and decision.lines == ()


def test_a_near_last_day_invites_at_once() -> None:
    details = InterviewDetails(last_day=date(2026, 11, 4))
    decision = decide_invite(TurnSnapshot(EMPLOYEE, None), USER, details, NOW, RULES)
    assert decision.state is not None and decision.state.invite_at is None
    [invitation] = decision.replies
    assert invitation.kind is ReplyKind.INVITATION


def test_a_waiting_interview_is_active_so_a_second_start_creates_nothing() -> None:
    details = InterviewDetails(last_day=date(2026, 11, 30))
    decision = decide_invite(waiting(), USER, details, NOW, RULES)
    assert not decision.created and decision.state is None and decision.replies == ()


def test_the_invitation_is_not_sent_before_its_time() -> None:
    decision = decide_scheduled_invitation(waiting(), 7, DUE - timedelta(minutes=1), RULES)
    assert decision.state is None and decision.replies == ()
    assert decision.problem == "its invitation is not due yet"


def test_the_due_invitation_is_sent_once_and_idle_time_counts_from_it() -> None:
    sent_at = DUE + timedelta(minutes=3)
    decision = decide_scheduled_invitation(waiting(), 7, sent_at, RULES)
    assert decision.problem is None
    [invitation] = decision.replies
    assert invitation.kind is ReplyKind.INVITATION
    assert invitation.text.startswith("Hi Dana Smith! I'm ExitBot")
    assert invitation.choices == T.consent_choices
    state = decision.state
    assert state is not None
    assert (state.status, state.invite_at, state.last_activity_at) == (S.INVITED, None, sent_at)
    assert [line.kind for line in decision.lines] == [MessageKind.INFO]

    assert state is not None
    again = decide_scheduled_invitation(
        TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 2, state)), 7, sent_at, RULES
    )
    assert again.replies == () and again.problem == "its invitation was sent already"


async def test_an_employee_who_writes_first_gets_the_invitation_then_and_not_again() -> None:
    early = NOW + timedelta(days=3)
    decision = await message(waiting(), "hi", early)
    [invitation] = decision.replies
    assert invitation.kind is ReplyKind.INVITATION
    assert decision.state is not None and decision.state.invite_at is None
    assert [(line.role, line.text) for line in decision.lines] == [
        (MessageRole.EMPLOYEE, "hi"),
        (MessageRole.BOT, invitation.text),
    ]


async def test_an_employee_who_consents_first_starts_and_nothing_waits_any_more() -> None:
    decision = await message(waiting(), "yes", NOW + timedelta(days=3))
    assert decision.state is not None
    assert (decision.state.status, decision.state.invite_at) == (S.IN_PROGRESS, None)
    assert DEFAULT_PLAN.topics[0].question in [r.text for r in decision.replies]


async def test_asking_what_is_stored_does_not_cancel_the_waiting_invitation() -> None:
    decision = await message(waiting(), "what do you have about me?", NOW)
    assert T.nothing_stored in [r.text for r in decision.replies]
    assert decision.state is None or decision.state.invite_at == DUE


def test_withdrawing_a_waiting_interview_tells_the_employee_nothing() -> None:
    decision = decide_nudge(waiting(), 7, cancel=True, now=NOW, rules=RULES)
    assert decision.replies == ()
    assert decision.state is not None
    assert (decision.state.status, decision.state.invite_at) == (S.CANCELLED, None)
    cancelled = TurnSnapshot(EMPLOYEE, InterviewSnapshot(7, 2, decision.state))
    later = decide_scheduled_invitation(cancelled, 7, DUE, RULES)
    assert later.replies == () and later.problem == "its invitation was sent already"


def test_a_cancelled_interview_still_marked_waiting_is_never_invited() -> None:
    decision = decide_scheduled_invitation(waiting(status=S.CANCELLED), 7, DUE, RULES)
    assert decision.replies == () and decision.problem == "it is cancelled"


def test_reminding_a_waiting_interview_sends_the_invitation_now() -> None:
    decision = decide_nudge(waiting(), 7, cancel=False, now=NOW, rules=RULES)
    [invitation] = decision.replies
    assert invitation.kind is ReplyKind.INVITATION
    assert T.reminder not in invitation.text
    state = decision.state
    assert state is not None
    assert (state.invite_at, state.reminded_at) == (None, None)


def test_no_interview_no_invitation() -> None:
    decision = decide_scheduled_invitation(None, 9, DUE, RULES)
    assert decision.problem == "there is no interview 9"
    empty = decide_scheduled_invitation(TurnSnapshot(EMPLOYEE, None), 9, DUE, RULES)
    assert empty.problem == "there is no interview 9"
