"""The evaluation's arithmetic and its file: figures from known reports, the table, and a
labelled file that says what is wrong with it."""

from __future__ import annotations

import pytest

from exitbot.core.report import InterviewReport, Reason
from exitbot.interviewers.report_evaluation import (
    CaseFileError,
    LabelledCase,
    evaluate_reports,
    packaged_cases,
)
from exitbot.interviewers.report_evaluation.cases import parse_cases

CASES = """
- id: pay
  language: en
  answers: {reason_for_leaving: "The pay."}
  labels:
    {primary: compensation, reasons: [compensation, career_growth], enps: 6, polarity: negative}
- id: move
  language: de
  answers: {reason_for_leaving: "Umzug."}
  labels: {primary: relocation, reasons: [relocation], enps: null, polarity: positive}
"""

REPORTS = {
    # right primary, one of two reasons, right rating, right tone
    "pay": InterviewReport(summary="s", reasons=[Reason.COMPENSATION], sentiment=-0.5, enps=6),
    # wrong primary, an extra reason, a rating where none was given, mixed tone
    "move": InterviewReport(
        summary="s", reasons=[Reason.PERSONAL, Reason.RELOCATION], sentiment=0.1, enps=3
    ),
}


async def made(case: LabelledCase) -> InterviewReport:
    return REPORTS[case.id]


async def test_figures_from_known_reports() -> None:
    evaluation = await evaluate_reports(parse_cases(CASES), made)
    assert evaluation.primary_accuracy == 0.5
    assert evaluation.enps_exactness == 0.5
    assert evaluation.polarity_accuracy == 0.5
    # tp 2 (compensation, relocation), fp 1 (personal), fn 1 (career growth)
    assert evaluation.reason_f1 == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))
    counts = evaluation.per_reason()
    assert (counts[Reason.CAREER_GROWTH].recall, counts[Reason.PERSONAL].precision) == (0, 0)
    assert not evaluation.meets_goals
    table = evaluation.table()
    assert "primary reason accuracy   0.50  >= 0.90   NO" in table
    assert "move: primary personal (expected relocation)" in table
    assert "eNPS 3 (expected None)" in table and "polarity mixed +0.10" in table


async def test_a_report_that_cannot_be_made_counts_as_wrong() -> None:
    async def failing(case: LabelledCase) -> InterviewReport:
        if case.id == "move":
            raise TimeoutError("the model did not answer")
        return REPORTS[case.id]

    evaluation = await evaluate_reports(parse_cases(CASES), failing)
    assert evaluation.primary_accuracy == 0.5
    assert "move: no report (TimeoutError: the model did not answer)" in evaluation.table()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{}", "a list"),
        ("- {language: en}", "without an id"),
        (CASES.replace("language: de", "language: it"), "move: language 'it'"),
        (CASES.replace('{reason_for_leaving: "Umzug."}', "{reasons: x}"), "no topic 'reasons'"),
        (CASES.replace("primary: relocation", "primary: personal"), "not among the reasons"),
        (CASES.replace("polarity: positive", "polarity: great"), "move: ValueError"),
        (CASES + CASES[CASES.index("- id: move") :], "move: the id appears twice"),
    ],
)
def test_a_bad_labelled_file_says_which_case_and_why(text: str, problem: str) -> None:
    with pytest.raises(CaseFileError, match=problem):
        parse_cases(text)


def test_the_packaged_set_loads_with_follow_up_answers() -> None:
    cases = {case.id: case for case in packaged_cases()}
    assert cases["en-09-short-family"].answers["reason_for_leaving"] == (
        "family reasons",
        "My mother is ill and I need to be closer to her.",
    )
