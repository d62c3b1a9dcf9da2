"""Per-message sentiment: a method valid for the message's language, or no score at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import nltk
import pytest
import textblob_fr
from textblob import Blobber

from exitbot.language.sentiment import MultilingualSentiment, VaderSentiment

GERMAN_PRAISE = "Mein Chef war freundlich und hat mich immer unterstützt."


@pytest.fixture(scope="module")
def sentiment() -> MultilingualSentiment:
    return MultilingualSentiment()


def test_german_praise_is_positive_where_the_english_lexicon_calls_it_negative(
    sentiment: MultilingualSentiment,
) -> None:
    assert (VaderSentiment().score(GERMAN_PRAISE) or 0.0) < 0
    assert (sentiment.score(GERMAN_PRAISE, "de") or 0.0) > 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Die Bezahlung war schlecht und mein Chef war furchtbar.",
        "Die Arbeit war langweilig",
        "Es gab viele Probleme",
        "Ich war total überlastet",
    ],
)
def test_clearly_negative_german_is_negative(sentiment: MultilingualSentiment, text: str) -> None:
    assert (sentiment.score(text, "de") or 0.0) < -0.5


@pytest.mark.parametrize(
    "text",
    [
        "nicht gut",
        "Das Gehalt war nicht gut",
        "Ich war nicht sehr zufrieden",
        "Es war kein gutes Gehalt",
        "Mein Chef hat mich nie unterstützt",
        "Mein Chef unterstützte mich nicht.",
    ],
)
def test_german_negation_turns_praise_negative(sentiment: MultilingualSentiment, text: str) -> None:
    assert (sentiment.score(text, "de") or 0.0) < 0


@pytest.mark.parametrize(
    "text", ["Das war nicht schlecht", "Es gab keine Probleme", "Ich wurde gut bezahlt"]
)
def test_german_negated_complaints_and_plain_praise_are_positive(
    sentiment: MultilingualSentiment, text: str
) -> None:
    assert (sentiment.score(text, "de") or 0.0) > 0


def test_german_inflected_forms_and_spelling_are_recognised(
    sentiment: MultilingualSentiment,
) -> None:
    assert sentiment.score("Das waren schlechte Bedingungen", "de") == -1.0
    assert sentiment.score("Das Team war großartig", "de") == 1.0


def test_german_without_opinion_words_is_neutral(sentiment: MultilingualSentiment) -> None:
    assert sentiment.score("Ich habe am Montag angefangen", "de") == 0.0
    assert sentiment.score("passt so", "de") == 0.0


@pytest.mark.parametrize(
    ("text", "positive"),
    [
        ("Mon chef était très sympathique et m'a toujours soutenu.", True),
        ("L'équipe était super", True),
        ("Le salaire était mauvais et mon chef était horrible.", False),
        ("Ce n'est pas bon", False),
    ],
)
def test_french_polarity(sentiment: MultilingualSentiment, text: str, positive: bool) -> None:
    score = sentiment.score(text, "fr")
    assert score is not None
    assert (score > 0) is positive and score != 0


def test_french_matches_textblob_fr(sentiment: MultilingualSentiment) -> None:
    blobber = Blobber(
        pos_tagger=textblob_fr.PatternTagger(), analyzer=textblob_fr.PatternAnalyzer()
    )
    for text in (
        "Le salaire était trop bas",
        "Mon chef était génial",
        "Je ne suis pas content",
        "La direction était terrible",
    ):
        assert sentiment.score(text, "fr") == round(blobber(text).sentiment[0], 4)


@pytest.mark.parametrize(
    "text",
    [
        "The pay was low and my manager never listened.",
        "Great team, I loved working here!",
        "It was fine",
        "",
    ],
)
def test_english_is_vader_unchanged(sentiment: MultilingualSentiment, text: str) -> None:
    assert sentiment.score(text, "en") == VaderSentiment().score(text)
    assert sentiment.score(text, "EN-us") == VaderSentiment().score(text)


def test_spanish_has_no_valid_method_so_no_score(sentiment: MultilingualSentiment) -> None:
    assert sentiment.score("El sueldo era muy bajo", "es") is None
    assert sentiment.score("Mi jefe era muy amable", "es") is None


@pytest.mark.parametrize("language", ["it", "ja", "xx", ""])
def test_other_languages_get_no_score(sentiment: MultilingualSentiment, language: str) -> None:
    assert sentiment.score("Il capo era gentile", language) is None


def test_unknown_language_is_scored_as_english_only_when_ascii(
    sentiment: MultilingualSentiment,
) -> None:
    assert sentiment.score("The pay was low", None) == VaderSentiment().score("The pay was low")
    assert sentiment.score("Le salaire était trop bas", None) is None
    assert sentiment.score("👍", None) is None


def test_scores_are_bounded_rounded_and_deterministic(sentiment: MultilingualSentiment) -> None:
    other = MultilingualSentiment()
    texts = [
        ("de", "Das Team war wirklich sehr toll!!!"),
        ("de", "Es war extrem schlecht, wirklich furchtbar!"),
        ("fr", "C'était vraiment excellent !"),
        ("en", "Terrible, awful, horrible management!!!"),
    ]
    for language, text in texts:
        score = sentiment.score(text, language)
        assert score is not None and -1.0 <= score <= 1.0
        assert round(score, 4) == score
        assert other.score(text, language) == score


def test_only_the_requested_languages_are_loaded() -> None:
    german_only = MultilingualSentiment(["de", "es"])
    assert german_only.languages == ("de",)
    assert german_only.score("The pay was low", "en") is None
    assert (german_only.score("Das Team war toll", "de") or 0.0) > 0


def test_each_lexicon_is_read_once_with_the_first_message_in_its_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[object] = []
    real_parse = ElementTree.parse

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(args[0])
        return real_parse(*args, **kwargs)

    monkeypatch.setattr("xml.etree.ElementTree.parse", counted)
    sentiment = MultilingualSentiment()
    assert sentiment.languages == ("en", "de", "fr") and reads == [], "building reads nothing"
    assert (sentiment.score(GERMAN_PRAISE, "de") or 0.0) > 0
    assert (sentiment.score("Mon chef était génial", "fr") or 0.0) > 0
    first = len(reads)
    assert first >= 1, "the first messages read their lexicons"
    for _ in range(3):
        sentiment.score(GERMAN_PRAISE, "de")
        sentiment.score("Mon chef était génial", "fr")
    assert len(reads) == first, "no lexicon is read again per message"


def test_no_nltk_data_is_needed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A clean machine has no NLTK corpora; nothing here may need (or fetch) one.
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])

    def no_download(*args: object, **kwargs: object) -> bool:
        raise AssertionError("NLTK data was downloaded")

    monkeypatch.setattr(nltk, "download", no_download)
    sentiment = MultilingualSentiment()
    assert sentiment.score(GERMAN_PRAISE, "de") is not None
    assert sentiment.score("Mon chef était génial", "fr") is not None
    assert sentiment.score("The pay was low", "en") is not None
