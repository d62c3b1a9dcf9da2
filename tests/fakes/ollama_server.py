"""A fake Ollama server (``POST /api/chat``) on 127.0.0.1, port 0.

Speaks NDJSON streaming (the default, or ``"stream": true``) and single JSON answers
(``"stream": false``); a StreamError behaviour ends the stream with an ``{"error": ...}`` line,
as a real Ollama does when the model runner fails mid-answer.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
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


class FakeOllamaServer(FakeModelServer):
    """Use as ``async with FakeOllamaServer() as server``; set OLLAMA_HOST to ``base_url``."""

    chat_path = "/api/chat"

    async def answer(
        self, request: web.Request, recorded: RecordedRequest, behaviour: Behaviour
    ) -> web.StreamResponse:
        body = recorded.body
        if isinstance(behaviour, Status):
            return web.json_response(
                {"error": behaviour.message}, status=behaviour.status, headers=behaviour.headers
            )
        if isinstance(behaviour, Hang):
            await asyncio.sleep(behaviour.seconds)
            return web.json_response({"error": "gave up"}, status=500)
        stream = body.get("stream", True) is not False
        if isinstance(behaviour, Reply) and behaviour.stream is not None:
            stream = behaviour.stream
        if isinstance(behaviour, Garbage):
            if not stream:
                return web.Response(text=behaviour.body, content_type="application/json")
            return await self._ndjson(request, [behaviour.body])
        content = self.content_for(recorded, behaviour)
        prompt = ChatPrompt.of(body)
        final = self._message(body, "", done=True)
        final.update(
            done_reason="stop",
            prompt_eval_count=estimate_tokens(prompt.user_text + prompt.system),
            eval_count=estimate_tokens(content),
        )
        if not stream and not isinstance(behaviour, StreamError):
            final["message"]["content"] = content
            return web.json_response(final)
        pieces = [content[i : i + 12] for i in range(0, len(content), 12)] or [""]
        lines = [json.dumps(self._message(body, p, done=False)) for p in pieces]
        if isinstance(behaviour, StreamError):
            lines = [*lines[: behaviour.chunks], json.dumps({"error": behaviour.message})]
        else:
            lines.append(json.dumps(final))
        return await self._ndjson(request, lines)

    async def _ndjson(self, request: web.Request, lines: list[str]) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await response.prepare(request)
        for line in lines:
            await response.write(line.encode() + b"\n")
        await response.write_eof()
        return response

    @staticmethod
    def _message(body: dict[str, Any], content: str, *, done: bool) -> dict[str, Any]:
        return {
            "model": body.get("model", "fake"),
            "created_at": datetime.now(UTC).isoformat(),
            "message": {"role": "assistant", "content": content},
            "done": done,
        }
