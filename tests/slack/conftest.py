"""Fixtures for the Slack adapter's tests; the fake Web API lives in tests.fakes.slack_api."""

from tests.fakes.slack_api import slack_api

__all__ = ["slack_api"]
