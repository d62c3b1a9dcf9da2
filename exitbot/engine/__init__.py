"""The platform-neutral interview engine."""

from exitbot.engine.engine import (
    EngineOptions,
    InterviewDetails,
    InterviewEngine,
    Nudge,
    TurnOutcome,
    utc_now,
)

__all__ = [
    "EngineOptions",
    "InterviewDetails",
    "InterviewEngine",
    "Nudge",
    "TurnOutcome",
    "utc_now",
]
