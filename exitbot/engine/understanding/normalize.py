"""Text reduced to comparable words: what the lexicon and the employee's message are matched as.

Matching happens on whole words after this step, so "Sí, está bien!", "si esta bien" and
"SI, ESTÁ BIEN" are the same reply, and an emoji or a Slack shortcode is a word like any other.
"""

from __future__ import annotations

import re
import unicodedata

YES_EMOJI = "emojiyes"
"""The word an approving emoji (👍 👌 ✅ 🙂 …) becomes; the lexicon lists it as a yes."""
NO_EMOJI = "emojino"
"""The word a refusing emoji (👎 ❌ 🙅 …) becomes; the lexicon lists it as a no."""

_YES_EMOJI_CHARS = "👍👌✅✔☑🙂😊😀😃😄😁☺🙆👏💯🆗🤝🙌💪"
_NO_EMOJI_CHARS = "👎❌✖❎🙅⛔🚫"
# Slack sends emoji typed in a message as shortcodes (":+1:", ":white_check_mark:").
_YES_SHORTCODES = frozenset(
    {
        "+1",
        "thumbsup",
        "thumbs_up",
        "ok_hand",
        "white_check_mark",
        "heavy_check_mark",
        "ballot_box_with_check",
        "slightly_smiling_face",
        "smile",
        "smiley",
        "blush",
        "grinning",
        "relaxed",
        "ok",
        "ok_woman",
        "clap",
        "100",
        "raised_hands",
        "handshake",
        "muscle",
    }
)
_NO_SHORTCODES = frozenset(
    {
        "-1",
        "thumbsdown",
        "thumbs_down",
        "x",
        "heavy_multiplication_x",
        "negative_squared_cross_mark",
        "no_good",
        "no_entry",
        "no_entry_sign",
    }
)
_SHORTCODE = re.compile(r":([a-z][a-z0-9_+\-]*|[+\-]1|100):(?::skin-tone-\d:)?", re.IGNORECASE)
_EMOJI_MODIFIERS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f\ufe0e\u200d]")
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼ´`′‛"} | {c: '"' for c in "“”„‟«»″"})
# Letters NFKD leaves whole (no combining mark to drop).
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "þ": "th"})
_INNER_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_NOT_WORD = re.compile(r"[\W_]+")
_REPEATED = re.compile(r"([^\W\d_])\1{2,}")
_CLAUSE_END = re.compile(r"[,;.!?¡¿:…\n()]+|\s[-–—]+\s|[-–—]+$")


def fold(text: str) -> str:
    """Lower case with accents folded (é→e, ß→ss, ü→u) and quotes unified; punctuation kept."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return text.translate(_LETTERS)


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces: accents folded, apostrophes inside a word
    dropped ("don't" → "dont", "c'est" → "cest", so the apostrophe-less spelling people type
    matches too), emoji turned into the words ``YES_EMOJI`` / ``NO_EMOJI``, other punctuation
    and symbols turned into spaces."""
    return _normalize_text(_emoji_as_words(text))


def words(text: str) -> tuple[str, ...]:
    """The normalized words of ``text``, with letters typed three or more times in a row
    written once ("yesss" → "yes", "pleeease" → "please")."""
    return _squeezed(_normalize_text(_emoji_as_words(text)))


def clauses(text: str) -> tuple[tuple[str, ...], ...]:
    """The words of ``text`` per clause, split where a comma, full stop, question mark and
    the like end one: "no, that's fine" is two replies, "no está bien" is one."""
    parts = _CLAUSE_END.split(_emoji_as_words(text))
    return tuple(w for w in (_squeezed(_normalize_text(p)) for p in parts) if w)


def _emoji_as_words(text: str) -> str:
    text = _SHORTCODE.sub(_shortcode_word, text)
    text = _EMOJI_MODIFIERS.sub("", text)
    return "".join(_emoji_word(c) for c in text)


def _normalize_text(text: str) -> str:
    text = _INNER_APOSTROPHE.sub("", fold(text))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _squeezed(text: str) -> tuple[str, ...]:
    return tuple(_REPEATED.sub(r"\1", text).split())


def _shortcode_word(match: re.Match[str]) -> str:
    name = match.group(1).lower()
    if name in _YES_SHORTCODES:
        return f" {YES_EMOJI} "
    if name in _NO_SHORTCODES:
        return f" {NO_EMOJI} "
    return " "


def _emoji_word(char: str) -> str:
    if char in _YES_EMOJI_CHARS:
        return f" {YES_EMOJI} "
    if char in _NO_EMOJI_CHARS:
        return f" {NO_EMOJI} "
    return char
