"""`remind ID` / `cancel ID`: the engine's nudge reaches the employee through the outbound."""

from __future__ import annotations

from exitbot.bootstrap import ExitBot
from exitbot.core.messages import ConversationRef, Platform, ReplyKind
from tests.hr.fake_outbound import FakeOutbound
from tests.hr.scenarios import complete, run, start_answering, text
from tests.support import employee, interview_row


async def invited(hr_bot: ExitBot, outbound: FakeOutbound) -> int:
    """Ann's interview, its invitation delivered and forgotten by the fake."""
    outcome = await hr_bot.interviews.invite(employee("U1", "Ann Lee"))
    await hr_bot.outbox.flush()
    outbound.opened.clear()
    outbound.outbox.clear()
    assert outcome.interview_id is not None
    return outcome.interview_id


async def test_remind_uses_the_stored_conversation(
    service, hr_bot, engine, outbound, database
) -> None:
    user = employee("U1", "Ann Lee")
    interview_id = await start_answering(
        engine, user, "Fine.", conversation=ConversationRef(Platform.SLACK, "D-stored")
    )
    await hr_bot.outbox.flush()
    outbound.opened.clear()
    outbound.outbox.clear()
    response = await run(service, f"remind {interview_id}")
    assert (response.ok, text(response)) == (
        True,
        f"Sent a reminder for interview #{interview_id}.",
    )
    assert outbound.opened == []
    [reminder] = outbound.sent_to("D-stored")
    assert reminder.text.startswith("Hi again! A gentle nudge")
    assert reminder.interview_id == interview_id
    assert (await interview_row(database, interview_id)).reminded_at is not None


async def test_remind_opens_a_dm_when_none_is_stored(service, hr_bot, outbound) -> None:
    await invited(hr_bot, outbound)
    response = await run(service, "remind 1")
    assert response.ok
    assert [u.user_id for u in outbound.opened] == ["U1"]
    [reminder] = outbound.sent_to("DM-U1")
    assert reminder.kind is ReplyKind.QUESTION and reminder.choices, "consent buttons again"


async def test_remind_that_cannot_be_delivered_says_why(service, hr_bot, outbound) -> None:
    await invited(hr_bot, outbound)
    outbound.unreachable["U1"] = "no conversation reference stored for this user"
    response = await run(service, "remind 1")
    assert not response.ok
    assert text(response) == (
        "Interview #1 is marked as reminded, but the reminder didn't reach the employee: "
        "no conversation reference stored for this user."
    )


async def test_remind_or_cancel_a_finished_or_missing_interview(service, engine, outbound) -> None:
    interview_id = await complete(engine, employee("U1", "Ann Lee"))
    finished = await run(service, f"remind {interview_id}")
    missing = await run(service, "cancel 99")
    assert (finished.ok, text(finished)) == (
        False,
        f"I can't remind interview #{interview_id}: it is completed.",
    )
    assert (missing.ok, text(missing)) == (
        False,
        "I can't cancel interview #99: there is no interview 99.",
    )
    assert outbound.outbox == []


async def test_cancel_withdraws_and_tells_the_employee(service, hr_bot, outbound, database) -> None:
    await invited(hr_bot, outbound)
    response = await run(service, "cancel #1")
    assert (response.ok, text(response)) == (
        True,
        "Cancelled interview #1; the employee has been told.",
    )
    assert (await interview_row(database, 1)).status == "cancelled"
    [notice] = outbound.sent_to("DM-U1")
    assert notice.text.startswith("HR has withdrawn this exit interview")
    again = await run(service, "cancel 1")
    assert not again.ok and "it is cancelled" in text(again)


async def test_cancel_still_counts_when_the_notice_fails(
    service, hr_bot, outbound, database
) -> None:
    await invited(hr_bot, outbound)
    outbound.send_failure = "account_inactive"
    response = await run(service, "cancel 1")
    assert (
        text(response)
        == "Cancelled interview #1, but I couldn't tell the employee: account_inactive."
    )
    assert (await interview_row(database, 1)).status == "cancelled"
