"""The engine's store: interviews read as snapshots and written as changes (``InterviewStore``).

Reads take no locks. A change is one transaction: claim the platform event, upsert the
employee, update the interview only while it is at the version the snapshot was read at
(or create it, if the employee's latest interview is still the one the snapshot saw), then
the transcript lines, the report, an erasure and the outbox rows. Statements are plain Core
SQL built once: at hundreds of turns a second, building statements and ORM bookkeeping
would cost more than running them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import JSON, Table, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.interview import (
    AppliedChange,
    EmployeeInterview,
    EmployeeSnapshot,
    InterviewChange,
    InterviewChanged,
    InterviewSnapshot,
    InterviewState,
    StoredReport,
    TurnSnapshot,
)
from exitbot.core.interviewer import TranscriptEntry
from exitbot.core.messages import Platform, UserRef, conversation_from_json
from exitbot.core.report import InterviewReport, ReportSource
from exitbot.core.statuses import Awaiting, InterviewStatus, MessageKind, MessageRole
from exitbot.store.cipher import TextCipher
from exitbot.store.database import Database
from exitbot.store.employees import upsert_employee
from exitbot.store.inbox import claim_event
from exitbot.store.models import (
    Employee,
    InboxEvent,
    Interview,
    Message,
    OutboxMessage,
    Report,
    ReportReason,
    ReportTheme,
)
from exitbot.store.outbox import DEFAULT_GIVE_UP, outbox_rows

_EMPLOYEES = cast(Table, Employee.__table__)
_INTERVIEWS = cast(Table, Interview.__table__)
_MESSAGES = cast(Table, Message.__table__)
_INBOX = cast(Table, InboxEvent.__table__)
_OUTBOX = cast(Table, OutboxMessage.__table__)

_STATE_COLUMNS = (
    "status",
    "awaiting",
    "awaiting_before_erase",
    "anonymous",
    "department",
    "last_day",
    "voluntary",
    "regrettable",
    "invited_by",
    "plan_name",
    "topic_index",
    "followups_asked",
    "pending_question",
    "draft_report",
    "draft_source",
    "turn_count",
    "model_calls",
    "misconduct_flags",
    "misconduct_alerted_at",
    "created_at",
    "started_at",
    "last_activity_at",
    "completed_at",
    "ended_at",
    "reminded_at",
    "erased_at",
    "language",
    "misunderstood",
    "last_answer_at",
    "burst_started_at",
    "burst_messages",
    "invite_at",
)

_EMPLOYEE_COLUMNS = [
    _EMPLOYEES.c.id,
    _EMPLOYEES.c.platform,
    _EMPLOYEES.c.platform_user_id,
    _EMPLOYEES.c.display_name,
    _EMPLOYEES.c.email,
    _EMPLOYEES.c.timezone,
    _EMPLOYEES.c.department.label("employee_department"),
    _EMPLOYEES.c.conversation_ref,
]
_INTERVIEW_COLUMNS = [
    _INTERVIEWS.c.id.label("interview_id"),
    _INTERVIEWS.c.version,
    *(_INTERVIEWS.c[name] for name in _STATE_COLUMNS),
]
_LATEST_FOR_USER = (
    select(*_EMPLOYEE_COLUMNS, *_INTERVIEW_COLUMNS)
    .select_from(_EMPLOYEES.outerjoin(_INTERVIEWS, _INTERVIEWS.c.employee_id == _EMPLOYEES.c.id))
    .where(
        _EMPLOYEES.c.platform == bindparam("platform"),
        _EMPLOYEES.c.platform_user_id == bindparam("user_id"),
    )
    .order_by(_INTERVIEWS.c.created_at.desc(), _INTERVIEWS.c.id.desc())
    .limit(1)
)
_BY_INTERVIEW_ID = (
    select(*_EMPLOYEE_COLUMNS, *_INTERVIEW_COLUMNS)
    .select_from(_INTERVIEWS.join(_EMPLOYEES, _INTERVIEWS.c.employee_id == _EMPLOYEES.c.id))
    .where(_INTERVIEWS.c.id == bindparam("interview_id"))
)
_TRANSCRIPT = (
    select(
        _MESSAGES.c.role,
        _MESSAGES.c.kind,
        _MESSAGES.c.text,
        _MESSAGES.c.topic_key,
        _MESSAGES.c.sentiment,
        _MESSAGES.c.platform_message_id,
    )
    .where(_MESSAGES.c.interview_id == bindparam("interview_id"))
    .order_by(_MESSAGES.c.seq)
)
_LATEST_INTERVIEW_ID = (
    select(_INTERVIEWS.c.id)
    .where(_INTERVIEWS.c.employee_id == bindparam("employee_id"))
    .order_by(_INTERVIEWS.c.created_at.desc(), _INTERVIEWS.c.id.desc())
    .limit(1)
)
_INSERT_MESSAGES = insert(_MESSAGES)
_JSON_STATE = {"draft_report", "misconduct_flags"}
"""State columns holding JSON: None is stored as SQL NULL, not as JSON ``null``."""


def _state_params() -> dict[str, Any]:
    return {
        name: bindparam(name, type_=JSON(none_as_null=True) if name in _JSON_STATE else None)
        for name in _STATE_COLUMNS
    }


# Built once with bind parameters: building an UPDATE with 26 values per turn cost more CPU
# than the database took to run it.
_UPDATE_INTERVIEW = (
    update(_INTERVIEWS)
    .where(
        _INTERVIEWS.c.id == bindparam("b_interview_id"),
        _INTERVIEWS.c.version == bindparam("b_expected_version"),
    )
    .values(
        **_state_params(),
        version=_INTERVIEWS.c.version + 1,
        next_seq=_INTERVIEWS.c.next_seq + bindparam("b_lines"),
    )
    .returning(_INTERVIEWS.c.next_seq)
)
_INSERT_INTERVIEW = (
    insert(_INTERVIEWS)
    .values(
        **_state_params(),
        employee_id=bindparam("b_employee_id"),
        next_seq=bindparam("b_next_seq"),
        version=1,
    )
    .returning(_INTERVIEWS.c.id)
)
_INSERT_OUTBOX = insert(_OUTBOX).returning(_OUTBOX.c.id, sort_by_parameter_order=True)


class SqlInterviewStore:
    """``exitbot.core.ports.InterviewStore`` on the database."""

    def __init__(self, database: Database, *, give_up_after: timedelta = DEFAULT_GIVE_UP) -> None:
        self._db = database
        self._cipher = database.cipher
        self._give_up_after = give_up_after

    async def load_turn(self, user: UserRef) -> TurnSnapshot:
        async def read(session: AsyncSession) -> TurnSnapshot:
            result = await session.execute(
                _LATEST_FOR_USER, {"platform": user.platform.value, "user_id": user.user_id}
            )
            return await self._snapshot(session, result.mappings().first())

        return await self._db.read(read)

    async def load_interview(self, interview_id: int) -> TurnSnapshot | None:
        async def read(session: AsyncSession) -> TurnSnapshot | None:
            result = await session.execute(_BY_INTERVIEW_ID, {"interview_id": interview_id})
            row = result.mappings().first()
            return None if row is None else await self._snapshot(session, row)

        return await self._db.read(read)

    async def employee_interviews(self, employee_id: int) -> tuple[EmployeeInterview, ...]:
        async def read(session: AsyncSession) -> tuple[EmployeeInterview, ...]:
            rows = (
                await session.execute(
                    select(_INTERVIEWS.c.id, _INTERVIEWS.c.status, _INTERVIEWS.c.created_at)
                    .where(_INTERVIEWS.c.employee_id == employee_id)
                    .order_by(_INTERVIEWS.c.created_at, _INTERVIEWS.c.id)
                )
            ).all()
            found = []
            for interview_id, status, created_at in rows:
                transcript = await read_transcript(session, interview_id, self._cipher)
                found.append(
                    EmployeeInterview(
                        id=interview_id,
                        status=InterviewStatus(status),
                        created_at=created_at,
                        lines=len(transcript),
                        answers=tuple(e for e in transcript if e.role is MessageRole.EMPLOYEE),
                        report=await _read_report(session, interview_id),
                    )
                )
            return tuple(found)

        return await self._db.read(read)

    async def apply(self, change: InterviewChange) -> AppliedChange:
        applied = await self._db.transaction(lambda session: self._apply(session, change))
        if (change.erase or change.erase_others) and not applied.duplicate:
            await self._db.after_erasure()
        return applied

    # --- reading ----------------------------------------------------------------------------

    async def _snapshot(self, session: AsyncSession, row: Any) -> TurnSnapshot:
        if row is None:
            return TurnSnapshot(None, None)
        employee = EmployeeSnapshot(
            id=row["id"],
            user=UserRef(
                Platform(row["platform"]),
                row["platform_user_id"],
                row["display_name"],
                row["email"],
                row["timezone"],
            ),
            department=row["employee_department"],
            conversation=_conversation(row["conversation_ref"]),
        )
        if row["interview_id"] is None:
            return TurnSnapshot(employee, None)
        entries = await read_transcript(session, row["interview_id"], self._cipher)
        interview = InterviewSnapshot(
            row["interview_id"], row["version"] or 1, state_from_row(row), entries
        )
        return TurnSnapshot(employee, interview)

    # --- writing ----------------------------------------------------------------------------

    async def _apply(self, session: AsyncSession, change: InterviewChange) -> AppliedChange:
        event = change.event
        if event is not None and not await claim_event(
            session, event.platform, event.event_id, change.now
        ):
            return AppliedChange(change.interview_id, duplicate=True)
        employee_id = await self._upsert_employee(session, change)
        interview_id = change.interview_id
        if change.state is not None:
            if interview_id is None:
                interview_id = await self._create(session, employee_id, change)
                first_seq = 1
            else:
                first_seq = await self._update(session, interview_id, change)
            await self._insert_lines(session, interview_id, first_seq, change)
        if change.amend is not None and interview_id is not None:
            await self._amend(session, interview_id, change)
        if change.report is not None and interview_id is not None:
            await _store_report(session, interview_id, change.report, change.now)
        if change.erase and interview_id is not None:
            await _erase(session, interview_id, employee_id)
        for other_id in change.erase_others:
            await _erase(session, other_id, employee_id)
            await session.execute(
                update(_INTERVIEWS)
                .where(_INTERVIEWS.c.id == other_id, _INTERVIEWS.c.employee_id == employee_id)
                .values(
                    status=InterviewStatus.ERASED.value,
                    awaiting=Awaiting.NOTHING.value,
                    pending_question=None,
                    draft_report=None,
                    erased_at=change.now,
                    version=_INTERVIEWS.c.version + 1,
                )
            )
        outbox_ids: tuple[int, ...] = ()
        if change.outgoing:
            rows = outbox_rows(
                change.outgoing, change.now, self._cipher, interview_id, self._give_up_after
            )
            result = await session.execute(_INSERT_OUTBOX, rows)
            outbox_ids = tuple(result.scalars())
        return AppliedChange(interview_id, outbox_ids)

    async def _upsert_employee(self, session: AsyncSession, change: InterviewChange) -> int:
        creating = change.state is not None and change.interview_id is None
        if change.known_employee_id is not None and not creating:
            employee_id = change.known_employee_id
        else:
            # Also locks the employee's row: nobody else opens an interview for them meanwhile.
            employee_id = await upsert_employee(
                session, change.user, change.conversation, change.now
            )
        if change.employee_department:
            await session.execute(
                update(_EMPLOYEES)
                .where(_EMPLOYEES.c.id == employee_id, _EMPLOYEES.c.department.is_(None))
                .values(department=change.employee_department)
            )
        return employee_id

    async def _create(
        self, session: AsyncSession, employee_id: int, change: InterviewChange
    ) -> int:
        # The employee's row is locked by the upsert: nobody else can open one meanwhile.
        latest = (
            await session.execute(_LATEST_INTERVIEW_ID, {"employee_id": employee_id})
        ).scalar_one_or_none()
        if latest != change.expected_latest:
            raise InterviewChanged
        assert change.state is not None
        params = state_values(change.state)
        params.update(b_employee_id=employee_id, b_next_seq=1 + len(change.lines))
        result = await session.execute(_INSERT_INTERVIEW, params)
        return int(result.scalar_one())

    async def _update(
        self, session: AsyncSession, interview_id: int, change: InterviewChange
    ) -> int:
        """Write the new state if nobody changed it meanwhile; the first new line's seq."""
        assert change.state is not None
        params = state_values(change.state)
        lines = len(change.lines)
        params.update(
            b_interview_id=interview_id,
            b_expected_version=change.expected_version,
            b_lines=lines,
        )
        result = await session.execute(_UPDATE_INTERVIEW, params)
        next_seq = result.scalar_one_or_none()
        if next_seq is None:
            raise InterviewChanged
        return int(next_seq) - lines

    async def _amend(
        self, session: AsyncSession, interview_id: int, change: InterviewChange
    ) -> None:
        amend = change.amend
        assert amend is not None
        await session.execute(
            update(_MESSAGES)
            .where(
                _MESSAGES.c.interview_id == interview_id,
                _MESSAGES.c.platform_message_id == amend.platform_message_id,
            )
            .values(text=self._cipher.encrypt(amend.text), sentiment=amend.sentiment)
        )

    async def _insert_lines(
        self, session: AsyncSession, interview_id: int, first_seq: int, change: InterviewChange
    ) -> None:
        if not change.lines:
            return
        rows = [
            {
                "interview_id": interview_id,
                "seq": first_seq + offset,
                "role": line.role.value,
                "kind": line.kind.value,
                "topic_key": line.topic_key,
                "text": self._cipher.encrypt(line.text),
                "sentiment": line.sentiment,
                "platform_message_id": line.platform_message_id,
                "created_at": change.now,
            }
            for offset, line in enumerate(change.lines)
        ]
        await session.execute(_INSERT_MESSAGES, rows)


