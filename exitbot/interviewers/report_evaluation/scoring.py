"""How well reports match the labelled interviews: per reason, per set, per figure.

The same scoring judges the scripted report (tests) and a model's report (``exitbot eval
--reports``): ``make_report`` turns a case into the report the product would store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

from exitbot.core.report import InterviewReport, Reason
from exitbot.interviewers.report_evaluation.cases import LANGUAGES, LabelledCase
from exitbot.interviewers.scripted.polarity import Polarity, polarity_of

MakeReport = Callable[[LabelledCase], Awaitable[InterviewReport]]


@dataclass(frozen=True, slots=True)
class Goals:
    """What a report must reach over the labelled set to be trusted."""

    primary_accuracy: float = 0.9
    reason_f1: float = 0.8
    enps_exactness: float = 1.0
    polarity_accuracy: float = 0.9


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One case and the report made for it (None, with ``error``, when making it failed)."""

    case: LabelledCase
    report: InterviewReport | None
    error: str | None = None

    @property
    def reasons(self) -> frozenset[Reason]:
        return frozenset(self.report.reasons) if self.report else frozenset()

    @property
    def primary(self) -> Reason | None:
        return self.report.reasons[0] if self.report and self.report.reasons else None

    @property
    def enps(self) -> int | None:
        return self.report.enps if self.report else None

    @property
    def polarity(self) -> Polarity | None:
        return polarity_of(self.report.sentiment) if self.report else None

    @property
    def primary_correct(self) -> bool:
        return self.primary is self.case.labels.primary

    @property
    def enps_correct(self) -> bool:
        return self.report is not None and self.enps == self.case.labels.enps

    @property
    def polarity_correct(self) -> bool:
        return self.polarity is self.case.labels.polarity

    @property
    def correct(self) -> bool:
        return (
            self.primary_correct
            and self.reasons == self.case.labels.reasons
            and self.enps_correct
            and self.polarity_correct
        )


@dataclass(frozen=True, slots=True)
class Counts:
    """Reason decisions over many cases: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else 1.0


def reason_counts(results: Iterable[CaseResult], reason: Reason | None = None) -> Counts:
    """Counts for one reason, or pooled over all of them (micro) when ``reason`` is None."""
    tp = fp = fn = 0
    for result in results:
        expected, reported = result.case.labels.reasons, result.reasons
        if reason is not None:
            expected, reported = expected & {reason}, reported & {reason}
        tp += len(expected & reported)
        fp += len(reported - expected)
        fn += len(expected - reported)
    return Counts(tp, fp, fn)


def _share(results: Sequence[CaseResult], correct: Callable[[CaseResult], bool]) -> float:
    return sum(map(correct, results)) / len(results) if results else 0.0


@dataclass(frozen=True, slots=True)
class ReportEvaluation:
    """The results over a labelled set, the figures and whether they reach ``goals``."""

    results: tuple[CaseResult, ...]
    goals: Goals = field(default_factory=Goals)

    @property
    def primary_accuracy(self) -> float:
        return _share(self.results, lambda r: r.primary_correct)

    @property
    def reason_f1(self) -> float:
        return reason_counts(self.results).f1 if self.results else 0.0

    @property
    def enps_exactness(self) -> float:
        return _share(self.results, lambda r: r.enps_correct)

    @property
    def polarity_accuracy(self) -> float:
        return _share(self.results, lambda r: r.polarity_correct)

    def per_reason(self) -> dict[Reason, Counts]:
        return {reason: reason_counts(self.results, reason) for reason in Reason}

    @property
    def meets_goals(self) -> bool:
        goals = self.goals
        return (
            self.primary_accuracy >= goals.primary_accuracy
            and self.reason_f1 >= goals.reason_f1
            and self.enps_exactness >= goals.enps_exactness
            and self.polarity_accuracy >= goals.polarity_accuracy
        )

    def table(self) -> str:
        """A plain-text table: per reason, the four measures against their goals, per
        language, then every case that missed a label and how."""
        return "\n".join(_render(self))


async def evaluate_reports(
    cases: Iterable[LabelledCase], make_report: MakeReport, goals: Goals | None = None
) -> ReportEvaluation:
    """Make a report for every case (one at a time) and score them all.

    A case whose report cannot be made counts as wrong on every measure, with its error kept
    for the table, so one failure does not hide the others' figures."""
    results = []
    for case in cases:
        try:
            results.append(CaseResult(case, await make_report(case)))
        except Exception as exc:  # a model run may fail in any way; the table says how
            results.append(CaseResult(case, None, f"{type(exc).__name__}: {exc}"))
    return ReportEvaluation(tuple(results), goals or Goals())


