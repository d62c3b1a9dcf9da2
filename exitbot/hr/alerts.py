"""Misconduct alerts to HR: a private message with the interview id and categories, no quote.

The engine claims "exactly once per interview" in the turn's own transaction
(``interviews.misconduct_alerted_at``) and calls the sink after commit; the sink only has to
deliver, and must never raise: a failed delivery is logged (with the interview id, so HR can
be told by whoever reads the logs) and the next target is still tried.
"""

from __future__ import annotations

from collections.abc import Sequence

import structlog

from exitbot.core.messages import ConversationRef, Platform, Reply, ReplyKind, UserRef
from exitbot.core.misconduct import MisconductAlert
from exitbot.core.ports import OutboundRegistry

log = structlog.get_logger("exitbot.hr.alerts")


class HrAlertSink:
    """Posts alerts to the HR channel, or as DMs to each HR user when there is no channel."""

    def __init__(
        self,
        outbounds: OutboundRegistry,
        *,
        hr_channel: ConversationRef | None,
        hr_users: Sequence[UserRef] = (),
    ) -> None:
        self._outbounds = outbounds
        self._channel = hr_channel
        self._users = tuple(hr_users)

    async def misconduct(self, alert: MisconductAlert) -> None:
        categories = sorted(c.value for c in alert.categories)
        log.warning("misconduct_reported", interview_id=alert.interview_id, categories=categories)
        reply = Reply(alert_text(alert), ReplyKind.INFO, interview_id=alert.interview_id)
        delivered = 0
        if self._channel is not None:
            delivered += await self._to_channel(self._channel, reply, alert)
        else:
            for user in self._users:
                delivered += await self._to_user(user, reply, alert)
        if not delivered:
            log.error(
                "misconduct_alert_undelivered",
                interview_id=alert.interview_id,
                categories=categories,
                reason="no HR channel or HR user could be reached",
            )

    async def _to_channel(
        self, channel: ConversationRef, reply: Reply, alert: MisconductAlert
    ) -> int:
        outbound = self._outbounds.get(channel.platform)
        if outbound is None:
            return 0
        try:
            await outbound.send(channel, reply)
        except Exception as exc:
            log.error(
                "misconduct_alert_failed",
                interview_id=alert.interview_id,
                target="channel",
                error=str(exc),
            )
            return 0
        return 1

    async def _to_user(self, user: UserRef, reply: Reply, alert: MisconductAlert) -> int:
        outbound = self._outbounds.get(user.platform)
        if outbound is None:
            return 0
        try:
            conversation = await outbound.open_dm(user)
            await outbound.send(conversation, reply)
        except Exception as exc:
            log.error(
                "misconduct_alert_failed",
                interview_id=alert.interview_id,
                target=user.key,
                error=str(exc),
            )
            return 0
        return 1


def alert_text(alert: MisconductAlert) -> str:
    """The alert as HR reads it: what kind of report, where to read it, and no quote."""
    categories = ", ".join(sorted(c.value for c in alert.categories))
    return (
        f"Possible misconduct reported in exit interview #{alert.interview_id} ({categories}). "
        f"For privacy this alert carries no quote: read it with `show {alert.interview_id}` "
        "and follow your investigation process."
    )


def hr_users_from_settings(entries: Sequence[str]) -> list[UserRef]:
    """HR_USERS entries (``slack:U0123``) as users; terminal entries cannot receive DMs."""
    users = []
    for entry in entries:
        platform, _, user_id = entry.partition(":")
        if platform in (Platform.SLACK.value, Platform.TEAMS.value) and user_id:
            users.append(UserRef(Platform(platform), user_id))
    return users
