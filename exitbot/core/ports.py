"""The ports: what the engine and the delivery pipeline need from the store and from a chat
platform, as protocols the store and the adapters implement (wired in ``exitbot.bootstrap``).

The reply channel is data (``ConversationRef``), so anything stored can be reached later:
invitations, reminders, digests and alerts all go through the outbox and a ``Sender``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from exitbot.core.documents import Document
from exitbot.core.interview import (
    AppliedChange,
    EmployeeInterview,
    InterviewChange,
    TurnSnapshot,
)
from exitbot.core.messages import IncomingMessage, Platform, Reply, UserRef
from exitbot.core.misconduct import MisconductCategory
from exitbot.core.outgoing import DeliveryError, Destination, OutboxEntry, Outgoing
from exitbot.core.plan import QuestionPlan


class Sender(Protocol):
    """One chat platform's sending side, as the outbox uses it."""

    platform: Platform

    async def send(self, destination: Destination, content: Reply | Document) -> None:
        """Deliver ``content`` (a reply with its choices as buttons, or a rich document);
        a person as ``destination`` is reached in their direct conversation.
        Raises DeliveryError when the platform did not accept it."""
        ...


class UserDirectory(Protocol):
    """Finding people on one platform from what HR typed."""

    async def resolve_user(self, reference: str) -> UserRef | None:
        """A user from a mention, a platform id or an email; None when there is no such
        person; DeliveryError when the platform cannot be asked."""
        ...


class InterviewStore(Protocol):
    """Interviews as snapshots and changes; implemented in ``exitbot.store``."""

    async def load_turn(self, user: UserRef) -> TurnSnapshot:
        """The employee and their latest interview with its transcript (reads only)."""
        ...

    async def load_interview(self, interview_id: int) -> TurnSnapshot | None:
        """The interview ``interview_id`` with its employee, or None."""
        ...

    async def employee_interviews(self, employee_id: int) -> tuple[EmployeeInterview, ...]:
        """Every interview of the employee, oldest first, with what they wrote and the
        report (for "what do you have about me?" and "delete my data")."""
        ...

    async def apply(self, change: InterviewChange) -> AppliedChange:
        """Write ``change`` in one transaction; InterviewChanged when the snapshot is stale."""
        ...


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """A question plan HR stored (``PUT /api/question-plan``): never changed once stored,
    numbered in the order stored, so an interview can keep the one it was opened with."""

    version: int
    plan: QuestionPlan
    created_at: datetime
    created_by: str | None


class PlanStore(Protocol):
    """The stored versions of the question plan; implemented in ``exitbot.store``."""

    async def newest_version(self) -> int | None:
        """The newest version's number; None while HR has stored none (the file or
        built-in plan applies)."""
        ...

    async def load(self, version: int) -> PlanVersion:
        """The stored version ``version``; LookupError when there is none."""
        ...

    async def interview_version(self, interview_id: int) -> int | None:
        """The version the interview was opened with (the newest when its row was written);
        None for the file or built-in plan, or no such interview."""
        ...

    async def add(self, plan: QuestionPlan, created_by: str | None, now: datetime) -> PlanVersion:
        """Store ``plan`` as the new newest version."""
        ...


class AlertRouting(Protocol):
    """Where a misconduct alert goes and what it says (HR's rules)."""

    def alert_messages(
        self, interview_id: int, categories: frozenset[MisconductCategory]
    ) -> list[Outgoing]: ...


class SentimentScorer(Protocol):
    def score(self, text: str, language: str | None) -> float | None:
        """From -1 (negative) to 1 (positive) by a method valid for ``language``; None when
        no method fits the text."""
        ...


class LanguageDetection(Protocol):
    def detect(self, text: str) -> str | None:
        """The ISO 639-1 code of the language ``text`` is written in, or None when it is too
        short or too unclear to tell."""
        ...


@dataclass(frozen=True, slots=True)
class SetAsideEvent:
    """A platform event whose turn failed every time it was tried, with the last error."""

    id: int
    platform: str
    received_at: datetime
    attempts: int
    error: str | None


class InboxStore(Protocol):
    """Platform events written before they are acknowledged."""

    async def record(self, messages: Sequence[IncomingMessage], now: datetime) -> list[bool]:
        """Store the events; for each, False when its id was seen before (a redelivery)."""
        ...

    async def mark_processed(self, platform: str, event_id: str, now: datetime) -> bool:
        """Claim an event that needs no turn; False when it was processed already."""
        ...

    async def due_for_replay(
        self, received_before: datetime, *, limit: int, max_attempts: int, now: datetime
    ) -> list[tuple[int, IncomingMessage | None]]:
        """Unfinished events received before ``received_before`` and tried fewer than
        ``max_attempts`` times, oldest first, claimed for replay (so two replicas do not
        replay one event together). None for an unreadable payload."""
        ...

    async def record_failure(self, inbox_id: int, error: str) -> None:
        """Note on the event why its turn failed."""
        ...

    async def set_aside(self, *, max_attempts: int, limit: int) -> list[SetAsideEvent]:
        """Unfinished events tried ``max_attempts`` times: no longer replayed (dead letters)."""
        ...


class OutboxStore(Protocol):
    """Outgoing messages waiting for delivery, and their delivery records."""

    async def add(self, messages: Sequence[Outgoing], now: datetime) -> list[int]: ...

    async def claim_due(
        self,
        now: datetime,
        *,
        limit: int,
        lease_seconds: float,
        platforms: Sequence[Platform],
    ) -> list[OutboxEntry]:
        """Up to ``limit`` messages for ``platforms`` due now, at most one per ordering key
        (the oldest undelivered one), leased to this caller for ``lease_seconds``."""
        ...

    async def give_up_expired(self, now: datetime) -> int:
        """Give up undelivered messages past their ``give_up_at``; how many."""
        ...

    async def mark_sent(self, ids: Sequence[int], now: datetime) -> None: ...

    async def reschedule(self, entry_id: int, at: datetime, error: str) -> None: ...

    async def give_up(self, entry_id: int, error: str, now: datetime) -> None: ...

    async def entries(self, ids: Sequence[int]) -> list[OutboxEntry]: ...

    async def undelivered(self, *, failed: bool, limit: int) -> list[OutboxEntry]: ...

    async def retry(self, entry_id: int, now: datetime, give_up_at: datetime) -> bool: ...


__all__ = [
    "AlertRouting",
    "DeliveryError",
    "InboxStore",
    "InterviewStore",
    "LanguageDetection",
    "OutboxStore",
    "PlanStore",
    "PlanVersion",
    "Sender",
    "SentimentScorer",
    "SetAsideEvent",
    "UserDirectory",
]
