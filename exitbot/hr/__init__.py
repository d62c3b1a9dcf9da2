"""HR commands (DESIGN 5a), platform-neutral: the Slack and Teams adapters both call
``HrCommandService.execute`` with an ``HrRequest`` and show the ``HrResponse`` to the caller."""

from exitbot.hr.authorization import GroupMembership, HrAuthorizer
from exitbot.hr.requests import HrRequest, HrResponse
from exitbot.hr.service import DigestCommands, HrCommandService

__all__ = [
    "DigestCommands",
    "GroupMembership",
    "HrAuthorizer",
    "HrCommandService",
    "HrRequest",
    "HrResponse",
]
