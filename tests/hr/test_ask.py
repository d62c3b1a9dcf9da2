"""`ask QUESTION`: window, department and reason read from plain language; counts, reasons,
sentiment and redacted quotes, with quotes withheld for departments under five interviews."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from exitbot.core.messages import Platform, UserRef
from exitbot.core.report import Reason
from exitbot.hr.ask import match_department, match_reasons, parse_window, read_question
from tests.hr.scenarios import bolds, codes, complete, lines, run, text
from tests.support import employee

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
BERLIN = ZoneInfo("Europe/Berlin")
DEPARTMENTS = ["Engineering", "Sales", "IT", "People", "Customer Success", "Marketing"]


@pytest.mark.parametrize(
    ("question", "start", "end", "label"),
    [
        ("why did people leave this quarter?", "2026-10-01", NOW, "this quarter"),
        ("and last quarter?", "2026-07-01", "2026-10-01", "last quarter"),
        ("what about this month", "2026-11-01", NOW, "this month"),
        ("reasons last month", "2026-10-01", "2026-11-01", "last month"),
        ("this year so far", "2026-01-01", NOW, "this year"),
        ("last year", "2025-01-01", "2026-01-01", "last year"),
        ("this week", "2026-11-02", NOW, "this week"),
        ("last week", "2026-10-26", "2026-11-02", "last week"),
        ("in the last 3 months", "2026-08-02", NOW, "the last 3 months"),
        ("past 2 years", "2024-11-02", NOW, "the last 2 years"),
        ("in Q2 2026", "2026-04-01", "2026-07-01", "Q2 2026"),
        ("leavers in 2025", "2025-01-01", "2026-01-01", "2025"),
        ("since 2026-09-15", "2026-09-15", NOW, "since 2026-09-15"),
    ],
)
def test_calendar_windows_start_at_local_midnight(
    question: str, start: str, end: str | datetime, label: str
) -> None:
    window = parse_window(question, now=NOW, tz=BERLIN)
    assert window.label == label
    assert window.start == datetime.fromisoformat(start).replace(tzinfo=BERLIN)
    expected_end = end if isinstance(end, datetime) else datetime.fromisoformat(end)
    assert window.end == (
        expected_end if isinstance(end, datetime) else expected_end.replace(tzinfo=BERLIN)
    )


def test_rolling_windows_and_the_default() -> None:
    days = parse_window("last 30 days", now=NOW, tz=BERLIN)
    default = parse_window("why do people leave?", now=NOW, tz=BERLIN)
    assert (days.start, days.end, days.label) == (
        datetime(2026, 10, 3, 9, 0, tzinfo=UTC),
        NOW,
        "the last 30 days",
    )
    assert (default.start, default.label) == (
        datetime(2026, 8, 4, 9, 0, tzinfo=UTC),
        "the last 90 days",
    )


@pytest.mark.parametrize(
    ("question", "department"),
    [
        ("why did engineers leave this quarter?", "Engineering"),
        ("Why did the engineering team leave?", "Engineering"),
        ("what do salespeople say", None),
        ("what do sales people say", "Sales"),
        ("why did marketers quit", "Marketing"),
        ("anything from customer success?", "Customer Success"),
        ("how is IT doing", "IT"),
        ("why is it that people leave", None),
        ("why did people leave?", None),
        ("why did the people team leave?", None),
    ],
)
def test_departments_are_matched_against_the_known_ones(
    question: str, department: str | None
) -> None:
    assert match_department(question, DEPARTMENTS) == department


def test_reasons_are_matched_from_plain_words() -> None:
    assert match_reasons("who left because of pay or their manager?") == (
        Reason.COMPENSATION,
        Reason.MANAGEMENT,
    )
    assert match_reasons("career_growth complaints") == (Reason.CAREER_GROWTH,)
    assert match_reasons("why did engineers leave?") == ()


NAMED_QUOTE = (
    "Ann here: the salary was far below market for years and my manager ignored it "
    "every single time I raised it in our one-to-ones."
)


async def seven_leavers(engine, clock) -> None:
    """Five completed in Engineering (one anonymous), two in Sales."""
    for number in range(4):
        await complete(
            engine,
            employee(f"U{number}", f"Engineer{number} Person"),
            department="Engineering",
            answers={"reason_for_leaving": NAMED_QUOTE.replace("Ann", f"Engineer{number}")},
        )
    await complete(
        engine,
        UserRef(Platform.SLACK, "U777", "Zelda Quill", "zelda.quill@corp.test"),
        department="Engineering",
        consent="anonymous",
        answers={
            "reason_for_leaving": "Zelda here, mail zelda.quill@corp.test: the workload "
            "burned me out and the on-call hours never stopped, <!channel> should know."
        },
    )
    for number in (5, 6):
        await complete(
            engine,
            employee(f"U{number}", f"Seller{number} Person"),
            department="Sales",
            answers={"reason_for_leaving": "I am moving to another city to be near family."},
        )
    clock.advance(hours=1)


async def test_ask_about_a_department_with_quotes(service, engine, clock) -> None:
    await seven_leavers(engine, clock)
    response = await run(service, "ask why did engineers leave this quarter?")
    assert response.ok
    shown = lines(response)
    assert shown[0] == (
        "I read this as: completed interviews, this quarter (2026-10-01 to 2026-11-02), "
        "department Engineering."
    )
    assert shown[1] == "5 completed interviews match."
    assert bolds(response) == ["5 completed interviews"], "the count stands out"
    assert (
        shown[2] == "Top reasons: career growth (5), compensation (5), management (4), workload (1)"
    )
    assert shown[3].startswith("Average sentiment: ")
    assert shown[4] == "In their words (personal details masked)"
    quotes = shown[5:]
    assert quotes == [
        "[name] here, mail [email]: the workload burned me out and the on-call hours never "
        "stopped, [mention] should know.",
        "[name] here: the salary was far below market for years and my manager ignored it "
        "every single time I raised it in our one-to-ones.",
        # the next engineer's first quote is the same once redacted, so their next one is used
        "The team was great, people helped each other and the culture was friendly.",
    ]
    for secret in ("Zelda", "Quill", "U777", "Engineer0", "Engineer3", "<!channel>"):
        assert secret not in text(response)


async def test_ask_withholds_quotes_for_small_departments(service, engine, clock) -> None:
    await seven_leavers(engine, clock)
    response = await run(service, "ask what did sales people say this year")
    assert "2 completed interviews match." in text(response)
    assert "Top reasons: career growth (2), compensation (2), personal (2), relocation (2)" in text(
        response
    )
    assert "Quotes are left out: fewer than 5 interviews match this department" in text(response)
    assert "moving to another city" not in text(response)


async def test_ask_with_a_reason_and_no_department(service, engine, clock) -> None:
    await seven_leavers(engine, clock)
    response = await run(service, "ask who left over workload in the last 30 days?")
    assert "the last 30 days (2026-10-03 to 2026-11-02), citing workload." in text(response)
    assert "1 completed interview match." in lines(response)
    assert "\n[name] here, mail [email]: the workload" in text(response), "no department: quotes"


async def test_ask_with_nothing_matching(service, engine, clock) -> None:
    await complete(engine, employee("U1", "Ann Lee"), department="Engineering")
    clock.advance(days=200)
    response = await run(service, "ask why did engineers leave last month?")
    assert response.ok
    assert "department Engineering" in text(response)
    assert "No completed interviews match." in text(response)


async def test_ask_needs_a_question(service) -> None:
    response = await run(service, "ask")
    assert not response.ok
    assert text(response) == "Ask needs a question.\nUsage: ask QUESTION"
    assert codes(response) == ["ask QUESTION"]


def test_an_explicit_department_wins_even_for_generic_names() -> None:
    query = read_question('why did dept="people" leave this year?', DEPARTMENTS, now=NOW, tz=BERLIN)
    assert (query.department, query.window.label, query.reasons) == ("People", "this year", ())
