"""Scheduled work every replica runs: digests, reminders, scheduled invitations, expiry,
retention, inbox sweeps."""

from exitbot.scheduler.jobs import LifecycleRules, ScheduledJobs
from exitbot.scheduler.runner import ExitBotScheduler, JobTimings
from exitbot.scheduler.schedule import DigestSchedule, DigestSlot

__all__ = [
    "DigestSchedule",
    "DigestSlot",
    "ExitBotScheduler",
    "JobTimings",
    "LifecycleRules",
    "ScheduledJobs",
]
