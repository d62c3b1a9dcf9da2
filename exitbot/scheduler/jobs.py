"""The scheduler's jobs as plain async methods, so tests call them directly with a fake clock.

Every job is safe to run on every replica at the same time (claims live in the database)
and never raises: a failure is logged and the next run tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, timedelta, tzinfo

import structlog

from exitbot.core.clock import Clock
from exitbot.delivery.outbox import OutboxWorker
from exitbot.delivery.pipeline import TurnPipeline
from exitbot.digest.service import DigestService, ScheduledResult
from exitbot.engine import InterviewService
from exitbot.ops.metrics import Metrics
from exitbot.scheduler.schedule import DigestSchedule
from exitbot.store.database import Database
from exitbot.store.lifecycle import (
    PurgeResult,
    claim_due_reminders,
    due_invitations,
    expire_idle_interviews,
    purge_old_transcripts,
)

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class LifecycleRules:
    """How long before a reminder, an expiry and a transcript purge (DESIGN 3)."""

    remind_after: timedelta = timedelta(hours=48)
    expire_after: timedelta = timedelta(days=14)
    retain_for: timedelta = timedelta(days=365)
    tz: tzinfo = UTC  # for employees whose own timezone is unknown


class ScheduledJobs:
    def __init__(
        self,
        *,
        database: Database,
        interviews: InterviewService,
        outbox: OutboxWorker,
        pipeline: TurnPipeline,
        digests: DigestService,
        schedule: DigestSchedule,
        rules: LifecycleRules,
        clock: Clock,
        metrics: Metrics | None = None,
    ) -> None:
        self._db = database
        self._interviews = interviews
        self._outbox = outbox
        self._pipeline = pipeline
        self._digests = digests
        self._schedule = schedule
        self._rules = rules
        self._clock = clock
        self._metrics = metrics or Metrics()

    async def post_due_digest(self) -> ScheduledResult | None:
        """Post the most recent due digest unless it was posted already (cron run and catch-up)."""
        slot = self._schedule.latest_due(self._clock.now())
        if slot is None:
            return None
        try:
            result = await self._digests.post_scheduled(slot.key, slot.period)
        except Exception:
            log.exception("digest_job_failed", period=slot.key)
            result = ScheduledResult.FAILED
        self._metrics.digest_run(result.value)
        if result is ScheduledResult.POSTED:
            await self._deliver_now()
        return result

    async def send_reminders(self) -> int:
        """Nudge each interview idle for ``remind_after`` once; returns reminders queued."""
        try:
            claimed = await claim_due_reminders(
                self._db,
                self._clock.now(),
                self._rules.remind_after,
                self._outbox.platforms,
                default_tz=self._rules.tz,
            )
        except Exception:
            log.exception("reminder_job_failed")
            return 0
        queued = 0
        for interview_id in claimed:
            try:
                outcome = await self._interviews.remind(interview_id)
            except Exception:
                log.exception("reminder_failed", interview_id=interview_id)
                continue
            if outcome.problem or not outcome.outbox_ids:
                log.info("reminder_skipped", interview_id=interview_id, reason=outcome.problem)
                continue
            log.info("reminder_queued", interview_id=interview_id)
            queued += 1
        if queued:
            await self._deliver_now()
        return queued

    async def send_due_invitations(self) -> int:
        """Send the invitations that waited for their day (an interview started well ahead
        of ``last_day``); each goes once across replicas. Returns how many this run sent."""
        try:
            due = await due_invitations(self._db, self._clock.now(), self._outbox.platforms)
        except Exception:
            log.exception("invitation_job_failed")
            return 0
        queued = 0
        for interview_id in due:
            try:
                outcome = await self._interviews.send_scheduled_invitation(interview_id)
            except Exception:
                log.exception("scheduled_invitation_failed", interview_id=interview_id)
                continue
            if outcome.problem or not outcome.outbox_ids:
                log.info("scheduled_invitation_skipped", interview_id=interview_id)
                continue
            log.info("scheduled_invitation_queued", interview_id=interview_id)
            queued += 1
        if queued:
            await self._deliver_now()
        return queued

    async def expire_idle(self) -> int:
        try:
            expired = await expire_idle_interviews(
                self._db, self._clock.now(), self._rules.expire_after
            )
        except Exception:
            log.exception("expiry_job_failed")
            return 0
        if expired:
            log.info("interviews_expired", count=expired)
        return expired

    async def purge_transcripts(self) -> PurgeResult | None:
        try:
            result = await purge_old_transcripts(
                self._db, self._clock.now(), self._rules.retain_for
            )
        except Exception:
            log.exception("retention_job_failed")
            return None
        if result.total:
            log.info(
                "transcripts_purged",
                messages=result.messages,
                drafts=result.interviews,
                inbox_events=result.inbox_events,
            )
        return result

    async def _deliver_now(self) -> None:
        """Send what a job queued at once, rather than at the worker's next pass; a failure
        stays in the outbox for the worker to retry."""
        try:
            await self._outbox.flush()
        except Exception:
            log.exception("outbox_flush_failed")

    async def sweep_inbox(self) -> int:
        """Replay events recorded but never finished (a replica died mid-turn)."""
        try:
            return await self._pipeline.replay()
        except Exception:
            log.exception("inbox_sweep_failed")
            return 0
