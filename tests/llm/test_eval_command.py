"""``exitbot eval`` against a fake Groq server (run in its own thread: the command owns a loop)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from exitbot.cli import cli
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import FakeModel


@pytest.fixture
def threaded_groq() -> Iterator[FakeGroqServer]:
    model = FakeModel(language_replies={"Ich ": "Wie haben Sie das erlebt?"})
    with FakeGroqServer(model) as server:
        yield server


def test_eval_prints_a_table_and_passes(
    threaded_groq: FakeGroqServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROQ_API_KEY", "gsk_eval")
    monkeypatch.setenv("GROQ_BASE_URL", threaded_groq.base_url)
    monkeypatch.setenv("LLM_PROVIDERS", "groq")
    result = CliRunner().invoke(
        cli, ["eval", "--persona", "cooperative", "--persona", "reports_harassment"]
    )
    assert result.exit_code == 0, result.output
    assert "cooperative" in result.output and "reports_harassment" in result.output
    assert "harassment" in result.output
    assert "2 passed, 0 failed" in result.output
    assert threaded_groq.call_count > 10


def test_eval_without_a_provider_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    result = CliRunner().invoke(cli, ["eval"], standalone_mode=True)
    assert result.exit_code == 1
    assert "GROQ_API_KEY" in result.output


def test_eval_rejects_an_unknown_persona(
    threaded_groq: FakeGroqServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROQ_API_KEY", "gsk_eval")
    monkeypatch.setenv("GROQ_BASE_URL", threaded_groq.base_url)
    result = CliRunner().invoke(cli, ["eval", "--persona", "nobody"])
    assert result.exit_code == 1
    assert "unknown persona 'nobody'" in result.output
