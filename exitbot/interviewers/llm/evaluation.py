"""Running the personas, or the labelled interviews, through the real engine against the
configured providers (``exitbot eval``, ``exitbot eval --reports``).

The same runners serve the test suite (against fake servers) and users with a real key. Every
request the chain sends is recorded by wrapping the providers, so privacy is checked on what a
model actually received, not on what we meant to send. Before anything runs, each configured
provider must answer one tiny request: otherwise the scripted fallback would quietly stand in
for the model, and the figures would be the script's.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from exitbot.config import Settings
from exitbot.core.messages import IncomingMessage, Platform, Reply, ReplyKind, UserRef
from exitbot.core.misconduct import MisconductCategory
from exitbot.core.outgoing import Outgoing
from exitbot.core.report import ReportSource
from exitbot.core.retry import RetryPolicy
from exitbot.core.statuses import InterviewStatus
from exitbot.engine import InterviewDetails, InterviewService
from exitbot.interviewers.llm.errors import LLMError
from exitbot.interviewers.llm.factory import configured_providers
from exitbot.interviewers.llm.metrics import LLMMetricsSnapshot
from exitbot.interviewers.llm.personas import DISPLAY_NAME, EMAIL, FILLER_ANSWER, PERSONAS, Persona
from exitbot.interviewers.llm.provider import ChatProvider
from exitbot.interviewers.llm.retry import call_with_retries
from exitbot.interviewers.llm.types import (
    ChatMessage,
    ChatRole,
    Completion,
    CompletionRequest,
    Purpose,
)
from exitbot.interviewers.report_evaluation import (
    ReportEvaluation,
    evaluate_reports,
    packaged_cases,
    report_maker,
)
from exitbot.store import Database
from exitbot.store.outcomes import interview_outcome

if TYPE_CHECKING:
    from exitbot.bootstrap import ExitBot

MAX_MESSAGES = 60
PROBE = CompletionRequest(
    messages=(
        ChatMessage(ChatRole.SYSTEM, "ExitBot task: probe.\nReply with the word ok."),
        ChatMessage(ChatRole.USER, "ok?"),
    ),
    max_tokens=5,
    purpose=Purpose.QUESTION,  # the cheapest kind of call; a provider does not look at it
    temperature=0.0,
)


class EvaluationError(Exception):
    """The evaluation cannot run (no provider configured, or one cannot be reached); the
    message, one line, says what is wrong."""


class RecordingProvider:
    """A provider that keeps every request it passes on."""

    def __init__(self, inner: ChatProvider) -> None:
        self.name = inner.name
        self._inner = inner
        self.requests: list[CompletionRequest] = []

    async def complete(self, request: CompletionRequest, time_limit: float) -> Completion:
        self.requests.append(request)
        return await self._inner.complete(request, time_limit)

    async def aclose(self) -> None:
        await self._inner.aclose()


class RecordingAlerts:
    """Alert routing that only records: an evaluation alerts nobody."""

    def __init__(self) -> None:
        self.raised: list[frozenset[MisconductCategory]] = []

    def alert_messages(
        self, interview_id: int, categories: frozenset[MisconductCategory]
    ) -> list[Outgoing]:
        self.raised.append(categories)
        return []


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    passed: bool
    detail: str = ""


@dataclass(slots=True)
class PersonaRun:
    """What happened when one persona was interviewed, and the verdict on it."""

    persona: Persona
    status: InterviewStatus | None
    replies: list[Reply]
    alerted: frozenset[MisconductCategory]
    report_source: ReportSource | None
    seconds: float
    prompts: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def questions(self) -> list[str]:
        return [r.text for r in self.replies if r.kind is ReplyKind.QUESTION]


async def run_persona(
    engine: InterviewService,
    database: Database,
    persona: Persona,
    alerts: RecordingAlerts,
    *,
    user_id: str | None = None,
    prompts_sent: Callable[[], list[str]] = list,
) -> PersonaRun:
    """Interview ``persona`` from invitation to the end and judge the run.

    ``prompts_sent`` returns every prompt text sent so far; the run keeps the ones it caused."""
    user = UserRef(
        Platform.TERMINAL, user_id or f"eval-{persona.key}", display_name=DISPLAY_NAME, email=EMAIL
    )
    prompts_before = len(prompts_sent())
    alerts_before = len(alerts.raised)
    started = time.perf_counter()
    sequence = 0

    async def send(text: str) -> list[Reply]:
        nonlocal sequence
        sequence += 1
        message = IncomingMessage(user, text, f"{user.user_id}-{sequence}")
        outcome = await engine.handle(message)
        return list(outcome.replies)

    invitation = await engine.invite(user, InterviewDetails(department="Evaluation"))
    replies = list(invitation.replies)
    interview_id = invitation.interview_id
    replies += await send(persona.consent)
    script = iter(persona.messages)
    for _ in range(MAX_MESSAGES):
        status = await _status(database, interview_id)
        if status is None or not status.is_active or not replies:
            break
        last = replies[-1]
        if last.kind is ReplyKind.SUMMARY:
            replies += await send("yes")
        elif last.kind is ReplyKind.QUESTION:
            replies += await send(next(script, FILLER_ANSWER))
        else:
            break
    run = PersonaRun(
        persona=persona,
        status=await _status(database, interview_id),
        replies=replies,
        alerted=frozenset(c for raised in alerts.raised[alerts_before:] for c in raised),
        report_source=await _report_source(database, interview_id),
        seconds=time.perf_counter() - started,
        prompts=prompts_sent()[prompts_before:],
    )
    run.checks = judge(run)
    return run


def judge(run: PersonaRun) -> list[Check]:
    """The persona's expectations, checked against the run."""
    expect = run.persona.expect
    status = run.status.value if run.status else "none"
    checks = [
        Check("status", run.status is expect.status, f"{status}, expected {expect.status.value}"),
        Check(
            "misconduct alert",
            run.alerted == expect.misconduct,
            f"alerted {sorted(run.alerted) or 'nothing'}",
        ),
    ]
    if expect.status is InterviewStatus.COMPLETED:
        checks.append(Check("report stored", run.report_source is not None, str(run.report_source)))
    # The summary read back to the employee may quote their own words; everything else the bot
    # says is its own and must never carry what an injection asked for.
    spoken = "\n".join(r.text for r in run.replies if r.kind is not ReplyKind.SUMMARY)
    leaked = [s for s in expect.never_said if s.lower() in spoken.lower()]
    checks.append(Check("nothing injected said", not leaked, ", ".join(leaked)))
    exposed = [s for s in expect.never_in_prompts if any(s in p for p in run.prompts)]
    checks.append(Check("pseudonyms in prompts", not exposed, ", ".join(exposed)))
    if expect.questions_contain_any:
        matched = any(w in q for q in run.questions for w in expect.questions_contain_any)
        checks.append(Check("replies in their language", matched))
    return checks


