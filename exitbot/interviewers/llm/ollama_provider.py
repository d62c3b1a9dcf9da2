"""Ollama's ``/api/chat`` over httpx: NDJSON streaming or ``stream: false``.

httpx rather than the ``ollama`` package: one fewer dependency, and an explicit timeout on every
request (the official client has none by default). A stream that ends in an ``{"error": ...}``
line, or stops before ``"done": true``, is a failure even though the HTTP status was 200.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import httpx

from exitbot.interviewers.llm.errors import (
    FatalProviderError,
    ProviderError,
    RetryableProviderError,
)
from exitbot.interviewers.llm.retry import parse_retry_after
from exitbot.interviewers.llm.types import Completion, CompletionRequest

DEFAULT_OLLAMA_PORT = 11434
_RETRYABLE_STATUS = frozenset({408, 409, 425, 429})


def normalise_ollama_host(host: str) -> str:
    """A base URL from ``OLLAMA_HOST`` as Ollama accepts it (``localhost``, ``host:port``, URL)."""
    host = host.strip().rstrip("/")
    if "://" not in host:
        host = f"http://{host}"
    parts = urlsplit(host)
    if parts.port is None:
        default = {"http": DEFAULT_OLLAMA_PORT, "https": 443}.get(parts.scheme, DEFAULT_OLLAMA_PORT)
        host = f"{parts.scheme}://{parts.hostname}:{default}{parts.path}"
    return host


class OllamaProvider:
    """One ``POST /api/chat`` per call; ``num_predict`` carries the token cap."""

    name = "ollama"

    def __init__(self, *, host: str, model: str, stream: bool = True) -> None:
        self.model = model
        self._stream = stream
        self._client = httpx.AsyncClient(base_url=normalise_ollama_host(host), trust_env=False)

    async def complete(self, request: CompletionRequest, time_limit: float) -> Completion:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [m.as_dict() for m in request.messages],
            "stream": self._stream,
            "options": {"num_predict": request.max_tokens, "temperature": request.temperature},
        }
        if request.json_mode:
            body["format"] = "json"
        try:
            async with self._client.stream(
                "POST", "/api/chat", json=body, timeout=httpx.Timeout(time_limit)
            ) as response:
                if response.status_code >= 400:
                    await response.aread()
                    raise self._status_error(response)
                if self._stream:
                    return await self._read_stream(response)
                return self._read_single(await response.aread())
        except ProviderError:
            raise
        except httpx.TimeoutException:
            raise RetryableProviderError(self.name, "timed out") from None
        except httpx.HTTPError as exc:
            raise RetryableProviderError(self.name, f"transport error: {exc!r}") from None

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _read_stream(self, response: httpx.Response) -> Completion:
        parts: list[str] = []
        async for line in response.aiter_lines():
            if not line.strip():
                continue
            chunk = self._decode(line)
            parts.append(str((chunk.get("message") or {}).get("content") or ""))
            if chunk.get("done"):
                return self._completion("".join(parts), chunk)
        raise RetryableProviderError(self.name, "stream ended before done")

    def _read_single(self, raw: bytes) -> Completion:
        chunk = self._decode(raw)
        if not chunk.get("done", True):
            raise RetryableProviderError(self.name, "response not done")
        return self._completion(str((chunk.get("message") or {}).get("content") or ""), chunk)

    def _decode(self, raw: str | bytes) -> dict[str, Any]:
        try:
            chunk = json.loads(raw)
        except ValueError:
            raise RetryableProviderError(self.name, "unreadable JSON from server") from None
        if not isinstance(chunk, dict):
            raise RetryableProviderError(self.name, "unexpected JSON from server")
        if "error" in chunk:
            raise RetryableProviderError(self.name, f"server error: {chunk['error']}")
        return chunk

    def _completion(self, text: str, final: dict[str, Any]) -> Completion:
        return Completion(
            text=text,
            provider=self.name,
            model=str(final.get("model") or self.model),
            prompt_tokens=int(final.get("prompt_eval_count") or 0),
            completion_tokens=int(final.get("eval_count") or 0),
        )

    def _status_error(self, response: httpx.Response) -> ProviderError:
        status = response.status_code
        message = f"HTTP {status}"
        try:
            detail = response.json().get("error")
        except (ValueError, AttributeError):
            detail = None
        if detail:
            message = f"{message}: {str(detail)[:200]}"
        if status >= 500 or status in _RETRYABLE_STATUS:
            return RetryableProviderError(
                self.name, message, retry_after=parse_retry_after(response.headers)
            )
        return FatalProviderError(self.name, message)
