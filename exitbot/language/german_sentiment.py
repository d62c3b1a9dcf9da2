"""German sentiment: the German Polarity Lexicon (Klenner et al.) that textblob-de ships as
Pattern XML, scored with TextBlob's Pattern engine plus the inflection and negation handling
German needs (nouns are capitalised, words inflect, negation often ends the clause)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from statistics import fmean
from typing import Any

from textblob._text import Sentiment as PatternSentiment
from textblob._text import find_tokens

# A Pattern assessment: (chunk of words, polarity, subjectivity, label).
Assessment = tuple[list[str], float, float, Any]


def _package_data(package: str, *parts: str) -> Path:
    """A data file of an installed package, found without importing the package.

    ``import textblob_de`` fails with current TextBlob (it imports the removed
    ``textblob.translate``), but its data files are intact.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed")
    path = Path(next(iter(spec.submodule_search_locations)), *parts)
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def _german_spelling(word: str) -> str:
    """ß as ss: the lexicon writes "grossartig", people write "großartig"."""
    return word.replace("ß", "ss")


_GERMAN_NEGATIONS = frozenset(
    [
        "nicht",
        "nie",
        "niemals",
        "nein",
        "nichts",
        "ohne",
        "kein",
        "keine",
        "keinen",
        "keinem",
        "keiner",
        "keines",
    ]
)
# German puts "nicht" after the verb ("Mein Chef unterstützte mich nicht."): a clause that ends
# in one of these is negated as a whole.
_GERMAN_TRAILING_NEGATIONS = frozenset({"nicht", "nie", "niemals"})
_GERMAN_CLAUSE_BREAKS = frozenset(
    [",", ";", ":", ".", "?", "aber", "doch", "sondern", "und", "oder", "weil", "dass", "obwohl"]
)
# The lexicon has no intensifiers; as adverbs (RB) Pattern lets them scale the next word and
# carry a preceding negation across them ("nicht sehr gut"). "wirklich" and "echt" are in the
# lexicon as positive adjectives, which in chat they rarely are ("echt schlecht").
_GERMAN_INTENSIFIERS = (
    ("sehr", 1.3),
    ("wirklich", 1.3),
    ("echt", 1.3),
    ("total", 1.3),
    ("besonders", 1.3),
    ("extrem", 1.5),
    ("äusserst", 1.5),
    ("ziemlich", 1.1),
    ("eher", 0.8),
    ("etwas", 0.8),
)
# Frequent words the lexicon scores although in a sentence they carry no sentiment ("Ich wurde
# gut bezahlt", "bitte", "ich glaube", "passt so", "ein anderes Team").
_GERMAN_NEUTRAL = frozenset(
    [
        "bezahlen",
        "bitten",
        "glauben",
        "glaube",
        "passen",
        "anders",
        "verschieden",
        "bestimmt",
        "bleiben",
        "fertig",
        "kaufen",
        "erhalten",
        "geboren",
        "gesucht",
        "gefragt",
        "ziehen",
        "fest",
        "sorgen",
        "gesetzt",
        "geraten",
        "sucht",
    ]
)
# Inflection endings tried, longest first, when a word is not in the lexicon as written: the
# lexicon has base forms only ("gut", "unterstützen", "Problem"), messages have "gutes",
# "unterstützt", "Probleme". A stem counts only with the part of speech the ending belongs to.
_SUPERLATIVE_ENDINGS = ("esten", "ester", "estes", "este", "sten", "ste")
_ADJECTIVE_ENDINGS = (*_SUPERLATIVE_ENDINGS, "eren", "ere", "en", "em", "er", "es", "e")
_VERB_ENDINGS = ("test", "tet", "ten", "te", "est", "et", "st", "t", "e")
_NOUN_ENDINGS = ("en", "n", "e", "er", "s")
_MIN_STEM = 3


