"""The platform fakes the delivery tests run against (see tests.slack and tests.teams)."""

from tests.fakes.slack_api import slack_api
from tests.teams.conftest import connector, make_teams

__all__ = ["connector", "make_teams", "slack_api"]
