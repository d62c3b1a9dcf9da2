"""Checks on generated questions and JSON answers."""

from __future__ import annotations

import pytest

from exitbot.interviewers.llm.errors import InvalidOutputError
from exitbot.interviewers.llm.validation import check_question, parse_json_object


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("What made you decide to leave?", "What made you decide to leave?"),
        (
            '  "Thanks for sharing. What made you leave?"  ',
            "Thanks for sharing. What made you leave?",
        ),
        ("Question: How was your manager?", "How was your manager?"),
        ("¿Qué te hizo decidir irte?", "¿Qué te hizo decidir irte?"),
        ("你为什么决定离开公司？", "你为什么决定离开公司？"),
    ],
)
def test_good_questions_pass(raw: str, expected: str) -> None:
    assert check_question(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "Why?",
        "What made you leave? And how was your manager?",
        "Tell me about your manager.",
        "What made you leave? Take your time.",
        "Did you read https://evil.example/?",
        "Did you read www.evil.example?",
        "Could you ping <@U0123ABC> about it?",
        "Could @here tell me more?",
        "How was [name] as a manager?",
        "What made you leave?\nAlso, what else?",
        "Why " + "really " * 60 + "?",
        "<b>What made you leave?</b>",
    ],
)
def test_bad_questions_are_rejected(raw: str) -> None:
    with pytest.raises(InvalidOutputError):
        check_question(raw)


def test_json_object_is_found_in_fences_and_prose() -> None:
    assert parse_json_object('```json\n{"a": 1}\n```') == {"a": 1}
    assert parse_json_object('Here you go: {"a": {"b": 2}} hope it helps') == {"a": {"b": 2}}


@pytest.mark.parametrize("raw", ["no json", '{"a": 1', "[1, 2]", '{"a": }'])
def test_bad_json_is_rejected(raw: str) -> None:
    with pytest.raises(InvalidOutputError):
        parse_json_object(raw)


def test_two_part_wording_allows_two_question_marks_only_when_asked() -> None:
    two = "How likely are you to recommend us? Would you come back?"
    with pytest.raises(InvalidOutputError):
        check_question(two)
    assert check_question(two, max_questions=2) == two
