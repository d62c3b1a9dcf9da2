"""The platform-neutral interview engine: pure decisions (``decision``) and the thin service
that loads, asks, decides and applies them (``service``)."""

from exitbot.engine.decision import Decision, InterviewDetails, Rules
from exitbot.engine.service import InterviewService, TurnOutcome

__all__ = ["Decision", "InterviewDetails", "InterviewService", "Rules", "TurnOutcome"]
