"""When digests are due: DIGEST_CRON in TIMEZONE, with each run named by its local wall time.

Naming a run by the wall-clock minute it was due (``digest@2026-11-02T09:00``) makes the
period key identical on every replica and collapses the repeated hour when clocks fall back
(a 02:30 cron fires twice that night in UTC, but there is one 02:30 digest).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from apscheduler.triggers.cron import CronTrigger

from exitbot.digest.builder import Period

_FIRST_LOOKBACK = timedelta(hours=1)
_MAX_LOOKBACK = timedelta(days=4 * 366)


@dataclass(frozen=True, slots=True)
class DigestSlot:
    """One scheduled digest: when it was due, its claim key and the period it covers."""

    due_at: datetime
    key: str
    period: Period


class DigestSchedule:
    def __init__(self, cron: str, tz: tzinfo, *, days: int = 7) -> None:
        self.cron = cron
        self.tz = tz
        self.days = days
        self.trigger = CronTrigger.from_crontab(cron, timezone=tz)

    def slot(self, due_at: datetime) -> DigestSlot:
        local = due_at.astimezone(self.tz)
        return DigestSlot(
            due_at=due_at,
            key=f"digest@{local:%Y-%m-%dT%H:%M}",
            period=Period.ending(due_at, self.days),
        )

    def upcoming(self, after: datetime) -> Iterator[DigestSlot]:
        """Slots due after ``after``, in order, one per distinct wall-clock time."""
        previous: DigestSlot | None = None
        fire = self.trigger.get_next_fire_time(None, _just_after(after))
        while fire is not None:
            slot = self.slot(fire)
            if previous is None or slot.key != previous.key:
                yield slot
            previous = slot
            fire = self.trigger.get_next_fire_time(fire, _just_after(fire))

    def latest_due(self, now: datetime) -> DigestSlot | None:
        """The most recent slot due at or before ``now`` (what a catch-up posts), or None."""
        lookback = _FIRST_LOOKBACK
        while lookback <= _MAX_LOOKBACK:
            fire = self.trigger.get_next_fire_time(None, now - lookback)
            if fire is not None and fire <= now:
                while True:
                    following = self.trigger.get_next_fire_time(fire, _just_after(fire))
                    if following is None or following > now:
                        return self.slot(fire)
                    fire = following
            lookback *= 2
        return None


def _just_after(moment: datetime) -> datetime:
    """One microsecond later in absolute time (local arithmetic would lose DST's fold)."""
    return moment.astimezone(UTC) + timedelta(microseconds=1)