# --- rows and states ------------------------------------------------------------------------


async def read_transcript(
    session: AsyncSession, interview_id: int, cipher: TextCipher
) -> tuple[TranscriptEntry, ...]:
    """The interview's transcript in order, its text decrypted."""
    result = await session.execute(_TRANSCRIPT, {"interview_id": interview_id})
    return tuple(
        TranscriptEntry(
            MessageRole(role),
            MessageKind(kind),
            cipher.decrypt(text) or "",
            topic_key,
            sentiment,
            message_id,
        )
        for role, kind, text, topic_key, sentiment, message_id in result.all()
    )


def state_from_row(row: Mapping[str, Any]) -> InterviewState:
    draft = row["draft_report"]
    return InterviewState(
        status=InterviewStatus(row["status"]),
        awaiting=Awaiting(row["awaiting"]),
        awaiting_before_erase=(
            Awaiting(row["awaiting_before_erase"]) if row["awaiting_before_erase"] else None
        ),
        anonymous=bool(row["anonymous"]),
        department=row["department"],
        last_day=row["last_day"],
        voluntary=row["voluntary"],
        regrettable=row["regrettable"],
        invited_by=row["invited_by"],
        plan_name=row["plan_name"],
        topic_index=row["topic_index"],
        followups_asked=row["followups_asked"],
        pending_question=row["pending_question"],
        draft_report=InterviewReport.model_validate(draft) if draft else None,
        draft_source=ReportSource(row["draft_source"]) if row["draft_source"] else None,
        turn_count=row["turn_count"],
        model_calls=row["model_calls"],
        misconduct_flags=tuple(row["misconduct_flags"] or ()),
        misconduct_alerted_at=row["misconduct_alerted_at"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        last_activity_at=row["last_activity_at"],
        completed_at=row["completed_at"],
        ended_at=row["ended_at"],
        reminded_at=row["reminded_at"],
        erased_at=row["erased_at"],
        language=row["language"],
        misunderstood=row["misunderstood"] or 0,
        last_answer_at=row["last_answer_at"],
        burst_started_at=row["burst_started_at"],
        burst_messages=row["burst_messages"] or 0,
        invite_at=row["invite_at"],
    )


def state_values(state: InterviewState) -> dict[str, Any]:
    return {
        "status": state.status.value,
        "awaiting": state.awaiting.value,
        "awaiting_before_erase": (
            state.awaiting_before_erase.value if state.awaiting_before_erase else None
        ),
        "anonymous": state.anonymous,
        "department": state.department,
        "last_day": state.last_day,
        "voluntary": state.voluntary,
        "regrettable": state.regrettable,
        "invited_by": state.invited_by,
        "plan_name": state.plan_name,
        "topic_index": state.topic_index,
        "followups_asked": state.followups_asked,
        "pending_question": state.pending_question,
        "draft_report": state.draft_report.model_dump(mode="json") if state.draft_report else None,
        "draft_source": state.draft_source.value if state.draft_source else None,
        "turn_count": state.turn_count,
        "model_calls": state.model_calls,
        "misconduct_flags": list(state.misconduct_flags) if state.misconduct_flags else None,
        "misconduct_alerted_at": state.misconduct_alerted_at,
        "created_at": state.created_at,
        "started_at": state.started_at,
        "last_activity_at": state.last_activity_at,
        "completed_at": state.completed_at,
        "ended_at": state.ended_at,
        "reminded_at": state.reminded_at,
        "erased_at": state.erased_at,
        "language": state.language,
        "misunderstood": state.misunderstood,
        "last_answer_at": state.last_answer_at,
        "burst_started_at": state.burst_started_at,
        "burst_messages": state.burst_messages,
        "invite_at": state.invite_at,
    }


def _conversation(stored: Any) -> Any:
    if not isinstance(stored, dict) or not stored.get("conversation_id"):
        return None
    try:
        return conversation_from_json(stored)
    except (KeyError, TypeError, ValueError):
        return None


# --- statements -----------------------------------------------------------------------------


async def _store_report(
    session: AsyncSession, interview_id: int, stored: StoredReport, now: datetime
) -> None:
    report = stored.report
    result = await session.execute(
        insert(Report)
        .values(
            interview_id=interview_id,
            summary=report.summary,
            reasons=[r.value for r in report.reasons],
            themes=report.themes,
            sentiment=report.sentiment,
            enps=report.enps,
            would_return=report.would_return,
            recommendations=report.recommendations,
            notable_quotes=report.notable_quotes,
            source=stored.source.value,
            created_at=now,
        )
        .returning(Report.id)
    )
    report_id = int(result.scalar_one())
    if report.reasons:
        await session.execute(
            insert(ReportReason),
            [
                {"report_id": report_id, "reason": reason.value, "rank": rank}
                for rank, reason in enumerate(report.reasons)
            ],
        )
    themes = list(dict.fromkeys(t.lower() for t in report.themes))
    if themes:
        await session.execute(
            insert(ReportTheme), [{"report_id": report_id, "theme": theme} for theme in themes]
        )


async def _read_report(session: AsyncSession, interview_id: int) -> InterviewReport | None:
    row = (
        (await session.execute(select(Report).where(Report.interview_id == interview_id)))
        .scalars()
        .first()
    )
    if row is None:
        return None
    return InterviewReport.model_validate(
        {
            "summary": row.summary,
            "reasons": row.reasons or [],
            "themes": row.themes or [],
            "sentiment": row.sentiment,
            "enps": row.enps,
            "would_return": row.would_return,
            "recommendations": row.recommendations or [],
            "notable_quotes": row.notable_quotes or [],
        }
    )


async def _erase(session: AsyncSession, interview_id: int, employee_id: int) -> None:
    """The transcript, the report, every message still waiting to be sent about the
    interview, and the employee's name and email."""
    report_ids = select(Report.id).where(Report.interview_id == interview_id)
    await session.execute(delete(_MESSAGES).where(_MESSAGES.c.interview_id == interview_id))
    await session.execute(delete(ReportReason).where(ReportReason.report_id.in_(report_ids)))
    await session.execute(delete(ReportTheme).where(ReportTheme.report_id.in_(report_ids)))
    await session.execute(delete(Report).where(Report.interview_id == interview_id))
    await session.execute(delete(_OUTBOX).where(_OUTBOX.c.interview_id == interview_id))
    await session.execute(
        update(_EMPLOYEES)
        .where(_EMPLOYEES.c.id == employee_id)
        .values(display_name=None, email=None)
    )
