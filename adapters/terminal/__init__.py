"""The terminal adapter behind ``exitbot chat``."""

from adapters.terminal.chat import TerminalChat, terminal_user

__all__ = ["TerminalChat", "terminal_user"]
