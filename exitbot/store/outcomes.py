"""Where an interview ended up: its status and where its report came from (for ``exitbot eval``
and anything else that only needs to know how an interview went)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from exitbot.core.report import ReportSource
from exitbot.core.statuses import InterviewStatus
from exitbot.store.database import Database
from exitbot.store.models import Interview, Report


@dataclass(frozen=True, slots=True)
class InterviewOutcome:
    status: InterviewStatus
    report_source: ReportSource | None  # None until a report is stored


async def interview_outcome(database: Database, interview_id: int) -> InterviewOutcome | None:
    """The interview's status and report source, or None when there is no such interview."""
    async with database.session() as session:
        row = (
            await session.execute(
                select(Interview.status, Report.source)
                .outerjoin(Report, Report.interview_id == Interview.id)
                .where(Interview.id == interview_id)
            )
        ).one_or_none()
    if row is None:
        return None
    status, source = row
    return InterviewOutcome(InterviewStatus(status), ReportSource(source) if source else None)
