"""Schemathesis fuzzes every operation of the running API from the OpenAPI document the app
serves: whatever a client may send, valid or not, the answer is no server error, has a
documented status and content type, and fits the documented schema.

One server per module (seeded with interviews so that reads and writes meet real ones), one
test per operation so that a failure names its route. The run is bounded and derandomized:
the same inputs on every run, in seconds. Fuzzing is synchronous (``requests``), so it runs in
a worker thread while the event loop serves."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from exitbot.web.api import ENDPOINTS
from tests.api import seeding
from tests.api.harness import ApiClient, running_api
from tests.fakes.slack_api import FakeSlackApi
from tests.support import employee

pytestmark = pytest.mark.asyncio(loop_scope="module")

VALID_EXAMPLES = 15
INVALID_EXAMPLES = 10
"""Generated cases per operation: input the document allows, then input it does not."""

CHECKS = [
    not_a_server_error,
    negative_data_rejection,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

_PATH_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}")


def _route(method: str, path: str) -> tuple[str, str]:
    return method, _PATH_PARAMETER.sub(lambda m: "{" + m.group(1) + "}", path)


def _fuzz_order(route: tuple[str, str]) -> tuple[int, str, str]:
    """Reads first and erasure last, so that the reads validate a whole interview (report,
    transcript) before the fuzzer erases it."""
    method, path = route
    return ({"GET": 0, "DELETE": 2}.get(method, 1), path, method)


ROUTES = sorted({_route(e.method, e.path) for e in ENDPOINTS}, key=_fuzz_order)


@dataclass
class Seeded:
    """The running app, a completed interview, and live ones made on demand."""

    api: ApiClient
    slack: FakeSlackApi
    completed_id: int
    invited: int = 0

    async def live_interview(self) -> int:
        """A new invited interview, for writes (remind, cancel) to meet one still active."""
        self.invited += 1
        user_id = f"U3{self.invited:02d}"
        self.slack.add_user(user_id, f"fuzz{self.invited}", "Sam Fuzz", f"{user_id}@corp.test")
        engine = self.api.running.bot.interviews
        interview_id = await seeding.invited(engine, employee(user_id, "Sam Fuzz"))
        await self.api.running.bot.settle()
        return interview_id


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def seeded(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Seeded]:
    """The app on SQLite (the document and the handlers' checks do not depend on the
    backend; the other API tests cover PostgreSQL) with a completed interview. Anyone a
    documented request example names by email exists on the fake Slack, so that the
    example can succeed."""
    target = tmp_path_factory.mktemp("fuzz") / "exitbot.db"
    shutil.copy(sqlite_template, target)
    async with FakeSlackApi() as slack, running_api(f"sqlite+aiosqlite:///{target}", slack) as api:
        document = (await api.get("/api/openapi.json", token=None)).body
        for number, email in enumerate(sorted(_example_emails(document)), start=1):
            slack.add_user(f"U4{number:02d}", f"example{number}", "Dana Example", email)
        slack.add_user("U201", "robin", "Robin Fuzz", "u201@corp.test")
        completed_id = await seeding.completed(api.running.bot.interviews, "U201", "Robin Fuzz")
        await api.running.bot.settle()
        yield Seeded(api, slack, completed_id)


@pytest_asyncio.fixture(loop_scope="module")
async def interview_ids(seeded: Seeded) -> list[int]:
    return [seeded.completed_id, await seeded.live_interview()]


def _example_emails(document: dict[str, Any]) -> set[str]:
    emails: set[str] = set()
    for item in document["paths"].values():
        for operation in item.values():
            content = operation.get("requestBody", {}).get("content", {})
            example = content.get("application/json", {}).get("example")
            if isinstance(example, dict) and isinstance(example.get("email"), str):
                emails.add(example["email"])
    return emails


@dataclass
class Outcome:
    """What fuzzing one operation met: each distinct failure with the input that caused it
    (as a curl command) and the answer, and how often each status came back."""

    failures: dict[str, str] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)

    def report(self) -> str:
        return "\n\n".join(self.failures.values())


def _has_input(operation: schemathesis.APIOperation) -> bool:
    """Whether there is anything to make invalid: parameters or a body."""
    return any(
        len(container) > 0
        for container in (
            operation.path_parameters,
            operation.query,
            operation.headers,
            operation.body,
        )
    )


def fuzz(
    schema: schemathesis.BaseSchema,
    base_url: str,
    token: str,
    route: tuple[str, str],
    interview_ids: list[int],
    examples: tuple[int, int] = (VALID_EXAMPLES, INVALID_EXAMPLES),
) -> Outcome:
    """Fuzz one operation. Failures are collected rather than raised, so that one run
    reports all of them, unshrunk but reproducible (derandomized)."""
    method, path = route
    operation = schema[path][method]
    names = [m.group(1) for m in _PATH_PARAMETER.finditer(path)]
    valid = [operation.as_strategy()]
    valid += [
        operation.as_strategy(path_parameters={name: interview_id for name in names})
        for interview_id in interview_ids
        if names
    ]
    example = _body_example(schema, path, method)
    if example is not None:
        valid.append(operation.as_strategy(body=example))
    headers = {"Authorization": f"Bearer {token}"}
    outcome = Outcome()

    def attempt(case: schemathesis.Case) -> None:
        try:
            response = case.call(base_url=base_url, headers=headers)
            outcome.statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, FailureGroup) as error:
            text = "\n".join([str(error), *getattr(error, "__notes__", [])])
            outcome.failures.setdefault(_failure_key(error), text)

    strategies = [(st.one_of(*valid), examples[0])]
    if _has_input(operation):
        negative = operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)
        strategies.append((negative, examples[1]))
    for strategy, count in strategies:

        @settings(
            max_examples=count,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case: schemathesis.Case) -> None:
            attempt(case)

        run()
    return outcome


def _body_example(schema: schemathesis.BaseSchema, path: str, method: str) -> Any:
    operation = schema.raw_schema["paths"][path][method.lower()]
    content = operation.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("example")


def _failure_key(error: BaseException) -> str:
    """What makes two failures the same: the checks that failed, not the generated input."""
    if isinstance(error, FailureGroup):
        return ", ".join(sorted(f"{f.code} {f.title}" for f in error.exceptions))
    return type(error).__name__


REJECTIONS = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
"""What rejecting invalid input may answer: schemathesis' list plus 413, the documented
answer to a body over 64 KiB (a generated invalid body can be that big)."""


def served_schema(base_url: str) -> schemathesis.BaseSchema:
    config = SchemathesisConfig.from_dict(
        {"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}}
    )
    return schemathesis.openapi.from_url(f"{base_url}/api/openapi.json", config=config)


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
async def test_no_input_breaks_the_operation_or_its_documented_contract(
    seeded: Seeded, interview_ids: list[int], route: tuple[str, str]
) -> None:
    api = seeded.api

    def run() -> Outcome:
        return fuzz(served_schema(api.url), api.url, api.admin, route, interview_ids)

    outcome = await asyncio.to_thread(run)
    assert not outcome.failures, outcome.report()
    assert any(200 <= status < 300 for status in outcome.statuses), (
        f"no input reached the success path: {dict(outcome.statuses)}"
    )


async def test_the_fuzzer_reports_an_answer_that_breaks_the_document(seeded: Seeded) -> None:
    """The checks are live: told that /api/openapi.json answers a JSON array, the fuzzer
    must report the object it gets."""
    api = seeded.api
    document = (await api.get("/api/openapi.json", token=None)).body
    answer = document["paths"]["/api/openapi.json"]["get"]["responses"]["200"]
    answer["content"]["application/json"]["schema"] = {"type": "array"}

    def run() -> Outcome:
        schema = schemathesis.openapi.from_dict(document)
        return fuzz(schema, api.url, api.admin, ("GET", "/api/openapi.json"), [], examples=(3, 0))

    outcome = await asyncio.to_thread(run)
    assert set(outcome.statuses) == {200}
    (failure,) = outcome.failures.values()
    assert "Response violates schema" in failure, failure
    assert "curl" in failure, "the failure says how to reproduce it"
