"""`stats` from the digest's SQL aggregates, and `digest now` / `digest here`."""

from __future__ import annotations

from dataclasses import dataclass, field

from exitbot.core.messages import ConversationRef, Platform, UserRef
from exitbot.core.ports import DeliveryError
from tests.hr.scenarios import HR_CHANNEL, complete, run
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
    lines = response.text.splitlines()
    assert lines[0] == "*ExitBot stats: the last 30 days* (2026-10-03 to 2026-11-02)"
    assert lines[1] == ("Completed 2 · In progress 0 · Declined 1 · Expired 0 · New invitations 3")
    assert lines[2].startswith("Participation rate: 67%")
    assert lines[3].startswith("Average sentiment: +")
    assert lines[4] == "eNPS: +0 (2 responses)"
    reasons = lines[lines.index("*Top reasons*") + 1 :]
    assert reasons[:3] == ["• career growth: 1", "• compensation: 1", "• management: 1"]
    assert "• other: 2 completed" in response.text, "departments under 5 are folded"
    assert "Engineering" not in response.text


async def test_stats_window_and_bad_window(service, engine, clock) -> None:
    await complete(engine, employee("U1", "Ann Lee"))
    clock.advance(days=60)
    recent = await run(service, "stats 30d")
    longer = await run(service, "stats 90d")
    bad = await run(service, "stats forever")
    assert "Completed 0" in recent.text
    assert "Completed 1" in longer.text and "the last 90 days" in longer.text
    assert not bad.ok
    assert bad.text.endswith("Usage: `stats [30d|90d|365d]`")


async def test_anonymous_interviews_leave_no_trace_in_stats(service, engine, clock) -> None:
    zelda = UserRef(Platform.SLACK, "U777", "Zelda Quill", "zelda@corp.test")
    await complete(engine, zelda, department="Zelda Quill's team", consent="anonymous")
    await say(engine, UserRef(Platform.SLACK, "U778", "Yuri Stall"), "hi")
    clock.advance(days=5)
    text = (await run(service, "stats 365d")).text
    for secret in ("Zelda", "Quill", "U777", "Yuri", "U778"):
        assert secret not in text


@dataclass
class FakeDigests:
    calls: list[tuple[str, object]] = field(default_factory=list)
    failure: str | None = None

    async def post_now(self, *, days: int = 7, destination: ConversationRef | None = None) -> str:
        if self.failure:
            raise DeliveryError(self.failure)
        self.calls.append(("post_now", days))
        return "Posted the digest to #hr."

    async def set_destination(self, destination: ConversationRef) -> str:
        self.calls.append(("set_destination", destination))
        return "This channel now receives the digest."


async def test_digest_now_and_here(make_service) -> None:
    digests = FakeDigests()
    service = make_service(digests=digests)
    now = await run(service, "digest now")
    month = await run(service, "digest now 30d")
    here = await run(service, "digest here", channel=HR_CHANNEL)
    assert (now.ok, now.text) == (True, "Posted the digest to #hr.")
    assert month.ok
    assert (here.ok, here.text) == (True, "This channel now receives the digest.")
    assert digests.calls == [
        ("post_now", 7),
        ("post_now", 30),
        ("set_destination", HR_CHANNEL),
    ]


async def test_digest_problems_are_explained(make_service, service) -> None:
    digests = FakeDigests(failure="not_in_channel")
    wired = make_service(digests=digests)
    failed = await run(wired, "digest now")
    nowhere = await run(wired, "digest here")
    unconfigured = await run(service, "digest now")
    bad = await run(wired, "digest tomorrow")
    assert (failed.ok, failed.text) == (False, "I couldn't post the digest: not_in_channel.")
    assert not nowhere.ok and "Run `digest here` in the channel" in nowhere.text
    assert not unconfigured.ok and "Digests are not configured" in unconfigured.text
    assert not bad.ok and bad.text.endswith("Usage: `digest now | digest here`")
    assert digests.calls == []
