"""Text reduced to comparable words: case, accents, quotes, punctuation and emoji."""

from __future__ import annotations

import pytest

from exitbot.engine.understanding import normalize
from exitbot.engine.understanding.normalize import NO_EMOJI, YES_EMOJI, clauses, fold, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sí, está bien!", "si esta bien"),
        ("SI ESTÁ BIEN", "si esta bien"),
        ("Straße", "strasse"),
        ("Überspringen", "uberspringen"),
        ("Ça me va, merci.", "ca me va merci"),
        ("¿Qué datos tenéis de mí?", "que datos teneis de mi"),
        ("niño", "nino"),
        ("cœur", "coeur"),
        ("  lots   of\tspace\n", "lots of space"),
        ("peut-être", "peut etre"),
        ("8/10", "8 10"),
        ("drop #3", "drop 3"),
        ("_yes_", "yes"),
    ],
)
def test_case_accents_and_punctuation(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("don't", "dont"),
        ("don’t", "dont"),  # curly apostrophe
        ("I‘d rather not", "id rather not"),
        ("c'est bon", "cest bon"),
        ("d’accord", "daccord"),
        ("let's go", "lets go"),
        ("'quoted'", "quoted"),
        ("“looks good”", "looks good"),
    ],
)
def test_apostrophes_inside_words_are_dropped(text: str, expected: str) -> None:
    """So the spelling people type without an apostrophe ("dont", "lets") matches too."""
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "emoji", ["👍", "👍🏽", "👌", "✅", "🙂", "✔️", ":+1:", ":thumbsup:", ":ok_hand:"]
)
def test_approving_emoji_become_the_yes_word(emoji: str) -> None:
    assert normalize(emoji) == YES_EMOJI


@pytest.mark.parametrize("emoji", ["👎", "❌", "👎🏻", ":-1:", ":thumbsdown:", ":x:"])
def test_refusing_emoji_become_the_no_word(emoji: str) -> None:
    assert normalize(emoji) == NO_EMOJI


def test_other_emoji_and_shortcodes_are_punctuation() -> None:
    assert normalize("great 🎉 :tada: thanks") == "great thanks"
    assert normalize("ok 👍 thanks") == f"ok {YES_EMOJI} thanks"


def test_a_clock_time_is_not_a_shortcode() -> None:
    assert normalize("at 10:30: fine") == "at 10 30 fine"


def test_fold_keeps_punctuation() -> None:
    assert fold("Très BIEN, 8/10!") == "tres bien, 8/10!"
    assert fold("„Zitat“") == '"zitat"'


def test_words_squeeze_letters_typed_three_times() -> None:
    assert words("yesss pleeease") == ("yes", "please")
    assert words("Nooo!") == ("no",)
    assert words("yess") == ("yess",)  # two in a row is still a spelling
    assert words("2000") == ("2000",)  # digits are never squeezed


def test_clauses_split_where_a_reply_ends() -> None:
    assert clauses("no, that's fine") == (("no",), ("thats", "fine"))
    assert clauses("no está bien") == (("no", "esta", "bien"),)
    assert clauses("Sure! Happy to do it.") == (("sure",), ("happy", "to", "do", "it"))
    assert clauses("peut-être demain") == (("peut", "etre", "demain"),)
    assert clauses("yes - but anonymous") == (("yes",), ("but", "anonymous"))
    assert clauses("?!") == ()


def test_emoji_shortcodes_survive_clause_splitting() -> None:
    assert clauses("ok :+1:") == (("ok", YES_EMOJI),)
