"""Reply latency pairs a turn's outbox rows with the moment its event was stored, whichever
of the pipeline and the outbox worker speaks first."""

from __future__ import annotations

from exitbot.ops.replies import ReplyTimer


def timer(remembered: int = 100) -> tuple[ReplyTimer, list[tuple[str, float]]]:
    seen: list[tuple[str, float]] = []
    return ReplyTimer(lambda platform, s: seen.append((platform, s)), remembered=remembered), seen


def test_a_turn_is_timed_once_its_last_reply_is_accepted() -> None:
    replies, seen = timer()
    replies.expect([1, 2], "slack", stored_at=10.0)
    replies.accepted([1], at=10.5)
    assert seen == []
    replies.accepted([2], at=11.25)
    assert seen == [("slack", 1.25)]
    replies.accepted([2], at=12.0)  # a second send of the same row (a lease ran out)
    assert seen == [("slack", 1.25)]


def test_a_reply_sent_before_the_pipeline_said_so_is_still_timed() -> None:
    replies, seen = timer()
    replies.accepted([7], at=5.5)
    replies.expect([7], "teams", stored_at=5.0)
    assert seen == [("teams", 0.5)]


def test_a_given_up_reply_leaves_its_turn_untimed() -> None:
    replies, seen = timer()
    replies.expect([3, 4], "slack", stored_at=1.0)
    replies.abandoned([3])
    replies.accepted([4], at=2.0)
    assert seen == []


def test_memory_is_bounded() -> None:
    replies, seen = timer(remembered=2)
    for outbox_id in range(10):
        replies.accepted([outbox_id], at=float(outbox_id))  # digests, invitations: no turn
        replies.expect([100 + outbox_id], "slack", stored_at=0.0)  # sent by another replica
    replies.expect([0], "slack", stored_at=0.0)  # forgotten: waits instead of a wrong time
    replies.accepted([109], at=3.0)
    assert seen == [("slack", 3.0)]
