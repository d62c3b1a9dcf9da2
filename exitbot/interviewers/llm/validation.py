"""Checks on what a model wrote before anyone sees or stores it.

A generated question reaches the employee only if it is one short question with no link, no
mention and no placeholder; anything else is replaced by the plan's wording. JSON answers are
parsed leniently (models like to wrap JSON in code fences) and then validated strictly.
"""

from __future__ import annotations

import json
import re
from typing import Any

from exitbot.interviewers.llm.errors import InvalidOutputError

MAX_QUESTION_CHARS = 300
MIN_QUESTION_CHARS = 8

_LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(?:com|net|org|io|ly|co|me|xyz|ru)\b)", re.I)
_MENTION = re.compile(r"(<[@!#]|(?<!\w)@\w)")
_PLACEHOLDER = re.compile(r"\[(?:name|email|phone|id|link|mention)\]|\{|\}|<[^>]*>", re.I)
_QUESTION_MARKS = re.compile("[?？؟\u037e]")
_WRAPPING_QUOTES = "\"'“”‘’«»「」"
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.I)


def check_question(text: str, *, max_questions: int = 1) -> str:
    """The question, trimmed, if it is fit to send to the employee; else InvalidOutputError.

    ``max_questions`` is raised only where the plan's own wording asks two things at once."""
    question = " ".join(text.split()).strip().strip(_WRAPPING_QUOTES).strip()
    question = re.sub(r"^(question|q)\s*[:：]\s*", "", question, flags=re.I)
    if not MIN_QUESTION_CHARS <= len(question) <= MAX_QUESTION_CHARS:
        raise InvalidOutputError(f"question length {len(question)} out of range")
    if _LINK.search(question):
        raise InvalidOutputError("question contains a link")
    if _MENTION.search(question):
        raise InvalidOutputError("question contains a mention")
    if _PLACEHOLDER.search(question):
        raise InvalidOutputError("question contains a placeholder or markup")
    if "\n" in text.strip():
        raise InvalidOutputError("question spans several lines")
    # A short lead-in is fine ("Thanks for sharing. What ...?"), a second question is not.
    marks = len(_QUESTION_MARKS.findall(question))
    if not 1 <= marks <= max_questions or not _QUESTION_MARKS.match(question[-1]):
        raise InvalidOutputError("not one question ending in a question mark")
    return question


def parse_json_object(text: str) -> dict[str, Any]:
    """The JSON object in ``text`` (code fences and surrounding prose tolerated)."""
    stripped = _FENCE.sub("", text.strip())
    start, end = stripped.find("{"), stripped.rfind("}")
    if start < 0 or end <= start:
        raise InvalidOutputError("no JSON object in the answer")
    try:
        value = json.loads(stripped[start : end + 1])
    except ValueError as exc:
        raise InvalidOutputError(f"invalid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise InvalidOutputError("JSON is not an object")
    return value
