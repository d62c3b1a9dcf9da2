"""A model's report held to the employee's answers: each rule on its own, then through the
chain against the fake Groq server, then a whole interview whose stored report is read back."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import pytest
import structlog
from structlog.testing import capture_logs

from exitbot.core.plan import DEFAULT_PLAN
from exitbot.core.report import Reason, ReportSource
from exitbot.interviewers.llm.grounding import EmployeeAnswers, GroundedReport, ground_report
from exitbot.interviewers.llm.prompts import ReportDraft, report_prompt
from exitbot.store.hr_queries import stored_interview
from exitbot.store.outcomes import interview_outcome
from tests.conftest import BotFactory
from tests.fakes.groq_server import FakeGroqServer
from tests.fakes.llm_behaviours import ChatPrompt, FakeModel, Reply
from tests.llm.conftest import LayerFactory
from tests.llm.contexts import context
from tests.support import GOOD_ANSWERS, employee, say

SCALE = next(t.key for t in DEFAULT_PLAN.topics if t.kind == "scale")
PAY = "The pay was well below market and there was no path to promotion."


def draft(**fields: Any) -> ReportDraft:
    values: dict[str, Any] = {"summary": "They left for better pay.", "sentiment": -0.3}
    values.update(fields)
    return ReportDraft.model_validate(values)


def grounded(answers: list[tuple[str, str]], names: tuple[str, ...] = (), **fields: Any):
    ctx = context(answers=answers, names=names)
    result = ground_report(
        draft(**fields), EmployeeAnswers.of(ctx, report_prompt(ctx).pseudonymiser)
    )
    assert result.report is not None
    return result.report, result.grounding


# --- eNPS and would_return ---------------------------------------------------------------


def test_the_employees_rating_replaces_the_models() -> None:
    report, grounding = grounded(
        [("reason_for_leaving", PAY), (SCALE, "Hmm, I'd say an 8. I would not come back.")],
        enps=6,
        would_return=True,
    )
    assert (report.enps, report.would_return) == (8, False)
    assert grounding.enps_replaced and grounding.would_return_replaced


def test_a_later_clear_rating_wins_and_a_matching_one_is_not_replaced() -> None:
    report, grounding = grounded([(SCALE, "7 or 8"), (SCALE, "ok, 8 then")], enps=8)
    assert report.enps == 8
    assert not grounding.enps_replaced


def test_no_rating_from_the_employee_means_none_at_all() -> None:
    report, grounding = grounded(
        [("reason_for_leaving", PAY), (SCALE, "I'd rather not give a number.")],
        enps=9,
        would_return=True,
    )
    assert (report.enps, report.would_return) == (None, None)
    assert grounding.enps_replaced and grounding.would_return_replaced


def test_an_unreadable_model_figure_does_not_void_the_report() -> None:
    report, _ = grounded([(SCALE, "eight out of ten")], enps="about six", would_return="maybe")
    assert (report.enps, report.would_return) == (8, None)


def test_a_summary_sentence_with_another_rating_goes() -> None:
    report, grounding = grounded(
        [(SCALE, "8, and yes I would come back")],
        summary="They left for pay. They rated the company 6 out of 10. They were kind.",
    )
    assert report.summary == "They left for pay. They were kind."
    assert grounding.summary_sentences_dropped == 1
    kept, _ = grounded([(SCALE, "8")], summary="They rated us 8/10.")
    assert kept.summary == "They rated us 8/10."


# --- reasons -------------------------------------------------------------------------------


def test_a_reason_outside_the_taxonomy_is_dropped() -> None:
    report, grounding = grounded(
        [("reason_for_leaving", PAY)], reasons=["compensation", "vibes", "Career Growth"]
    )
    assert report.reasons == [Reason.COMPENSATION, Reason.CAREER_GROWTH]
    assert grounding.reasons_dropped == 1


def test_a_reason_no_answer_points_to_is_dropped() -> None:
    report, grounding = grounded(
        [("reason_for_leaving", PAY)], reasons=["relocation", "compensation", "personal"]
    )
    assert report.reasons == [Reason.COMPENSATION]
    assert grounding.reasons_dropped == 2


def test_support_counts_in_the_interviews_languages() -> None:
    answers = [("reason_for_leaving", "Das Gehalt war zu niedrig und mein Chef hat nie zugehört.")]
    report, _ = grounded(answers, reasons=["compensation", "management", "workload"])
    assert report.reasons == [Reason.COMPENSATION, Reason.MANAGEMENT]


def test_the_reasons_own_name_in_an_answer_supports_it() -> None:
    report, _ = grounded(
        [("anything_else", "Honestly the company direction lost me.")],
        reasons=["company_direction"],
    )
    assert report.reasons == [Reason.COMPANY_DIRECTION]


def test_other_stays_only_when_the_model_said_it_and_nothing_else_is_left() -> None:
    alone, _ = grounded([("reason_for_leaving", "It was just time.")], reasons=["other", "culture"])
    assert alone.reasons == [Reason.OTHER]
    beside, grounding = grounded([("reason_for_leaving", PAY)], reasons=["other", "compensation"])
    assert beside.reasons == [Reason.COMPENSATION] and grounding.reasons_dropped == 1
    unsaid, _ = grounded([("reason_for_leaving", "It was just time.")], reasons=["culture"])
    assert unsaid.reasons == []


# --- quotes --------------------------------------------------------------------------------


def test_a_quote_must_be_the_employees_own_words() -> None:
    report, grounding = grounded(
        [("reason_for_leaving", PAY)],
        notable_quotes=[
            "there was no path to promotion",
            "The salary was far below market",  # reworded
            "I hated every minute",  # invented
        ],
    )
    assert report.notable_quotes == ["there was no path to promotion"]
    assert grounding.quotes_dropped == 2


def test_case_spacing_and_edge_punctuation_may_differ_and_the_stored_words_are_theirs() -> None:
    report, grounding = grounded(
        [("reason_for_leaving", PAY)],
        notable_quotes=['"...THE PAY was well   below market…"', "  no path to promotion.  "],
    )
    assert report.notable_quotes == [
        "The pay was well below market",
        "no path to promotion",
    ]
    assert grounding.quotes_dropped == 0


def test_nothing_else_may_differ() -> None:
    report, grounding = grounded(
        [("reason_for_leaving", PAY), ("manager", "My manager was kind but rarely had time.")],
        notable_quotes=[
            "The pay was well below market ... rarely had time",  # two places joined
            "he pay was well",  # a cut word
            "The pay wasn't well below market",  # a word changed
            "What made you decide to leave?",  # the interviewer's words
        ],
    )
    assert report.notable_quotes == []
    assert grounding.quotes_dropped == 4


def test_quotes_keep_masks_and_pseudonyms_and_never_carry_the_data_itself() -> None:
    answer = "My manager Priya never listened. Reach me at dana.smith@corp.test, said Dana Smith."
    report, grounding = grounded(
        [("manager", answer)],
        names=("Dana Smith",),
        notable_quotes=[
            "My manager Person B never listened",  # as the model saw it
            "Reach me at [email], said [name]",  # as HR sees it
            "Reach me at dana.smith@corp.test",  # the address itself: never seen by the model
            "My manager Priya never listened",
        ],
    )
    assert report.notable_quotes == [
        "My manager Person B never listened",
        "Reach me at [email], said [name]",
    ]
    assert grounding.quotes_dropped == 2


def test_a_quote_repeated_counts_once() -> None:
    report, grounding = grounded(
        [("reason_for_leaving", PAY)],
        notable_quotes=["no path to promotion", "No path to promotion!"],
    )
    assert report.notable_quotes == ["no path to promotion"] and grounding.quotes_dropped == 1


# --- themes and sentiment ------------------------------------------------------------------


def test_themes_are_short_specific_and_distinct() -> None:
    report, grounding = grounded(
        [("reason_for_leaving", PAY)],
        themes=[
            "pay below market",
            "Pay below market.",
            "positive about the team",
            "Mixed feelings regarding management",
            "general feedback",
            "a theme that goes on and on for far more than eight words",
            "x" * 61,
            "no promotion path",
        ],
    )
    assert report.themes == ["pay below market", "no promotion path"]
    assert grounding.themes_dropped == 6


def test_sentiment_is_clamped() -> None:
    high, grounding = grounded([("reason_for_leaving", PAY)], sentiment=3.5)
    low, _ = grounded([("reason_for_leaving", PAY)], sentiment=-7)
    assert (high.sentiment, low.sentiment) == (1.0, -1.0)
    assert grounding.sentiment_clamped


def test_nothing_left_without_a_summary() -> None:
    ctx = context(answers=[(SCALE, "8")])
    answers = EmployeeAnswers.of(ctx, report_prompt(ctx).pseudonymiser)
    result = ground_report(draft(summary="They rated us 3/10."), answers)
    assert result == GroundedReport(None, result.grounding)
    assert result.grounding.summary_sentences_dropped == 1


# --- through the chain ---------------------------------------------------------------------


@contextmanager
def info_logs() -> Iterator[list[MutableMapping[str, Any]]]:
    """Every event logged at INFO or above, whatever level an earlier test configured."""
    previous = structlog.get_config()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
    try:
        with capture_logs() as logs:
            yield logs
    finally:
        structlog.configure(**previous)


MODEL_REPORT = {
    "summary": "They left over pay and a missing promotion path. They rated the company 6/10.",
    "reasons": ["compensation", "relocation", "astrology"],
    "themes": ["pay below market", "positive about the team"],
    "sentiment": -0.4,
    "enps": 6,
    "would_return": True,
    "recommendations": ["Review pay bands."],
    "notable_quotes": ["The pay was well below market", "I was paid peanuts for years"],
}


async def test_the_chain_grounds_the_report_and_logs_counts_only(
    make_layer: LayerFactory, groq_server: FakeGroqServer
) -> None:
    layer = make_layer(providers="groq")
    groq_server.script(Reply(json.dumps(MODEL_REPORT)))
    ctx = context(
        answers=[("reason_for_leaving", PAY), (SCALE, "An 8, but I would not come back.")]
    )
    with info_logs() as logs:
        generated = await layer.interviewer.write_report(ctx)
    assert generated.source is ReportSource.LLM
    report = generated.report
    assert (report.enps, report.would_return) == (8, False)
    assert report.reasons == [Reason.COMPENSATION]
    assert report.notable_quotes == ["The pay was well below market"]
    assert report.themes == ["pay below market"]
    assert report.summary == "They left over pay and a missing promotion path."
    [line] = [entry for entry in logs if entry["event"] == "llm_report_grounded"]
    assert line["reasons_dropped"] == 2 and line["quotes_dropped"] == 1
    assert line["enps_replaced"] is True and line["themes_dropped"] == 1
    assert "peanuts" not in json.dumps(logs, default=str)


async def test_a_report_with_nothing_grounded_left_is_written_by_the_script(
    make_layer: LayerFactory, groq_server: FakeGroqServer
) -> None:
    layer = make_layer(providers="groq")
    groq_server.fallback = Reply(json.dumps({**MODEL_REPORT, "summary": "They rated us 2/10."}))
    ctx = context(answers=[("reason_for_leaving", PAY), (SCALE, "8")])
    generated = await layer.interviewer.write_report(ctx)
    assert generated.source is ReportSource.SCRIPTED
    assert groq_server.call_count == 2  # the answer and one retry, as for invalid JSON


# --- a whole interview, read back from the database ----------------------------------------


class InventiveModel(FakeModel):
    """Follows the prompts, but writes the report above whatever the employee said."""

    def answer(self, body: Any) -> str:
        if ChatPrompt.of(body).task == "write_report":
            return json.dumps(MODEL_REPORT)
        return super().answer(body)


@pytest.fixture
async def inventive_groq() -> AsyncIterator[FakeGroqServer]:
    async with FakeGroqServer(InventiveModel()) as server:
        yield server


async def test_the_stored_report_tells_the_truth(
    make_bot: BotFactory, inventive_groq: FakeGroqServer
) -> None:
    bot = await make_bot(
        settings={
            "groq_api_key": "gsk_truth",
            "groq_base_url": inventive_groq.base_url,
            "llm_providers": "groq",
        }
    )
    engine = bot.interviews
    user = employee("U-TRUTH", name="Sam Lee")
    answers = {**GOOD_ANSWERS, SCALE: "Hmm, I'd say an 8. I would not come back though."}
    invitation = await engine.invite(user)
    await say(engine, user, "yes")
    for topic in engine.plan.topics:
        await say(engine, user, answers.get(topic.key, "Nothing more to add, thank you."))
    await say(engine, user, "looks good to me")
    assert invitation.interview_id is not None
    stored = await stored_interview(bot.database, invitation.interview_id)
    assert stored is not None and stored.report is not None
    report = stored.report
    assert report.enps == 8 and report.would_return is False
    assert report.reasons == ["compensation"]
    assert report.notable_quotes == ["The pay was well below market"]
    assert "6/10" not in report.summary
    outcome = await interview_outcome(bot.database, invitation.interview_id)
    assert outcome is not None and outcome.report_source is ReportSource.LLM
    assert any(
        r.body and ChatPrompt.of(r.body).task == "write_report" for r in inventive_groq.requests
    )
