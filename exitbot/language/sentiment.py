"""Per-message sentiment, offline and deterministic, with a method valid for the message's language.

Every lexicon here ships inside a pip package and is read once, when its scorer is built; nothing
is downloaded at run time. A language without a trustworthy method gets no score (None): an
English lexicon scores German text at random ("Mein Chef war freundlich …" comes out −0.60).

- en: VADER (vaderSentiment).
- de: the German Polarity Lexicon (Klenner et al.) that textblob-de ships as Pattern XML, scored
  with TextBlob's Pattern engine plus the inflection and negation handling German needs.
- fr: textblob-fr's Pattern lexicon and settings (the engine of textblob-fr's PatternAnalyzer).
- es and the rest: None. No maintained offline Spanish method installs today (SentiLeak pins
  spacy<3.5 and numpy<1.22; the pickled scikit-learn classifiers are years old; the
  Chen-Skiena lexicon in asent is machine-built and marks "trabajo" and "como" positive).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


class VaderSentiment:
    """Scores text from -1 (negative) to 1 (positive) with VADER's compound score."""

    def __init__(self) -> None:
        self._analyzer = SentimentIntensityAnalyzer()

    def score(self, text: str) -> float | None:
        return round(float(self._analyzer.polarity_scores(text)["compound"]), 4)


class FrenchSentiment:
    """French polarity from -1 to 1: textblob-fr's lexicon and settings, loaded per instance.

    textblob-fr's PatternAnalyzer would load the same lexicon into a module global on the
    first message; this instance reads it when built and gives the same scores.
    """

    def __init__(self) -> None:
        # TextBlob and NLTK take most of a second to import: only when French is scored.
        from textblob_fr import fr as textblob_fr

        shared = textblob_fr.sentiment
        self._lexicon = textblob_fr.Sentiment(
            path=shared.path,
            language="fr",
            synset=None,
            negations=shared.negations,
            modifiers=shared.modifiers,
            modifier=shared.modifier,
            tokenizer=shared.tokenizer,
        )
        self._lexicon.load()

    def score(self, text: str) -> float:
        return float(self._lexicon(text)[0])


def _primary_code(language: str) -> str:
    return language.strip().replace("_", "-").split("-", 1)[0].lower()


class Scorer(Protocol):
    def score(self, text: str) -> float | None: ...


def _german() -> Scorer:
    from exitbot.language.german_sentiment import GermanSentiment

    return GermanSentiment()


_SCORERS: dict[str, Callable[[], Scorer]] = {
    "en": VaderSentiment,
    "de": _german,
    "fr": FrenchSentiment,
}


class MultilingualSentiment:
    """Scores a message with the method valid for its language, or None when there is none.

    ``languages`` limits which lexicons may be used (default: every language it can score).
    Each lexicon is loaded with the first message in its language, so commands that score
    nothing (``token``, ``outbox``) never load one.
    """

    SUPPORTED = ("en", "de", "fr")

    def __init__(self, languages: Iterable[str] | None = None) -> None:
        wanted = set(self.SUPPORTED if languages is None else map(_primary_code, languages))
        self._languages = tuple(code for code in self.SUPPORTED if code in wanted)
        self._loaded: dict[str, Scorer] = {}

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this instance scores."""
        return self._languages

    def _scorer(self, code: str) -> Scorer | None:
        if code not in self._languages:
            return None
        if code not in self._loaded:
            self._loaded[code] = _SCORERS[code]()
        return self._loaded[code]

    def score(self, text: str, language: str | None) -> float | None:
        """Sentiment from -1 to 1 (4 decimals), or None where no method is valid.

        Unknown language (None): the English score for ASCII-only text, which is what English
        chat looks like; anything else could be any language, so None.
        """
        code = _primary_code(language) if language is not None else None
        if code is None and not text.isascii():
            return None
        scorer = self._scorer("en" if code is None else code)
        if scorer is None:
            return None
        score = scorer.score(text)
        if code in (None, "en"):
            return score
        return _bounded(score) if score is not None else None


def _bounded(score: float) -> float:
    return round(max(-1.0, min(1.0, score)), 4)
