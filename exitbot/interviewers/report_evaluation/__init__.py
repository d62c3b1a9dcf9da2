"""Judging interview reports against labelled interviews (tests/reports, ``exitbot eval
--reports``): the labelled set (``cases``), the scores (``scoring``) and a run of one case
through the engine (``runs``)."""

from exitbot.interviewers.report_evaluation.cases import (
    CaseFileError,
    CaseLabels,
    LabelledCase,
    load_cases,
    packaged_cases,
)
from exitbot.interviewers.report_evaluation.runs import CaseRunError, report_maker, run_case
from exitbot.interviewers.report_evaluation.scoring import (
    CaseResult,
    Counts,
    Goals,
    MakeReport,
    ReportEvaluation,
    evaluate_reports,
)

__all__ = [
    "CaseFileError",
    "CaseLabels",
    "CaseResult",
    "CaseRunError",
    "Counts",
    "Goals",
    "LabelledCase",
    "MakeReport",
    "ReportEvaluation",
    "evaluate_reports",
    "load_cases",
    "packaged_cases",
    "report_maker",
    "run_case",
]
