"""When digests are due: DIGEST_CRON in TIMEZONE across both DST transitions (Europe/Berlin)."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import islice
from zoneinfo import ZoneInfo

from exitbot.scheduler import DigestSchedule

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def next_due(cron: str, after: datetime, count: int) -> list[datetime]:
    schedule = DigestSchedule(cron, BERLIN)
    return [slot.due_at.astimezone(UTC) for slot in islice(schedule.upcoming(after), count)]


def test_weekly_digest_stays_at_nine_local_across_spring_forward() -> None:
    # Clocks go from 02:00 CET to 03:00 CEST on Sunday 29 March 2026.
    assert next_due("0 9 * * MON", utc(2026, 3, 20), 2) == [
        utc(2026, 3, 23, 8, 0),  # 09:00 CET
        utc(2026, 3, 30, 7, 0),  # 09:00 CEST
    ]


def test_weekly_digest_stays_at_nine_local_across_fall_back() -> None:
    # Clocks go from 03:00 CEST back to 02:00 CET on Sunday 25 October 2026.
    assert next_due("0 9 * * MON", utc(2026, 10, 15), 2) == [
        utc(2026, 10, 19, 7, 0),  # 09:00 CEST
        utc(2026, 10, 26, 8, 0),  # 09:00 CET
    ]


def test_a_time_inside_the_skipped_hour_fires_once_that_night() -> None:
    assert next_due("30 2 * * *", utc(2026, 3, 28, 12), 2) == [
        utc(2026, 3, 29, 1, 30),  # 02:30 does not exist; it runs at 03:30 CEST
        utc(2026, 3, 30, 0, 30),
    ]


def test_a_time_inside_the_repeated_hour_fires_once_that_night() -> None:
    # 02:30 happens twice on 25 October (00:30 and 01:30 UTC): one digest, one key.
    assert next_due("30 2 * * *", utc(2026, 10, 24, 12), 2) == [
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 26, 1, 30),
    ]
    schedule = DigestSchedule("30 2 * * *", BERLIN)
    first, second = schedule.slot(utc(2026, 10, 25, 0, 30)), schedule.slot(utc(2026, 10, 25, 1, 30))
    assert first.key == second.key == "digest@2026-10-25T02:30"


def test_latest_due_is_the_most_recent_run_at_or_before_now() -> None:
    weekly = DigestSchedule("0 9 * * MON", BERLIN)
    due = weekly.latest_due(utc(2026, 11, 2, 8, 0))
    assert due is not None and due.due_at == utc(2026, 11, 2, 8, 0)
    assert due.key == "digest@2026-11-02T09:00"
    assert due.period.start == utc(2026, 10, 26, 8, 0) and due.period.end == due.due_at
    earlier = weekly.latest_due(utc(2026, 11, 2, 7, 59))
    assert earlier is not None and earlier.due_at == utc(2026, 10, 26, 8, 0)

    every_minute = DigestSchedule("* * * * *", BERLIN)
    latest = every_minute.latest_due(utc(2026, 11, 2, 8, 0, 42))
    assert latest is not None and latest.due_at == utc(2026, 11, 2, 8, 0)

    yearly = DigestSchedule("0 9 1 1 *", BERLIN)
    new_year = yearly.latest_due(utc(2026, 11, 2))
    assert new_year is not None and new_year.due_at == utc(2026, 1, 1, 8, 0)
