"""Pseudonymisation of employee text before any model sees it (DESIGN 5 and 8a).

``exitbot.privacy.redaction`` already masks emails, phone numbers and mentions; this module
adds what a prompt needs on top: platform ids, and names turned into stable labels ("Person A")
so the model can still follow who is who across the conversation. Names are the ones the engine
knows (``InterviewContext.names_to_mask``) plus those the employee introduces with a role or
title ("my manager Sarah", "Dr. Okafor", "I am Dana"). A name mentioned bare, with no such cue,
is not detected."""

from __future__ import annotations

import re
from collections.abc import Iterable
from string import ascii_uppercase

from exitbot.privacy.redaction import URL, redact_personal_data

SLACK_ID = re.compile(r"\b[UWBT][A-Z0-9]{8,}\b")
TEAMS_ID = re.compile(r"\b(?:29|28|8:orgid|a):[\w:.-]{6,}")
GUID = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
)

_NAME = r"([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)"
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


class Pseudonymiser:
    """Masks one interview's texts consistently: the same name gets the same label every time."""

    def __init__(
        self,
        known_names: Iterable[str] = (),
        texts: Iterable[str] = (),
        *,
        learnt_names: Iterable[str] = (),
    ) -> None:
        self._labels: dict[str, str] = {}
        self._learnt: list[str] = []
        # Known names match in any case; names learnt from text only when capitalised, so a
        # manager called Will does not turn every "will" into a label.
        self._any_case: set[str] = set()
        for name in known_names:
            self._add(name, any_case=True)
        for name in learnt_names:
            self._add(name)
        for text in texts:
            self.learn(text)

    def learn(self, text: str) -> None:
        """Remember the names ``text`` introduces so they are masked from now on."""
        for cue in _NAME_CUES:
            for match in cue.finditer(text):
                name = _trim_name(match.group(1))
                if name:
                    self._add(name)
                    self._learnt.append(name)

    def mask(self, text: str) -> str:
        """``text`` with platform ids, links, emails, phones, mentions and names replaced."""
        text = GUID.sub("[id]", text)
        text = TEAMS_ID.sub("[id]", text)
        text = SLACK_ID.sub("[id]", text)
        text = URL.sub("[link]", text)
        text = redact_personal_data(text)
        for name, label in sorted(self._labels.items(), key=lambda kv: len(kv[0]), reverse=True):
            flags = re.IGNORECASE if name in self._any_case else 0
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", label, text, flags=flags)
        return text

    def restore(self, text: str) -> str:
        """``text`` (written by the model) with labels turned back into the names the employee
        used, so a question shown to the employee reads naturally."""
        for name, label in self._labels.items():
            text = re.sub(rf"\b{re.escape(label)}\b", name, text)
        return text

    @property
    def labels(self) -> dict[str, str]:
        return dict(self._labels)

    @property
    def learnt(self) -> tuple[str, ...]:
        """The names picked up from texts (not the known ones), in order of appearance."""
        return tuple(self._learnt)

    def _add(self, name: str, *, any_case: bool = False) -> None:
        name = name.strip()
        known = {n.lower() for n in self._labels}
        if len(name) < 2 or name.lower() in known:
            return
        label = _label(len(set(self._labels.values())))
        # "Sarah Lee" is also masked when written "Sarah" or "Lee".
        for variant in (name, *name.split()):
            if len(variant) >= 2 and variant.lower() not in known:
                self._labels[variant] = label
                known.add(variant.lower())
                if any_case:
                    self._any_case.add(variant)


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
