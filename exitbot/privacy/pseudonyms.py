"""Pseudonymisation of employee text before any model sees it (DESIGN 5 and 8a).

Everything ``exitbot.privacy.personal_data`` finds is masked, links included, and names become
stable labels ("Person A") so the model can still follow who is who across the conversation.
Names are those the interview knows (``InterviewContext.names_to_mask``) plus those its texts
introduce with a role or title ("my manager Sarah", "Dr. Okafor", "I am Dana"). A name
mentioned bare, with no such cue in this interview, is not detected. A pseudonymiser serves
one interview: nothing it learns is carried to another employee's texts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from string import ascii_uppercase

from exitbot.privacy.personal_data import Kind, Names, Span, name_key, name_variants
from exitbot.privacy.redaction import PERSONAL_DATA, label_for, mask

PROMPT_DATA = PERSONAL_DATA | {Kind.LINK}

_CAPITALISED = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+"
_NAME = rf"({_CAPITALISED}(?:\s+{_CAPITALISED})?)"
_FULL_NAME = re.compile(rf"\b{_CAPITALISED}(?:[ \t]+{_CAPITALISED})+")
_ROLE = (
    r"(?:manager|boss|supervisor|team lead|tech lead|lead|director|head of \w+|ceo|cto|cfo|coo|"
    r"vp|colleague|co-?worker|teammate|mentor|hr partner|hr|recruiter|founder|skip[- ]level)"
)
_NAME_CUES = (
    re.compile(rf"\b{_ROLE}\b[,:]?\s+(?:(?:was|is|named|called)\s+)?{_NAME}", re.IGNORECASE),
    re.compile(rf"\b(?:named|called)\s+{_NAME}"),
    re.compile(rf"\b(?i:my name is|i am|i'm|this is)\s+{_NAME}"),
    re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+{_NAME}"),
)
# Capitalised words a cue may be followed by that are not names.
_NOT_NAME_WORDS = (
    "i i'm i've he she they we it this that there the a an and but or so was is were had has "
    "my our his her their who which when what why how not never always also just really "
    "very then because if although though did didn't does doesn't would could should will "
    "can yes no ok okay well honestly overall"
)
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
# Capitalised sentence openers that do not start a full name, in the interview languages
# ("Mein Chef", "The Team").
_OTHER_OPENERS = (
    "mein meine der die das ein eine ich wir er sie es und aber mi mis el la los las un una yo "
    "pero mon ma mes le les une je et mais"
)
_NOT_FULL_NAME_STARTS = _NOT_NAMES | frozenset(_OTHER_OPENERS.split())


class Pseudonymiser:
    """Masks one interview's texts consistently: the same name gets the same label every time."""

    def __init__(self, known_names: Iterable[str] = (), texts: Iterable[str] = ()) -> None:
        self._labels: dict[str, str] = {}  # each way a name is written -> its label
        self._any_case: set[str] = set()
        self._names: Names | None = None
        # Known names match in the case ``name_variants`` gives them; names learnt from text
        # only capitalised, so a manager called Grace does not turn every "grace" into a label.
        for name in known_names:
            self._add(name, known=True)
        for text in texts:
            self.learn(text)

    def learn(self, text: str) -> None:
        """Remember the names ``text`` introduces so they are masked from now on."""
        for cue in _NAME_CUES:
            for match in cue.finditer(text):
                name = _trim_name(match.group(1))
                if name:
                    self._add(name, known=False)

    def learn_full_names(self, text: str) -> None:
        """Also remember every run of two or more capitalised words ("Priya Raman") as a name.

        For a text masked without its interview (the misconduct check of one answer): the
        earlier answer that introduced a name is not at hand, and a full name is the most
        identifying way to write one. Only here, since it also takes "New York" for a name."""
        for match in _FULL_NAME.finditer(text):
            words = match.group(0).split()
            while words and words[0].lower().strip("'’") in _NOT_FULL_NAME_STARTS:
                words.pop(0)
            if len(words) >= 2:
                self._add(" ".join(words), known=False)

    def mask(self, text: str) -> str:
        """``text`` with platform ids, links, emails, phones, mentions and names replaced."""
        if self._names is None:
            self._names = Names(self._any_case, set(self._labels) - self._any_case)
        return mask(text, PROMPT_DATA, self._names, label=self._label)

    def restore(self, text: str) -> str:
        """``text`` (written by the model) with labels turned back into the names the employee
        used, so a question shown to the employee reads naturally."""
        for name, label in self._labels.items():
            text = re.sub(rf"\b{re.escape(label)}\b", name, text)
        return text

    @property
    def labels(self) -> dict[str, str]:
        return dict(self._labels)

    def _label(self, span: Span) -> str:
        if span.kind is not Kind.NAME:
            return label_for(span)
        if span.text in self._labels:
            return self._labels[span.text]
        wanted = name_key(span.text)
        return next(
            (label for name, label in self._labels.items() if name_key(name) == wanted),
            label_for(span),
        )

    def _add(self, name: str, *, known: bool) -> None:
        variants = name_variants(name)
        taken = {name_key(n) for n in self._labels}
        if not variants or name_key(variants[0][0]) in taken:
            return
        label = _label(len(set(self._labels.values())))
        # "Sarah Lee" is also masked when written "Sarah" or "Lee".
        for variant, any_case in variants:
            if name_key(variant) not in taken:
                self._labels[variant] = label
                taken.add(name_key(variant))
                if known and any_case:
                    self._any_case.add(variant)
        self._names = None


def _trim_name(candidate: str) -> str:
    words = []
    for word in candidate.split():
        if word.lower().strip("'’") in _NOT_NAMES or not word[0].isupper():
            break
        words.append(word)
    return " ".join(words)


def _label(index: int) -> str:
    letters = ascii_uppercase[index % 26] + (str(index // 26) if index >= 26 else "")
    return f"Person {letters}"
