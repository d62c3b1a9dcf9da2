"""Per-message language detection: ordinary chat sentences are told apart, noise is not guessed."""

from __future__ import annotations

import pytest

from exitbot.language.detection import LanguageDetector

LANGUAGES = ("en", "de", "es", "fr")


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    # Built once, as the bootstrap does: it holds the language models.
    return LanguageDetector(LANGUAGES)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The pay was low", "en"),
        ("I left because my manager never gave feedback.", "en"),
        ("Sure, happy to do it", "en"),
        ("Mein Chef war freundlich und hat mich immer unterstützt.", "de"),
        ("Das Gehalt war zu niedrig", "de"),
        ("Ich würde es Freunden empfehlen", "de"),
        ("El sueldo era muy bajo", "es"),
        ("Mi jefe era muy amable", "es"),
        ("Nadie escuchaba nuestras ideas", "es"),
        ("Le salaire était trop bas", "fr"),
        ("Personne n'écoutait nos idées", "fr"),
        ("J'aimais bien mes collègues", "fr"),
    ],
)
def test_ordinary_sentences_are_detected(
    detector: LanguageDetector, text: str, language: str
) -> None:
    assert detector.detect(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [("ja, gerne", "de"), ("sí, vale", "es"), ("merci beaucoup", "fr"), ("sounds good", "en")],
)
def test_short_replies_with_a_clear_lead_are_detected(
    detector: LanguageDetector, text: str, language: str
) -> None:
    assert detector.detect(text) == language


@pytest.mark.parametrize(
    "text",
    ["", "   ", "ok", "OK!", "8", "7/10", "👍", "👍👍", ":)", "...", "hmm", "yes", "no", "lol"],
)
def test_too_short_or_ambiguous_text_is_not_guessed(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) is None


@pytest.mark.parametrize("text", ["Maria", "Anna Schmidt", "José García", "Thomas Müller"])
def test_a_name_alone_is_not_a_language(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) is None


def test_links_and_mentions_are_no_evidence(detector: LanguageDetector) -> None:
    assert detector.detect("<@U0123ABCD> https://intranet.example.com/hr/exit ok") is None
    assert detector.detect("<@U0123ABCD> Das Gehalt war zu niedrig") == "de"


def test_only_configured_languages_are_answered() -> None:
    detector = LanguageDetector(("en", "de"))
    assert detector.detect("Le salaire était trop bas et mon chef était horrible") in (
        "en",
        "de",
        None,
    )
    assert detector.detect("Das Gehalt war zu niedrig") == "de"


def test_unknown_and_odd_codes_are_ignored() -> None:
    detector = LanguageDetector(("EN", "de-CH", "xx", "tlh", "", "en"))
    assert detector.languages == ("en", "de")
    assert detector.detect("Das Gehalt war zu niedrig") == "de"


def test_no_known_language_detects_nothing() -> None:
    detector = LanguageDetector(("xx", "zz"))
    assert detector.languages == ()
    assert detector.detect("The pay was low") is None


def test_lazy_models_give_the_same_answers() -> None:
    lazy = LanguageDetector(LANGUAGES, preload=False)
    assert lazy.detect("Le salaire était trop bas") == "fr"
    assert lazy.detect("ok") is None
