"""What a chat adapter hands the HR command service, and what it gets back."""

from __future__ import annotations

from dataclasses import dataclass

from exitbot.core.documents import Document, Span
from exitbot.core.messages import ConversationRef, UserRef


@dataclass(frozen=True, slots=True)
class HrRequest:
    """One HR command as typed: ``/exitbot WORDS`` in Slack, a message to the bot in Teams."""

    caller: UserRef
    text: str
    channel: ConversationRef | None = None


@dataclass(frozen=True, slots=True)
class HrResponse:
    """The answer shown to the caller alone.

    ``document`` is neutral (the adapter renders it as Block Kit, a card or text). Every piece
    of employee- or model-written text in it has already been through ``neutralize_mentions``;
    adapters still escape it for their platform. ``ok`` is False when the command was refused,
    could not be understood, or did not achieve what was asked.
    """

    document: Document
    ok: bool = True

    @classmethod
    def say(cls, *parts: str | Span, ok: bool = True) -> HrResponse:
        """A short answer: one sentence or two, commands in it as code spans."""
        return cls(Document.message(*parts), ok)
