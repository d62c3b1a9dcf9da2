"""Fixtures for the REST API's tests; the fake Slack Web API lives in tests.fakes.slack_api."""

from tests.fakes.slack_api import slack_api

__all__ = ["slack_api"]
