"""The Ollama provider (httpx on /api/chat) against the fake Ollama server."""

from __future__ import annotations

import pytest

from exitbot.interviewers.llm.errors import FatalProviderError, RetryableProviderError
from exitbot.interviewers.llm.ollama_provider import OllamaProvider, normalise_ollama_host
from exitbot.interviewers.llm.types import ChatMessage, ChatRole, CompletionRequest, Purpose
from tests.fakes.llm_behaviours import Garbage, Reply, Status, StreamError
from tests.fakes.ollama_server import FakeOllamaServer

REQUEST = CompletionRequest(
    messages=(
        ChatMessage(ChatRole.SYSTEM, "ExitBot task: phrase_question."),
        ChatMessage(ChatRole.USER, "hello"),
    ),
    max_tokens=88,
    purpose=Purpose.QUESTION,
)


def make(server: FakeOllamaServer, *, stream: bool = True) -> OllamaProvider:
    return OllamaProvider(host=server.base_url, model="llama-test", stream=stream)


@pytest.mark.parametrize("stream", [True, False])
async def test_answer_streamed_or_not(ollama_server: FakeOllamaServer, stream: bool) -> None:
    provider = make(ollama_server, stream=stream)
    ollama_server.script(Reply("How did your role match what you expected?"))
    try:
        completion = await provider.complete(REQUEST, 5)
    finally:
        await provider.aclose()
    assert completion.text == "How did your role match what you expected?"
    assert completion.prompt_tokens > 0 and completion.completion_tokens > 0
    body = ollama_server.requests[0].body
    assert body["stream"] is stream
    assert body["options"]["num_predict"] == 88
    assert body["model"] == "llama-test"
    assert "format" not in body


async def test_json_mode_sets_format(ollama_server: FakeOllamaServer) -> None:
    provider = make(ollama_server)
    try:
        await provider.complete(
            CompletionRequest(REQUEST.messages, 9, Purpose.REPORT, json_mode=True), 5
        )
    finally:
        await provider.aclose()
    assert ollama_server.requests[0].body["format"] == "json"


async def test_stream_ending_in_error_line_is_a_failure(ollama_server: FakeOllamaServer) -> None:
    provider = make(ollama_server)
    ollama_server.script(StreamError("llama runner process has terminated", chunks=2))
    try:
        with pytest.raises(RetryableProviderError, match="llama runner"):
            await provider.complete(REQUEST, 5)
    finally:
        await provider.aclose()


async def test_garbage_lines_are_a_failure(ollama_server: FakeOllamaServer) -> None:
    provider = make(ollama_server)
    ollama_server.script(Garbage())
    try:
        with pytest.raises(RetryableProviderError):
            await provider.complete(REQUEST, 5)
    finally:
        await provider.aclose()


async def test_status_errors(ollama_server: FakeOllamaServer) -> None:
    provider = make(ollama_server)
    ollama_server.script(Status(500, message="boom"), Status(404, message="model not found"))
    try:
        with pytest.raises(RetryableProviderError, match="boom"):
            await provider.complete(REQUEST, 5)
        with pytest.raises(FatalProviderError, match="model not found"):
            await provider.complete(REQUEST, 5)
    finally:
        await provider.aclose()


async def test_unreachable_host_is_retryable() -> None:
    provider = OllamaProvider(host="127.0.0.1:9", model="m")
    try:
        with pytest.raises(RetryableProviderError):
            await provider.complete(REQUEST, 2)
    finally:
        await provider.aclose()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("localhost", "http://localhost:11434"),
        ("0.0.0.0:8080", "http://0.0.0.0:8080"),
        ("http://ollama:11434/", "http://ollama:11434"),
        ("https://ollama.example", "https://ollama.example:443"),
    ],
)
def test_host_normalisation(host: str, expected: str) -> None:
    assert normalise_ollama_host(host) == expected
