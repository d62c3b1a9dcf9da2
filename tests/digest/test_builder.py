"""The digest's figures from interviews run through the engine: folding of small departments,
the sentiment trend and its change, eNPS, the counts by status, and quotes HR may read."""

from __future__ import annotations

from datetime import timedelta

from exitbot.core.messages import Platform, UserRef
from exitbot.digest import DigestBuilder, Period
from exitbot.engine import InterviewService
from exitbot.store import Database
from tests.conftest import FakeClock
from tests.digest.harness import (
    DIGEST_DUE,
    SEED_TIME,
    person,
    seed_completed,
    seed_started,
    store_raw_quotes,
)
from tests.support import say


async def test_departments_under_five_are_folded_into_other(
    engine: InterviewService, database: Database, clock: FakeClock
) -> None:
    clock.set(SEED_TIME)
    for index in range(5):
        await seed_completed(engine, person(f"UE{index}", f"Eng {index}"), department="Eng")
    await seed_completed(engine, person("US1", "Sales One"), department="Sales")
    await seed_completed(engine, person("UL1", "Legal One"), department="Legal")

    digest = await DigestBuilder(database).build(Period.ending(DIGEST_DUE, 7))

    assert [(d.department, d.completed) for d in digest.departments] == [("Eng", 5), ("other", 2)]
    assert digest.completed == 7 and digest.enps_responses == 7
    assert digest.enps == 0.0  # everyone answered "7 out of 10": passives only


async def test_counts_trend_and_change_from_the_previous_period(
    engine: InterviewService, database: Database, clock: FakeClock
) -> None:
    clock.set(SEED_TIME - timedelta(days=7))  # the week before
    await seed_completed(engine, person("UP1", "Prev One"))
    clock.set(SEED_TIME)
    await seed_completed(engine, person("UC1", "Cur One"))
    declined = person("UD1", "Dee Clined")
    await seed_started(engine, person("UI1", "In Progress"))
    await engine.invite(declined)
    await say(engine, declined, "no")

    digest = await DigestBuilder(database).build(Period.ending(DIGEST_DUE, 7))

    assert (digest.completed, digest.in_progress, digest.declined, digest.expired) == (1, 1, 1, 0)
    assert digest.invited == 3
    assert [point.completed for point in digest.sentiment_trend] == [0, 0, 0, 0, 1, 1]
    assert digest.previous_average_sentiment == digest.sentiment_trend[-2].average_sentiment
    assert digest.average_sentiment == digest.sentiment_trend[-1].average_sentiment
    assert digest.sentiment_change == 0.0


async def test_quotes_mask_the_speakers_email_local_part_names_and_links(
    engine: InterviewService, database: Database, clock: FakeClock
) -> None:
    clock.set(SEED_TIME)
    robin = UserRef(Platform.SLACK, "U0ROBIN", "Robin Park", "rpark77@corp.test")
    interview_id = await seed_completed(engine, robin, department="Eng")
    await store_raw_quotes(
        database,
        interview_id,
        ["Ask rpark77 or PARK: the pay stalled from 2023, see https://robin-park.example/cv."],
    )

    digest = await DigestBuilder(database).build(Period.ending(DIGEST_DUE, 7))

    assert digest.quotes == ["Ask [name] or [name]: the pay stalled from 2023, see [link]."]