def _render(evaluation: ReportEvaluation) -> list[str]:
    results = evaluation.results
    languages = Counter(r.case.language for r in results)
    spread = ", ".join(f"{lang} {languages[lang]}" for lang in LANGUAGES if languages[lang])
    misses = [r for r in results if not r.correct]
    return [
        f"Report evaluation: {len(results)} labelled interviews ({spread})",
        "",
        *_columns(_reason_rows(evaluation)),
        "",
        *_columns(_measure_rows(evaluation)),
        f"goals met: {_yes(evaluation.meets_goals)}",
        "",
        *_columns(_language_rows(results)),
        "",
        f"cases with a miss: {len(misses)} of {len(results)}",
        *(f"  {_miss(r)}" for r in misses),
    ]


def _reason_rows(evaluation: ReportEvaluation) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [("reason", "labelled", "reported", "precision", "recall")]
    for reason, counts in evaluation.per_reason().items():
        if counts.tp + counts.fp + counts.fn:
            rows.append(_reason_row(reason.value, counts))
    rows.append(_reason_row("all (micro)", reason_counts(evaluation.results)))
    return rows


def _measure_rows(evaluation: ReportEvaluation) -> list[tuple[str, ...]]:
    goals = evaluation.goals
    measures = [
        ("primary reason accuracy", evaluation.primary_accuracy, goals.primary_accuracy),
        ("reason-set F1 (micro)", evaluation.reason_f1, goals.reason_f1),
        ("eNPS exact", evaluation.enps_exactness, goals.enps_exactness),
        ("polarity accuracy", evaluation.polarity_accuracy, goals.polarity_accuracy),
    ]
    rows: list[tuple[str, ...]] = [("measure", "value", "goal", "met")]
    rows += [
        (name, f"{value:.2f}", f">= {goal:.2f}", _yes(value >= goal))
        for name, value, goal in measures
    ]
    return rows


def _language_rows(results: Sequence[CaseResult]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [("language", "cases", "primary", "F1", "eNPS", "polarity")]
    for language in LANGUAGES:
        subset = [r for r in results if r.case.language == language]
        if subset:
            rows.append(
                (
                    language,
                    str(len(subset)),
                    f"{_share(subset, lambda r: r.primary_correct):.2f}",
                    f"{reason_counts(subset).f1:.2f}",
                    f"{_share(subset, lambda r: r.enps_correct):.2f}",
                    f"{_share(subset, lambda r: r.polarity_correct):.2f}",
                )
            )
    return rows


def _reason_row(name: str, counts: Counts) -> tuple[str, ...]:
    return (
        name,
        str(counts.tp + counts.fn),
        str(counts.tp + counts.fp),
        f"{counts.precision:.2f}",
        f"{counts.recall:.2f}",
    )


def _columns(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _yes(met: bool) -> str:
    return "yes" if met else "NO"


def _names(reasons: Iterable[Reason]) -> str:
    return ",".join(sorted(r.value for r in reasons)) or "-"


def _miss(result: CaseResult) -> str:
    if result.error is not None:
        return f"{result.case.id}: no report ({result.error})"
    labels = result.case.labels
    parts = []
    if not result.primary_correct:
        primary = result.primary.value if result.primary else "-"
        parts.append(f"primary {primary} (expected {labels.primary.value})")
    if result.reasons != labels.reasons:
        parts.append(f"reasons {_names(result.reasons)} (expected {_names(labels.reasons)})")
    if not result.enps_correct:
        parts.append(f"eNPS {result.enps} (expected {labels.enps})")
    if not result.polarity_correct and result.report is not None:
        parts.append(
            f"polarity {result.polarity} {result.report.sentiment:+.2f} "
            f"(expected {labels.polarity})"
        )
    return f"{result.case.id}: " + "; ".join(parts)
