"""A fake Groq API (OpenAI-compatible chat completions) on 127.0.0.1, port 0.

The real ``AsyncGroq`` client is pointed at ``server.base_url``. Every request is recorded;
behaviours are scripted per test (see ``tests.fakes.llm_behaviours``). JSON answers and SSE
streaming (``data: {...}`` events, usage in the final chunk's ``x_groq``) are spoken.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiohttp import web

from tests.fakes.llm_behaviours import (
    Behaviour,
    ChatPrompt,
    Garbage,
    Hang,
    Reply,
    Status,
    StreamError,
    estimate_tokens,
)
from tests.fakes.model_server import FakeModelServer
from tests.fakes.server import RecordedRequest

CHAT_PATH = "/openai/v1/chat/completions"


class FakeGroqServer(FakeModelServer):
    """Use as ``async with FakeGroqServer() as server``; point the client at ``base_url``."""

    chat_path = CHAT_PATH

    async def answer(
        self, request: web.Request, recorded: RecordedRequest, behaviour: Behaviour
    ) -> web.StreamResponse:
        body = recorded.body
        if isinstance(behaviour, Status):
            return web.json_response(
                {"error": {"message": behaviour.message, "type": "fake_error"}},
                status=behaviour.status,
                headers=behaviour.headers,
            )
        if isinstance(behaviour, Hang):
            await asyncio.sleep(behaviour.seconds)
            return web.json_response({}, status=504)
        if isinstance(behaviour, Garbage):
            return web.Response(text=behaviour.body, content_type="application/json")
        content = self.content_for(recorded, behaviour)
        stream = bool(body.get("stream"))
        if isinstance(behaviour, Reply) and behaviour.stream is not None:
            stream = behaviour.stream
        prompt = ChatPrompt.of(body)
        usage = {
            "prompt_tokens": estimate_tokens(prompt.user_text + prompt.system),
            "completion_tokens": estimate_tokens(content),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        if isinstance(behaviour, StreamError) or stream:
            return await self._stream(request, body, content, usage, behaviour)
        return web.json_response(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "fake"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": usage,
            }
        )

    async def _stream(
        self,
        request: web.Request,
        body: dict[str, Any],
        content: str,
        usage: dict[str, int],
        behaviour: Behaviour,
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        pieces = [content[i : i + 12] for i in range(0, len(content), 12)] or [""]
        if isinstance(behaviour, StreamError):
            pieces = pieces[: behaviour.chunks]
        for piece in pieces:
            await response.write(_event(_chunk(body, {"content": piece}, None)))
        if isinstance(behaviour, StreamError):
            await response.write(_event({"error": {"message": behaviour.message}}))
            await response.write_eof()
            return response
        final = _chunk(body, {}, "stop")
        final["x_groq"] = {"id": "req_fake", "usage": usage}
        await response.write(_event(final))
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response


def _chunk(body: dict[str, Any], delta: dict[str, str], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _event(payload: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(payload)}\n\n".encode()
