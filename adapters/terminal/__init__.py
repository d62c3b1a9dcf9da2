"""The terminal adapter behind ``exitbot chat``, and plain-text documents for the CLI."""

from adapters.terminal.chat import TerminalChat, terminal_user
from adapters.terminal.documents import render_document, render_reply

__all__ = ["TerminalChat", "render_document", "render_reply", "terminal_user"]
