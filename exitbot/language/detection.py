"""The language of one employee message, offline (DESIGN §5: detected per message).

lingua ships its models inside the wheel and is accurate on short chat text when restricted to
the configured languages. A wrong answer would switch the bot's language mid-interview, so a
text that is too short or too ambiguous to tell ("ok", "8", "👍", a name) gets None and the
caller keeps the language it already has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lingua import ConfidenceValue, IsoCode639_1, Language, LanguageDetectorBuilder

# A word is a run of letters, apostrophes inside it included ("c'est", "I'd"); digits, emoji
# and punctuation are no evidence of a language.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Links, e-mail addresses and chat markup (<@U123>, <https://…|text>) say nothing about the
# employee's language and lean towards English.
_NOISE = re.compile(r"<[^>\s][^>]*>|https?://\S+|\S+@\S+\.\S+")

# Thresholds measured on ordinary exit-interview sentences and replies in en/de/es/fr (see
# bench/language.py): at 3+ words lingua's top language is right whenever it leads with at
# least 0.5 of the confidence; 1-2 words ("ja, gerne" 0.58 vs 0.17) need a clear lead too.
MIN_LETTERS = 3
MIN_CONFIDENCE = 0.5
MIN_LEAD = 0.1
SHORT_TEXT_WORDS = 2
MIN_LEAD_SHORT = 0.35
# Up to this many words, a text whose every word is capitalised reads as a name ("Anna
# Schmidt", "José García"): lingua would happily name the language the name comes from.
NAME_MAX_WORDS = 3


def _lingua_language(code: str) -> Language | None:
    """The lingua language for an ISO 639-1 code ("de", "DE", "de-CH"), None if it has none."""
    primary = code.strip().replace("_", "-").split("-", 1)[0].upper()
    if not primary:
        return None
    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(primary))
    except ValueError:
        return None


def _looks_like_a_name(words: list[str]) -> bool:
    return len(words) <= NAME_MAX_WORDS and all(word[0].isupper() for word in words)


class LanguageDetector:
    """Detects which of the configured languages a message is in, or None when unsure.

    Build it once (it holds the language models) and share it: ``detect`` is thread-safe.
    ``preload`` loads the models when built rather than on the first message; ``low_accuracy``
    (trigrams only) saves memory but misreads short texts, so neither default should change
    without re-running bench/language.py.
    """

    def __init__(
        self, languages: Iterable[str], *, preload: bool = True, low_accuracy: bool = False
    ) -> None:
        known: dict[Language, str] = {}
        for code in languages:
            language = _lingua_language(code)
            if language is not None:
                known.setdefault(language, language.iso_code_639_1.name.lower())
        self._codes = known
        self.languages: tuple[str, ...] = tuple(known.values())
        if not known:
            self._detector = None
            return
        builder = LanguageDetectorBuilder.from_languages(*known)
        if low_accuracy:
            builder = builder.with_low_accuracy_mode()
        if preload:
            builder = builder.with_preloaded_language_models()
        self._detector = builder.build()

    def detect(self, text: str) -> str | None:
        """The ISO 639-1 code of the text's language, or None when it cannot be told."""
        if self._detector is None:
            return None
        cleaned = _NOISE.sub(" ", text)
        words = _WORD.findall(cleaned)
        if sum(len(word) for word in words) < MIN_LETTERS or _looks_like_a_name(words):
            return None
        values = self._detector.compute_language_confidence_values(cleaned)
        if not values:
            return None
        return self._confident(values, short=len(words) <= SHORT_TEXT_WORDS)

    def _confident(self, values: list[ConfidenceValue], *, short: bool) -> str | None:
        top = values[0]
        runner_up = values[1].value if len(values) > 1 else 0.0
        lead = top.value - runner_up
        if top.value < MIN_CONFIDENCE or lead < (MIN_LEAD_SHORT if short else MIN_LEAD):
            return None
        return self._codes.get(top.language)
