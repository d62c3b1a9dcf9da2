"""Slack's entry in ExitBot's platform registry (entry point ``exitbot.platforms: slack``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from exitbot.core.messages import Platform
from exitbot.delivery.platforms import PlatformDeps, PlatformPlugin

if TYPE_CHECKING:
    from adapters.slack.adapter import SlackAdapter


class SlackPlugin:
    """slack-bolt is imported only when Slack is enabled (commands that need no platform
    start faster)."""

    platform = Platform.SLACK

    def create(self, deps: PlatformDeps) -> SlackAdapter | None:
        """The adapter when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set."""
        if not deps.settings.slack_enabled:
            return None
        from adapters.slack.adapter import SlackAdapter

        return SlackAdapter(deps)

    def commands(self) -> Sequence[click.Command]:
        return []


plugin: PlatformPlugin = SlackPlugin()
