"""The Slack adapter: the bot in employees' DMs and ``/exitbot`` for HR (slack-bolt).

``mount_slack(app, services)`` is called by ``exitbot.web.app.create_app`` when
``SLACK_BOT_TOKEN`` and ``SLACK_SIGNING_SECRET`` are set.
"""

from adapters.slack.directory import SlackDirectory, SlackProfile
from adapters.slack.groups import SlackGroupMembership
from adapters.slack.mount import SLACK_ADAPTER_KEY, SlackAdapter, mount_slack
from adapters.slack.outbound import SlackOutbound

__all__ = [
    "SLACK_ADAPTER_KEY",
    "SlackAdapter",
    "SlackDirectory",
    "SlackGroupMembership",
    "SlackOutbound",
    "SlackProfile",
    "mount_slack",
]