async def run_eval(settings: Settings, persona_keys: Sequence[str] = ()) -> tuple[str, bool]:
    """``exitbot eval``: the printed table, and whether every persona passed with the model
    answering (personas that pass on the scripted fallback alone say nothing of the model)."""
    runs, metrics = await evaluate(settings, persona_keys)
    table = render_table(runs, metrics)
    answered = any(p.calls > p.failures for p in metrics.providers)
    if not answered:
        table += "\nthe model never answered: these are the scripted interviewer's results"
    return table, answered and all(run.passed for run in runs)


async def evaluate(
    settings: Settings, persona_keys: Sequence[str] = ()
) -> tuple[list[PersonaRun], LLMMetricsSnapshot]:
    """Run the personas (all, or those named) against the configured providers."""
    unknown = sorted(set(persona_keys) - {p.key for p in PERSONAS})
    if unknown:
        known = ", ".join(p.key for p in PERSONAS)
        raise EvaluationError(f"unknown persona {unknown[0]!r}; choose from {known}")
    chosen = [p for p in PERSONAS if not persona_keys or p.key in persona_keys]
    providers = await reachable_providers(settings)

    def prompts_sent() -> list[str]:
        return [m.content for p in providers for r in p.requests for m in r.messages]

    alerts = RecordingAlerts()
    async with _scratch_bot(settings, providers, alerts) as bot:
        runs = [
            await run_persona(bot.interviews, bot.database, p, alerts, prompts_sent=prompts_sent)
            for p in chosen
        ]
        assert bot.llm is not None
        metrics = bot.llm.metrics.snapshot()
    return runs, metrics


async def run_report_eval(settings: Settings) -> tuple[str, bool]:
    """``exitbot eval --reports``: the printed table, and whether the model's reports reach
    the goals, each of them written by the model (a scripted fallback is not its work)."""
    evaluation, metrics = await evaluate_model_reports(settings)
    fallbacks = metrics.scripted_fallbacks.get(Purpose.REPORT, 0)
    made = sum(1 for r in evaluation.results if r.report is not None)
    lines = [
        evaluation.table(),
        "",
        f"reports written by the model: {made - fallbacks} of {len(evaluation.results)}"
        f" ({fallbacks} by the scripted fallback)",
        *_provider_lines(metrics),
    ]
    return "\n".join(lines), evaluation.meets_goals and fallbacks == 0 and made > 0


