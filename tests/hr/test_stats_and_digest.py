"""`stats` from the digest's SQL aggregates, and `digest now` / `digest here`."""

from __future__ import annotations

from exitbot.core.messages import Platform, UserRef
from tests.hr.scenarios import HR_CHANNEL, codes, complete, lines, run, text
from tests.support import employee, say


async def test_stats_counts_reasons_sentiment_and_enps(service, engine, clock) -> None:
    await complete(engine, employee("U1", "Ann Lee"), department="Engineering")
    await complete(
        engine,
        employee("U2", "Bo Chen"),
        department="Engineering",
        answers={"reason_for_leaving": "My manager micromanaged every single thing I did."},
    )
    await say(engine, employee("U3", "Cy Diaz"), "hi")
    await say(engine, employee("U3", "Cy Diaz"), "no")
    clock.advance(hours=1)
    response = await run(service, "stats")
    assert response.ok
    shown = lines(response)
    assert shown[0] == "ExitBot stats: the last 30 days (2026-10-03 to 2026-11-02)"
    assert shown[1:6] == [
        "Completed: 2",
        "In progress: 0",
        "Declined: 1",
        "Expired: 0",
        "New invitations: 3",
    ]
    assert shown[6].startswith("Participation rate: 67%")
    assert shown[7].startswith("Average sentiment: -0.06")
    assert shown[8] == "eNPS: +0 (2 responses)"
    reasons = shown[shown.index("Top reasons") + 1 :]
    assert reasons[:3] == ["career growth: 2", "compensation: 2", "management: 1"]
    assert "other: 2 completed, sentiment" in text(response), "departments under 5 are folded"
    assert "Engineering" not in text(response)


async def test_stats_window_and_bad_window(service, engine, clock) -> None:
    await complete(engine, employee("U1", "Ann Lee"))
    clock.advance(days=60)
    recent = await run(service, "stats 30d")
    longer = await run(service, "stats 90d")
    bad = await run(service, "stats forever")
    assert "Completed: 0" in lines(recent)
    assert "Completed: 1" in lines(longer) and "the last 90 days" in text(longer)
    assert not bad.ok
    assert text(bad).endswith("Usage: stats [30d|90d|365d]")
    assert codes(bad) == ["stats [30d|90d|365d]"]


async def test_anonymous_interviews_leave_no_trace_in_stats(service, engine, clock) -> None:
    zelda = UserRef(Platform.SLACK, "U777", "Zelda Quill", "zelda@corp.test")
    await complete(engine, zelda, department="Zelda Quill's team", consent="anonymous")
    await say(engine, UserRef(Platform.SLACK, "U778", "Yuri Stall"), "hi")
    clock.advance(days=5)
    shown = text(await run(service, "stats 365d"))
    for secret in ("Zelda", "Quill", "U777", "Yuri", "U778"):
        assert secret not in shown


async def test_digest_now_and_here(service, outbound) -> None:
    nowhere = await run(service, "digest now")
    here = await run(service, "digest here", channel=HR_CHANNEL)
    now = await run(service, "digest now")
    month = await run(service, "digest now 30d")
    assert not nowhere.ok and "There is no digest channel yet" in text(nowhere)
    assert (here.ok, text(here)) == (
        True,
        "Done: digests will be posted in this channel from now on.",
    )
    assert (now.ok, text(now)) == (
        True,
        "Posted the digest for the last 7 days to the digest channel (0 completed interviews).",
    )
    assert month.ok and "last 30 days" in text(month)
    assert [
        (c.conversation_id, d.title.startswith("ExitBot digest")) for c, d in outbound.documents
    ] == [
        ("CHR", True),
        ("CHR", True),
    ]


async def test_digest_problems_are_explained(service, outbound) -> None:
    await run(service, "digest here", channel=HR_CHANNEL)
    outbound.send_failure = "not_in_channel"
    failed = await run(service, "digest now")
    nowhere = await run(service, "digest here")
    bad = await run(service, "digest tomorrow")
    assert (failed.ok, text(failed)) == (False, "I couldn't post the digest: not_in_channel")
    assert not nowhere.ok and "Run digest here in the channel" in text(nowhere)
    assert codes(nowhere) == ["digest here"]
    assert not bad.ok and text(bad).endswith("Usage: digest now | digest here")
    assert codes(bad) == ["digest now", "digest here", "digest now | digest here"]
    assert outbound.documents == []
