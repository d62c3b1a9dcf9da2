"""An interview in the terminal: one line in is one message to the pipeline.

Works interactively and with piped input (one answer per line); at the end of input a
running interview is paused so it can be resumed with another ``exitbot chat``. Replies go
through the outbox like everywhere else; the terminal's sender prints them.
"""

from __future__ import annotations

import asyncio
import getpass
import re
import uuid
from typing import TextIO

from adapters.terminal.documents import render_reply
from exitbot.bootstrap import ExitBot
from exitbot.core.messages import ConversationRef, IncomingMessage, Platform, Reply, UserRef
from exitbot.core.statuses import InterviewStatus
from exitbot.engine import InterviewDetails, TurnOutcome


def terminal_user(name: str | None) -> UserRef:
    """The terminal's user: named by --name, else by the login name."""
    login = getpass.getuser()
    user_id = re.sub(r"[^a-z0-9_.-]+", "-", (name or login).strip().lower()).strip("-") or "user"
    return UserRef(Platform.TERMINAL, user_id, display_name=name)


class TerminalChat:
    """Reads lines, feeds the pipeline, lets the outbox print the replies."""

    def __init__(
        self,
        bot: ExitBot,
        user: UserRef,
        *,
        details: InterviewDetails,
        stdin: TextIO,
        stdout: TextIO,
        interactive: bool,
    ) -> None:
        self._bot = bot
        self._user = user
        self._details = details
        self._stdin = stdin
        self._stdout = stdout
        self._interactive = interactive
        self._conversation = ConversationRef(Platform.TERMINAL, f"terminal:{user.user_id}")

    async def run(self) -> int:
        """Run until the interview ends or input runs out; returns the exit code."""
        outcome = await self._bot.interviews.begin(self._user, self._details)
        await self._show(outcome)
        while outcome.status is not None and outcome.status.is_active:
            line = await self._read_line()
            if line is None:
                await self._show(await self._bot.interviews.suspend(self._user))
                return 0
            if not self._interactive:
                self._print(f"you: {line}")
            outcome = await self._bot.pipeline.handle_now(
                IncomingMessage(
                    user=self._user,
                    text=line,
                    message_id=f"terminal-{uuid.uuid4()}",
                    conversation=self._conversation,
                    whole_answer=True,
                )
            )
            await self._show(outcome)
        return 0

    async def _read_line(self) -> str | None:
        if self._interactive:
            self._stdout.write("you> ")
            self._stdout.flush()
        line = await asyncio.to_thread(self._stdin.readline)
        if line == "":
            return None
        return line.rstrip("\n")

    async def _show(self, outcome: TurnOutcome) -> None:
        await self._bot.outbox.flush([Platform.TERMINAL])
        if (
            outcome.status in (InterviewStatus.COMPLETED, InterviewStatus.ERASED)
            and outcome.replies
        ):
            self._print(f"[interview {outcome.interview_id}: {outcome.status.value}]")

    def _print(self, text: str) -> None:
        self._stdout.write(text + "\n")
        self._stdout.flush()


def render(reply: Reply) -> str:
    text = f"exitbot: {render_reply(reply)}"
    if reply.choices:
        # The labels, in the employee's language: typed back, each is understood as its choice.
        options = " / ".join(c.label for c in reply.choices)
        text += f"\n         ({options})"
    return text