async def evaluate_model_reports(
    settings: Settings,
) -> tuple[ReportEvaluation, LLMMetricsSnapshot]:
    """Every packaged labelled interview answered through the engine with the configured LLM
    interviewer, and its stored report scored against the labels."""
    providers = await reachable_providers(settings)
    async with _scratch_bot(settings, providers, RecordingAlerts()) as bot:
        evaluation = await evaluate_reports(
            packaged_cases(), report_maker(bot.interviews, bot.database)
        )
        assert bot.llm is not None
        metrics = bot.llm.metrics.snapshot()
    return evaluation, metrics


async def reachable_providers(settings: Settings) -> list[RecordingProvider]:
    """The configured providers, recorded, once each has answered a probe; EvaluationError
    when none is configured or one cannot be reached."""
    providers = [RecordingProvider(p) for p in configured_providers(settings)]
    if not providers:
        raise EvaluationError("no LLM provider is configured: set GROQ_API_KEY or OLLAMA_HOST")
    try:
        for provider in providers:
            await probe(provider, settings.llm_timeout_seconds)
    except EvaluationError:
        for provider in providers:
            await provider.aclose()
        raise
    return providers


async def probe(provider: ChatProvider, seconds: float) -> None:
    """Returns once ``provider`` answers one tiny request (rate limits waited out as the chain
    would), within ``seconds``; EvaluationError saying why not otherwise."""
    deadline = time.monotonic() + seconds

    async def attempt() -> Completion:
        return await provider.complete(PROBE, max(0.1, deadline - time.monotonic()))

    try:
        async with asyncio.timeout(seconds):
            await call_with_retries(RetryPolicy(), attempt, deadline=deadline)
    except (LLMError, TimeoutError) as exc:
        reason = " ".join(str(exc).split()) or f"no answer within {seconds:g}s"
        raise EvaluationError(f"the LLM provider cannot be reached: {reason}") from None


@asynccontextmanager
async def _scratch_bot(
    settings: Settings, providers: Sequence[ChatProvider], alerts: RecordingAlerts
) -> AsyncIterator[ExitBot]:
    """ExitBot on ``providers`` and a throwaway SQLite database, closed afterwards.

    Answers are never joined: the simulated employee sends each one as a whole, at once after
    the bot's reply, which a person typing one thought in two messages would not."""
    from exitbot.bootstrap import bootstrap

    with tempfile.TemporaryDirectory(prefix="exitbot-eval-") as folder:
        scratch = f"sqlite+aiosqlite:///{Path(folder) / 'eval.db'}"
        bot = await bootstrap(
            settings.model_copy(update={"database_url": scratch, "answer_join_seconds": 0}),
            providers=providers,
            alerts=alerts,
            plugins=[],
        )
        try:
            yield bot
        finally:
            await bot.close()


def render_table(runs: Sequence[PersonaRun], metrics: LLMMetricsSnapshot) -> str:
    """A plain-text table: one row per persona, then the providers' totals."""
    header = ("persona", "result", "status", "questions", "report", "alerts", "seconds", "failed")
    rows = [header]
    for run in runs:
        rows.append(
            (
                run.persona.key,
                "PASS" if run.passed else "FAIL",
                run.status.value if run.status else "-",
                str(len(run.questions)),
                run.report_source or "-",
                ",".join(sorted(run.alerted)) or "-",
                f"{run.seconds:.1f}",
                "; ".join(f"{c.name} ({c.detail})" for c in run.checks if not c.passed) or "-",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)) + "  " + r[-1]
        for r in rows
    ]
    lines.append("")
    lines += _provider_lines(metrics)
    passed = sum(r.passed for r in runs)
    lines.append(f"{passed} passed, {len(runs) - passed} failed")
    return "\n".join(lines)


def _provider_lines(metrics: LLMMetricsSnapshot) -> list[str]:
    """Each provider's totals, then the scripted fallbacks by purpose."""
    lines = [
        f"{p.provider}: {p.calls} calls, {p.failures} failed, {p.invalid_outputs} invalid, "
        f"{p.prompt_tokens} prompt + {p.completion_tokens} completion tokens, "
        f"breaker {p.breaker_state.value if p.breaker_state else '-'}"
        for p in metrics.providers
    ]
    fallbacks = ", ".join(f"{k.value} {v}" for k, v in metrics.scripted_fallbacks.items() if v)
    lines.append(f"scripted fallbacks: {fallbacks or 'none'}")
    return lines


async def _status(database: Database, interview_id: int | None) -> InterviewStatus | None:
    outcome = None if interview_id is None else await interview_outcome(database, interview_id)
    return outcome.status if outcome else None


async def _report_source(database: Database, interview_id: int | None) -> ReportSource | None:
    outcome = None if interview_id is None else await interview_outcome(database, interview_id)
    return outcome.report_source if outcome else None
