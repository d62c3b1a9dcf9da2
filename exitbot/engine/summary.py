"""The "here is what I'll record" summary: numbered parts the employee may leave out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exitbot.core.report import InterviewReport

LEFT_OUT = "(left out at the employee's request)"


@dataclass(frozen=True, slots=True)
class SummaryPart:
    text: str
    without: Callable[[InterviewReport], InterviewReport]


def summary_parts(report: InterviewReport) -> list[SummaryPart]:
    """The parts shown to the employee, in display order, each with how to remove it."""
    parts: list[SummaryPart] = []
    if report.summary != LEFT_OUT:
        parts.append(
            SummaryPart(
                f"Summary: {report.summary}", lambda r: r.model_copy(update={"summary": LEFT_OUT})
            )
        )
    if report.reasons:
        reasons = ", ".join(r.value.replace("_", " ") for r in report.reasons)
        parts.append(
            SummaryPart(f"Main reasons: {reasons}", lambda r: r.model_copy(update={"reasons": []}))
        )
    if report.themes:
        parts.append(
            SummaryPart(
                "Themes: " + "; ".join(report.themes), lambda r: r.model_copy(update={"themes": []})
            )
        )
    for index, quote in enumerate(report.notable_quotes):
        parts.append(SummaryPart(f'Quote: "{quote}"', _without_quote(index)))
    if report.recommendations:
        parts.append(
            SummaryPart(
                "Suggestions: " + " ".join(report.recommendations),
                lambda r: r.model_copy(update={"recommendations": []}),
            )
        )
    return parts


def _without_quote(index: int) -> Callable[[InterviewReport], InterviewReport]:
    def remove(report: InterviewReport) -> InterviewReport:
        quotes = [q for i, q in enumerate(report.notable_quotes) if i != index]
        return report.model_copy(update={"notable_quotes": quotes})

    return remove


def render_summary(report: InterviewReport, prompt: str) -> str:
    lines = ["Here is what I'll record:"]
    lines.extend(f"{n}. {part.text}" for n, part in enumerate(summary_parts(report), start=1))
    if report.enps is not None:
        lines.append(f"Your 0-10 rating: {report.enps}.")
    lines.extend(["", prompt])
    return "\n".join(lines)
