"""Database tables. Alembic migrations in ``migrations/`` must match these models."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets 64-bit ids.
Id = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        from datetime import UTC

        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        from datetime import UTC

        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Employee(Base):
    """A person on one platform. Erasure keeps the row (so HR can see it was erased)."""

    __tablename__ = "employees"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    department: Mapped[str | None] = mapped_column(String(100))
    timezone: Mapped[str | None] = mapped_column(String(64))
    conversation_ref: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    interviews: Mapped[list[Interview]] = relationship(back_populates="employee")


class Interview(Base):
    """One exit interview and where it stands; the engine's whole state lives in this row."""

    __tablename__ = "interviews"
    __table_args__ = (
        Index("ix_interviews_employee_created", "employee_id", "created_at"),
        Index("ix_interviews_status_activity", "status", "last_activity_at"),
        Index("ix_interviews_created_at", "created_at"),
        Index("ix_interviews_completed_at", "completed_at"),
        Index("ix_interviews_department", "department"),
        Index("ix_interviews_ended_status", "ended_at", "status"),
        Index("ix_interviews_invite_at", "invite_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    awaiting: Mapped[str] = mapped_column(String(32))
    awaiting_before_erase: Mapped[str | None] = mapped_column(String(32))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    department: Mapped[str | None] = mapped_column(String(100))
    last_day: Mapped[date | None] = mapped_column(Date)
    voluntary: Mapped[bool | None] = mapped_column(Boolean)
    regrettable: Mapped[bool | None] = mapped_column(Boolean)
    invited_by: Mapped[str | None] = mapped_column(String(200))
    plan_name: Mapped[str] = mapped_column(String(100), default="default")
    topic_index: Mapped[int] = mapped_column(Integer, default=0)
    followups_asked: Mapped[int] = mapped_column(Integer, default=0)
    pending_question: Mapped[str | None] = mapped_column(Text)
    draft_report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    draft_source: Mapped[str | None] = mapped_column(String(16))
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    model_calls: Mapped[int] = mapped_column(Integer, default=0)
    next_seq: Mapped[int] = mapped_column(Integer, default=1)
    misconduct_flags: Mapped[list[str] | None] = mapped_column(JSON)
    misconduct_alerted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_activity_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    language: Mapped[str | None] = mapped_column(String(8))
    misunderstood: Mapped[int] = mapped_column(Integer, server_default="0")
    last_answer_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    burst_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    burst_messages: Mapped[int] = mapped_column(Integer, server_default="0")
    invite_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    """When set, the invitation waits until then (an interview started ahead of a far
    ``last_day``); cleared by the one replica that sends it."""
    plan_version: Mapped[int | None] = mapped_column(
        Id, default=text("(SELECT max(id) FROM question_plans)")
    )
    """The stored plan version the interview follows (None: the file or built-in plan).
    Filled in by the INSERT itself with the newest version, so an interview always opens with
    the plan in force at that instant, whichever replica writes it, and never changes after."""
    # Bumped on every update: a turn computed outside a transaction (while the model thinks)
    # is written only if nobody changed the interview meanwhile.
    version: Mapped[int] = mapped_column(Integer, server_default="1")

    employee: Mapped[Employee] = relationship(back_populates="interviews")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Message(Base):
    """One line of the transcript, in order (``seq``); text may be encrypted at rest."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("interview_id", "seq"),
        Index("ix_messages_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    topic_key: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    sentiment: Mapped[float | None] = mapped_column(Float)
    platform_message_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    interview: Mapped[Interview] = relationship()


class Report(Base):
    """The structured report of a completed interview (DESIGN 6)."""

    __tablename__ = "reports"
    __table_args__ = (
        # Covers the digest's per-period aggregates (reports are written at completion time).
        Index(
            "ix_reports_created_figures", "created_at", "id", "interview_id", "sentiment", "enps"
        ),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), unique=True
    )
    summary: Mapped[str] = mapped_column(Text)
    reasons: Mapped[list[str]] = mapped_column(JSON)
    themes: Mapped[list[str]] = mapped_column(JSON)
    sentiment: Mapped[float] = mapped_column(Float)
    enps: Mapped[int | None] = mapped_column(Integer)
    would_return: Mapped[bool | None] = mapped_column(Boolean)
    recommendations: Mapped[list[str]] = mapped_column(JSON)
    notable_quotes: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReportReason(Base):
    """One row per reason of a report, so top reasons are a plain GROUP BY on any database."""

    __tablename__ = "report_reasons"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    rank: Mapped[int] = mapped_column(Integer, default=0)


class ReportTheme(Base):
    """One row per theme of a report, for SQL aggregates."""

    __tablename__ = "report_themes"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(300), primary_key=True)


class InboxEvent(Base):
    """A platform event written before it is acknowledged; unique per platform event id."""

    __tablename__ = "inbox_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_id"),
        Index("ix_inbox_events_pending", "processed_at", "received_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="message")
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error: Mapped[str | None] = mapped_column(String(500))


class OutboxMessage(Base):
    """An outgoing message, written with the state change that produced it, until the
    platform accepts it (``sent``) or it is given up (``failed``).

    ``payload`` (the reply or document, encrypted when a key is set) is cleared once sent.
    Messages with the same ``ordering_key`` are delivered in ``id`` order.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index(
            "ix_outbox_pending_due",
            "next_attempt_at",
            "id",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        Index(
            "ix_outbox_pending_key",
            "ordering_key",
            "id",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        Index("ix_outbox_interview", "interview_id"),
        Index("ix_outbox_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    ordering_key: Mapped[str] = mapped_column(String(300))
    platform: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(16))
    interview_id: Mapped[int | None] = mapped_column(Id)
    destination: Mapped[dict[str, Any]] = mapped_column(JSON)
    payload: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    give_up_at: Mapped[datetime] = mapped_column(UtcDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))


class DigestRun(Base):
    """A digest period claimed by one replica, so each period is posted exactly once."""

    __tablename__ = "digest_runs"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    period_key: Mapped[str] = mapped_column(String(100), unique=True)
    period_start: Mapped[datetime] = mapped_column(UtcDateTime)
    period_end: Mapped[datetime] = mapped_column(UtcDateTime)
    destination: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="claimed")
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error: Mapped[str | None] = mapped_column(String(500))


class ApiToken(Base):
    """A REST API / dashboard token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RateWindow(Base):
    """How many requests one caller made in one window of one limit; shared by every
    replica, so a limit holds however many serve. Old windows are deleted as new ones open."""

    __tablename__ = "rate_windows"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)


class IdempotentResponse(Base):
    """The first response to an API write sent with an ``Idempotency-Key``, replayed to a
    retry of the same request."""

    __tablename__ = "api_idempotency"
    __table_args__ = (UniqueConstraint("token_name", "key"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_name: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Setting(Base):
    """Key-value settings changed at run time (e.g. the digest channel set by ``digest here``)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class QuestionPlanVersion(Base):
    """A question plan HR stored through the API. Rows are only ever inserted: an interview
    refers to the version it was opened with, so a version may never change or go away."""

    __tablename__ = "question_plans"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str | None] = mapped_column(String(100))
