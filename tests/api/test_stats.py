"""``/api/stats`` and the digest preview over HTTP: the same figures the digest posts, with
eNPS per trend period and each department's top reasons, small departments folded."""

from __future__ import annotations

from tests.api.harness import running_api
from tests.api.seeding import completed
from tests.fakes.slack_api import FakeSlackApi


async def test_stats_give_department_reasons_trend_enps_and_fold_small_departments(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        engine = api.running.bot.interviews
        for number in range(5):
            await completed(engine, f"UENG{number:05d}", f"Eng Person{number}")
        await completed(engine, "USALES0001", "Sales Person", department="Sales")
        stats = await api.get("/api/stats", token="viewer", params={"period": "30d"})
        preview = await api.get("/api/digest/preview", token="viewer")
        both = await api.get("/api/stats", params={"period": "30d", "since": "2026-01-01"})

    assert stats.status == 200, stats.text
    figures = stats.body
    assert figures["counts"]["completed"] == 6
    rows = {row["department"]: row for row in figures["departments"]}
    assert set(rows) == {"Engineering", "other"}, "Sales (1) is folded into other"
    assert rows["Engineering"]["completed"] == 5
    assert rows["Engineering"]["reasons"][0]["count"] == 5, "all five named the top reason"
    assert len(rows["Engineering"]["reasons"]) <= 3
    assert rows["other"]["reasons"] and all(r["count"] == 1 for r in rows["other"]["reasons"])
    last = figures["sentiment_trend"][-1]
    assert last["completed"] == 6 and last["enps"] == figures["enps"]
    assert preview.status == 200
    assert preview.body["counts"] == figures["counts"], "all of it happened this week"
    assert preview.body["departments"] == figures["departments"]
    assert both.status == 422 and "'period'" in both.body["detail"]
