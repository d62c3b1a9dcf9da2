"""The Groq provider on the real SDK against the fake Groq server."""

from __future__ import annotations

import pytest

from exitbot.interviewers.llm.errors import FatalProviderError, RetryableProviderError
from exitbot.interviewers.llm.groq_provider import GroqProvider
from exitbot.interviewers.llm.types import ChatMessage, ChatRole, CompletionRequest, Purpose
from tests.fakes.groq_server import CHAT_PATH, FakeGroqServer
from tests.fakes.llm_behaviours import Garbage, Reply, Status, StreamError

REQUEST = CompletionRequest(
    messages=(
        ChatMessage(ChatRole.SYSTEM, "ExitBot task: phrase_question."),
        ChatMessage(ChatRole.USER, "hello"),
    ),
    max_tokens=77,
    purpose=Purpose.QUESTION,
)


@pytest.fixture
async def provider(groq_server: FakeGroqServer):  # type: ignore[no-untyped-def]
    p = GroqProvider(api_key="gsk_test", model="m1", base_url=groq_server.base_url)
    yield p
    await p.aclose()


async def test_json_answer_with_usage(groq_server: FakeGroqServer, provider: GroqProvider) -> None:
    groq_server.script(Reply("What made you leave?"))
    completion = await provider.complete(REQUEST, 5)
    assert completion.text == "What made you leave?"
    assert completion.provider == "groq"
    assert completion.prompt_tokens > 0 and completion.completion_tokens > 0
    sent = groq_server.requests[0]
    assert sent.path == CHAT_PATH
    assert sent.body["max_completion_tokens"] == 77
    assert sent.body["model"] == "m1"
    assert sent.headers["Authorization"] == "Bearer gsk_test"
    assert "response_format" not in sent.body


async def test_json_mode_asks_for_a_json_object(
    groq_server: FakeGroqServer, provider: GroqProvider
) -> None:
    request = CompletionRequest(REQUEST.messages, 50, Purpose.REPORT, json_mode=True)
    await provider.complete(request, 5)
    assert groq_server.requests[0].body["response_format"] == {"type": "json_object"}


async def test_streaming_answer_is_joined(groq_server: FakeGroqServer) -> None:
    provider = GroqProvider(api_key="k", model="m1", base_url=groq_server.base_url, stream=True)
    groq_server.script(Reply("A fairly long streamed question about your reasons?"))
    try:
        completion = await provider.complete(REQUEST, 5)
    finally:
        await provider.aclose()
    assert completion.text == "A fairly long streamed question about your reasons?"
    assert completion.completion_tokens > 0
    assert groq_server.requests[0].body["stream"] is True


async def test_stream_error_event_is_a_retryable_failure(groq_server: FakeGroqServer) -> None:
    provider = GroqProvider(api_key="k", model="m1", base_url=groq_server.base_url, stream=True)
    groq_server.script(StreamError())
    try:
        with pytest.raises(RetryableProviderError):
            await provider.complete(REQUEST, 5)
    finally:
        await provider.aclose()


async def test_rate_limit_carries_retry_after_and_sdk_does_not_retry(
    groq_server: FakeGroqServer, provider: GroqProvider
) -> None:
    groq_server.script(Status(429, {"retry-after": "1"}), Status(429, {"retry-after-ms": "250"}))
    with pytest.raises(RetryableProviderError) as first:
        await provider.complete(REQUEST, 5)
    assert first.value.retry_after == 1.0
    with pytest.raises(RetryableProviderError) as second:
        await provider.complete(REQUEST, 5)
    assert second.value.retry_after == 0.25
    assert groq_server.call_count == 2  # one request per call: the SDK's retries are off


async def test_server_error_is_retryable(
    groq_server: FakeGroqServer, provider: GroqProvider
) -> None:
    groq_server.script(Status(503))
    with pytest.raises(RetryableProviderError):
        await provider.complete(REQUEST, 5)
    assert groq_server.call_count == 1


@pytest.mark.parametrize("status", [400, 401, 404])
async def test_client_errors_are_fatal(
    groq_server: FakeGroqServer, provider: GroqProvider, status: int
) -> None:
    groq_server.script(Status(status))
    with pytest.raises(FatalProviderError):
        await provider.complete(REQUEST, 5)


async def test_garbage_body_is_retryable(
    groq_server: FakeGroqServer, provider: GroqProvider
) -> None:
    groq_server.script(Garbage())
    with pytest.raises(RetryableProviderError):
        await provider.complete(REQUEST, 5)


async def test_unreachable_server_is_retryable() -> None:
    provider = GroqProvider(api_key="k", model="m", base_url="http://127.0.0.1:9")
    try:
        with pytest.raises(RetryableProviderError):
            await provider.complete(REQUEST, 2)
    finally:
        await provider.aclose()
