"""The APScheduler 3 ``AsyncIOScheduler`` every replica runs inside ``exitbot serve``.

The digest fires on DIGEST_CRON in TIMEZONE; a catch-up run shortly after start posts the
most recent due digest if no replica has (and retries a failed one later). The periodic
jobs first run shortly after start too, so a replica that restarts often still does them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

import structlog
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from exitbot.core.clock import Clock, SystemClock
from exitbot.scheduler.jobs import ScheduledJobs
from exitbot.scheduler.schedule import DigestSchedule

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class JobTimings:
    """How often the periodic jobs run, and how long after start they first run."""

    first_run_after: timedelta = timedelta(seconds=30)
    digest_retry_every: timedelta = timedelta(minutes=30)
    reminders_every: timedelta = timedelta(minutes=10)
    invitations_every: timedelta = timedelta(minutes=5)
    expiry_every: timedelta = timedelta(hours=1)
    retention_every: timedelta = timedelta(hours=24)
    inbox_sweep_every: timedelta = timedelta(minutes=1)


class ExitBotScheduler:
    def __init__(
        self,
        jobs: ScheduledJobs,
        schedule: DigestSchedule,
        *,
        timings: JobTimings | None = None,
        clock: Clock,
    ) -> None:
        self._jobs = jobs
        self._schedule = schedule
        self._timings = timings or JobTimings()
        self._clock = clock
        self._scheduler = AsyncIOScheduler(timezone=schedule.tz)
        self._ran: dict[str, int] = {}
        self._ran_changed = asyncio.Event()
        self._scheduler.add_listener(self._job_done, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        self._add_jobs()

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def job_ids(self) -> list[str]:
        return sorted(job.id for job in self._scheduler.get_jobs())

    async def ran(self, job_ids: Collection[str]) -> None:
        """Return once each of ``job_ids`` has run at least once (tests, start-up checks)."""
        while not all(self._ran.get(job_id) for job_id in job_ids):
            self._ran_changed.clear()
            await self._ran_changed.wait()

    def _job_done(self, event: JobExecutionEvent) -> None:
        self._ran[event.job_id] = self._ran.get(event.job_id, 0) + 1
        self._ran_changed.set()

    def start(self) -> None:
        """Start firing jobs (call inside the running event loop)."""
        self._scheduler.start()
        upcoming = next(self._schedule.upcoming(self._clock.now()), None)
        log.info(
            "scheduler_started",
            digest_cron=self._schedule.cron,
            timezone=str(self._schedule.tz),
            next_digest=upcoming.due_at.isoformat() if upcoming else None,
        )

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def _add_jobs(self) -> None:
        t = self._timings
        # APScheduler fires on the real clock; the jobs read the injected one.
        first = SystemClock().now() + t.first_run_after
        common = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        self._scheduler.add_job(
            self._jobs.post_due_digest, self._schedule.trigger, id="digest", **common
        )
        periodic = [
            ("digest_catch_up", self._jobs.post_due_digest, t.digest_retry_every, 0),
            ("inbox_sweep", self._jobs.sweep_inbox, t.inbox_sweep_every, 1),
            ("reminders", self._jobs.send_reminders, t.reminders_every, 2),
            ("expiry", self._jobs.expire_idle, t.expiry_every, 3),
            ("retention", self._jobs.purge_transcripts, t.retention_every, 4),
            ("invitations", self._jobs.send_due_invitations, t.invitations_every, 5),
        ]
        for job_id, func, every, stagger in periodic:
            self._scheduler.add_job(
                func,
                IntervalTrigger(seconds=every.total_seconds(), timezone=self._schedule.tz),
                id=job_id,
                next_run_time=first + timedelta(seconds=stagger),
                **common,
            )
