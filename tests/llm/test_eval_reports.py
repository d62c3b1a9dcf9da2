"""``exitbot eval --reports`` as a user runs it: a child process against a fake Groq server
whose model writes plausible reports (the labelled reasons and tone, with the slips a model
makes: a wrong eNPS, an invented quote), or against a port where nothing listens."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from exitbot.core.report import Reason
from exitbot.interviewers.report_evaluation import LabelledCase, packaged_cases
from exitbot.interviewers.scripted.polarity import Polarity
from tests.cli_runner import run
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import ChatPrompt, FakeModel, Reply, Status

TONE = {Polarity.NEGATIVE: -0.55, Polarity.MIXED: 0.0, Polarity.POSITIVE: 0.55}
_ANSWER_LINE = re.compile(r'^\[[^\]]*\] (".*")$', re.M)


class LabelReadingModel(FakeModel):
    """A model that reads the interview as its labeller did, yet slips as models do: its
    eNPS is one off and one of its quotes was never said."""

    def __init__(self) -> None:
        super().__init__()
        self.cases = packaged_cases()

    def answer(self, body: Any) -> str:
        prompt = ChatPrompt.of(body)
        if prompt.task != "write_report":
            return super().answer(body)
        answers = [json.loads(m.group(1)) for m in _ANSWER_LINE.finditer(prompt.user_text)]
        case = max(self.cases, key=lambda c: _overlap(c, answers))
        labels = case.labels
        first = answers[0].split() if answers else ["Thanks."]
        return json.dumps(
            {
                "summary": f"The employee left mainly over {labels.primary.value}. "
                "They described their experience in some detail.",
                "reasons": [labels.primary, *sorted(labels.reasons - {labels.primary})],
                "themes": ["main reason for leaving", "positive about the team"],
                "sentiment": TONE[labels.polarity],
                "enps": ((labels.enps or 0) + 1) % 11,
                "would_return": True,
                "recommendations": ["Follow up on the points raised."],
                "notable_quotes": [" ".join(first[:8]), "I was paid in peanuts for years."],
            }
        )


def _overlap(case: LabelledCase, answers: list[str]) -> int:
    return sum(a in answers for topic in case.answers.values() for a in topic)


@pytest.fixture
def report_groq() -> Iterator[FakeGroqServer]:
    with FakeGroqServer(LabelReadingModel()) as server:
        yield server


def test_eval_reports_prints_the_table_and_passes(
    report_groq: FakeGroqServer, cli_env: dict[str, str]
) -> None:
    env = {**cli_env, "GROQ_API_KEY": "gsk_eval", "GROQ_BASE_URL": report_groq.base_url}
    env["LLM_PROVIDERS"] = "groq"
    result = run(["eval", "--reports"], env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    table = result.stdout
    cases = len(packaged_cases())
    assert f"Report evaluation: {cases} labelled interviews" in table
    for measure in ("precision", "recall", "reason-set F1", "primary reason accuracy"):
        assert measure in table
    assert re.search(r"eNPS exact\s+1\.00", table), table
    assert "polarity accuracy" in table and "goals met: yes" in table
    assert f"reports written by the model: {cases} of {cases}" in table
    written = [r for r in report_groq.requests if ChatPrompt.of(r.body).task == "write_report"]
    assert len(written) == cases
    for reason in (Reason.COMPENSATION, Reason.MANAGEMENT):
        assert re.search(rf"^{reason.value}\s+\d+\s+\d+\s+\d\.\d\d\s+\d\.\d\d$", table, re.M)


def test_eval_reports_with_the_provider_unreachable_fails_in_one_line(
    cli_env: dict[str, str],
) -> None:
    env = {
        **cli_env,
        "GROQ_API_KEY": "gsk_eval",
        "GROQ_BASE_URL": f"http://127.0.0.1:{_closed_port()}",
    }
    env.update(LLM_PROVIDERS="groq", LLM_TIMEOUT_SECONDS="5")
    for args in (["eval", "--reports"], ["eval", "--persona", "cooperative"]):
        result = run(args, env, timeout=120)
        assert result.returncode != 0, args
        assert result.stdout == "", args  # no table of scripted figures passed off as the model's
        [line] = result.stderr.strip().splitlines()
        assert "cannot be reached" in line and "groq" in line, line
        assert "Traceback" not in result.stderr


def test_eval_fails_when_the_model_stops_answering_after_the_probe(
    cli_env: dict[str, str],
) -> None:
    with FakeGroqServer() as server:
        server.script(Reply("ok"))
        server.fallback = Status(401)
        env = {**cli_env, "GROQ_API_KEY": "gsk_eval", "GROQ_BASE_URL": server.base_url}
        env["LLM_PROVIDERS"] = "groq"
        result = run(["eval", "--persona", "cooperative"], env, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the model never answered" in result.stdout


def test_eval_reports_is_not_combined_with_personas(cli_env: dict[str, str]) -> None:
    result = run(["eval", "--reports", "--persona", "cooperative"], cli_env)
    assert result.returncode == 2
    assert "--reports" in result.stderr


def _closed_port() -> int:
    """A loopback port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
