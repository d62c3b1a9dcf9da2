"""Driving interviews to the states HR commands look at, through the engine's public API."""

from __future__ import annotations

from dataclasses import replace

from exitbot.core.documents import Style
from exitbot.core.messages import ConversationRef, IncomingMessage, Platform, UserRef
from exitbot.engine import InterviewDetails, InterviewService
from exitbot.hr import HrCommandService, HrRequest, HrResponse
from tests.document_text import document_lines, document_text, styled
from tests.support import GOOD_ANSWERS, message, say, texts

HR = UserRef(Platform.SLACK, "UHR1", "Hana Hr")
HR_CHANNEL = ConversationRef(Platform.SLACK, "CHR")


async def run(
    service: HrCommandService,
    text: str,
    *,
    caller: UserRef = HR,
    channel: ConversationRef | None = None,
) -> HrResponse:
    return await service.execute(HrRequest(caller, text, channel))


def text(response: HrResponse) -> str:
    """The answer's wording, one line per heading, paragraph, fact, list item or quote."""
    return document_text(response.document)


def lines(response: HrResponse) -> list[str]:
    return document_lines(response.document)


def codes(response: HrResponse) -> list[str]:
    """The commands the answer shows (its code spans)."""
    return styled(response.document, Style.CODE)


def bolds(response: HrResponse) -> list[str]:
    return styled(response.document, Style.BOLD)


async def complete(
    engine: InterviewService,
    user: UserRef,
    *,
    department: str | None = None,
    consent: str = "yes",
    answers: dict[str, str] | None = None,
) -> int:
    """Invite ``user`` (with ``department``), answer every topic and confirm the summary."""
    invited = await engine.invite(user, InterviewDetails(department=department))
    assert invited.created
    await say(engine, user, consent)
    outcome = None
    for topic in engine.plan.topics:
        answer = (answers or {}).get(topic.key) or GOOD_ANSWERS.get(topic.key, "A full answer.")
        outcome = await say(engine, user, answer)
    assert outcome is not None and "Here is what I'll record" in texts(outcome), texts(outcome)
    done = await say(engine, user, "yes")
    assert done.status is not None and done.status.value == "completed"
    assert done.interview_id is not None
    return done.interview_id


async def start_answering(
    engine: InterviewService,
    user: UserRef,
    answer: str,
    *,
    conversation: ConversationRef | None = None,
    department: str | None = None,
) -> int:
    """Invite, consent and give one answer: an interview left in progress."""
    await engine.invite(user, InterviewDetails(department=department))
    await engine.handle(_with_conversation(message(user, "yes"), conversation))
    outcome = await engine.handle(_with_conversation(message(user, answer), conversation))
    assert outcome.interview_id is not None
    return outcome.interview_id


def _with_conversation(
    incoming: IncomingMessage, conversation: ConversationRef | None
) -> IncomingMessage:
    return incoming if conversation is None else replace(incoming, conversation=conversation)
