"""The "here is what I'll record" summary: numbered parts the employee may leave out, by
number ("remove 2") or by name ("remove the quotes")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exitbot.core.report import InterviewReport
from exitbot.engine.texts import Texts
from exitbot.engine.understanding import PartKind, Removal

LEFT_OUT = "(left out at the employee's request)"


@dataclass(frozen=True, slots=True)
class SummaryPart:
    kind: PartKind
    text: str
    without: Callable[[InterviewReport], InterviewReport]


def summary_parts(report: InterviewReport, texts: Texts) -> list[SummaryPart]:
    """The parts shown to the employee, in display order, each with how to remove it."""
    parts: list[SummaryPart] = []
    if report.summary != LEFT_OUT:
        parts.append(
            SummaryPart(
                PartKind.SUMMARY,
                texts.summary_part("summary", report.summary),
                lambda r: r.model_copy(update={"summary": LEFT_OUT}),
            )
        )
    if report.reasons:
        reasons = ", ".join(texts.reason(r.value) for r in report.reasons)
        parts.append(
            SummaryPart(
                PartKind.REASONS,
                texts.summary_part("reasons", reasons),
                lambda r: r.model_copy(update={"reasons": []}),
            )
        )
    if report.themes:
        parts.append(
            SummaryPart(
                PartKind.THEMES,
                texts.summary_part("themes", "; ".join(report.themes)),
                lambda r: r.model_copy(update={"themes": []}),
            )
        )
    for index, quote in enumerate(report.notable_quotes):
        parts.append(
            SummaryPart(PartKind.QUOTES, texts.summary_part("quote", quote), _without_quote(index))
        )
    if report.recommendations:
        parts.append(
            SummaryPart(
                PartKind.SUGGESTIONS,
                texts.summary_part("suggestions", " ".join(report.recommendations)),
                lambda r: r.model_copy(update={"recommendations": []}),
            )
        )
    return parts


def apply_removal(
    report: InterviewReport, removal: Removal, texts: Texts
) -> tuple[InterviewReport, bool]:
    """The report without what ``removal`` names, and whether every number named a part."""
    parts = summary_parts(report, texts)
    chosen = [parts[n - 1] for n in sorted(set(removal.numbers)) if 1 <= n <= len(parts)]
    valid = len(chosen) == len(set(removal.numbers))
    chosen.extend(p for p in parts if p.kind in removal.parts and p not in chosen)
    # Remove later quotes first: a quote's removal is by position.
    for part in sorted(chosen, key=parts.index, reverse=True):
        report = part.without(report)
    if PartKind.RATING in removal.parts:
        report = report.model_copy(update={"enps": None, "would_return": None})
    return report, valid


def _without_quote(index: int) -> Callable[[InterviewReport], InterviewReport]:
    def remove(report: InterviewReport) -> InterviewReport:
        quotes = [q for i, q in enumerate(report.notable_quotes) if i != index]
        return report.model_copy(update={"notable_quotes": quotes})

    return remove


def render_summary(report: InterviewReport, texts: Texts) -> str:
    lines = [texts.summary_heading]
    lines.extend(
        f"{n}. {part.text}" for n, part in enumerate(summary_parts(report, texts), start=1)
    )
    if report.enps is not None:
        lines.append(texts.summary_rating(report.enps))
    if report.would_return is not None:
        lines.append(texts.summary_would_return(report.would_return))
    lines.extend(["", texts.summary_prompt])
    return "\n".join(lines)
