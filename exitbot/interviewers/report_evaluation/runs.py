"""A labelled case answered through the real engine, as an employee would answer it.

The employee consents, answers each question with the case's next answer for the topic being
asked about, skips a topic (or a follow-up) the case has no answer for, and confirms the
summary; the report is the one the store then holds. Whoever interviews (the scripted
interviewer or a model) decides the questions and follow-ups; the case only answers them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from exitbot.core.interview import InterviewSnapshot
from exitbot.core.interviewer import TranscriptEntry
from exitbot.core.messages import IncomingMessage, Platform, UserRef
from exitbot.core.report import InterviewReport
from exitbot.core.statuses import Awaiting, MessageKind, MessageRole
from exitbot.engine import InterviewDetails, InterviewService
from exitbot.interviewers.report_evaluation.cases import LabelledCase
from exitbot.interviewers.report_evaluation.scoring import MakeReport
from exitbot.store import Database
from exitbot.store.interviews import SqlInterviewStore

MAX_MESSAGES = 60
DISPLAY_NAME = "Dana Evaluation"
EMAIL = "dana.evaluation@example.com"


class CaseRunError(RuntimeError):
    """The interview did not end with a stored report; the message says where it stopped."""


@dataclass(frozen=True, slots=True)
class Replies:
    """What the employee says besides answers, in the case's language."""

    consent: str
    confirm: str
    skip: str


REPLIES: Mapping[str, Replies] = {
    "en": Replies("Yes, happy to do it.", "yes", "skip"),
    "de": Replies("Ja, gerne.", "ja", "überspringen"),
    "es": Replies("Sí, claro, empecemos.", "sí", "saltar"),
    "fr": Replies("Oui, avec plaisir.", "oui", "passer"),
}


async def run_case(
    engine: InterviewService, database: Database, case: LabelledCase
) -> InterviewReport:
    """Interview ``case`` from invitation to the stored report (each case once per
    database: its employee is named after the case)."""
    store = SqlInterviewStore(database)
    user = UserRef(Platform.TERMINAL, f"report-eval-{case.id}", DISPLAY_NAME, EMAIL)
    replies = REPLIES[case.language]
    pending = {topic: deque(answers) for topic, answers in case.answers.items()}
    invitation = await engine.invite(user, InterviewDetails(department="Evaluation"))
    interview_id = invitation.interview_id
    if interview_id is None:
        raise CaseRunError(f"{case.id}: no interview was opened")
    sent = 0

    async def send(text: str) -> None:
        nonlocal sent
        sent += 1
        await engine.handle(IncomingMessage(user, text, f"{user.user_id}-{sent}"))

    await send(replies.consent)
    while sent < MAX_MESSAGES:
        interview = await _interview(store, interview_id)
        if interview is None or not interview.state.status.is_active:
            break
        awaiting = interview.state.awaiting
        if awaiting is Awaiting.SUMMARY_CONFIRMATION:
            await send(replies.confirm)
        elif awaiting is Awaiting.ANSWER:
            queue = pending.get(_asked_topic(interview.transcript) or "")
            await send(queue.popleft() if queue else replies.skip)
        else:
            raise CaseRunError(f"{case.id}: the interview waits for {awaiting.value}")
    stored = await _stored_report(store, user, interview_id)
    if stored is None:
        interview = await _interview(store, interview_id)
        where = interview.state.status.value if interview else "gone"
        raise CaseRunError(f"{case.id}: {where} after {sent} messages, no report stored")
    return stored


def report_maker(engine: InterviewService, database: Database) -> MakeReport:
    """``make_report`` for ``evaluate_reports``: every case through ``engine``."""

    async def make(case: LabelledCase) -> InterviewReport:
        return await run_case(engine, database, case)

    return make


async def _interview(store: SqlInterviewStore, interview_id: int) -> InterviewSnapshot | None:
    snapshot = await store.load_interview(interview_id)
    return snapshot.interview if snapshot else None


def _asked_topic(transcript: tuple[TranscriptEntry, ...]) -> str | None:
    """The topic of the question the bot asked last."""
    for entry in reversed(transcript):
        if entry.role is MessageRole.BOT and entry.kind in (
            MessageKind.QUESTION,
            MessageKind.FOLLOWUP,
        ):
            return entry.topic_key
    return None


async def _stored_report(
    store: SqlInterviewStore, user: UserRef, interview_id: int
) -> InterviewReport | None:
    turn = await store.load_turn(user)
    if turn.employee is None:
        return None
    for interview in await store.employee_interviews(turn.employee.id):
        if interview.id == interview_id:
            return interview.report
    return None
