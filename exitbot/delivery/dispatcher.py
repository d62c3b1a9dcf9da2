"""Runs a turn and delivers its replies: the one path every chat platform's messages take."""

from __future__ import annotations

import structlog

from exitbot.core.messages import IncomingMessage
from exitbot.core.ports import DeliveryError, OutboundRegistry
from exitbot.engine import InterviewEngine, TurnOutcome

log = structlog.get_logger(__name__)


class ConversationDispatcher:
    """engine.handle, then send each reply to the conversation the message came from.

    The answer is already stored when sending starts, so a delivery failure loses nothing:
    it is logged, and the employee's next message re-prompts where the interview stands.
    """

    def __init__(self, engine: InterviewEngine, outbounds: OutboundRegistry) -> None:
        self._engine = engine
        self._outbounds = outbounds

    async def process(self, message: IncomingMessage) -> TurnOutcome:
        outcome = await self._engine.handle(message)
        if outcome.duplicate or not outcome.replies:
            return outcome
        outbound = self._outbounds.get(message.user.platform)
        if outbound is None or message.conversation is None:
            log.warning("no_route_for_replies", platform=message.user.platform)
            return outcome
        for reply in outcome.replies:
            try:
                await outbound.send(message.conversation, reply)
            except DeliveryError as exc:
                log.error("reply_not_delivered", interview_id=outcome.interview_id, error=str(exc))
                break
        return outcome
