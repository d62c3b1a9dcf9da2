"""The terminal as a platform: what the outbox sends to it is printed."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import TextIO

from aiohttp import web

from adapters.terminal.chat import render
from adapters.terminal.documents import render_document
from exitbot.core.documents import Document
from exitbot.core.messages import IncomingMessage, Platform, Reply, UserRef
from exitbot.core.outgoing import Destination
from exitbot.delivery.platforms import AdapterEntry


class TerminalSender:
    platform = Platform.TERMINAL

    def __init__(self, stdout: TextIO) -> None:
        self._stdout = stdout

    async def send(self, destination: Destination, content: Reply | Document) -> None:
        text = render(content) if isinstance(content, Reply) else render_document(content)
        self._stdout.write(text + "\n")
        self._stdout.flush()

    async def resolve_user(self, reference: str) -> UserRef | None:
        return None  # nobody else is in this terminal


class TerminalAdapter:
    platform = Platform.TERMINAL
    hr_group = None

    def __init__(self, stdout: TextIO) -> None:
        self.sender = TerminalSender(stdout)
        self.directory = self.sender

    async def enrich(self, message: IncomingMessage) -> IncomingMessage:
        return message

    def working(self, message: IncomingMessage) -> AbstractAsyncContextManager[None]:
        return contextlib.nullcontext()

    def attach(self, entry: AdapterEntry) -> None:
        pass

    def routes(self) -> Sequence[web.RouteDef]:
        return []

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass
