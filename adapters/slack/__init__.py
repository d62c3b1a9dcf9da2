"""The Slack adapter: the bot in employees' DMs and ``/exitbot`` for HR (slack-bolt).

Found by ExitBot through the ``exitbot.platforms`` entry point (``adapters.slack.plugin``);
enabled when ``SLACK_BOT_TOKEN`` and ``SLACK_SIGNING_SECRET`` are set.
"""
