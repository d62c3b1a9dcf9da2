"""Groq chat completions through the official SDK (``AsyncGroq``) with its retries off."""

from __future__ import annotations

from typing import Any

import groq
import httpx
from groq.types.chat import ChatCompletion

from exitbot.interviewers.llm.errors import (
    FatalProviderError,
    ProviderError,
    RetryableProviderError,
)
from exitbot.interviewers.llm.retry import parse_retry_after
from exitbot.interviewers.llm.types import Completion, CompletionRequest

DEFAULT_GROQ_BASE_URL = "https://api.groq.com"
_RETRYABLE_STATUS = frozenset({408, 409, 425, 429})


class GroqProvider:
    """One ``chat.completions.create`` per call, streamed or not; SDK errors become ours."""

    name = "groq"

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        stream: bool = False,
    ) -> None:
        self.model = model
        self._stream = stream
        # base_url is always passed so the SDK never reads GROQ_BASE_URL itself (config.py does).
        self._client = groq.AsyncGroq(
            api_key=api_key, base_url=base_url or DEFAULT_GROQ_BASE_URL, max_retries=0
        )

    async def complete(self, request: CompletionRequest, time_limit: float) -> Completion:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": [m.as_dict() for m in request.messages],
            "max_completion_tokens": request.max_tokens,
            "temperature": request.temperature,
            "timeout": httpx.Timeout(time_limit),
        }
        if request.json_mode:
            kwargs["response_format"] = {"type": "json_object"}
        try:
            if self._stream:
                return await self._complete_streaming(kwargs)
            response = await self._client.chat.completions.create(**kwargs)
        except ProviderError:
            raise
        except groq.APITimeoutError:
            raise RetryableProviderError(self.name, "timed out") from None
        except groq.APIConnectionError as exc:
            raise RetryableProviderError(self.name, f"connection failed: {exc}") from None
        except groq.APIStatusError as exc:
            raise self._status_error(exc) from None
        except (groq.GroqError, ValueError) as exc:
            raise RetryableProviderError(self.name, f"unreadable response: {exc}") from None
        return self._from_response(response)

    async def aclose(self) -> None:
        await self._client.close()

    async def _complete_streaming(self, kwargs: dict[str, Any]) -> Completion:
        parts: list[str] = []
        prompt_tokens = completion_tokens = 0
        stream = await self._client.chat.completions.create(**kwargs, stream=True)
        async for chunk in stream:
            x_groq = getattr(chunk, "x_groq", None)
            if x_groq is not None and x_groq.error:
                raise RetryableProviderError(self.name, f"stream error: {x_groq.error}")
            usage = chunk.usage or (x_groq.usage if x_groq is not None else None)
            if usage is not None:
                prompt_tokens, completion_tokens = usage.prompt_tokens, usage.completion_tokens
            for choice in chunk.choices:
                if choice.delta.content:
                    parts.append(choice.delta.content)
        return Completion(
            text="".join(parts),
            provider=self.name,
            model=self.model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
        )

    def _from_response(self, response: object) -> Completion:
        if not isinstance(response, ChatCompletion) or not response.choices:
            raise RetryableProviderError(self.name, "response has no choices")
        usage = response.usage
        return Completion(
            text=response.choices[0].message.content or "",
            provider=self.name,
            model=response.model or self.model,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
        )

    def _status_error(self, exc: groq.APIStatusError) -> ProviderError:
        status = exc.status_code
        retry_after = parse_retry_after(exc.response.headers)
        message = f"HTTP {status}"
        if status >= 500 or status in _RETRYABLE_STATUS:
            return RetryableProviderError(self.name, message, retry_after=retry_after)
        return FatalProviderError(self.name, message)
