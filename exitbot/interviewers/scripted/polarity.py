"""The overall tone of an interview, read from its sentiment figure.

One band for everyone who reads a report's ``sentiment``: the scripted summary says "mixed"
for the same figures the report evaluation counts as mixed.
"""

from __future__ import annotations

from enum import StrEnum

MIXED_BAND = 0.2
"""A sentiment figure strictly inside (-MIXED_BAND, MIXED_BAND) reads as mixed."""


class Polarity(StrEnum):
    NEGATIVE = "negative"
    MIXED = "mixed"
    POSITIVE = "positive"


def polarity_of(sentiment: float) -> Polarity:
    """Negative at or below -0.2, positive at or above 0.2, mixed in between."""
    if sentiment <= -MIXED_BAND:
        return Polarity.NEGATIVE
    if sentiment >= MIXED_BAND:
        return Polarity.POSITIVE
    return Polarity.MIXED
