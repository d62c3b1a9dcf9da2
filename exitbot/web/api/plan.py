"""The question plan over the API: read the plan new interviews follow, store a new one.

A stored plan is a new immutable version: interviews already under way keep the plan they
were opened with, and only interviews opened afterwards (on any replica) follow the new one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import structlog
from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from exitbot.core.plan import DEFAULT_PLAN, QuestionPlan, Topic, TopicKind, TopicTranslation
from exitbot.core.ports import PlanVersion
from exitbot.store.tokens import TokenRole
from exitbot.web.api.endpoint import ApiCall, Endpoint, json_response
from exitbot.web.api.schemas import example

log = structlog.get_logger(__name__)

PlanSource = Literal["built-in", "file", "api"]

_EXAMPLE_KEYS = ("reason_for_leaving", "manager", "recommend", "anything_else")


def _example_plan() -> dict[str, Any]:
    """The built-in plan cut to a few topics, with one translation to show the shape."""
    topics = [t for t in DEFAULT_PLAN.topics if t.key in _EXAMPLE_KEYS]
    german = TopicTranslation(question="Was war der Hauptgrund für deine Entscheidung zu gehen?")
    first = topics[0].model_copy(update={"translations": {"de": german}})
    plan = QuestionPlan(name="short", topics=[first, *topics[1:]])
    return plan.model_dump(mode="json", exclude_defaults=True)


_EXAMPLE_PLAN = _example_plan()


class QuestionPlanBody(QuestionPlan):
    """A question plan, validated as ``exitbot import-questions`` validates a file: topic
    keys unique, questions 5-400 characters, at most one ``scale`` (0-10, eNPS) topic."""

    model_config = example(_EXAMPLE_PLAN)

    @field_validator("topics")
    @classmethod
    def _one_scale_topic_named(cls, topics: list[Topic]) -> list[Topic]:
        """The plan's own rule, checked on ``topics`` so that the error names the field."""
        if sum(1 for t in topics if t.kind is TopicKind.SCALE) > 1:
            raise ValueError("at most one topic may be of kind 'scale' (the eNPS question)")
        return topics


class PlanInForce(QuestionPlan):
    """The plan new interviews follow, and where it comes from: the last one stored through
    this API (``api``, with its version), else ``EXITBOT_QUESTIONS`` (``file``), else the
    built-in plan."""

    model_config = example(
        _EXAMPLE_PLAN
        | {
            "source": "api",
            "version": 3,
            "updated_at": "2026-11-02T09:00:00Z",
            "updated_by": "hris",
        }
    )
    source: PlanSource
    version: int | None = Field(description="The stored version's number; null unless `api`")
    updated_at: datetime | None = Field(description="When it was stored; null unless `api`")
    updated_by: str | None = Field(description="The name of the token that stored it")


class PlanDraft(BaseModel):
    """Any JSON object, read as a question plan by the check (which reports what is wrong
    rather than refusing the request)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [_EXAMPLE_PLAN]})


class PlanProblem(BaseModel):
    field: str = Field(
        description="Where, as a dotted path (`topics.0.question`); empty for the whole plan"
    )
    message: str


class PlanCheck(BaseModel):
    """Whether a draft would be stored, with every problem found (not just the first)."""

    model_config = example(
        {
            "valid": False,
            "problems": [
                {
                    "field": "topics.1.question",
                    "message": "String should have at least 5 characters",
                }
            ],
        }
    )
    valid: bool
    problems: list[PlanProblem]


def _in_force(call: ApiCall[Any, Any], stored: PlanVersion | None) -> PlanInForce:
    if stored is not None:
        return PlanInForce(
            **stored.plan.model_dump(),
            source="api",
            version=stored.version,
            updated_at=stored.created_at,
            updated_by=stored.created_by,
        )
    source: PlanSource = "file" if call.bot.settings.exitbot_questions else "built-in"
    return PlanInForce(
        **call.bot.interviews.plan.model_dump(),
        source=source,
        version=None,
        updated_at=None,
        updated_by=None,
    )


async def get_plan(call: ApiCall[Any, Any]) -> web.Response:
    return json_response(_in_force(call, await call.bot.interviews.plans.newest()))


async def put_plan(call: ApiCall[Any, QuestionPlanBody]) -> web.Response:
    plan = QuestionPlan.model_validate(call.body.model_dump())
    by = call.token.name if call.token else None
    stored = await call.bot.interviews.plans.publish(plan, by=by, now=call.bot.clock.now())
    log.info("question_plan_stored", version=stored.version, name=plan.name, token=by)
    return json_response(_in_force(call, stored))


# Pydantic's wording where it would show HR a regular expression (only topic keys have one).
_PLAIN_MESSAGES = {
    "string_pattern_mismatch": (
        "Use lowercase letters a-z, digits and _, starting with a letter (at most 40 characters)"
    ),
}


async def check_plan(call: ApiCall[Any, PlanDraft]) -> web.Response:
    try:
        QuestionPlanBody.model_validate(call.body.model_extra or {})
    except ValidationError as error:
        problems = [
            PlanProblem(
                field=".".join(str(part) for part in problem["loc"]),
                message=_PLAIN_MESSAGES.get(
                    problem["type"], problem["msg"].removeprefix("Value error, ")
                ),
            )
            for problem in error.errors(include_input=False, include_url=False)
        ]
        return json_response(PlanCheck(valid=False, problems=problems))
    return json_response(PlanCheck(valid=True, problems=[]))


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/api/question-plan",
        get_plan,
        "The question plan new interviews follow, and where it comes from",
        "question plan",
        response=PlanInForce,
    ),
    Endpoint(
        "PUT",
        "/api/question-plan",
        put_plan,
        "Store a new question plan for the interviews opened from now on",
        "question plan",
        role=TokenRole.HR_ADMIN,
        body=QuestionPlanBody,
        response=PlanInForce,
        description=(
            "Validated as `exitbot import-questions` validates a file; a 422 names the first "
            "invalid field (`topics.0.question`). The plan is stored as a new version: "
            "interviews already under way keep the plan they started with."
        ),
    ),
    Endpoint(
        "POST",
        "/api/question-plan/check",
        check_plan,
        "Check a draft question plan without storing it: every problem, by field",
        "question plan",
        role=TokenRole.HR_ADMIN,
        body=PlanDraft,
        response=PlanCheck,
        description=(
            "The same rules as `PUT /api/question-plan`, but answered with 200 and the list "
            "of every invalid field, so that an editor can mark them all at once."
        ),
    ),
)
