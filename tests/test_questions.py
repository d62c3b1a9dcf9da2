"""Question plans: the default, files in YAML and JSON, and validation messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exitbot.core.plan import DEFAULT_PLAN, QuestionPlanError, TopicKind, describe_plan, load_plan
from exitbot.engine.catalogs import Catalogs


def test_default_plan_covers_the_design_topics():
    keys = [t.key for t in DEFAULT_PLAN.topics]
    assert keys[0] == "reason_for_leaving" and keys[-1] == "anything_else"
    assert len(keys) == 10
    assert [t.kind for t in DEFAULT_PLAN.topics].count(TopicKind.SCALE) == 1
    assert "Reason for leaving" in describe_plan(DEFAULT_PLAN)


def test_json_plan_loads(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(
        json.dumps(
            {"name": "j", "topics": [{"key": "a", "title": "A", "question": "What about A?"}]}
        )
    )
    plan = load_plan(path)
    assert plan.name == "j" and plan.followups_for(plan.topics[0]) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("topics: [", "not valid YAML"),
        ("- just a list", "expected a mapping"),
        ("topics: []", "topics"),
        (
            "topics:\n  - {key: a, title: A, question: 'What about A'}\n"
            "  - {key: a, title: B, question: 'What about B'}",
            "appears twice",
        ),
    ],
)
def test_invalid_plans_say_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "plan.yaml"
    path.write_text(content)
    with pytest.raises(QuestionPlanError) as caught:
        load_plan(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(QuestionPlanError, match="cannot read"):
        load_plan(tmp_path / "nope.yaml")


def test_a_custom_plan_carries_its_own_translations(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(
        "name: short\n"
        "topics:\n"
        "  - key: why\n"
        "    title: Why\n"
        "    question: Why are you leaving us?\n"
        "    translations:\n"
        "      de:\n"
        "        question: Warum verlässt du uns?\n"
        "  - key: other\n"
        "    title: Anything else\n"
        "    question: Is there anything else you would like to share before we finish?\n",
        encoding="utf-8",
    )
    plan = load_plan(plan_file)
    catalogs = Catalogs.load(["en", "de"])
    german = catalogs.localize_plan(plan, "de")
    assert german.topics[0].question == "Warum verlässt du uns?"
    assert german.topics[1].question != plan.topics[1].question, "the catalog knows this one"
    assert catalogs.localize_plan(plan, "es") is plan, "not configured: the plan as written"
    assert [t.key for t in german.topics] == ["why", "other"]
