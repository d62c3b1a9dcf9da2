"""Misconduct alerts to HR: a private message with the interview id and categories, no quote.

The engine claims "once per interview" in the turn's own transaction
(``interviews.misconduct_alerted_at``) and writes the alert to the outbox in that same
transaction; the outbox marks it sent only when the platform accepted it. Where it goes:
``HR_CHANNEL``, or a DM to each HR user when there is no channel.
"""

from __future__ import annotations

from collections.abc import Sequence

import structlog

from exitbot.core.documents import Document, code
from exitbot.core.messages import ConversationRef, Platform, UserRef
from exitbot.core.misconduct import MisconductCategory
from exitbot.core.outgoing import Destination, Outgoing, Purpose

log = structlog.get_logger(__name__)


class HrAlertRouting:
    """``exitbot.core.ports.AlertRouting``: the HR channel, else each HR user's DM."""

    def __init__(
        self, *, hr_channel: ConversationRef | None, hr_users: Sequence[UserRef] = ()
    ) -> None:
        self._channel = hr_channel
        self._users = tuple(hr_users)

    def alert_messages(
        self, interview_id: int, categories: frozenset[MisconductCategory]
    ) -> list[Outgoing]:
        destinations: list[Destination] = (
            [self._channel] if self._channel is not None else list(self._users)
        )
        if not destinations:
            log.error(
                "misconduct_alert_undelivered",
                interview_id=interview_id,
                reason="no HR_CHANNEL and no HR_USERS on Slack or Teams",
            )
        alert = alert_document(interview_id, categories)
        return [
            Outgoing(destination, alert, Purpose.ALERT, _ordering_key(destination), interview_id)
            for destination in destinations
        ]


def alert_document(interview_id: int, categories: frozenset[MisconductCategory]) -> Document:
    """The alert as HR reads it: what kind of report, where to read it, and no quote."""
    kinds = ", ".join(sorted(c.value for c in categories))
    return Document.message(
        f"Possible misconduct reported in exit interview #{interview_id} ({kinds}). "
        "For privacy this alert carries no quote: read it with ",
        code(f"show {interview_id}"),
        " and follow your investigation process.",
    )


def hr_users_from_settings(entries: Sequence[str]) -> list[UserRef]:
    """HR_USERS entries (``slack:U0123``) as users; terminal entries cannot receive DMs."""
    users = []
    for entry in entries:
        platform, _, user_id = entry.partition(":")
        if platform in (Platform.SLACK.value, Platform.TEAMS.value) and user_id:
            users.append(UserRef(Platform(platform), user_id))
    return users


def _ordering_key(destination: Destination) -> str:
    if isinstance(destination, UserRef):
        return destination.key
    return f"{destination.platform.value}:{destination.conversation_id}"
