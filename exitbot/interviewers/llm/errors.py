"""Why a provider call did not produce a usable answer.

The distinction that matters to the chain is whether trying the same provider again can help
(rate limit, 5xx, timeout, broken stream) or not (bad key, unknown model, circuit open).
"""

from __future__ import annotations


class LLMError(Exception):
    """Base of everything the LLM layer raises internally; never reaches the engine."""


class ProviderError(LLMError):
    """A provider failed to answer. ``retry_after`` is the wait the server asked for, if any."""

    retryable: bool = False

    def __init__(self, provider: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.retry_after = retry_after


class RetryableProviderError(ProviderError):
    """Rate limited, overloaded, timed out or cut off: the same provider may answer next time."""

    retryable = True


class FatalProviderError(ProviderError):
    """Misconfigured or refused (401, 404, 400): retrying the same provider cannot help."""


class CircuitOpenError(LLMError):
    """The provider's circuit breaker is open (or its one half-open probe is taken)."""

    def __init__(self, provider: str) -> None:
        super().__init__(f"{provider}: circuit open")
        self.provider = provider


class BudgetExhaustedError(LLMError):
    """The interview's model-call budget or the call's time budget is spent."""


class InvalidOutputError(LLMError):
    """The model answered, but the answer failed validation (not a provider failure)."""
