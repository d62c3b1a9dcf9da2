"""Trying providers in order within one time budget, each behind its breaker and retry policy.

For one logical request the providers are tried in the configured order. Each gets a fair share
of what is left of the budget (so a hanging Groq cannot starve Ollama), is retried under the
retry policy, and is skipped outright while its breaker is open. An answer that fails the
caller's validation is asked for once more from the same provider, then the next one is tried.
``None`` means every provider failed: the caller falls back to the scripted interviewer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import structlog

from exitbot.core.clock import Clock, SystemClock
from exitbot.core.interviewer import CallBudget
from exitbot.interviewers.llm.breaker import CircuitBreaker
from exitbot.interviewers.llm.errors import (
    BudgetExhaustedError,
    CircuitOpenError,
    InvalidOutputError,
    LLMError,
    RetryableProviderError,
)
from exitbot.interviewers.llm.metrics import LLMMetrics
from exitbot.interviewers.llm.provider import ChatProvider
from exitbot.interviewers.llm.retry import RetryPolicy, Sleep, call_with_retries
from exitbot.interviewers.llm.types import Completion, CompletionRequest

T = TypeVar("T")
VALIDATION_ATTEMPTS = 2  # the first answer plus one retry

_log = structlog.get_logger("exitbot.interviewers.llm")


@dataclass(frozen=True, slots=True)
class ProviderSlot:
    """A provider with its own breaker."""

    provider: ChatProvider
    breaker: CircuitBreaker

    @property
    def name(self) -> str:
        return self.provider.name


class FailoverCaller:
    """Runs one request across the providers; see the module docstring for the rules."""

    def __init__(
        self,
        slots: Sequence[ProviderSlot],
        *,
        metrics: LLMMetrics,
        budget_seconds: float,
        attempt_timeout: float | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock | None = None,
    ) -> None:
        self._clock: Clock = clock or SystemClock()
        self.slots = tuple(slots)
        self.metrics = metrics
        self._budget_seconds = budget_seconds
        self._attempt_timeout = attempt_timeout or budget_seconds
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        for slot in self.slots:
            metrics.watch_breaker(slot.breaker)

    async def call(
        self,
        request: CompletionRequest,
        parse: Callable[[Completion], T],
        budget: CallBudget | None = None,
        *,
        deadline: float | None = None,
    ) -> T | None:
        """``parse``'s result for the first valid answer, or None when no provider gave one.

        ``parse`` raises InvalidOutputError to reject an answer. Never raises otherwise, except
        for cancellation."""
        ends = [self._clock.monotonic() + self._budget_seconds, deadline]
        if budget is not None:
            ends.append(budget.deadline)
        deadline = min(end for end in ends if end is not None)
        for index, slot in enumerate(self.slots):
            remaining = deadline - self._clock.monotonic()
            if remaining <= 0:
                break
            later = sum(1 for s in self.slots[index + 1 :] if s.breaker.allows())
            slot_deadline = self._clock.monotonic() + remaining / (1 + later)
            for _ in range(VALIDATION_ATTEMPTS):
                try:
                    completion = await self._call_slot(slot, request, slot_deadline, budget)
                except BudgetExhaustedError:
                    return None
                except CircuitOpenError:
                    break
                except LLMError as exc:
                    _log.info(
                        "llm_provider_failed",
                        provider=slot.name,
                        error=str(exc),
                        purpose=request.purpose.value,
                    )
                    break
                try:
                    return parse(completion)
                except InvalidOutputError as exc:
                    self.metrics.record_invalid_output(slot.name)
                    _log.info(
                        "llm_output_invalid",
                        provider=slot.name,
                        error=str(exc),
                        purpose=request.purpose.value,
                    )
        return None

    async def aclose(self) -> None:
        for slot in self.slots:
            await slot.provider.aclose()

    async def _call_slot(
        self,
        slot: ProviderSlot,
        request: CompletionRequest,
        deadline: float,
        budget: CallBudget | None,
    ) -> Completion:
        async def attempt() -> Completion:
            return await self._attempt(slot, request, deadline, budget)

        return await call_with_retries(
            self._retry, attempt, deadline=deadline, sleep=self._sleep, now=self._clock.monotonic
        )

    async def _attempt(
        self,
        slot: ProviderSlot,
        request: CompletionRequest,
        deadline: float,
        budget: CallBudget | None,
    ) -> Completion:
        timeout = min(self._attempt_timeout, deadline - self._clock.monotonic())
        if timeout <= 0:
            raise BudgetExhaustedError("no time left for this provider")
        permit = slot.breaker.acquire()
        if budget is not None and not budget.take():
            slot.breaker.release(permit)
            raise BudgetExhaustedError("the interview's model-call budget is spent")
        started = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                completion = await slot.provider.complete(request, timeout)
        except asyncio.CancelledError:
            # The caller went away; that says nothing about the provider's health.
            slot.breaker.release(permit)
            raise
        except Exception as exc:
            slot.breaker.record_failure(permit)
            self.metrics.record_call(slot.name, time.perf_counter() - started, ok=False)
            if isinstance(exc, LLMError):
                raise
            if isinstance(exc, TimeoutError):
                raise RetryableProviderError(
                    slot.name, f"no answer within {timeout:.1f}s"
                ) from None
            raise LLMError(f"{slot.name}: unexpected error: {exc!r}") from exc
        slot.breaker.record_success(permit)
        self.metrics.record_call(
            slot.name,
            time.perf_counter() - started,
            ok=True,
            prompt_tokens=completion.prompt_tokens,
            completion_tokens=completion.completion_tokens,
        )
        return completion
