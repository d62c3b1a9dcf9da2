"""The recogniser over the labelled replies in utterances.yaml: accuracy per language and per
intent (printed with every miss), and the safety rule that no ordinary answer becomes a skip,
a stop or a deletion."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from exitbot.engine.understanding import Intent, PartKind, Step, Understanding, understand

UTTERANCES = Path(__file__).with_name("utterances.yaml")
ANSWER = "answer"  # intent None: an answer at Step.ANSWER, a reply not understood elsewhere
AMBIGUOUS = "ambiguous"  # intent None, flagged ambiguous
MIN_ACCURACY = 0.97
LANGUAGES = ("en", "de", "es", "fr")


@dataclass(frozen=True, slots=True)
class Utterance:
    text: str
    step: Step
    intent: str  # an Intent value, ANSWER or AMBIGUOUS
    language: str
    numbers: tuple[int, ...] = ()  # for a removal: the numbers it names
    parts: frozenset[PartKind] = frozenset()  # for a removal: the parts it names


@dataclass(frozen=True, slots=True)
class Outcome:
    utterance: Utterance
    understood: Understanding

    @property
    def label(self) -> str:
        if self.understood.ambiguous:
            return AMBIGUOUS
        return self.understood.intent.value if self.understood.intent else ANSWER

    @property
    def correct(self) -> bool:
        if self.label != self.utterance.intent:
            return False
        if self.understood.intent is not Intent.REMOVE:
            return True
        removal = self.understood.removal
        return removal is not None and (removal.numbers, removal.parts) == (
            self.utterance.numbers,
            self.utterance.parts,
        )


def load() -> list[Utterance]:
    entries = yaml.safe_load(UTTERANCES.read_text(encoding="utf-8"))
    return [
        Utterance(
            text=str(e["text"]),
            step=Step(e["step"]),
            intent=str(e["intent"]),
            language=str(e["language"]),
            numbers=tuple(e.get("numbers", ())),
            parts=frozenset(PartKind(p) for p in e.get("parts", ())),
        )
        for e in entries
    ]


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return [Outcome(u, understand(u.text, u.step)) for u in load()]


def test_the_set_covers_what_it_should() -> None:
    utterances = load()
    assert len(utterances) >= 260
    per_language = Counter(u.language for u in utterances)
    assert set(per_language) == set(LANGUAGES)
    assert all(per_language[language] >= 40 for language in ("de", "es", "fr"))
    labels = {intent.value for intent in Intent} | {ANSWER, AMBIGUOUS}
    assert {u.intent for u in utterances} == labels
    ordinary = [u for u in utterances if u.step is Step.ANSWER and u.intent == ANSWER]
    assert len(ordinary) >= 60
    assert {u.language for u in ordinary} == set(LANGUAGES)
    expected = {
        Step.CONSENT: {"yes", "anonymous", "no", "pause", "help", "stop", "delete", "show_data"},
        Step.ANSWER: {"skip", "pause", "stop", "delete", "help", "show_data", "resume"},
        Step.SUMMARY: {"yes", "remove", "no", "delete"},
        Step.ERASE: {"yes", "no", ANSWER},
        Step.OTHER: {"yes", "anonymous", "no", "pause", "resume", "help", "stop", "delete"},
    }
    for step, intents in expected.items():
        assert intents <= {u.intent for u in utterances if u.step is step}, step
    texts = [(u.text, u.step, u.language) for u in utterances]
    assert len(texts) == len(set(texts)), "an utterance is listed twice"


def test_accuracy(outcomes: list[Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + report(outcomes))
    correct = sum(o.correct for o in outcomes)
    assert correct / len(outcomes) >= MIN_ACCURACY


def test_no_answer_becomes_a_skip_a_stop_or_a_deletion(outcomes: list[Outcome]) -> None:
    destructive = {Intent.DELETE, Intent.STOP, Intent.SKIP}
    wrong = [
        o
        for o in outcomes
        if o.utterance.step is Step.ANSWER
        and o.utterance.intent == ANSWER
        and o.understood.intent in destructive
    ]
    assert not wrong, [(o.utterance.text, o.label) for o in wrong]


def test_a_miss_is_never_a_wrong_intent(outcomes: list[Outcome]) -> None:
    """When the recogniser is wrong it does not understand (and the engine asks again, or an
    LLM); it never acts on a reply meant as something else."""
    wrong = [
        (o.utterance.text, o.utterance.intent, o.label)
        for o in outcomes
        if not o.correct
        and o.understood.intent is not None
        and o.understood.intent.value != o.utterance.intent
    ]
    assert not wrong


def test_no_unclear_erasure_reply_erases(outcomes: list[Outcome]) -> None:
    wrong = [
        o
        for o in outcomes
        if o.utterance.step is Step.ERASE
        and o.utterance.intent != "yes"
        and o.understood.intent is Intent.YES
    ]
    assert not wrong, [o.utterance.text for o in wrong]


def test_a_named_language_is_the_one_written(outcomes: list[Outcome]) -> None:
    wrong = [
        (o.utterance.text, o.utterance.language, o.understood.language)
        for o in outcomes
        if o.understood.language not in (None, o.utterance.language)
    ]
    assert not wrong


def report(outcomes: Sequence[Outcome]) -> str:
    correct = sum(o.correct for o in outcomes)
    lines = [
        f"Recogniser evaluation: {len(outcomes)} utterances, {correct} correct "
        f"({100 * correct / len(outcomes):.1f}%)",
        "",
        *_table("language", outcomes, lambda o: o.utterance.language),
        "",
        *_table("intent", outcomes, lambda o: o.utterance.intent),
        "",
        *_table("step", outcomes, lambda o: o.utterance.step.value),
    ]
    misses = [o for o in outcomes if not o.correct]
    lines.extend(["", f"Misses ({len(misses)}):"])
    for o in misses:
        u = o.utterance
        got = o.label
        if o.understood.removal is not None:
            got += f" {o.understood.removal}"
        lines.append(f"  [{u.step.value}/{u.language}] {u.text!r}: expected {u.intent}, got {got}")
    return "\n".join(lines)


def _table(title: str, outcomes: Iterable[Outcome], key: Callable[[Outcome], str]) -> list[str]:
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for o in outcomes:
        totals[key(o)] += 1
        right[key(o)] += o.correct
    lines = [f"{title:<12}{'n':>6}{'correct':>9}{'%':>8}"]
    for name in sorted(totals, key=lambda n: (-totals[n], n)):
        share = 100 * right[name] / totals[name]
        lines.append(f"{name:<12}{totals[name]:>6}{right[name]:>9}{share:>8.1f}")
    return lines
