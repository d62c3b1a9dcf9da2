"""Per-message sentiment, offline and deterministic (VADER's lexicon ships with the package)."""

from __future__ import annotations

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


class VaderSentiment:
    """Scores text from -1 (negative) to 1 (positive) with VADER's compound score."""

    def __init__(self) -> None:
        self._analyzer = SentimentIntensityAnalyzer()

    def score(self, text: str) -> float | None:
        return round(float(self._analyzer.polarity_scores(text)["compound"]), 4)
