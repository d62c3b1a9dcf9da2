"""Fakes the ops tests run against: Slack's Web API, the models, and the alert webhook."""

from tests.fakes.ops_webhook import ops_webhook
from tests.fakes.slack_api import slack_api
from tests.llm.conftest import groq_server, ollama_server

__all__ = ["groq_server", "ollama_server", "ops_webhook", "slack_api"]
