"""Only HR may use the commands; everyone else is refused politely, and every attempt is logged
with the command word alone (arguments may hold names)."""

from __future__ import annotations

from dataclasses import dataclass, field

from structlog.testing import capture_logs

from exitbot.core.messages import Platform, UserRef
from exitbot.hr import HrAuthorizer
from tests.hr.scenarios import HR, run, text

OUTSIDER = UserRef(Platform.SLACK, "U999", "Otto Outsider")


@dataclass
class FakeGroup:
    members: set[str] = field(default_factory=set)
    fail: bool = False
    asked: list[str] = field(default_factory=list)

    async def is_member(self, user: UserRef) -> bool:
        self.asked.append(user.key)
        if self.fail:
            raise ConnectionError("usergroups.users.list failed")
        return user.user_id in self.members


async def test_hr_user_from_the_list_may_run_commands(service) -> None:
    response = await run(service, "list")
    assert response.ok
    assert "No interviews match" in text(response)


async def test_non_hr_caller_is_refused_and_the_attempt_logged(service) -> None:
    with capture_logs() as logs:
        response = await run(service, "start <@U5|Secret Person> dept=x", caller=OUTSIDER)
    assert not response.ok
    assert text(response) == "Sorry, only the HR team can use /exitbot commands."
    refused = [entry for entry in logs if entry["event"] == "hr_command_refused"]
    assert refused == [
        {
            "event": "hr_command_refused",
            "caller": "slack:U999",
            "command": "start",
            "log_level": "warning",
        }
    ]
    assert "Secret" not in repr(logs)


async def test_refused_unknown_words_are_not_logged_verbatim(service) -> None:
    with capture_logs() as logs:
        await run(service, "Secret Person", caller=OUTSIDER)
    assert [e["command"] for e in logs if e["event"] == "hr_command_refused"] == ["(unknown)"]
    assert "Secret" not in repr(logs)


async def test_accepted_commands_are_logged(service) -> None:
    with capture_logs() as logs:
        await run(service, "show 1")
    accepted = [e for e in logs if e["event"] == "hr_command"]
    assert accepted == [
        {"event": "hr_command", "caller": "slack:UHR1", "command": "show", "log_level": "info"}
    ]


async def test_the_same_id_on_another_platform_is_not_hr(service) -> None:
    response = await run(service, "list", caller=UserRef(Platform.TEAMS, "UHR1"))
    assert not response.ok


async def test_members_of_the_hr_group_are_hr(make_service) -> None:
    group = FakeGroup(members={"U42"})
    service = await make_service(hr_users=(), groups=group)
    member = await run(service, "list", caller=UserRef(Platform.SLACK, "U42"))
    outsider = await run(service, "list", caller=OUTSIDER)
    assert member.ok
    assert not outsider.ok
    assert group.asked == ["slack:U42", "slack:U999"]


async def test_a_failing_group_lookup_refuses_rather_than_crashes(make_service) -> None:
    service = await make_service(hr_users=(), groups=FakeGroup(members={"U42"}, fail=True))
    response = await run(service, "list", caller=UserRef(Platform.SLACK, "U42"))
    assert not response.ok
    assert "only the HR team" in text(response)


async def test_listed_users_skip_the_group_lookup() -> None:
    group = FakeGroup()
    authorizer = HrAuthorizer(["slack:UHR1", " teams:29:1abc "], group)
    assert await authorizer.is_hr(HR)
    assert await authorizer.is_hr(UserRef(Platform.TEAMS, "29:1abc"))
    assert group.asked == []
