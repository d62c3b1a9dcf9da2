"""The message catalogs: every bot text and built-in plan string translated, fields intact."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import exitbot
from exitbot.core.plan import DEFAULT_PLAN
from exitbot.engine import texts as texts_module
from exitbot.engine.catalogs import Catalogs
from exitbot.engine.texts import ENGLISH, ErasableInterview

LANGUAGES = ("de", "es", "fr")
LOCALES = Path(exitbot.__file__).parent / "locales"
TEXTS_SOURCE = Path(texts_module.__file__)
BOLD = re.compile(r"\*[^*\n]+\*")


@cache
def text_ids() -> tuple[str, ...]:
    """Every message id passed to ``self._`` in texts.py, in source order."""
    found = extract_from_file("python", str(TEXTS_SOURCE), keywords={"_": None})
    return tuple(dict.fromkeys(message for _, message, _, _ in found))


def plan_ids() -> tuple[str, ...]:
    strings = (
        getattr(topic, field)
        for topic in DEFAULT_PLAN.topics
        for field in ("title", "question", "followup")
    )
    return tuple(dict.fromkeys(strings))


@cache
def catalog(language: str) -> Catalog:
    with (LOCALES / language / "LC_MESSAGES" / "exitbot.po").open("rb") as handle:
        return read_po(handle, locale=language)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def translated(language: str) -> dict[str, str]:
    return {
        str(message.id): str(message.string)
        for message in catalog(language)
        if message.id and message.string and not message.fuzzy
    }


def test_every_self_underscore_call_has_a_literal_message_id() -> None:
    """An f-string or a variable passed to ``self._`` would be left out of the catalogs."""
    source = TEXTS_SOURCE.read_text(encoding="utf-8")
    found = extract_from_file("python", str(TEXTS_SOURCE), keywords={"_": None})
    assert all(isinstance(message, str) for _, message, _, _ in found)
    assert len(found) == source.count("self._("), "a self._(...) call without a literal id"
    assert len(text_ids()) > 50  # the extraction itself works


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_parses(language: str) -> None:
    parsed = catalog(language)
    assert str(parsed.locale) == language
    assert len(parsed) > 0
    assert not parsed.obsolete


SOURCES: dict[str, Callable[[], tuple[str, ...]]] = {
    "texts.py": text_ids,
    "DEFAULT_PLAN": plan_ids,
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("source", SOURCES)
def test_every_message_is_translated(language: str, source: str) -> None:
    done = translated(language)
    missing = [message for message in SOURCES[source]() if not done.get(message, "").strip()]
    assert not missing, (
        f"{language}: {len(missing)} message(s) from {source} missing, empty or fuzzy in "
        f"exitbot/locales/{language}/LC_MESSAGES/exitbot.po (see exitbot/locales/README.md):\n"
        + "\n".join(f"  {message!r}" for message in missing)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_markup(language: str) -> None:
    wrong = []
    for message_id, text in translated(language).items():
        if fields(text) != fields(message_id):
            wrong.append(
                f"  fields {sorted(fields(text))} instead of {sorted(fields(message_id))}: "
                f"{message_id!r} -> {text!r}"
            )
        if len(BOLD.findall(text)) != len(BOLD.findall(message_id)):
            wrong.append(f"  *bold* words differ: {message_id!r} -> {text!r}")
        if text.count("\n") != message_id.count("\n"):
            wrong.append(f"  line breaks differ: {message_id!r} -> {text!r}")
    assert not wrong, f"{language}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("language", "yes"), [("de", "*ja*"), ("es", "*sí*"), ("fr", "*oui*")])
def test_invitation_is_in_the_language(language: str, yes: str) -> None:
    texts = Catalogs.load(["en", *LANGUAGES]).texts(language)
    invitation = texts.invitation("Anna", 365)
    assert "Anna" in invitation
    assert "365" in invitation
    assert invitation != ENGLISH.invitation("Anna", 365)
    assert yes in invitation


def test_german_texts_render_with_their_fields() -> None:
    texts = Catalogs.load(["en", "de"]).texts("de")
    interviews = [
        ErasableInterview(date(2026, 3, 2), "completed"),
        ErasableInterview(date(2026, 5, 4), "paused"),
    ]
    confirm = texts.erase_confirm(interviews)
    assert confirm.startswith("Soll ich dein Interview vom ")
    assert "März 2026 (abgeschlossen) und dein Interview vom " in confirm
    assert "(pausiert)" in confirm
    assert "*ja*" in confirm
    assert texts.too_long(5000, 4000).startswith("Diese Nachricht hat 5")
    assert texts.summary_part("quote", "x") == "Zitat: „x“"
    assert texts.consent_choices[0].label == "Starten"
    assert texts.consent_choices[0].value == "yes"  # the value stays the recogniser's word


def test_localized_plan_is_german() -> None:
    catalogs = Catalogs.load(["en", "de", "es", "fr"])
    german = catalogs.localize_plan(DEFAULT_PLAN, "de")
    assert german.topics[0].question == "Was war der Hauptgrund für deine Entscheidung zu gehen?"
    assert german.topics[0].followup == "Magst du mir ein bisschen mehr darüber erzählen?"
    assert [t.key for t in german.topics] == [t.key for t in DEFAULT_PLAN.topics]
    for localized, english in zip(german.topics, DEFAULT_PLAN.topics, strict=True):
        assert localized.question != english.question
        assert localized.followup != english.followup
        assert localized.title != english.title
    assert catalogs.localize_plan(DEFAULT_PLAN, "en") == DEFAULT_PLAN


def test_unknown_language_falls_back_to_english() -> None:
    loaded = Catalogs.load(["en", "de", "es", "fr"])
    assert loaded.texts("it").invitation("Anna", 30) == ENGLISH.invitation("Anna", 30)
    assert loaded.localize_plan(DEFAULT_PLAN, "it") == DEFAULT_PLAN
    without_catalog = Catalogs.load(["en", "it"])
    assert without_catalog.texts("it").invitation("Anna", 30) == ENGLISH.invitation("Anna", 30)
    assert without_catalog.localize_plan(DEFAULT_PLAN, "it") == DEFAULT_PLAN


def test_no_language_is_english() -> None:
    assert Catalogs().texts(None).invitation("Anna", 30) == ENGLISH.invitation("Anna", 30)
    loaded = Catalogs.load(["en", "de"])
    assert loaded.texts(None).language == "en"
    assert loaded.texts(None).started == ENGLISH.started
