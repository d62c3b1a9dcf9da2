"""What the fake Groq and Ollama servers share: one chat route on the ``FakeServer`` scaffold,
behaviours scripted per test (see ``tests.fakes.llm_behaviours``), a fallback for every request
once the script is used up, and a ``FakeModel`` writing the answers."""

from __future__ import annotations

from typing import Any, ClassVar

from aiohttp import web

from tests.fakes.llm_behaviours import Behaviour, ChatPrompt, FakeModel, Reply
from tests.fakes.server import FakeServer, RecordedRequest, Route

CHAT_ROUTE = "chat"


class ChatRequest(RecordedRequest):
    """A recorded chat request, with its prompt read out of the body."""

    __slots__ = ()

    @property
    def prompt(self) -> ChatPrompt:
        return ChatPrompt.of(self.body)

    @property
    def messages(self) -> list[dict[str, str]]:
        return list(self.prompt.messages)


class FakeModelServer(FakeServer):
    """Subclasses set ``chat_path`` and speak their protocol in ``answer``."""

    chat_path: ClassVar[str]
    request_type = ChatRequest

    def __init__(self, model: FakeModel | None = None) -> None:
        super().__init__()
        self.model = model or FakeModel()
        self.fallback: Behaviour = Reply()

    @property
    def base_url(self) -> str:
        return self.root_url

    @property
    def call_count(self) -> int:
        return len(self.requests)

    def script(self, *behaviours: Behaviour) -> None:
        """The next requests get these behaviours, one each, then ``fallback``."""
        self.queue_responses(CHAT_ROUTE, *behaviours)

    def routes(self) -> list[Route]:
        return [Route("POST", self.chat_path, self._chat, CHAT_ROUTE)]

    async def answer(
        self, request: web.Request, recorded: RecordedRequest, behaviour: Behaviour
    ) -> web.StreamResponse:
        raise NotImplementedError

    async def _chat(
        self, request: web.Request, recorded: RecordedRequest, scripted: Any
    ) -> web.StreamResponse:
        return await self.answer(request, recorded, scripted or self.fallback)

    def content_for(self, recorded: RecordedRequest, behaviour: Behaviour) -> str:
        """The answer's text: the scripted reply's, or what the fake model writes."""
        if isinstance(behaviour, Reply) and behaviour.content is not None:
            return behaviour.content
        return self.model.answer(recorded.body)
