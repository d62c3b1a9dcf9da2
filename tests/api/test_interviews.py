"""The interview routes over HTTP: lists with filters and cursors, the detail view with its
transcript and history, erasure, reminders and cancellation, anonymity in every answer."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from exitbot.engine import InterviewDetails
from exitbot.store.tokens import TokenRole
from tests.api.harness import ApiClient, running_api
from tests.api.seeding import completed, invited
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.support import employee, say


async def seeded(api: ApiClient, slack_api: FakeSlackApi) -> dict[str, int]:
    slack_api.add_user("U200", "omar", "Omar Haddad", "u200@corp.test")
    slack_api.add_user("U300", "lea", "Lea Weber", "u300@corp.test")
    engine = api.running.bot.interviews
    return {
        "dana": await completed(engine, "U100", "Dana Smith", department="Engineering"),
        "omar": await completed(engine, "U200", "Omar Haddad", anonymous=True),
        "lea": await invited(engine, employee("U300", "Lea Weber"), department="Sales"),
    }


async def test_the_list_is_newest_first_with_anonymity_and_a_total(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        ids = await seeded(api, slack_api)
        answer = await api.get("/api/interviews", token="viewer")
        assert answer.status == 200, answer.text
        assert answer.body["total"] == 3
        assert [i["id"] for i in answer.body["items"]] == [ids["lea"], ids["omar"], ids["dana"]]
        anonymous = next(i for i in answer.body["items"] if i["id"] == ids["omar"])
        assert anonymous["who"] == "Anonymous"
        assert anonymous["department"] == "Engineering"
        assert "Omar" not in answer.text and "U200" not in answer.text
        assert answer.body["next_cursor"] is None


async def test_filters_by_status_department_dates_and_text(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        ids = await seeded(api, slack_api)

        async def listed(**params: str) -> list[int]:
            answer = await api.get("/api/interviews", params=params)
            assert answer.status == 200, answer.text
            return [item["id"] for item in answer.body["items"]]

        assert await listed(status="invited") == [ids["lea"]]
        assert await listed(status="completed,invited") == [ids["lea"], ids["omar"], ids["dana"]]
        assert await listed(department="sales") == [ids["lea"]]
        today = api.running.bot.clock.now().date()
        assert len(await listed(since=today.isoformat())) == 3
        assert await listed(until=(today - timedelta(days=1)).isoformat()) == []
        assert await listed(q="compensation") == [ids["omar"], ids["dana"]]
        assert await listed(q="no such words anywhere") == []


async def test_bad_parameters_are_named(database_url: str, slack_api: FakeSlackApi) -> None:
    async with running_api(database_url, slack_api) as api:
        for params, name in [
            ({"since": "not-a-date"}, "since"),
            ({"limit": "0"}, "limit"),
            ({"limit": "101"}, "limit"),
            ({"limit": "many"}, "limit"),
            ({"status": "finished"}, "status"),
            ({"cursor": "garbage!"}, "cursor"),
        ]:
            answer = await api.get("/api/interviews", params=params)
            assert answer.status == 422, (params, answer.text)
            assert f"'{name}" in answer.body["detail"], answer.body


async def test_cursor_pages_cover_every_interview_once(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        ids = await seeded(api, slack_api)
        seen: list[int] = []
        cursor = None
        pages = 0
        while True:
            params = {"limit": "1", **({"cursor": cursor} if cursor else {})}
            answer = await api.get("/api/interviews", params=params)
            assert answer.status == 200, answer.text
            assert answer.body["total"] == 3
            seen += [item["id"] for item in answer.body["items"]]
            pages += 1
            cursor = answer.body["next_cursor"]
            if cursor is None:
                break
        assert pages == 3
        assert seen == [ids["lea"], ids["omar"], ids["dana"]]
        full = await api.get("/api/interviews", params={"limit": "3"})
        assert full.body["next_cursor"] is None, "an exactly full page has no next page"
        # A cursor past the last row is an empty page, not an error.
        beyond = base64.urlsafe_b64encode(b"2000-01-01T00:00:00+00:00|1").decode().rstrip("=")
        empty = await api.get("/api/interviews", params={"cursor": beyond})
        assert empty.status == 200 and empty.body["items"] == []


async def test_the_detail_has_report_transcript_sentiment_and_history(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        ids = await seeded(api, slack_api)
        answer = await api.get(f"/api/interviews/{ids['dana']}", token="viewer")
        assert answer.status == 200, answer.text
        detail = answer.body
        assert detail["who"] == "Dana Smith"
        assert detail["status"] == "completed"
        assert "compensation" in detail["report"]["reasons"]
        employee_lines = [line for line in detail["transcript"] if line["speaker"] == "employee"]
        assert any("well below market" in line["text"] for line in employee_lines)
        assert all(isinstance(line["sentiment"], float) for line in employee_lines)
        assert [h["status"] for h in detail["history"]] == ["invited", "in_progress", "completed"]

        hidden = await api.get(f"/api/interviews/{ids['omar']}")
        assert hidden.body["who"] == "Anonymous"
        assert (
            "Omar" not in hidden.text and "U200" not in hidden.text and "u200@" not in hidden.text
        )

        for missing in ("999999", "abc", "-1", "1" * 30):
            gone = await api.get(f"/api/interviews/{missing}")
            assert gone.status == 404, missing
            assert gone.body == {"detail": "Interview not found"}


async def test_tokens_missing_invalid_revoked_or_expired_get_401(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        bot = api.running.bot
        now = bot.clock.now()
        revoked = await bot.tokens.create("old", TokenRole.HR_ADMIN, now)
        await bot.tokens.revoke("old", now)
        expiring = await bot.tokens.create(
            "temp", TokenRole.HR_ADMIN, now - timedelta(days=2), expires_days=1
        )
        for token in (None, "xb_not-a-real-token", revoked, expiring, "\u00ff" * 10):
            answer = await api.get("/api/interviews", token=token)
            assert answer.status == 401, token
            assert answer.body == {"detail": "Invalid authentication credentials"}
            assert answer.headers.get("WWW-Authenticate") == "Bearer"
        basic = await api.get(
            "/api/interviews", token=None, headers={"Authorization": "Basic eDp5"}
        )
        assert basic.status == 401


async def test_viewers_cannot_write(database_url: str, slack_api: FakeSlackApi) -> None:
    async with running_api(database_url, slack_api) as api:
        ids = await seeded(api, slack_api)
        for method, path in [
            ("POST", f"/api/interviews/{ids['lea']}/remind"),
            ("POST", f"/api/interviews/{ids['lea']}/cancel"),
            ("DELETE", f"/api/interviews/{ids['dana']}"),
        ]:
            answer = await api.call(method, path, token="viewer")
            assert answer.status == 403, (method, path, answer.text)
            assert "hr-admin" in answer.body["detail"]
        still = await api.get(f"/api/interviews/{ids['dana']}")
        assert still.body["status"] == "completed"


async def test_an_admin_erases_an_interview(database_url: str, slack_api: FakeSlackApi) -> None:
    async with running_api(database_url, slack_api) as api:
        ids = await seeded(api, slack_api)
        answer = await api.call("DELETE", f"/api/interviews/{ids['dana']}")
        assert answer.status == 204, answer.text
        detail = (await api.get(f"/api/interviews/{ids['dana']}")).body
        assert detail["status"] == "erased"
        assert detail["transcript"] == [] and detail["report"] is None
        assert "well below market" not in str(detail)
        listed = await api.get("/api/interviews")
        assert ids["dana"] not in [i["id"] for i in listed.body["items"]], "nothing to read"
        erased = await api.get("/api/interviews", params={"status": "erased"})
        assert [i["id"] for i in erased.body["items"]] == [ids["dana"]], "the record remains"
        again = await api.call("DELETE", f"/api/interviews/{ids['dana']}")
        assert again.status == 204, "erasing twice changes nothing"
        assert (await api.call("DELETE", "/api/interviews/424242")).status == 404


async def test_remind_and_cancel_reach_the_employee(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        ids = await seeded(api, slack_api)
        reminded = await api.post(f"/api/interviews/{ids['lea']}/remind")
        assert reminded.status == 200, reminded.text
        assert reminded.body["id"] == ids["lea"] and reminded.body["status"] == "invited"
        cancelled = await api.post(f"/api/interviews/{ids['lea']}/cancel")
        assert cancelled.status == 200 and cancelled.body["status"] == "cancelled"
        await api.running.idle()
        texts = [m["text"] for m in slack_api.channel_messages(dm_channel_for("U300"))]
        assert len(texts) == 3, "the invitation, the reminder, the withdrawal"
        assert texts[1] != texts[0] and texts[2] != texts[1]
        late = await api.post(f"/api/interviews/{ids['dana']}/remind")
        assert late.status == 409 and "completed" in late.body["detail"]
        assert (await api.post("/api/interviews/424242/cancel")).status == 404


async def test_writes_past_the_limit_get_429_with_retry_after(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api, api_writes_per_minute=2) as api:
        for expected in (404, 404, 429):
            answer = await api.post("/api/interviews/424242/remind")
            assert answer.status == expected, answer.text
        assert 1 <= int(answer.headers["Retry-After"]) <= 60
        assert "at most 2" in answer.body["detail"]
        reads = await api.get("/api/interviews")
        assert reads.status == 200, "reads are not limited"


async def test_what_does_not_fit_gets_json_errors_and_the_server_keeps_answering(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        unknown = await api.get("/api/nothing-here")
        assert unknown.status == 404 and unknown.body == {"detail": "Not found"}
        wrong = await api.call("PATCH", "/api/interviews")
        assert wrong.status == 405 and wrong.body == {"detail": "Method not allowed"}
        binary = await api.call(
            "POST",
            "/api/interviews/1/remind",
            data=b"\xff\xfe\x00garbage",
            headers={"Content-Type": "application/json"},
        )
        assert binary.status in (404, 409), binary.text
        assert (await api.get("/healthz", token=None)).status == 200


async def test_me_names_the_token_and_its_role(database_url: str, slack_api: FakeSlackApi) -> None:
    async with running_api(database_url, slack_api) as api:
        viewer = await api.get("/api/me", token="viewer")
        assert viewer.status == 200
        assert viewer.body == {"name": "analyst", "role": "hr-viewer", "expires_at": None}
        admin = await api.get("/api/me")
        assert admin.body["role"] == "hr-admin"
        assert (await api.get("/api/me", token=None)).status == 401


async def sorted_seed(api: ApiClient, slack_api: FakeSlackApi) -> None:
    """Interviews that differ in every sortable field, some of them equal in one."""
    engine = api.running.bot.interviews
    today = api.running.bot.clock.now().date()
    await seeded(api, slack_api)
    for user_id, name, department, last_day in [
        ("U401", "Zoe Adams", "engineering", today + timedelta(days=3)),
        ("U402", "anna Berg", None, today + timedelta(days=1)),
        ("U403", "Marc Chen", "Finance", None),
        ("U404", "Ben Dahl", "Finance", today + timedelta(days=1)),
    ]:
        details = InterviewDetails(department=department, last_day=last_day, invited_by="test")
        await engine.invite(employee(user_id, name), details)
    await say(engine, employee("U404", "Ben Dahl"), "yes, happy to")


async def every_page(api: ApiClient, sort: str, limit: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"sort": sort, "limit": str(limit), **({"cursor": cursor} if cursor else {})}
        answer = await api.get("/api/interviews", params=params)
        assert answer.status == 200, answer.text
        items += answer.body["items"]
        cursor = answer.body["next_cursor"]
        if cursor is None:
            return items


async def test_each_sort_orders_the_whole_list_and_its_cursors_follow_it(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        await sorted_seed(api, slack_api)
        newest = await every_page(api, "newest", 100)
        assert len(newest) == 7
        place = {item["id"]: n for n, item in enumerate(newest)}

        def expected(key: Callable[[dict[str, Any]], Any]) -> list[int]:
            return [i["id"] for i in sorted(newest, key=lambda i: (key(i), place[i["id"]]))]

        rank = ["in_progress", "paused", "invited", "completed"]
        orders: dict[str, list[int]] = {
            "newest": [i["id"] for i in newest],
            "oldest": [i["id"] for i in reversed(newest)],
            "last_day": expected(lambda i: (i["last_day"] is None, i["last_day"] or "")),
            "name": expected(
                lambda i: (i["anonymous"], "" if i["anonymous"] else i["who"].lower())
            ),
            "department": expected(
                lambda i: (i["department"] is None, (i["department"] or "").lower())
            ),
            "status": expected(lambda i: rank.index(i["status"])),
        }
        for sort, ids in orders.items():
            whole = [i["id"] for i in await every_page(api, sort, 100)]
            assert whole == ids, sort
            paged = [i["id"] for i in await every_page(api, sort, 2)]
            assert paged == ids, f"{sort}: pages of two"
        by_name = await every_page(api, "name", 100)
        assert [i["who"] for i in by_name][:2] == ["anna Berg", "Ben Dahl"]
        assert by_name[-1]["who"] == "Anonymous"
        by_status = await every_page(api, "status", 100)
        assert by_status[0]["status"] == "in_progress"


async def test_a_cursor_continues_only_its_own_sort(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        ids = await seeded(api, slack_api)
        first = await api.get("/api/interviews", params={"sort": "oldest", "limit": "1"})
        assert [i["id"] for i in first.body["items"]] == [ids["dana"]]
        cursor = first.body["next_cursor"]
        other = await api.get("/api/interviews", params={"sort": "name", "cursor": cursor})
        assert other.status == 422
        assert "'cursor'" in other.body["detail"] and "sort=oldest" in other.body["detail"]
        unknown = await api.get("/api/interviews", params={"sort": "salary"})
        assert unknown.status == 422 and "'sort'" in unknown.body["detail"]
        # A cursor of the earlier "created_at|id" form still continues newest first.
        newest = await api.get("/api/interviews", params={"limit": "1"})
        [top] = newest.body["items"]
        raw = f"{top['created_at']}|{top['id']}".encode()
        older = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        rest = await api.get("/api/interviews", params={"cursor": older})
        assert [i["id"] for i in rest.body["items"]] == [ids["omar"], ids["dana"]]
