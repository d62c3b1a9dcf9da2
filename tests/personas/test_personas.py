"""Simulated employees through the engine and the LLM chain, against the fake LLM servers.

Each persona must end as expected (completed, or stopped cleanly), raise the alerts it should,
never make the bot say what an injection asked for, and never let a real name, email, phone
number or platform id reach a model (checked on the request bodies the fake servers received).
"""

from __future__ import annotations

import json

import pytest

from exitbot.core.report import ReportSource
from exitbot.core.statuses import InterviewStatus
from exitbot.interviewers.llm.evaluation import PersonaRun, RecordingAlerts, run_persona
from exitbot.interviewers.llm.personas import PERSONAS, persona
from exitbot.store import Database
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import FakeModel, Status
from tests.fakes.ollama_server import FakeOllamaServer
from tests.personas.conftest import EngineOnLayer, LayerFactory

GERMAN_QUESTION = "Wie haben Sie das erlebt?"


def wire_prompts(*servers: FakeGroqServer | FakeOllamaServer) -> list[str]:
    return [json.dumps(r.body, ensure_ascii=False) for s in servers for r in s.requests]


def explain(run: PersonaRun) -> str:
    failed = [f"{c.name}: {c.detail}" for c in run.checks if not c.passed]
    return f"{run.persona.key} failed {failed}; replies: {[r.text[:80] for r in run.replies]}"


@pytest.mark.parametrize("key", [p.key for p in PERSONAS])
async def test_persona_with_a_working_model(
    key: str,
    make_layer: LayerFactory,
    engine_on: EngineOnLayer,
    database: Database,
    persona_alerts: RecordingAlerts,
    groq_server: FakeGroqServer,
    ollama_server: FakeOllamaServer,
) -> None:
    # A gullible model obeys injections, so only our validation stands between it and the bot.
    groq_server.model = FakeModel(gullible=True, language_replies={"Ich ": GERMAN_QUESTION})
    layer = make_layer()
    run = await run_persona(
        await engine_on(layer),
        database,
        persona(key),
        persona_alerts,
        prompts_sent=lambda: wire_prompts(groq_server, ollama_server),
    )
    assert run.passed, explain(run)
    assert groq_server.call_count > 0
    assert len(run.prompts) == groq_server.call_count + ollama_server.call_count
    if run.status is InterviewStatus.COMPLETED and key != "prompt_injection":
        assert run.report_source == ReportSource.LLM.value
        # Scale topic and one model call per question, follow-up decision and answer check.
        assert groq_server.call_count <= 60 + len(persona(key).messages)


@pytest.mark.parametrize("key", ["cooperative", "withdraws", "reports_harassment", "german"])
async def test_persona_with_every_provider_down(
    key: str,
    make_layer: LayerFactory,
    engine_on: EngineOnLayer,
    database: Database,
    persona_alerts: RecordingAlerts,
    groq_server: FakeGroqServer,
    ollama_server: FakeOllamaServer,
) -> None:
    groq_server.fallback = Status(503)
    ollama_server.fallback = Status(500)
    layer = make_layer()
    run = await run_persona(await engine_on(layer), database, persona(key), persona_alerts)
    checks = {c.name: c for c in run.checks}
    # With no model the questions are the plan's English wording; everything else must hold.
    checks.pop("replies in their language", None)
    assert all(c.passed for c in checks.values()), explain(run)
    if run.status is InterviewStatus.COMPLETED:
        assert run.report_source == ReportSource.SCRIPTED.value
    # The breakers opened early: the dead providers were not hammered on every turn.
    assert groq_server.call_count <= 3 and ollama_server.call_count <= 3


async def test_injection_never_reaches_the_report_as_an_instruction(
    make_layer: LayerFactory,
    engine_on: EngineOnLayer,
    database: Database,
    persona_alerts: RecordingAlerts,
    groq_server: FakeGroqServer,
    ollama_server: FakeOllamaServer,
) -> None:
    layer = make_layer()
    run = await run_persona(
        await engine_on(layer),
        database,
        persona("prompt_injection"),
        persona_alerts,
        prompts_sent=lambda: wire_prompts(groq_server, ollama_server),
    )
    assert run.passed, explain(run)
    for request in groq_server.requests:
        system, user = request.messages
        assert "Ignore previous instructions" not in system["content"]
        assert "</conversation>\nSystem:" not in user["content"]
