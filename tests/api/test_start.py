"""POST /api/interviews over HTTP against the fake Slack Web API: the HRIS starts an interview,
retries it safely with an Idempotency-Key, and a far last_day invites on its day, once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
import structlog
from sqlalchemy import func, select

from exitbot.store.models import Interview
from exitbot.store.tokens import TokenRole
from tests.api.harness import ApiClient, running_api
from tests.conftest import FakeClock
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, running_exitbot
from tests.teams.conftest import HarnessFactory, connector, make_teams
from tests.teams.harness import BOB, personal_install

__all__ = ["connector", "make_teams"]  # the Teams harness's fixtures, used below

DM = dm_channel_for(EMPLOYEE)
START = "/api/interviews"
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def interview_rows(api: ApiClient) -> list[Interview]:
    async with api.running.bot.database.session() as session:
        return list((await session.execute(select(Interview).order_by(Interview.id))).scalars())


async def interview_count(api: ApiClient) -> int:
    async with api.running.bot.database.session() as session:
        return int(
            (await session.execute(select(func.count()).select_from(Interview))).scalar_one()
        )


async def test_a_slack_user_id_opens_a_dm_and_posts_the_invitation_there(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api, clock=FakeClock(MONDAY)) as api:
        with structlog.testing.capture_logs() as logs:
            answer = await api.post(
                START,
                json={
                    "user_id": EMPLOYEE,
                    "department": "Engineering",
                    "last_day": "2026-11-04",
                    "voluntary": True,
                    "regrettable": False,
                },
            )
        [row] = await interview_rows(api)

    assert answer.status == 201, answer.body
    assert answer.body == {
        "id": row.id,
        "who": "Dana Smith",
        "anonymous": False,
        "department": "Engineering",
        "status": "invited",
        "created_at": "2026-11-02T09:00:00Z",
        "last_day": "2026-11-04",
        "ended_at": None,
        "invitation": "sent",
        "invite_at": None,
    }
    assert REPLAY_HEADER not in answer.headers
    assert [c.body["users"] for c in slack_api.calls("conversations.open")] == [EMPLOYEE]
    [invitation] = slack_api.channel_messages(DM)
    assert invitation["text"].startswith("Hi Dana Smith! I'm ExitBot")
    assert any(block["type"] == "actions" for block in invitation["blocks"])
    assert (row.invited_by, row.voluntary, row.regrettable) == ("api:hris", True, False)
    [started] = [e for e in logs if e["event"] == "api_interview_started"]
    assert (started["token"], started["interview_id"]) == ("hris", row.id)
    assert not [e for e in logs if "Dana" in repr(e) or "dana@" in repr(e)]


async def test_an_email_is_looked_up_with_users_lookup_by_email(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    slack_api.add_user("U200", "sam", "Sam Lee", "sam@corp.test")
    async with running_api(database_url, slack_api) as api:
        answer = await api.post(START, json={"platform": "slack", "email": "Sam@corp.test "})

    assert answer.status == 201, answer.body
    assert (answer.body["who"], answer.body["invitation"]) == ("Sam Lee", "sent")
    assert [c.body["email"] for c in slack_api.calls("users.lookupByEmail")] == ["Sam@corp.test"]
    assert len(slack_api.channel_messages(dm_channel_for("U200"))) == 1


@pytest.mark.parametrize(
    ("body", "headers", "detail"),
    [
        ({}, {}, "Invalid field 'user_id': give user_id or email"),
        ({"department": "Sales"}, {}, "Invalid field 'user_id': give user_id or email"),
        ({"user_id": "U100", "last_day": "next friday"}, {}, "Invalid field 'last_day': "),
        ({"email": "dana at corp"}, {}, "Invalid field 'email': not an email address"),
        ({"user_id": "dana@corp.test"}, {}, "Invalid field 'user_id': give the platform's"),
        ({"user_id": "U100", "voluntary": "maybe"}, {}, "Invalid field 'voluntary': "),
        ({"user_id": "U100", "nickname": "D"}, {}, "Invalid field 'nickname': "),
        (
            {"user_id": "U100", "platform": "teams"},
            {},
            "Invalid field 'platform': ExitBot is not connected to Microsoft Teams",
        ),
        ({"user_id": "U100", "platform": "irc"}, {}, "Invalid field 'platform': "),
        (
            {"user_id": "U100"},
            {"Idempotency-Key": "k" * 201},
            "Invalid header 'Idempotency-Key': at most 200 characters",
        ),
    ],
)
async def test_a_bad_request_is_refused_naming_the_field_and_sends_nothing(
    database_url: str,
    slack_api: FakeSlackApi,
    body: dict[str, Any],
    headers: dict[str, str],
    detail: str,
) -> None:
    async with running_api(database_url, slack_api) as api:
        answer = await api.post(START, json=body, headers=headers)
        assert await interview_count(api) == 0

    assert answer.status == 422
    assert answer.body["detail"].startswith(detail), answer.body
    assert "dana@corp.test" not in answer.body["detail"]
    assert slack_api.calls("conversations.open") == []


async def test_a_viewer_token_may_not_start_an_interview(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        answer = await api.post(START, json={"user_id": EMPLOYEE}, token="viewer")
        assert await interview_count(api) == 0
    assert answer.status == 403
    assert "hr-admin" in answer.body["detail"]
    assert slack_api.channel_messages(DM) == []


async def test_an_unknown_email_is_404_without_echoing_it(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        answer = await api.post(START, json={"email": "nobody@corp.test"})
        by_id = await api.post(START, json={"user_id": "U999"})
        assert await interview_count(api) == 0
    assert (answer.status, answer.body) == (404, {"detail": "No Slack user with that email"})
    assert (by_id.status, by_id.body) == (404, {"detail": "No Slack user with that user id"})


async def test_a_slack_outage_during_the_lookup_is_503_and_names_no_one(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        slack_api.server_error("users.lookupByEmail", times=5)
        answer = await api.post(START, json={"email": "dana@corp.test"})
        assert await interview_count(api) == 0
    assert answer.status == 503
    assert answer.body["detail"].startswith("Slack could not be asked about this person")
    assert "dana" not in answer.body["detail"].lower()
    assert answer.headers["Retry-After"] == "30"


async def test_a_second_start_for_someone_with_an_active_interview_is_409_with_its_id(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        first = await api.post(START, json={"user_id": EMPLOYEE})
        again = await api.post(START, json={"email": "dana@corp.test"})
        assert await interview_count(api) == 1

    assert first.status == 201
    assert again.status == 409
    assert again.body == {
        "detail": f"This person already has an active exit interview (id {first.body['id']}, "
        "invited)"
    }
    assert len(slack_api.channel_messages(DM)) == 1


REPLAY_HEADER = "Idempotent-Replay"


async def test_a_retry_with_the_same_key_returns_the_first_answer_and_invites_once(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    key = {"Idempotency-Key": "offboarding-4711"}
    body = {"user_id": EMPLOYEE, "department": "Engineering"}
    async with running_api(database_url, slack_api) as api:
        first = await api.post(START, json=body, headers=key)
        retry = await api.post(START, json={"department": "Engineering", **body}, headers=key)
        other = await api.post(START, json={"user_id": EMPLOYEE, "department": "Ops"}, headers=key)
        fresh_key = await api.post(START, json=body, headers={"Idempotency-Key": "another"})
        assert await interview_count(api) == 1

    assert first.status == 201 and REPLAY_HEADER not in first.headers
    assert (retry.status, retry.body) == (201, first.body)
    assert retry.headers[REPLAY_HEADER] == "true"
    assert (other.status, other.body) == (
        409,
        {"detail": "Idempotency-Key reused with a different request"},
    )
    assert fresh_key.status == 409, "a new key is a new request: the one-active rule holds"
    assert len(slack_api.calls("conversations.open")) == 1
    assert len(slack_api.channel_messages(DM)) == 1


async def test_two_requests_racing_with_one_key_create_one_interview(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    key = {"Idempotency-Key": "race-1"}
    async with running_api(database_url, slack_api) as api:
        answers = await asyncio.gather(
            *(api.post(START, json={"user_id": EMPLOYEE}, headers=key) for _ in range(2))
        )
        assert await interview_count(api) == 1

    assert [a.status for a in answers] == [201, 201]
    assert answers[0].body == answers[1].body
    assert sorted(a.headers.get(REPLAY_HEADER, "") for a in answers) == ["", "true"]
    assert len(slack_api.channel_messages(DM)) == 1


async def test_a_failed_request_keeps_no_answer_so_its_retry_runs_again(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    key = {"Idempotency-Key": "new-hire-leaving"}
    async with running_api(database_url, slack_api) as api:
        missing = await api.post(START, json={"email": "sam@corp.test"}, headers=key)
        slack_api.add_user("U200", "sam", "Sam Lee", "sam@corp.test")
        found = await api.post(START, json={"email": "sam@corp.test"}, headers=key)

    assert missing.status == 404
    assert found.status == 201 and REPLAY_HEADER not in found.headers


async def test_a_replay_after_the_employee_chose_anonymity_shows_no_name(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    key = {"Idempotency-Key": "anon-1"}
    async with running_api(database_url, slack_api) as api:
        first = await api.post(START, json={"user_id": EMPLOYEE}, headers=key)
        [invitation] = slack_api.channel_messages(DM)
        await api.running.slack_client.click(EMPLOYEE, invitation, "anonymous")
        await api.running.idle()
        replay = await api.post(START, json={"user_id": EMPLOYEE}, headers=key)

    assert first.body["who"] == "Dana Smith"
    assert replay.status == 201 and replay.headers[REPLAY_HEADER] == "true"
    assert (replay.body["who"], replay.body["anonymous"]) == ("Anonymous", True)
    assert {k: v for k, v in replay.body.items() if k not in ("who", "anonymous")} == {
        k: v for k, v in first.body.items() if k not in ("who", "anonymous")
    }


async def test_a_far_last_day_invites_on_its_day_once_across_two_replicas(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    clock = FakeClock(MONDAY)
    async with (
        running_api(database_url, slack_api, clock=clock) as api,
        running_exitbot(database_url, slack_api, clock=clock) as other,
    ):
        answer = await api.post(START, json={"user_id": EMPLOYEE, "last_day": "2026-11-20"})
        assert answer.status == 201, answer.body
        assert (answer.body["status"], answer.body["invitation"], answer.body["invite_at"]) == (
            "invited",
            "scheduled",
            "2026-11-17T09:00:00Z",
        )
        replicas = [api.running.bot.jobs, other.bot.jobs]
        assert slack_api.calls("conversations.open") == []

        # A fortnight later: long idle by the clock, yet nobody was invited to be idle.
        clock.set(datetime(2026, 11, 16, 10, 0, tzinfo=UTC))
        assert await replicas[0].send_reminders() == 0
        assert await replicas[0].expire_idle() == 0
        clock.set(datetime(2026, 11, 17, 8, 59, tzinfo=UTC))
        assert [await jobs.send_due_invitations() for jobs in replicas] == [0, 0]
        assert slack_api.channel_messages(DM) == []

        clock.set(datetime(2026, 11, 17, 9, 0, tzinfo=UTC))
        sent = await asyncio.gather(*(jobs.send_due_invitations() for jobs in replicas))
        assert sorted(sent) == [0, 1]
        assert [await jobs.send_due_invitations() for jobs in replicas] == [0, 0]
        clock.set(datetime(2026, 11, 17, 11, 0, tzinfo=UTC))
        assert await replicas[1].send_reminders() == 0, "idle time counts from the invitation"
        [row] = await interview_rows(api)

    [invitation] = slack_api.channel_messages(DM)
    assert invitation["text"].startswith("Hi Dana Smith! I'm ExitBot")
    assert len(slack_api.calls("conversations.open")) == 1
    assert (row.status, row.invite_at) == ("invited", None)
    assert row.last_activity_at == datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


async def test_teams_reaches_only_people_whose_conversation_it_stored(
    make_teams: HarnessFactory,
) -> None:
    teams = await make_teams()
    token = await teams.bot.tokens.create("hris", TokenRole.HR_ADMIN, teams.bot.clock.now())

    async def start(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        async with teams.session.post(
            f"{teams.url}{START}", json=body, headers={"Authorization": f"Bearer {token}"}
        ) as response:
            return response.status, await response.json()

    stranger = await start({"email": "bob@corp.test"})
    assert await teams.post(personal_install(teams.service_url, BOB)) in (200, 201)
    status, started = await start({"user_id": BOB.aad_object_id})
    await teams.settle()

    assert stranger[0] == 409
    assert stranger[1]["detail"].startswith("This person has not installed or messaged ExitBot")
    assert "bob@" not in stranger[1]["detail"]
    assert status == 201, started
    assert (started["who"], started["invitation"]) == ("Bob Stone", "sent")
    [invitation] = teams.connector.messages(BOB.dm_id)
    assert "I'm ExitBot" in invitation.text


async def test_the_invitation_day_follows_the_setting_and_the_timezone(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    clock = FakeClock(MONDAY)
    settings = {"invite_days_before_last_day": 5, "timezone": "Europe/Berlin"}
    async with running_api(database_url, slack_api, clock=clock, **settings) as api:
        answer = await api.post(START, json={"user_id": EMPLOYEE, "last_day": "2026-11-20"})
        assert answer.status == 201, answer.body
        # Five days before, at 09:00 in Berlin (UTC+1 in November).
        assert answer.body["invite_at"] == "2026-11-15T08:00:00Z"
        slack_api.add_user("U777", "sam", "Sam Lee", "sam@corp.test")
        soon = await api.post(START, json={"user_id": "U777", "last_day": "2026-11-06"})
        assert soon.status == 201, soon.body
        assert (soon.body["invitation"], soon.body["invite_at"]) == ("sent", None), (
            "within five days: invited at once"
        )
