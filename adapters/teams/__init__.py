"""Microsoft Teams adapter (Bot Framework CloudAdapter). Every botbuilder import lives here.

botbuilder-python is archived upstream; keeping it inside this folder means a move to its
successor SDK touches nothing else.
"""

from adapters.teams.auth import ChannelTokenEndpoints
from adapters.teams.bot import TeamsBotOptions
from adapters.teams.delivery import RetryPolicy
from adapters.teams.mount import MESSAGES_PATH, TEAMS_OUTBOUND_KEY, TeamsOptions, mount_teams
from adapters.teams.outbound import TeamsOutbound

__all__ = [
    "MESSAGES_PATH",
    "TEAMS_OUTBOUND_KEY",
    "ChannelTokenEndpoints",
    "RetryPolicy",
    "TeamsBotOptions",
    "TeamsOptions",
    "TeamsOutbound",
    "mount_teams",
]
