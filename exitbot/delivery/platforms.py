"""How chat platforms plug into ExitBot without ExitBot importing them.

Each adapter package publishes a ``PlatformPlugin`` under the ``exitbot.platforms`` entry
point group (see pyproject.toml). ``exitbot.bootstrap`` discovers the plugins, asks each one
for an adapter when its settings enable it, and hands every adapter the same two things:
``PlatformDeps`` when it is created (for its sending side) and an ``AdapterEntry`` once the
pipeline exists (for its receiving side). An adapter translates; it holds no business rule.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TextIO

import structlog

from exitbot.config import Settings
from exitbot.core.clock import Clock
from exitbot.core.messages import IncomingMessage, Platform, UserRef
from exitbot.core.ports import Sender, UserDirectory
from exitbot.delivery.runner import BackgroundRunner
from exitbot.hr.authorization import GroupMembership
from exitbot.hr.requests import HrRequest, HrResponse

if TYPE_CHECKING:
    import click
    from aiohttp import web

    from exitbot.delivery.pipeline import TurnPipeline
    from exitbot.ops.watch import OpsWatch
    from exitbot.store.employees import EmployeeDirectory

log = structlog.get_logger(__name__)

ENTRY_POINT_GROUP = "exitbot.platforms"


class HrCommands(Protocol):
    """The HR command service as adapters use it."""

    async def execute(self, request: HrRequest) -> HrResponse: ...

    async def is_hr(self, user: UserRef) -> bool: ...


@dataclass(frozen=True, slots=True)
class PlatformDeps:
    """What an adapter may use to build its sending side."""

    settings: Settings
    clock: Clock
    employees: Callable[[Platform], EmployeeDirectory]
    """The people ExitBot knows on a platform, with the conversation to reach each."""
    host: str = "127.0.0.1"
    """The address the web app will listen on (Teams' emulator mode only runs on loopback)."""
    terminal: TextIO | None = None
    """Where the terminal platform prints (``exitbot chat``); None leaves it off."""
    ops: OpsWatch | None = None
    """Where the adapter reports what ops should hear about (a revoked token)."""


@dataclass(frozen=True, slots=True)
class AdapterEntry:
    """What an adapter's receiving side calls: the pipeline, HR commands, background work."""

    pipeline: TurnPipeline
    hr: HrCommands
    runner: BackgroundRunner


class PlatformAdapter(Protocol):
    @property
    def platform(self) -> Platform: ...

    @property
    def sender(self) -> Sender:
        """What the outbox delivers through."""
        ...

    @property
    def directory(self) -> UserDirectory:
        """Who HR's ``start`` finds."""
        ...

    @property
    def hr_group(self) -> GroupMembership | None:
        """Members of the platform's HR group count as HR (None: only HR_USERS)."""
        ...

    async def enrich(self, message: IncomingMessage) -> IncomingMessage:
        """``message`` with what the platform knows about its sender (before the turn)."""
        ...

    def working(self, message: IncomingMessage) -> AbstractAsyncContextManager[None]:
        """Held while the message's turn runs (e.g. a typing indicator)."""
        ...

    def attach(self, entry: AdapterEntry) -> None:
        """Connect the receiving side; called once, before ``routes`` and ``start``."""
        ...

    def routes(self) -> Sequence[web.RouteDef]:
        """The HTTP routes the platform posts to (none for Socket Mode or the terminal)."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class PlatformPlugin(Protocol):
    @property
    def platform(self) -> Platform: ...

    def create(self, deps: PlatformDeps) -> PlatformAdapter | None:
        """The adapter, or None when the settings do not enable this platform."""
        ...

    def commands(self) -> Sequence[click.Command]:
        """Extra ``exitbot`` subcommands this platform brings (e.g. ``teams-package``)."""
        ...


def installed_plugins() -> list[PlatformPlugin]:
    """The plugins installed in this environment, in a stable order."""
    plugins: list[PlatformPlugin] = []
    for entry_point in sorted(
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name
    ):
        plugins.append(entry_point.load())
    return plugins
