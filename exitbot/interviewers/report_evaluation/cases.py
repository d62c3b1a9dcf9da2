"""The labelled interviews reports are judged against, read from the packaged YAML file.

The file ships inside the package so that ``exitbot eval --reports`` finds it in an installed
copy as well as in the test suite.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from exitbot.core.plan import DEFAULT_PLAN
from exitbot.core.report import Reason
from exitbot.interviewers.scripted.polarity import Polarity

LANGUAGES = ("en", "de", "es", "fr")
DATA_FILE = "labelled_transcripts.yaml"


class CaseFileError(ValueError):
    """The labelled file does not hold what a case needs; the message names the case."""


@dataclass(frozen=True, slots=True)
class CaseLabels:
    """What a careful HR reader took from the interview."""

    primary: Reason
    reasons: frozenset[Reason]
    enps: int | None
    polarity: Polarity


@dataclass(frozen=True, slots=True)
class LabelledCase:
    """One interview: the employee's answers per topic key, in the order given (the first
    answers the topic's question, the next ones its follow-ups), and its labels."""

    id: str
    language: str
    kind: str
    answers: Mapping[str, tuple[str, ...]]
    labels: CaseLabels


def packaged_cases() -> tuple[LabelledCase, ...]:
    """The labelled set shipped with ExitBot."""
    source = resources.files(__package__ or __name__).joinpath(DATA_FILE)
    return parse_cases(source.read_text(encoding="utf-8"))


def load_cases(path: Path) -> tuple[LabelledCase, ...]:
    """A labelled set from a YAML file of the packaged file's shape."""
    return parse_cases(path.read_text(encoding="utf-8"))


def parse_cases(text: str) -> tuple[LabelledCase, ...]:
    entries = yaml.safe_load(text)
    if not isinstance(entries, list):
        raise CaseFileError("expected a list of labelled interviews")
    cases = tuple(_case(entry) for entry in entries)
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CaseFileError(f"{case.id}: the id appears twice")
        seen.add(case.id)
    return cases


def _case(entry: Any) -> LabelledCase:
    if not isinstance(entry, dict) or not entry.get("id"):
        raise CaseFileError(f"an entry without an id: {entry!r:.80}")
    case_id = str(entry["id"])
    try:
        language = str(entry["language"])
        if language not in LANGUAGES:
            raise CaseFileError(f"{case_id}: language {language!r} is not one of {LANGUAGES}")
        answers = {
            str(key): tuple(str(a) for a in (value if isinstance(value, list) else [value]))
            for key, value in dict(entry["answers"]).items()
        }
        known = {topic.key for topic in DEFAULT_PLAN.topics}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise CaseFileError(f"{case_id}: no topic {unknown[0]!r} in the default plan")
        raw = dict(entry["labels"])
        reasons = frozenset(Reason(r) for r in raw["reasons"])
        labels = CaseLabels(
            primary=Reason(raw["primary"]),
            reasons=reasons,
            enps=None if raw.get("enps") is None else int(raw["enps"]),
            polarity=Polarity(raw["polarity"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, CaseFileError):
            raise
        raise CaseFileError(f"{case_id}: {type(exc).__name__}: {exc}") from None
    if labels.primary not in labels.reasons:
        raise CaseFileError(f"{case_id}: the primary reason is not among the reasons")
    return LabelledCase(case_id, language, str(entry.get("kind", "")), answers, labels)
