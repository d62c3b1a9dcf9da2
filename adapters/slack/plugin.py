"""Slack's entry in ExitBot's platform registry (entry point ``exitbot.platforms: slack``)."""

from __future__ import annotations

from collections.abc import Sequence

import click

from adapters.slack.adapter import SlackAdapter
from exitbot.core.messages import Platform
from exitbot.delivery.platforms import PlatformDeps, PlatformPlugin


class SlackPlugin:
    platform = Platform.SLACK

    def create(self, deps: PlatformDeps) -> SlackAdapter | None:
        """The adapter when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set."""
        return SlackAdapter(deps) if deps.settings.slack_enabled else None

    def commands(self) -> Sequence[click.Command]:
        return []


plugin: PlatformPlugin = SlackPlugin()
