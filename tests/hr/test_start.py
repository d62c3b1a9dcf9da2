"""`start`: resolve the person, open the interview, deliver the invitation to their DM."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from exitbot.core.messages import Platform, ReplyKind, UserRef
from exitbot.store.models import Interview
from tests.hr.fake_outbound import FakeOutbound
from tests.hr.scenarios import HR, codes, run, text

DANA = UserRef(Platform.SLACK, "U123", "Dana Smith", "dana@corp.test")


async def interviews(database) -> list[Interview]:
    async with database.session() as session:
        return list((await session.execute(select(Interview).order_by(Interview.id))).scalars())


async def test_start_by_mention_invites_with_details(service, outbound, database) -> None:
    outbound.add_user(DANA)
    response = await run(
        service,
        'start <@U123|dana> dept="Customer Success" last_day=2026-11-04 voluntary regrettable',
    )
    assert response.ok, text(response)
    [row] = await interviews(database)
    assert text(response) == f"Invited Dana Smith to an exit interview (interview #{row.id})."
    assert outbound.lookups == ["U123"]
    assert (row.status, row.department, row.last_day) == (
        "invited",
        "Customer Success",
        date(2026, 11, 4),
    )
    assert (row.voluntary, row.regrettable, row.invited_by) == (True, True, "slack:UHR1")
    [invitation] = outbound.sent_to("DM-U123")
    assert invitation.kind is ReplyKind.INVITATION
    assert invitation.choices, "consent buttons travel with the invitation"
    assert invitation.interview_id == row.id


async def test_start_by_email_and_by_bare_id(service, outbound) -> None:
    outbound.add_user(DANA)
    lee = outbound.add_user(UserRef(Platform.SLACK, "U456", "Lee Park"))
    by_email = await run(service, "start <mailto:dana@corp.test|dana@corp.test>")
    by_id = await run(service, "start U456 involuntary")
    assert by_email.ok and by_id.ok
    assert outbound.lookups == ["dana@corp.test", "U456"]
    assert [user.user_id for user in outbound.opened] == ["U123", lee.user_id]


async def test_start_when_already_active_says_so_and_sends_nothing(
    service, outbound, database
) -> None:
    outbound.add_user(DANA)
    await run(service, "start U123")
    outbound.outbox.clear()
    again = await run(service, "start dana@corp.test")
    [row] = await interviews(database)
    assert text(again).startswith(f"Dana Smith already has an active exit interview (#{row.id}, ")
    assert "invited" in text(again)
    assert f"remind {row.id}" in text(again)
    assert codes(again) == [f"remind {row.id}", f"cancel {row.id}"]
    assert outbound.outbox == []


async def test_unknown_person_is_reported(service, outbound, database) -> None:
    response = await run(service, "start nobody@corp.test")
    assert not response.ok
    assert "couldn't find a Slack user for nobody@corp.test" in text(response)
    assert await interviews(database) == []


async def test_dm_that_cannot_be_opened_keeps_the_interview_and_says_why(
    make_service, database
) -> None:
    teams = FakeOutbound(Platform.TEAMS)
    teams.add_user(UserRef(Platform.TEAMS, "29:dana", "Dana Smith"))
    teams.unreachable["29:dana"] = (
        "Teams has no conversation with this person yet: they need to install ExitBot "
        "or send it a message first"
    )
    service = await make_service(hr_users=["teams:29:hr"], platforms={Platform.TEAMS: teams})
    response = await run(service, "start 29:dana", caller=UserRef(Platform.TEAMS, "29:hr"))
    [row] = await interviews(database)
    assert not response.ok
    assert row.status == "invited"
    assert text(response).startswith(f"Interview #{row.id} for Dana Smith is created, but I ")
    assert "install ExitBot or send it a message first." in text(response)
    assert "starts as soon as they message ExitBot" in text(response)


async def test_a_failed_send_is_reported_too(service, outbound) -> None:
    outbound.add_user(DANA)
    outbound.send_failure = "channel_not_found"
    response = await run(service, "start U123")
    assert not response.ok
    assert "couldn't message them: channel_not_found." in text(response)


async def test_start_on_a_platform_that_is_not_connected(make_service) -> None:
    teams_only = FakeOutbound(Platform.TEAMS)
    service = await make_service(platforms={Platform.TEAMS: teams_only})
    response = await run(service, "start U123", caller=HR)
    assert not response.ok
    assert "not connected to Slack" in text(response)


async def test_names_from_the_platform_cannot_ping(service, outbound) -> None:
    outbound.add_user(UserRef(Platform.SLACK, "U7", "@here <!channel>"))
    response = await run(service, "start U7")
    assert response.ok
    assert "@here" not in text(response) and "<!channel>" not in text(response)


async def test_bad_arguments_get_the_usage_line(service, outbound) -> None:
    response = await run(service, "start U1 last_day=tomorrow")
    assert not response.ok
    assert text(response) == (
        "last_day= must be a date like 2026-11-30.\n"
        "Usage: start @user [dept=…] [last_day=YYYY-MM-DD] [voluntary|involuntary] "
        "[regrettable]"
    )
    assert codes(response)[0] == "last_day="
    assert outbound.lookups == []
