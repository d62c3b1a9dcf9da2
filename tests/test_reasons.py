"""One keyword table for the reason taxonomy, read by HR questions and by scripted reports."""

from __future__ import annotations

import pytest

from exitbot.core.reasons import TERMS, reasons_in
from exitbot.core.report import Reason
from exitbot.hr.ask import match_reasons
from exitbot.interviewers.scripted.report import classify_reasons


def test_every_reason_but_other_has_words_in_every_language() -> None:
    for table in TERMS.values():
        assert set(table) == set(Reason) - {Reason.OTHER}
        assert all(terms.names for terms in table.values())


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        ("the salaries and bonuses were low", (Reason.COMPENSATION,)),  # plurals
        ("I am relocating, my bosses knew", (Reason.RELOCATION, Reason.MANAGEMENT)),  # stems
        ("career_growth then workload", (Reason.CAREER_GROWTH, Reason.WORKLOAD)),
        ("burned   out", (Reason.WORKLOAD,)),  # any space inside a term
        ("repayment schedule, unfit furniture", ()),  # a term starts a word and ends one
        ("great benefits", (Reason.COMPENSATION,)),  # not role fit
    ],
)
def test_terms_match_at_word_starts_whole_or_as_stems(text, reasons) -> None:
    assert reasons_in(text, with_cues=False) == reasons


def test_cues_count_in_answers_but_not_in_questions() -> None:
    assert match_reasons("why did the platform team leave over the long hours?") == ()
    assert classify_reasons("The team was lovely but the hours were long.") == [
        Reason.CULTURE,
        Reason.WORKLOAD,
    ]


def test_scripted_reports_keep_the_first_three_reasons_in_order() -> None:
    answer = (
        "I'm moving to another city for my family, and the pay was low, my manager absent, "
        "and the strategy unclear."
    )
    assert classify_reasons(answer) == [Reason.RELOCATION, Reason.PERSONAL, Reason.COMPENSATION]
