"""Reading employees' text: which language it is in, and its sentiment in that language.

The models and lexicons take about a second and 150 MiB to load and never change once
loaded, so each process loads them once (``shared_detector``, ``shared_sentiment``) however
many times it is bootstrapped (the tests and benchmarks bootstrap many times).
"""

from __future__ import annotations

import functools

from exitbot.language.detection import LanguageDetector
from exitbot.language.sentiment import MultilingualSentiment


@functools.cache
def shared_detector(languages: tuple[str, ...]) -> LanguageDetector:
    """Models load with the first message, so commands that read none (``token``,
    ``digest``, ``outbox``) do not pay for them."""
    return LanguageDetector(languages, preload=False)


@functools.cache
def shared_sentiment(languages: tuple[str, ...]) -> MultilingualSentiment:
    return MultilingualSentiment(languages)


__all__ = ["LanguageDetector", "MultilingualSentiment", "shared_detector", "shared_sentiment"]
