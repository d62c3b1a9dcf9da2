"""Reminders reach people during their own working hours (Slack's users.info timezone)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from exitbot.core.messages import Platform, UserRef
from exitbot.store.lifecycle import claim_due_reminders, is_reasonable_hour
from tests.support import say


def test_working_hours_on_the_employees_clock():
    monday_9_utc = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert is_reasonable_hour(monday_9_utc, "Europe/Berlin", UTC)  # 10:00
    assert not is_reasonable_hour(monday_9_utc, "Pacific/Auckland", UTC)  # 22:00
    assert not is_reasonable_hour(monday_9_utc, "America/Los_Angeles", UTC)  # 01:00
    assert is_reasonable_hour(monday_9_utc, None, UTC)
    assert is_reasonable_hour(monday_9_utc, "Not/AZone", UTC)  # falls back to the default
    saturday = datetime(2026, 11, 7, 11, 0, tzinfo=UTC)
    assert not is_reasonable_hour(saturday, "Europe/Berlin", ZoneInfo("UTC"))


async def test_only_people_in_working_hours_are_claimed(engine, database, clock):
    berlin = UserRef(Platform.SLACK, "UBER", "Berta", timezone="Europe/Berlin")
    auckland = UserRef(Platform.SLACK, "UAKL", "Aroha", timezone="Pacific/Auckland")
    ids = {}
    for user in (berlin, auckland):
        ids[user.user_id] = (await say(engine, user, "hi")).interview_id
    clock.advance(hours=49)  # Wednesday 10:00 UTC: 11:00 in Berlin, 23:00 in Auckland
    claimed = await claim_due_reminders(
        database, clock.now(), timedelta(hours=48), [Platform.SLACK]
    )
    assert claimed == [ids["UBER"]]
    clock.advance(hours=12)  # 11:00 in Auckland on Thursday
    later = await claim_due_reminders(database, clock.now(), timedelta(hours=48), [Platform.SLACK])
    assert later == [ids["UAKL"]]
