"""Queries the engine needs, each inside the caller's transaction (one session)."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.interviewer import TranscriptEntry
from exitbot.core.messages import ConversationRef, UserRef
from exitbot.core.report import InterviewReport, ReportSource
from exitbot.core.statuses import MessageKind, MessageRole
from exitbot.store.cipher import TextCipher
from exitbot.store.models import (
    Employee,
    InboxEvent,
    Interview,
    Message,
    Report,
    ReportReason,
    ReportTheme,
)

_MESSAGES = cast(Table, Message.__table__)

# Hot statements, built once (building a statement costs more than running a cached one).
_EVENT_PROCESSED_AT = select(InboxEvent.processed_at).where(
    InboxEvent.platform == bindparam("platform"), InboxEvent.event_id == bindparam("event_id")
)
_EMPLOYEE = select(Employee).where(
    Employee.platform == bindparam("platform"),
    Employee.platform_user_id == bindparam("user_id"),
)
_EMPLOYEE_FOR_UPDATE = _EMPLOYEE.with_for_update()
_LATEST_INTERVIEW = (
    select(Interview)
    .where(Interview.employee_id == bindparam("employee_id"))
    .order_by(Interview.created_at.desc(), Interview.id.desc())
    .limit(1)
    .execution_options(populate_existing=True)
)
_LATEST_INTERVIEW_FOR_UPDATE = _LATEST_INTERVIEW.with_for_update()
_TRANSCRIPT = (
    select(Message.role, Message.kind, Message.text, Message.topic_key, Message.sentiment)
    .where(Message.interview_id == bindparam("interview_id"))
    .order_by(Message.seq)
)


async def insert_ignoring_conflict(
    session: AsyncSession, model: Any, values: dict[str, Any], conflict_columns: list[str]
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on either database; True when a row was inserted."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    statement = _insert_ignoring_statement(dialect, model, tuple(conflict_columns))
    result = await session.execute(statement, values)
    return bool(getattr(result, "rowcount", 0))


@functools.cache
def _insert_ignoring_statement(dialect: str, model: Any, conflict_columns: tuple[str, ...]) -> Any:
    """Built once per table: constructing statements is a large part of a turn's CPU time."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # A Core insert on the table: an ORM-entity insert with parameters would be a bulk insert
    # whose rowcount does not say whether the row was new.
    return insert(model.__table__).on_conflict_do_nothing(index_elements=list(conflict_columns))


