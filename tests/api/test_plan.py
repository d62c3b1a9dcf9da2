"""`GET` / `PUT /api/question-plan` over HTTP, and what a stored plan changes: interviews
opened afterwards follow it, on every replica, while those under way keep their own."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from exitbot.core.plan import DEFAULT_PLAN, QuestionPlan
from exitbot.store import Database
from exitbot.store.migrate import upgrade
from exitbot.store.plans import SqlPlanStore
from tests.api.harness import ApiClient, running_api
from tests.cli_runner import run
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, RunningExitBot, running_exitbot
from tests.support import GOOD_ANSWERS

PATH = "/api/question-plan"

NEW_PLAN: dict[str, Any] = {
    "name": "short",
    "max_followups": 1,
    "topics": [
        {"key": "commute", "title": "Commute", "question": "How was your commute to the office?"},
        {
            "key": "farewell",
            "title": "Farewell",
            "question": "Is there anything you would like to tell the team?",
            "max_followups": 0,
        },
    ],
}
NEWER_PLAN: dict[str, Any] = {
    "name": "newer",
    "topics": [{"key": "why", "title": "Why", "question": "Why are you moving on?"}],
}


def topic(key: str, **fields: Any) -> dict[str, Any]:
    return {"key": key, "title": key.title(), "question": f"What about {key}?", **fields}


async def test_a_viewer_reads_the_built_in_plan(database_url: str, slack_api: FakeSlackApi) -> None:
    async with running_api(database_url, slack_api) as api:
        answer = await api.get(PATH, token="viewer")
    assert answer.status == 200, answer.text
    assert answer.body["source"] == "built-in"
    assert (answer.body["version"], answer.body["updated_at"], answer.body["updated_by"]) == (
        None,
        None,
        None,
    )
    assert [t["key"] for t in answer.body["topics"]] == [t.key for t in DEFAULT_PLAN.topics]
    assert answer.body["topics"][0]["question"] == DEFAULT_PLAN.topics[0].question


async def test_the_plan_from_exitbot_questions_says_so(
    database_url: str, slack_api: FakeSlackApi, tmp_path: Path
) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(
        "name: from-file\ntopics:\n  - key: why\n    title: Why\n    question: Why leave us?\n"
    )
    async with running_api(database_url, slack_api, exitbot_questions=str(plan_file)) as api:
        answer = await api.get(PATH, token="viewer")
    assert answer.status == 200, answer.text
    assert (answer.body["source"], answer.body["name"]) == ("file", "from-file")
    assert answer.body["topics"][0]["question"] == "Why leave us?"


async def test_an_admin_stores_new_versions_that_get_then_shows(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        stored = await api.call("PUT", PATH, json=NEW_PLAN)
        shown = await api.get(PATH, token="viewer")
        newer = await api.call("PUT", PATH, json=NEWER_PLAN)
        shown_newer = await api.get(PATH, token="viewer")
    assert stored.status == 200, stored.text
    assert stored.body["source"] == "api" and stored.body["updated_by"] == "hris"
    assert stored.body["name"] == "short" and stored.body["max_followups"] == 1
    assert [t["question"] for t in stored.body["topics"]] == [
        t["question"] for t in NEW_PLAN["topics"]
    ]
    assert stored.body["updated_at"] is not None
    assert shown.status == 200 and shown.body == stored.body
    assert newer.body["version"] > stored.body["version"]
    assert shown_newer.body == newer.body and shown_newer.body["name"] == "newer"


async def test_a_viewer_may_not_store_a_plan(database_url: str, slack_api: FakeSlackApi) -> None:
    async with running_api(database_url, slack_api) as api:
        refused = await api.call("PUT", PATH, json=NEW_PLAN, token="viewer")
        unchanged = await api.get(PATH, token="viewer")
    assert refused.status == 403
    assert "hr-admin" in refused.body["detail"]
    assert unchanged.body["source"] == "built-in"


@pytest.mark.parametrize(
    ("plan", "field", "words"),
    [
        ({"topics": [topic("pay"), topic("pay")]}, "'topics'", "appears twice"),
        ({"topics": [topic("pay", question="")]}, "'topics.0.question'", "at least 5"),
        (
            {"topics": [topic("pay", kind="scale"), topic("again", kind="scale")]},
            "'topics'",
            "at most one topic may be of kind 'scale'",
        ),
        ({"topics": []}, "'topics'", "at least 1"),
        ({"name": "no topics"}, "'topics'", "Field required"),
        ({"topics": [topic("Bad Key")]}, "'topics.0.key'", "pattern"),
        ({"topics": [topic("pay", max_followups=9)]}, "'topics.0.max_followups'", "5"),
    ],
)
async def test_an_invalid_plan_is_refused_naming_the_field(
    database_url: str, slack_api: FakeSlackApi, plan: dict[str, Any], field: str, words: str
) -> None:
    async with running_api(database_url, slack_api) as api:
        refused = await api.call("PUT", PATH, json=plan)
        unchanged = await api.get(PATH, token="viewer")
    assert refused.status == 422, refused.text
    assert field in refused.body["detail"] and words in refused.body["detail"]
    assert unchanged.body["source"] == "built-in", "nothing was stored"


async def test_a_check_lists_every_problem_and_stores_nothing(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    draft = {
        "max_followups": 9,
        "topics": [
            topic("pay", question="Why?"),
            topic("Bad Key"),
            topic("enps", kind="scale"),
            topic("again", kind="scale"),
        ],
    }
    async with running_api(database_url, slack_api) as api:
        checked = await api.post(f"{PATH}/check", json=draft)
        good = await api.post(f"{PATH}/check", json=NEW_PLAN)
        viewer = await api.post(f"{PATH}/check", json=NEW_PLAN, token="viewer")
        not_an_object = await api.post(f"{PATH}/check", json=["no"])
        unchanged = await api.get(PATH, token="viewer")
    assert checked.status == 200, checked.text
    assert checked.body["valid"] is False
    problems = {p["field"]: p["message"] for p in checked.body["problems"]}
    assert set(problems) == {"max_followups", "topics.0.question", "topics.1.key"}
    assert "at least 5" in problems["topics.0.question"]
    assert problems["topics.1.key"].startswith("Use lowercase letters a-z, digits and _")
    assert good.status == 200 and good.body == {"valid": True, "problems": []}
    assert viewer.status == 403
    assert not_an_object.status == 422
    assert unchanged.body["source"] == "built-in", "a check stores nothing"


async def test_a_body_that_is_not_json_is_a_bad_request(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        broken = await api.call(
            "PUT", PATH, data="{topics: [", headers={"Content-Type": "application/json"}
        )
        listed = await api.call("PUT", PATH, json=[NEW_PLAN])
    assert broken.status == 400 and broken.body == {"detail": "The request body is not valid JSON"}
    assert listed.status == 422


# --- what a stored plan changes ---------------------------------------------------------------


def last_text(slack_api: FakeSlackApi, user: str) -> str:
    return str(slack_api.channel_messages(dm_channel_for(user))[-1]["text"])


async def settle(*replicas: RunningExitBot) -> None:
    """The replica that took the event first: another's outbox worker may send its reply."""
    for replica in replicas:
        await replica.idle()


