"""Understanding the employee's replies in English, German, Spanish and French, from words
alone (DESIGN section 5, "Understanding replies"): what a reply means at a decision point,
which parts of the summary to leave out, and the 0-10 rating and would-return answer."""

from exitbot.engine.understanding.normalize import normalize
from exitbot.engine.understanding.numbers import ScoreReading, read_score, read_would_return
from exitbot.engine.understanding.recogniser import (
    MAX_COMMAND_WORDS,
    Intent,
    Step,
    Understanding,
    understand,
)
from exitbot.engine.understanding.removal import PartKind, Removal

__all__ = [
    "MAX_COMMAND_WORDS",
    "Intent",
    "PartKind",
    "Removal",
    "ScoreReading",
    "Step",
    "Understanding",
    "normalize",
    "read_score",
    "read_would_return",
    "understand",
]
