"""The terminal's entry in ExitBot's platform registry (``exitbot.platforms: terminal``).

It adds ``exitbot chat``; ``exitbot serve`` never enables it (nobody types into a server).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

import click

from adapters.terminal.adapter import TerminalAdapter
from adapters.terminal.chat import TerminalChat, terminal_user
from exitbot.core.messages import Platform
from exitbot.delivery.platforms import PlatformDeps, PlatformPlugin
from exitbot.engine import InterviewDetails


class TerminalPlugin:
    platform = Platform.TERMINAL

    def create(self, deps: PlatformDeps) -> TerminalAdapter | None:
        """The terminal, when a command asked for it (``exitbot chat``, ``digest --dry-run``)."""
        return TerminalAdapter(deps.terminal) if deps.terminal is not None else None

    def commands(self) -> Sequence[click.Command]:
        return [chat]


@click.command()
@click.option("--name", help="Your name, as the interviewer should greet you.")
@click.option("--department", help="Your department, for HR's statistics.")
def chat(name: str | None, department: str | None) -> None:
    """Run an exit interview in this terminal (no credentials needed)."""
    from exitbot.bootstrap import bootstrap
    from exitbot.cli import command_settings

    settings = command_settings(quiet=True)

    async def run() -> int:
        bot = await bootstrap(settings, terminal=sys.stdout)
        try:
            conversation = TerminalChat(
                bot,
                terminal_user(name),
                details=InterviewDetails(department=department, invited_by="terminal"),
                stdin=sys.stdin,
                stdout=sys.stdout,
                interactive=sys.stdin.isatty(),
            )
            return await conversation.run()
        finally:
            await bot.close()

    sys.exit(asyncio.run(run()))


plugin: PlatformPlugin = TerminalPlugin()
