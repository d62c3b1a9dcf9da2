"""Scheduled work every replica runs: digests, reminders, expiry, retention, inbox sweeps."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from exitbot.delivery.dispatcher import ConversationDispatcher
from exitbot.delivery.sweeper import InboxSweeper
from exitbot.digest.service import build_digest_service
from exitbot.engine import utc_now
from exitbot.scheduler.jobs import LifecycleRules, ScheduledJobs
from exitbot.scheduler.runner import ExitBotScheduler, JobTimings
from exitbot.scheduler.schedule import DigestSchedule, DigestSlot

if TYPE_CHECKING:
    from exitbot.bootstrap import Services

__all__ = [
    "DigestSchedule",
    "DigestSlot",
    "ExitBotScheduler",
    "InboxSweeper",
    "JobTimings",
    "LifecycleRules",
    "ScheduledJobs",
    "build_jobs",
    "build_scheduler",
    "scheduler_lifespan",
]


def build_jobs(
    services: Services,
    clock: Callable[[], datetime] = utc_now,
    schedule: DigestSchedule | None = None,
) -> ScheduledJobs:
    """The jobs wired to ``services`` (the digest service, engine, outbounds and database)."""
    settings = services.settings
    return ScheduledJobs(
        database=services.database,
        engine=services.engine,
        outbounds=services.outbounds,
        digests=build_digest_service(settings, services.database, services.outbounds, clock=clock),
        schedule=schedule or DigestSchedule(settings.digest_cron, settings.tz),
        sweeper=InboxSweeper(
            services.database, ConversationDispatcher(services.engine, services.outbounds), clock
        ),
        rules=LifecycleRules(
            remind_after=timedelta(hours=settings.reminder_after_hours),
            expire_after=timedelta(days=settings.expire_after_days),
            retain_for=timedelta(days=settings.retention_days),
            tz=settings.tz,
        ),
        clock=clock,
    )


def build_scheduler(
    services: Services,
    *,
    clock: Callable[[], datetime] = utc_now,
    timings: JobTimings | None = None,
) -> ExitBotScheduler:
    schedule = DigestSchedule(services.settings.digest_cron, services.settings.tz)
    return ExitBotScheduler(
        build_jobs(services, clock, schedule), schedule, timings=timings, clock=clock
    )


def scheduler_lifespan(services: Services, **options: Any) -> Callable[[Any], AsyncIterator[None]]:
    """An aiohttp ``cleanup_ctx`` entry: the scheduler runs while the app runs."""

    async def lifespan(_app: Any) -> AsyncIterator[None]:
        scheduler = build_scheduler(services, **options)
        scheduler.start()
        try:
            yield
        finally:
            scheduler.shutdown()

    return lifespan