async def dm(user: str, text: str, to: RunningExitBot, *others: RunningExitBot) -> None:
    ack = await to.slack_client.dm(user, text)
    assert ack.status == 200
    await settle(to, *others)


async def start(user: str, to: RunningExitBot, *others: RunningExitBot) -> None:
    await dm(user, "hi", to, *others)
    await dm(user, "yes", to, *others)


async def put_plan(api: ApiClient, plan: dict[str, Any]) -> None:
    stored = await api.call("PUT", PATH, json=plan)
    assert stored.status == 200, stored.text


async def test_interviews_under_way_keep_their_plan_and_new_ones_follow_the_stored_one(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    for user, name in (("U200", "sam"), ("U300", "kim"), ("U400", "lee")):
        slack_api.add_user(user, name, name.title(), f"{name}@corp.test")
    old_questions = [t.question for t in DEFAULT_PLAN.topics]
    new_questions = [t["question"] for t in NEW_PLAN["topics"]]
    async with running_api(database_url, slack_api) as api:
        first = api.running
        await start(EMPLOYEE, first)
        assert last_text(slack_api, EMPLOYEE) == old_questions[0]

        await put_plan(api, NEW_PLAN)
        await dm(EMPLOYEE, GOOD_ANSWERS["reason_for_leaving"], first)
        assert last_text(slack_api, EMPLOYEE) == old_questions[1], "started before: old plan"
        await start("U200", first)
        assert last_text(slack_api, "U200") == new_questions[0], "started after: new plan"

        async with running_exitbot(database_url, slack_api) as second:
            await start("U300", second, first)
            assert last_text(slack_api, "U300") == new_questions[0], "the other replica too"
            await dm(EMPLOYEE, GOOD_ANSWERS["role_fit"], second, first)
            assert last_text(slack_api, EMPLOYEE) == old_questions[2], "each its own plan"
            await dm("U200", "The commute took an hour each way, every single day.", second)
            assert last_text(slack_api, "U200") == new_questions[1]

            await put_plan(api, NEWER_PLAN)
            await start("U400", second, first)
            assert last_text(slack_api, "U400") == NEWER_PLAN["topics"][0]["question"], (
                "a version stored on one replica is used by the next interview on another"
            )


async def test_exitbot_questions_shows_the_stored_plan(cli_env: dict[str, str]) -> None:
    database = Database(cli_env["DATABASE_URL"])
    try:
        await upgrade(database)
        plan = QuestionPlan.model_validate(NEW_PLAN)
        await SqlPlanStore(database).add(plan, "hris", datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    finally:
        await database.dispose()
    shown = run(["questions"], cli_env)
    assert shown.returncode == 0, shown.stderr
    assert "Question plan 'short' (2 topics)" in shown.stdout
    assert "version 1 by hris on 2026-11-02 09:00 UTC" in shown.stdout
