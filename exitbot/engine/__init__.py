"""The platform-neutral interview engine."""

from exitbot.engine.engine import (
    EngineOptions,
    InterviewDetails,
    InterviewEngine,
    TurnOutcome,
    utc_now,
)

__all__ = ["EngineOptions", "InterviewDetails", "InterviewEngine", "TurnOutcome", "utc_now"]