class InboxRepository:
    """The inbox of platform events: written before the ack, marked processed by the turn."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self,
        platform: str,
        event_id: str,
        now: datetime,
        payload: dict[str, Any] | None = None,
        kind: str = "message",
    ) -> bool:
        """Store an event if it is new; False when this event id was seen before."""
        return await insert_ignoring_conflict(
            self._session,
            InboxEvent,
            {
                "platform": platform,
                "event_id": event_id,
                "kind": kind,
                "payload": payload,
                "attempts": 0,
                "received_at": now,
            },
            ["platform", "event_id"],
        )

    async def is_processed(self, platform: str, event_id: str) -> bool:
        result = await self._session.execute(
            _EVENT_PROCESSED_AT, {"platform": platform, "event_id": event_id}
        )
        return result.scalar_one_or_none() is not None

    async def claim_for_turn(self, platform: str, event_id: str, now: datetime) -> bool:
        """Mark the event processed inside the turn's transaction; False if it already was.

        Because this commits (or rolls back) together with the turn, a crash mid-turn leaves
        the event unprocessed and a redelivery or the sweeper runs it exactly once.
        """
        inserted = await insert_ignoring_conflict(
            self._session,
            InboxEvent,
            {
                "platform": platform,
                "event_id": event_id,
                "kind": "message",
                "attempts": 1,
                "received_at": now,
                "processed_at": now,
            },
            ["platform", "event_id"],
        )
        if inserted:
            return True
        result = await self._session.execute(
            update(InboxEvent)
            .where(
                InboxEvent.platform == platform,
                InboxEvent.event_id == event_id,
                InboxEvent.processed_at.is_(None),
            )
            .values(processed_at=now, payload=None, attempts=InboxEvent.attempts + 1)
        )
        return bool(getattr(result, "rowcount", 0))

    async def pending(self, older_than: datetime, limit: int = 100) -> list[InboxEvent]:
        """Events received before ``older_than`` and never processed (for the sweeper)."""
        result = await self._session.execute(
            select(InboxEvent)
            .where(InboxEvent.processed_at.is_(None), InboxEvent.received_at < older_than)
            .order_by(InboxEvent.received_at)
            .limit(limit)
        )
        return list(result.scalars())


class InterviewRepository:
    """Employees, interviews, transcript and reports, with message text encrypted if asked."""

    def __init__(self, session: AsyncSession, cipher: TextCipher) -> None:
        self._session = session
        self._cipher = cipher
        self._pending_messages: list[tuple[Interview, dict[str, Any]]] = []

    async def employee_for_update(
        self,
        user: UserRef,
        now: datetime,
        conversation: ConversationRef | None = None,
        *,
        lock: bool = True,
    ) -> Employee:
        """The employee row, created if new; with ``lock``, locked for this transaction (which
        serialises the employee's turns). A turn's read phase needs no lock: its write phase
        checks the interview's version instead."""
        employee = await self._find_employee(user, lock)
        if employee is None:
            await self._insert_employee(user, now)
            employee = await self._find_employee(user, lock)
        assert employee is not None
        if user.display_name and employee.display_name != user.display_name:
            employee.display_name = user.display_name
        if user.email and employee.email != user.email:
            employee.email = user.email
        if user.timezone and employee.timezone != user.timezone:
            employee.timezone = user.timezone
        if conversation is not None:
            reference = {
                "platform": conversation.platform.value,
                "conversation_id": conversation.conversation_id,
                "extra": conversation.extra,
            }
            if employee.conversation_ref != reference:
                employee.conversation_ref = reference
        return employee

    async def _find_employee(self, user: UserRef, lock: bool) -> Employee | None:
        result = await self._session.execute(
            _EMPLOYEE_FOR_UPDATE if lock else _EMPLOYEE,
            {"platform": user.platform.value, "user_id": user.user_id},
        )
        return result.scalar_one_or_none()

    async def _insert_employee(self, user: UserRef, now: datetime) -> None:
        await insert_ignoring_conflict(
            self._session,
            Employee,
            {
                "platform": user.platform.value,
                "platform_user_id": user.user_id,
                "display_name": user.display_name,
                "email": user.email,
                "timezone": user.timezone,
                "created_at": now,
                "updated_at": now,
            },
            ["platform", "platform_user_id"],
        )

    async def lock_employee(self, employee_id: int) -> None:
        """Hold the employee's row lock until the transaction ends (serialises their turns)."""
        await self._session.execute(
            select(Employee.id).where(Employee.id == employee_id).with_for_update()
        )

    async def latest_interview_id(self, employee_id: int) -> int | None:
        result = await self._session.execute(
            select(Interview.id)
            .where(Interview.employee_id == employee_id)
            .order_by(Interview.created_at.desc(), Interview.id.desc())
            .limit(1)
        )
        return result.scalar_one_or_none()

    async def employee(self, employee_id: int) -> Employee:
        result = await self._session.execute(select(Employee).where(Employee.id == employee_id))
        return result.scalar_one()

    async def latest_interview_for_update(
        self, employee_id: int, *, lock: bool = True
    ) -> Interview | None:
        result = await self._session.execute(
            _LATEST_INTERVIEW_FOR_UPDATE if lock else _LATEST_INTERVIEW,
            {"employee_id": employee_id},
        )
        return result.scalar_one_or_none()

    async def interview_for_update(self, interview_id: int) -> Interview | None:
        result = await self._session.execute(
            select(Interview)
            .where(Interview.id == interview_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return result.scalar_one_or_none()

    def add_interview(self, interview: Interview) -> None:
        self._session.add(interview)

    async def flush(self) -> None:
        """Write what this transaction changed: ORM objects, then the queued messages."""
        await self._session.flush()
        if self._pending_messages:
            rows = [
                {**row, "interview_id": interview.id} for interview, row in self._pending_messages
            ]
            self._pending_messages.clear()
            await self._session.execute(insert(_MESSAGES), rows)

    def add_message(
        self,
        interview: Interview,
        *,
        role: MessageRole,
        kind: MessageKind,
        text: str,
        now: datetime,
        topic_key: str | None = None,
        sentiment: float | None = None,
        platform_message_id: str | None = None,
    ) -> TranscriptEntry:
        """Queue the message for the transaction; returns it as the interviewer sees it."""
        seq = interview.next_seq
        interview.next_seq = seq + 1
        # Queued as plain rows and written in one multi-row INSERT by ``flush``: the ORM's
        # per-object bookkeeping was the largest single cost of a turn.
        self._pending_messages.append(
            (
                interview,
                {
                    "seq": seq,
                    "role": role.value,
                    "kind": kind.value,
                    "topic_key": topic_key,
                    "text": self._cipher.encrypt(text),
                    "sentiment": sentiment,
                    "platform_message_id": platform_message_id,
                    "created_at": now,
                },
            )
        )
        return TranscriptEntry(role, kind, text, topic_key, sentiment)

    async def transcript(self, interview_id: int) -> list[TranscriptEntry]:
        result = await self._session.execute(_TRANSCRIPT, {"interview_id": interview_id})
        return [
            TranscriptEntry(
                role=MessageRole(role),
                kind=MessageKind(kind),
                text=self._cipher.decrypt(text) or "",
                topic_key=topic_key,
                sentiment=sentiment,
            )
            for role, kind, text, topic_key, sentiment in result.all()
        ]

    async def store_report(
        self, interview: Interview, report: InterviewReport, source: ReportSource, now: datetime
    ) -> Report:
        row = Report(
            interview_id=interview.id,
            summary=report.summary,
            reasons=[r.value for r in report.reasons],
            themes=report.themes,
            sentiment=report.sentiment,
            enps=report.enps,
            would_return=report.would_return,
            recommendations=report.recommendations,
            notable_quotes=report.notable_quotes,
            source=source.value,
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        for rank, reason in enumerate(report.reasons):
            self._session.add(ReportReason(report_id=row.id, reason=reason.value, rank=rank))
        for theme in dict.fromkeys(t.lower() for t in report.themes):
            self._session.add(ReportTheme(report_id=row.id, theme=theme))
        return row

    async def erase_content(self, interview: Interview) -> int:
        """Delete the transcript and report of ``interview``; returns messages deleted."""
        result = await self._session.execute(
            delete(Message).where(Message.interview_id == interview.id)
        )
        report_ids = select(Report.id).where(Report.interview_id == interview.id)
        await self._session.execute(
            delete(ReportReason).where(ReportReason.report_id.in_(report_ids))
        )
        await self._session.execute(
            delete(ReportTheme).where(ReportTheme.report_id.in_(report_ids))
        )
        await self._session.execute(delete(Report).where(Report.interview_id == interview.id))
        return int(getattr(result, "rowcount", 0) or 0)

    async def has_employee_messages(self, interview_id: int) -> bool:
        result = await self._session.execute(
            select(Message.id)
            .where(Message.interview_id == interview_id, Message.role == MessageRole.EMPLOYEE.value)
            .limit(1)
        )
        return result.first() is not None

    async def count_messages(self, interview_id: int) -> int:
        result = await self._session.execute(
            select(func.count()).select_from(Message).where(Message.interview_id == interview_id)
        )
        return int(result.scalar_one())
