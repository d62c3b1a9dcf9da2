"""The question plan: which topics an interview covers and the plan's own wording for each."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator


class TopicKind(StrEnum):
    TEXT = "text"
    SCALE = "scale"  # a 0-10 answer, stored as the eNPS figure


class TopicTranslation(BaseModel):
    """A custom plan's wording of one topic in another language (``question`` required)."""

    title: str | None = Field(default=None, min_length=1, max_length=80)
    question: str = Field(min_length=5, max_length=400)
    followup: str | None = Field(default=None, min_length=5, max_length=400)


class Topic(BaseModel):
    """One topic; ``question`` is asked verbatim when no model phrases it. ``translations``
    maps a language code (``de``) to the topic's wording in it."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    title: str = Field(min_length=1, max_length=80)
    question: str = Field(min_length=5, max_length=400)
    followup: str = Field(
        default="Could you tell me a little more about that?", min_length=5, max_length=400
    )
    kind: TopicKind = TopicKind.TEXT
    max_followups: int | None = Field(default=None, ge=0, le=5)
    translations: dict[str, TopicTranslation] = Field(default_factory=dict)


class QuestionPlan(BaseModel):
    """An ordered list of topics plus the default follow-up allowance."""

    name: str = "default"
    max_followups: int = Field(default=2, ge=0, le=5)
    topics: list[Topic] = Field(min_length=1, max_length=30)

    @field_validator("topics")
    @classmethod
    def _unique_keys(cls, topics: list[Topic]) -> list[Topic]:
        seen: set[str] = set()
        for topic in topics:
            if topic.key in seen:
                raise ValueError(f"topic key {topic.key!r} appears twice")
            seen.add(topic.key)
        return topics

    @model_validator(mode="after")
    def _one_scale_topic(self) -> QuestionPlan:
        if sum(1 for t in self.topics if t.kind is TopicKind.SCALE) > 1:
            raise ValueError("at most one topic may be of kind 'scale' (the eNPS question)")
        return self

    def followups_for(self, topic: Topic) -> int:
        return self.max_followups if topic.max_followups is None else topic.max_followups


class QuestionPlanError(Exception):
    """The plan file cannot be read or does not validate; the message says where."""


DEFAULT_PLAN = QuestionPlan(
    topics=[
        Topic(
            key="reason_for_leaving",
            title="Reason for leaving",
            question="What is the main reason you decided to leave?",
        ),
        Topic(
            key="role_fit",
            title="Role fit",
            question="How well did your role match what you expected when you joined?",
        ),
        Topic(
            key="manager",
            title="Manager",
            question="How would you describe your relationship with your manager?",
            followup="What could your manager have done differently?",
        ),
        Topic(
            key="team_culture",
            title="Team and culture",
            question="How did you feel about your team and the culture here?",
        ),
        Topic(
            key="growth",
            title="Growth",
            question="Did you have the opportunities to learn and grow that you wanted?",
        ),
        Topic(
            key="compensation",
            title="Compensation and benefits",
            question="How did you feel about your pay and benefits?",
        ),
        Topic(
            key="tools_workload",
            title="Tools, process and workload",
            question="How manageable were your workload, tools and processes?",
        ),
        Topic(
            key="what_would_have_kept_you",
            title="What would have made you stay",
            question="Is there anything that would have made you stay?",
        ),
        Topic(
            key="recommend",
            title="Would you return / recommend",
            question=(
                "On a scale from 0 to 10, how likely are you to recommend working here "
                "to a friend? And would you consider coming back one day?"
            ),
            followup="Could you give me a number from 0 to 10?",
            kind=TopicKind.SCALE,
            max_followups=1,
        ),
        Topic(
            key="anything_else",
            title="Anything else",
            question="Is there anything else you would like to share before we finish?",
            max_followups=0,
        ),
    ]
)


def load_plan(path: Path | None) -> QuestionPlan:
    """The plan from a YAML or JSON file, or the built-in plan when ``path`` is None."""
    if path is None:
        return DEFAULT_PLAN
    try:
        raw_text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuestionPlanError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = json.loads(raw_text) if path.suffix == ".json" else yaml.safe_load(raw_text)
    except json.JSONDecodeError as exc:
        raise QuestionPlanError(f"{path}: not valid JSON (line {exc.lineno}): {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot parse"
        raise QuestionPlanError(f"{path}: not valid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise QuestionPlanError(f"{path}: expected a mapping with a 'topics' list")
    try:
        return QuestionPlan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "plan"
        raise QuestionPlanError(f"{path}: {where}: {first['msg']}") from None


def describe_plan(plan: QuestionPlan) -> str:
    """A readable listing of the plan, for ``exitbot questions``."""
    lines = [f"Question plan '{plan.name}' ({len(plan.topics)} topics):"]
    for number, topic in enumerate(plan.topics, start=1):
        allowance = plan.followups_for(topic)
        lines.append(f"{number:>2}. {topic.title} [{topic.key}, {topic.kind.value}]")
        lines.append(f"    {topic.question}")
        lines.append(f"    follow-ups: up to {allowance}; scripted: {topic.followup}")
    return "\n".join(lines)