class _GermanLexicon(PatternSentiment):
    """The German Polarity Lexicon as Pattern loads it, keyed the way words are looked up.

    Keys are lower case, so that nouns ("Freude", "Problem") match too; where a noun and
    another word share a key ("Arm", "arm") the other word wins. Neutral entries (polarity 0,
    e.g. "Büro") would only pull averages towards zero, so they are left out.
    """

    def load(self, path: str | None = None) -> None:
        super().load(path)
        entries: dict[str, dict[str | None, list[float]]] = dict(dict.items(self))
        dict.clear(self)
        for word, senses in sorted(entries.items(), key=lambda item: item[0][:1].isupper()):
            key = _german_spelling(word.lower())
            neutral = all(p == 0 and i == 1 for p, _, i in senses.values())
            if not neutral and key not in _GERMAN_NEUTRAL:
                dict.setdefault(self, key, senses)
        for word, intensity in _GERMAN_INTENSIFIERS:
            sense = (0.0, 0.0, intensity)
            dict.__setitem__(self, word, {"RB": sense, None: sense})


class GermanSentiment:
    """German polarity from -1 to 1 with the Pattern engine and the German Polarity Lexicon."""

    def __init__(self) -> None:
        self._lexicon = _GermanLexicon(
            path=str(_package_data("textblob_de", "data", "de-sentiment.xml")),
            language="de",
            synset=None,
            negations=tuple(sorted(_GERMAN_NEGATIONS)),
            modifiers=("RB",),
            modifier=lambda word: word.endswith("lich"),
        )
        self._lexicon.load()
        self._tags: dict[str, frozenset[str]] = {
            word: frozenset(tag for tag in senses if tag) for word, senses in self._lexicon.items()
        }

    def score(self, text: str) -> float:
        words = [self._lexicon_form(w) for w in " ".join(find_tokens(text)).split()]
        found: list[Assessment] = []
        for clause in self._clauses(words):
            found.extend(self._assess(clause))
        return fmean(polarity for _, polarity, _, _ in found) if found else 0.0

    def _lexicon_form(self, token: str) -> str:
        """The lexicon's key for a word ("schlechten" → "schlecht"), else the word in lower case.

        German capitalises nouns, so a capitalised word is stemmed as a noun only ("Dichter"
        is not "dicht", "Bett" is not "beten") and any other word never as a noun.
        """
        word = _german_spelling(token).lower()
        if word in self._tags or word in _GERMAN_NEGATIONS or not word.isalpha():
            return word
        if token[:1].isupper():
            return self._stem(word, _NOUN_ENDINGS, "", ("NN",)) or word
        participle = word[2:] if word.startswith("ge") and len(word) > 5 else word
        return (
            self._stem(word, _ADJECTIVE_ENDINGS, "", ("JJ", "RB"))
            or self._stem(word, _VERB_ENDINGS, "en", ("VB",))
            or self._stem(participle, ("et", "t"), "en", ("VB",))
            or word
        )

    def _stem(
        self, word: str, endings: Iterable[str], suffix: str, tags: tuple[str, ...]
    ) -> str | None:
        for ending in endings:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= _MIN_STEM:
                candidate = stem + suffix
                if not self._tags.get(candidate, frozenset()).isdisjoint(tags):
                    return candidate
        return None

    @staticmethod
    def _clauses(words: list[str]) -> list[list[str]]:
        clauses: list[list[str]] = [[]]
        for word in words:
            if word in _GERMAN_CLAUSE_BREAKS:
                clauses.append([])
            else:
                clauses[-1].append(word)
        return [clause for clause in clauses if clause]

    def _assess(self, clause: list[str]) -> list[Assessment]:
        found: list[Assessment] = self._lexicon.assessments(((w, None) for w in clause), True)
        content = [word for word in clause if word != "!"]
        if not content or content[-1] not in _GERMAN_TRAILING_NEGATIONS:
            return found
        # As Pattern does for a preceding negation: "not good" is slightly bad (× -0.5).
        return [
            (chunk, polarity if _GERMAN_NEGATIONS.intersection(chunk) else polarity * -0.5, s, x)
            for chunk, polarity, s, x in found
        ]
