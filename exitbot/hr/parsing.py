"""Turning the words HR typed into one command dataclass, or a UsageError saying what is wrong.

Quotes group words (``dept="customer success"``); ``ask`` keeps its question verbatim, so
apostrophes in plain language ("didn't") never trip the tokenizer.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import date

from exitbot.core.documents import Span, code, plain, spans
from exitbot.core.statuses import ACTIVE_STATUSES, InterviewStatus

MAX_DEPARTMENT_CHARS = 100
MAX_QUESTION_CHARS = 500
MAX_DAYS = 3650
DEFAULT_STATS_DAYS = 30
DEFAULT_DIGEST_DAYS = 7

USAGE: dict[str, str] = {
    "start": "start @user [dept=…] [last_day=YYYY-MM-DD] [voluntary|involuntary] [regrettable]",
    "list": "list [status] [dept=…] [since=YYYY-MM-DD]",
    "show": "show ID",
    "stats": "stats [30d|90d|365d]",
    "ask": "ask QUESTION",
    "digest": "digest now | digest here",
    "remind": "remind ID",
    "cancel": "cancel ID",
    "help": "help [command]",
}

SUMMARY: dict[str, str] = {
    "start": "invite someone to an exit interview (a mention, user id or email)",
    "list": "the 20 newest interviews, with ids",
    "show": "summary, reasons, sentiment and transcript of one interview",
    "stats": "counts, participation, top reasons, sentiment and eNPS",
    "ask": 'a plain-language question, e.g. "why did engineers leave this quarter?"',
    "digest": "post the digest now / make this channel the digest channel",
    "remind": "nudge the employee of an idle interview",
    "cancel": "withdraw an interview",
    "help": "this list",
}

COMMAND_WORDS = tuple(USAGE)

_STATUS_WORDS: dict[str, tuple[InterviewStatus, ...]] = {
    **{status.value: (status,) for status in InterviewStatus},
    "in-progress": (InterviewStatus.IN_PROGRESS,),
    "inprogress": (InterviewStatus.IN_PROGRESS,),
    "active": tuple(s for s in InterviewStatus if s in ACTIVE_STATUSES),
    "canceled": (InterviewStatus.CANCELLED,),
}
_INTERVIEW_ID = re.compile(r"#?(\d{1,18})")
_DAYS = re.compile(r"(\d{1,4})\s*d?", re.IGNORECASE)
_SLACK_USER = re.compile(r"<@([A-Z0-9][A-Za-z0-9_.-]*)(?:\|[^>]*)?>")
_SLACK_MAILTO = re.compile(r"<mailto:([^|>]+)(?:\|[^>]*)?>", re.IGNORECASE)
_SLACK_NON_PERSON = re.compile(r"<[#!][^>]*>")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
_TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u00a0": " "})
_REGRETTABLE_WORDS = {
    "regrettable": True,
    "non-regrettable": False,
    "nonregrettable": False,
    "unregrettable": False,
    "not-regrettable": False,
}


class UsageError(Exception):
    """The words could not be understood; ``command`` picks the usage line to show.

    ``problem`` says what is wrong, with the words HR typed as code spans.
    """

    def __init__(self, command: str | None, *problem: str | Span) -> None:
        self.command = command
        self.problem = spans(*problem)
        super().__init__(plain(self.problem))


@dataclass(frozen=True, slots=True)
class StartCommand:
    target: str
    department: str | None = None
    last_day: date | None = None
    voluntary: bool | None = None
    regrettable: bool | None = None


@dataclass(frozen=True, slots=True)
class ListCommand:
    statuses: tuple[InterviewStatus, ...] = ()
    department: str | None = None
    since: date | None = None


@dataclass(frozen=True, slots=True)
class ShowCommand:
    interview_id: int


@dataclass(frozen=True, slots=True)
class StatsCommand:
    days: int = DEFAULT_STATS_DAYS


@dataclass(frozen=True, slots=True)
class AskCommand:
    question: str


@dataclass(frozen=True, slots=True)
class DigestNowCommand:
    days: int = DEFAULT_DIGEST_DAYS


@dataclass(frozen=True, slots=True)
class DigestHereCommand:
    pass


@dataclass(frozen=True, slots=True)
class RemindCommand:
    interview_id: int


@dataclass(frozen=True, slots=True)
class CancelCommand:
    interview_id: int


@dataclass(frozen=True, slots=True)
class HelpCommand:
    topic: str | None = None


HrCommand = (
    StartCommand
    | ListCommand
    | ShowCommand
    | StatsCommand
    | AskCommand
    | DigestNowCommand
    | DigestHereCommand
    | RemindCommand
    | CancelCommand
    | HelpCommand
)


def parse_command(text: str) -> HrCommand:
    """The command in ``text``; UsageError when the words do not fit any usage line."""
    text = normalize(text)
    word, _, rest = text.partition(" ")
    word = word.lower()
    rest = rest.strip()
    if not word or word in ("help", "?"):
        return _parse_help(rest)
    if word == "ask":
        return _parse_ask(rest)
    if word not in USAGE:
        raise UsageError(None, "I don't know the command ", code(shorten_word(word)), ".")
    args = tokenize(word, rest)
    match word:
        case "start":
            return _parse_start(args)
        case "list":
            return _parse_list(args)
        case "show":
            return ShowCommand(_single_id("show", args))
        case "remind":
            return RemindCommand(_single_id("remind", args))
        case "cancel":
            return CancelCommand(_single_id("cancel", args))
        case "stats":
            return _parse_stats(args)
        case _:
            return _parse_digest(args)


def command_word(text: str) -> str | None:
    """The known command word ``text`` starts with (``help`` when empty), else None.

    Safe to log: it is never one of the arguments, which may hold names.
    """
    word = normalize(text).partition(" ")[0].lower()
    if not word:
        return "help"
    return word if word in USAGE else None


def normalize(text: str) -> str:
    """One line of plain ASCII-quoted text; Slack's ``&lt;``-style escapes undone."""
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def tokenize(command: str, text: str) -> list[str]:
    """Whitespace-separated words, with quoted parts kept together (``#`` is not a comment)."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:
        raise UsageError(command, "a quotation mark is not closed.") from None


def shorten_word(word: str, limit: int = 30) -> str:
    return word if len(word) <= limit else word[: limit - 1] + "…"


def person_reference(token: str) -> str:
    """What to look a person up by: the user id of a Slack mention, the address of a mailto
    link, or the token itself (a bare user id or an email)."""
    if match := _SLACK_USER.fullmatch(token):
        return match.group(1)
    if match := _SLACK_MAILTO.fullmatch(token):
        return match.group(1)
    if _SLACK_NON_PERSON.fullmatch(token):
        raise UsageError("start", "that is a channel or a group, not a person.")
    return token


# --- per command ------------------------------------------------------------------------------


def _parse_help(rest: str) -> HelpCommand:
    topic = rest.split(" ", 1)[0].lower() if rest else None
    return HelpCommand(topic if topic in USAGE else None)


def _parse_ask(rest: str) -> AskCommand:
    question = rest.strip()
    if not question:
        raise UsageError("ask", "ask needs a question.")
    if len(question) > MAX_QUESTION_CHARS:
        raise UsageError("ask", f"please keep the question under {MAX_QUESTION_CHARS} characters.")
    return AskCommand(question)


def _parse_start(args: list[str]) -> StartCommand:
    target: str | None = None
    department: str | None = None
    last_day: date | None = None
    voluntary: bool | None = None
    regrettable: bool | None = None
    for arg in args:
        key, has_value, value = arg.partition("=")
        key = key.lower()
        if has_value and key in ("dept", "department"):
            department = _department("start", value)
        elif has_value and key in ("last_day", "lastday", "last-day"):
            last_day = _date("start", "last_day", value)
        elif not has_value and key in ("voluntary", "involuntary"):
            choice = key == "voluntary"
            if voluntary is not None and voluntary != choice:
                raise UsageError("start", "choose either voluntary or involuntary, not both.")
            voluntary = choice
        elif not has_value and key in _REGRETTABLE_WORDS:
            regrettable = _REGRETTABLE_WORDS[key]
        elif has_value:
            raise UsageError(
                "start", "I don't know the option ", code(f"{shorten_word(key)}="), "."
            )
        elif target is None:
            target = person_reference(arg)
        else:
            raise UsageError("start", "I don't know what ", code(shorten_word(arg)), " means here.")
    if target is None:
        raise UsageError("start", "who should I invite? Give a mention, a user id or an email.")
    return StartCommand(target, department, last_day, voluntary, regrettable)


def _parse_list(args: list[str]) -> ListCommand:
    statuses: list[InterviewStatus] = []
    department: str | None = None
    since: date | None = None
    for arg in args:
        key, has_value, value = arg.partition("=")
        key = key.lower()
        if has_value and key in ("dept", "department"):
            department = _department("list", value)
        elif has_value and key == "since":
            since = _date("list", "since", value)
        elif not has_value and key in _STATUS_WORDS:
            statuses.extend(s for s in _STATUS_WORDS[key] if s not in statuses)
        else:
            known = ", ".join(s.value for s in InterviewStatus)
            raise UsageError(
                "list",
                "I don't understand ",
                code(shorten_word(arg)),
                f"; a status is one of {known} or active.",
            )
    return ListCommand(tuple(statuses), department, since)


def _parse_stats(args: list[str]) -> StatsCommand:
    if not args:
        return StatsCommand()
    if len(args) == 1 and (days := _days(args[0])) is not None:
        return StatsCommand(days)
    raise UsageError("stats", "give the period as a number of days, e.g. 30d, 90d or 365d.")


def _parse_digest(args: list[str]) -> DigestNowCommand | DigestHereCommand:
    action = args[0].lower() if args else ""
    if action == "here" and len(args) == 1:
        return DigestHereCommand()
    if action == "now" and len(args) == 1:
        return DigestNowCommand()
    if action == "now" and len(args) == 2 and (days := _days(args[1])) is not None:
        return DigestNowCommand(days)
    raise UsageError("digest", "say ", code("digest now"), " or ", code("digest here"), ".")


def _single_id(command: str, args: list[str]) -> int:
    if len(args) == 1 and (match := _INTERVIEW_ID.fullmatch(args[0])):
        return int(match.group(1))
    raise UsageError(command, "give one interview id, as shown by ", code("list"), " (e.g. 12).")


def _days(text: str) -> int | None:
    match = _DAYS.fullmatch(text)
    if match is None:
        return None
    days = int(match.group(1))
    return days if 1 <= days <= MAX_DAYS else None


def _department(command: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise UsageError(command, code("dept="), " needs a department name.")
    if len(value) > MAX_DEPARTMENT_CHARS:
        raise UsageError(command, f"a department is at most {MAX_DEPARTMENT_CHARS} characters.")
    return value


def _date(command: str, option: str, value: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(command, code(f"{option}="), " must be a date like 2026-11-30.") from None
