"""The provider port: one chat completion, bounded by a timeout, errors mapped to ours.

A provider makes exactly one HTTP request per ``complete`` call: retries, breakers and fallbacks
belong to the chain, so every SDK's own retry loop is switched off.
"""

from __future__ import annotations

from typing import Protocol

from exitbot.interviewers.llm.types import Completion, CompletionRequest


class ChatProvider(Protocol):
    name: str

    async def complete(self, request: CompletionRequest, time_limit: float) -> Completion:
        """The model's answer, or a ProviderError (retryable or fatal); never an SDK exception."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...
