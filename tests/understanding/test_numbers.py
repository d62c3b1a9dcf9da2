"""The 0-10 rating and whether the employee would come back, from their own words."""

from __future__ import annotations

import pytest

from exitbot.engine.understanding import ScoreReading, read_score, read_would_return


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("8", 8),
        ("8.", 8),
        ("I'd say an 8", 8),
        ("8/10", 8),
        ("8 / 10", 8),
        ("8 out of 10", 8),
        ("10/10", 10),
        ("0", 0),
        ("a solid 7ish", 7),
        ("eight", 8),
        ("ten", 10),
        ("zero", 0),
        ("acht", 8),
        ("zehn", 10),
        ("null", 0),
        ("8 von 10", 8),
        ("Ich würde eine 6 geben", 6),
        ("ocho", 8),
        ("diez", 10),
        ("cero", 0),
        ("un 8 sobre 10", 8),
        ("tres", 3),
        ("huit", 8),
        ("dix", 10),
        ("zéro", 0),
        ("8 sur 10", 8),
        ("une huit sur dix", 8),
        ("one out of ten", 1),
    ],
)
def test_a_number_in_digits_or_words(text: str, value: int) -> None:
    assert read_score(text) == ScoreReading(value, unclear=False)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("after 3 years at the company I'd give it a 7", 7),
        ("2023 was rough, but I'd still say 6", 6),
        ("We were 5 people in the team; 8/10", 8),
        ("3 or 4 years in, I'd say 9", 9),
        ("one of the best places I've worked, 9", 9),
        ("On a scale of 0 to 10, a 6", 6),
        ("0-10? 7", 7),
        ("our standup at 9:30 was fine, 7", 7),
        ("my 3rd manager was better, 6", 6),
        ("très bien, 8", 8),
        ("nach 2 Jahren würde ich sagen 7", 7),
        ("después de 3 años, un 8", 8),
        ("après 4 ans, je dirais 7 sur 10", 7),
        ("it grew 5% a year, I'd say 8", 8),
    ],
)
def test_numbers_that_are_not_the_rating_are_ignored(text: str, value: int) -> None:
    assert read_score(text) == ScoreReading(value, unclear=False)


@pytest.mark.parametrize(
    "text",
    [
        "7 or 8",
        "7-8",
        "7 – 8",
        "between 6 and 7",
        "7.5",
        "7,5",
        "probably a 6 or a 7",
        "7 or 8/10",
        "5, maybe 6",
        "7 oder 8",
        "zwischen 6 und 7",
        "7 u 8",
        "siete u ocho",
        "entre 6 y 7",
        "7 ou 8",
        "entre 6 et 7",
        "dunno",
        "no idea",
        "keine Ahnung",
        "ni idea",
        "aucune idée",
        "I wouldn't recommend it to anyone",
    ],
)
def test_no_single_number_is_unclear(text: str) -> None:
    assert read_score(text) == ScoreReading(None, unclear=True)


@pytest.mark.parametrize(
    "text", ["I'd rather not give a number", "no rating", "keine Angabe", "prefiero no decirlo"]
)
def test_a_refusal_is_no_number_but_not_unclear(text: str) -> None:
    """The engine asks for a number again only when the reading is unclear."""
    assert read_score(text) == ScoreReading(None, unclear=False)


@pytest.mark.parametrize(
    "text",
    [
        "yes I'd come back",
        "maybe one day, yes",
        "I would return",
        "8, and yes, I'd come back if the pay was better",
        "I'd come back if they didn't micromanage",
        "Yes",
        "ja, ich würde zurückkommen",
        "Ich würde jederzeit wiederkommen",
        "sí, volvería",
        "volvería sin dudarlo",
        "je reviendrais",
        "oui, peut-être un jour",
        "no... well, yes, I'd come back",
    ],
)
def test_would_return(text: str) -> None:
    assert read_would_return(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "no, never",
        "I wouldn't come back",
        "I'd never come back",
        "Probably not",
        "8, no",
        "nein, nie wieder",
        "ich komme nicht zurück",
        "no volvería",
        "nunca volvería",
        "je ne reviendrais pas",
        "je reviendrais pas",
        "non, jamais",
        "3, zurückkommen würde ich nicht.",
        "Zurückkommen würde ich auf keinen Fall",
    ],
)
def test_would_not_return(text: str) -> None:
    assert read_would_return(text) is False


@pytest.mark.parametrize(
    "text",
    [
        "8",
        "I'd recommend it, 9",
        "yes, I would recommend it",
        "not sure I'd come back",
        "looking back, 6",
        "maybe",
        "no idea",
        "",
    ],
)
def test_not_said(text: str) -> None:
    assert read_would_return(text) is None
