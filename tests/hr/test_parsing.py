"""The words HR types, read into commands; anything else is a usage error naming the command."""

from __future__ import annotations

from datetime import date

import pytest

from exitbot.core.documents import Span, code, plain
from exitbot.core.statuses import InterviewStatus
from exitbot.hr.parsing import (
    AskCommand,
    CancelCommand,
    DigestHereCommand,
    DigestNowCommand,
    HelpCommand,
    ListCommand,
    RemindCommand,
    ShowCommand,
    StartCommand,
    StatsCommand,
    UsageError,
    command_word,
    parse_command,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("start <@U123|dana> dept=eng", StartCommand("U123", department="eng")),
        ("start <@U123>", StartCommand("U123")),
        ("start U123", StartCommand("U123")),
        ("start dana@corp.test", StartCommand("dana@corp.test")),
        ("start <mailto:dana@corp.test|dana@corp.test>", StartCommand("dana@corp.test")),
        (
            'START <@U1> dept="Customer Success" last_day=2026-12-31 involuntary regrettable',
            StartCommand("U1", "Customer Success", date(2026, 12, 31), False, True),
        ),
        ("start U1 dept=“R&amp;D”", StartCommand("U1", department="R&D")),
        ("start U1 voluntary non-regrettable", StartCommand("U1", None, None, True, False)),
        ("list", ListCommand()),
        (
            "list completed dept=eng since=2026-10-01",
            ListCommand((InterviewStatus.COMPLETED,), "eng", date(2026, 10, 1)),
        ),
        (
            "list active",
            ListCommand(
                (InterviewStatus.INVITED, InterviewStatus.IN_PROGRESS, InterviewStatus.PAUSED)
            ),
        ),
        ("list in-progress", ListCommand((InterviewStatus.IN_PROGRESS,))),
        ("show 12", ShowCommand(12)),
        ("show #12", ShowCommand(12)),
        ("remind 3", RemindCommand(3)),
        ("cancel #4", CancelCommand(4)),
        ("stats", StatsCommand(30)),
        ("stats 90d", StatsCommand(90)),
        ("stats 365", StatsCommand(365)),
        ("ask why didn't engineers leave?", AskCommand("why didn't engineers leave?")),
        ("digest now", DigestNowCommand(7)),
        ("digest now 30d", DigestNowCommand(30)),
        ("digest here", DigestHereCommand()),
        ("", HelpCommand()),
        ("   ", HelpCommand()),
        ("help", HelpCommand()),
        ("help start", HelpCommand("start")),
    ],
)
def test_commands_are_read(text: str, expected: object) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("text", "command", "problem"),
    [
        ("start", "start", "who should I invite"),
        ("start U1 U2", "start", "U2"),
        ("start U1 last_day=31/12/2026", "start", "last_day= must be a date"),
        ("start U1 last_day=2026-02-30", "start", "last_day= must be a date"),
        ("start U1 voluntary involuntary", "start", "either voluntary or involuntary"),
        ("start U1 colour=blue", "start", "colour="),
        ("start U1 dept=", "start", "needs a department"),
        ('start U1 dept="unclosed', "start", "quotation mark"),
        ("start <#C123|general>", "start", "not a person"),
        ("start <!subteam^S1|hr>", "start", "not a person"),
        ("list finished", "list", "finished"),
        ("list since=yesterday", "list", "since= must be a date"),
        ("show", "show", "one interview id"),
        ("show twelve", "show", "one interview id"),
        ("show 1 2", "show", "one interview id"),
        ("remind", "remind", "one interview id"),
        ("cancel x", "cancel", "one interview id"),
        ("stats forever", "stats", "number of days"),
        ("stats 0d", "stats", "number of days"),
        ("stats 30d 90d", "stats", "number of days"),
        ("ask", "ask", "needs a question"),
        ("ask " + "why " * 200, "ask", "under 500"),
        ("digest", "digest", "digest now"),
        ("digest later", "digest", "digest now"),
        ("digest here please", "digest", "digest now"),
        ("fire everyone", None, "don't know the command"),
    ],
)
def test_bad_words_are_usage_errors(text: str, command: str | None, problem: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_command(text)
    assert caught.value.command == command
    assert problem in plain(caught.value.problem)
    assert problem in str(caught.value)


def test_the_words_hr_typed_are_code_in_the_problem() -> None:
    with pytest.raises(UsageError) as unknown:
        parse_command("fire everyone")
    with pytest.raises(UsageError) as bad_date:
        parse_command("list since=yesterday")
    assert unknown.value.problem == (
        Span("I don't know the command "),
        code("fire"),
        Span("."),
    )
    assert bad_date.value.problem[0] == code("since=")


def test_command_word_never_returns_arguments() -> None:
    assert command_word("start <@U1|Secret Name> dept=x") == "start"
    assert command_word("LIST") == "list"
    assert command_word("") == "help"
    assert command_word("Secret Name please") is None
