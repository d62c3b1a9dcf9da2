"""ExitBot: exit interviews in Slack and Microsoft Teams."""

__version__ = "0.1.0"
