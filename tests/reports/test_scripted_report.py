"""The scripted report's rules, on interviews built by hand: themes that say what was said
about each subject, reasons in every plan language, quotes chosen for what they tell, an
English summary, and the employee's own rating."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from exitbot.core.interviewer import CallBudget, InterviewContext, TranscriptEntry
from exitbot.core.plan import DEFAULT_PLAN, QuestionPlan
from exitbot.core.reasons import reasons_in
from exitbot.core.report import InterviewReport, Reason
from exitbot.core.statuses import MessageKind, MessageRole
from exitbot.engine.catalogs import Catalogs
from exitbot.interviewers.scripted.lexicon import languages_for
from exitbot.interviewers.scripted.polarity import Polarity, polarity_of
from exitbot.interviewers.scripted.report import build_scripted_report, parse_score
from exitbot.interviewers.scripted.statements import read_answer, says_nothing_to_add
from exitbot.interviewers.scripted.themes import ThemeKind, themes_of
from exitbot.interviewers.scripted.topics import read_topics

Answers = Mapping[str, str | Sequence[str]]


def context(
    answers: Answers,
    *,
    language: str = "en",
    plan: QuestionPlan = DEFAULT_PLAN,
    names: tuple[str, ...] = (),
    sentiment: Mapping[str, float] | None = None,
) -> InterviewContext:
    """A finished interview: each topic's question, then the employee's answers to it."""
    lines: list[TranscriptEntry] = []
    for topic in plan.topics:
        given = answers.get(topic.key, ())
        for text in [given] if isinstance(given, str) else given:
            lines.append(
                TranscriptEntry(MessageRole.BOT, MessageKind.QUESTION, topic.question, topic.key)
            )
            score = (sentiment or {}).get(topic.key)
            lines.append(
                TranscriptEntry(MessageRole.EMPLOYEE, MessageKind.ANSWER, text, topic.key, score)
            )
    return InterviewContext(
        interview_id=1,
        plan=plan,
        topic_index=len(plan.topics),
        followups_asked=0,
        transcript=tuple(lines),
        budget=CallBudget(remaining=0),
        names_to_mask=names,
        metadata={"department": "", "language": language},
    )


def report(answers: Answers, **options: object) -> InterviewReport:
    return build_scripted_report(context(answers, **options))  # type: ignore[arg-type]


def test_pay_below_market_stays_a_concern_when_benefits_were_okay() -> None:
    # A message-level scorer reads this answer as positive ("okay"); the theme must not.
    answer = "Compensation was below market, benefits were okay."
    made = report(
        {"reason_for_leaving": "The pay.", "compensation": answer},
        sentiment={"compensation": 0.6},
    )
    assert "pay below market" in made.themes
    assert "benefits okay" in made.themes
    assert not [t for t in made.themes if "positive about" in t]
    topics = read_topics(DEFAULT_PLAN)
    read = read_answer(answer, topics["compensation"], languages_for("en"))
    themes = {t.text: t for t in themes_of([read], [Reason.COMPENSATION])}
    assert themes["pay below market"].kind is ThemeKind.CONCERN
    assert themes["benefits okay"].kind is ThemeKind.PRAISE
    assert not [t for t in themes.values() if t.subject == "pay" and t.polarity > 0]
    assert read.polarity < 0


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Nein, das war alles."),
        ("en", "Nothing else."),
        ("en", "no"),
        ("es", "No, nada más."),
        ("fr", "Non, c'est tout."),
    ],
)
def test_nothing_to_add_gives_no_theme(language: str, text: str) -> None:
    assert says_nothing_to_add(text)
    made = report({"anything_else": text}, language=language)
    assert made.themes == []
    assert made.notable_quotes == []


def test_no_theme_follows_the_topic_title_or_the_message_score() -> None:
    made = report(
        {
            "reason_for_leaving": "I am moving to another city with my family.",
            "anything_else": "Nein, das war alles.",
        },
        sentiment={"reason_for_leaving": 0.8, "anything_else": -0.5},
    )
    assert not [t for t in made.themes if "reason for leaving" in t or "anything else" in t]


@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("de", "Das Gehalt war deutlich unter dem Marktniveau."),
        ("de", "Ehrlich gesagt das Geld, die Bezahlung war zu niedrig."),
        ("es", "El sueldo era muy bajo para lo que hacía."),
        ("es", "Me pagaban poco, el salario estaba por debajo del mercado."),
        ("fr", "Le salaire était trop bas."),
        ("fr", "La rémunération était en dessous du marché."),
    ],
)
def test_a_pay_answer_in_any_plan_language_gives_compensation(language: str, answer: str) -> None:
    made = report({"reason_for_leaving": answer}, language=language)
    assert made.reasons[0] is Reason.COMPENSATION
    assert Reason.OTHER not in made.reasons


def test_a_reason_the_employee_denies_is_no_reason() -> None:
    made = report(
        {
            "reason_for_leaving": "It was not about the money. I saw no growth for myself.",
            "compensation": "Pay was good, that was never the issue.",
        }
    )
    assert made.reasons == [Reason.CAREER_GROWTH]
    assert reasons_in("Es war nicht wegen des Geldes.", with_cues=True, languages=("de",)) == ()
    assert reasons_in("No fue por el dinero.", with_cues=True, languages=("es",)) == ()
    assert reasons_in("Ce n'était pas pour le salaire.", with_cues=True, languages=("fr",)) == ()
    # A complaint about pay is no denial of it.
    assert reasons_in("I wasn't paid enough.", with_cues=False) == (Reason.COMPENSATION,)


def test_the_primary_reason_is_the_one_the_employee_stressed() -> None:
    made = report(
        {
            "reason_for_leaving": "Two things: the lack of promotion and the pay. Mostly the pay.",
            "growth": "I was passed over for promotion twice.",
        }
    )
    assert made.reasons[:2] == [Reason.COMPENSATION, Reason.CAREER_GROWTH]


def test_praise_elsewhere_makes_no_reason() -> None:
    made = report(
        {
            "reason_for_leaving": "My partner got a job in Seattle, so we are moving.",
            "manager": "My manager was fantastic.",
            "team_culture": "Best team I have worked with.",
            "compensation": "Pay and benefits were good.",
        }
    )
    assert made.reasons == [Reason.RELOCATION]


def test_quotes_are_the_telling_answers_not_the_first_ones() -> None:
    answers = {
        "reason_for_leaving": "Mostly the pay, to be honest with you.",
        "role_fit": "The role was fine, about what I expected.",
        "manager": "My manager was okay, nothing to report there.",
        "team_culture": "Good people on the team, no complaints.",
        "compensation": (
            "I was paid 20% below market for three years and two raise requests were "
            "turned down without any explanation."
        ),
        "tools_workload": (
            "We were short-staffed for months, I worked every other weekend and the "
            "deploy tooling broke twice a week."
        ),
        "recommend": "6",
        "anything_else": "No, that's all.",
    }
    made = report(answers)
    first_three = [answers["reason_for_leaving"], answers["role_fit"], answers["manager"]]
    assert made.notable_quotes[:2] == [answers["compensation"], answers["tools_workload"]]
    assert made.notable_quotes != first_three
    assert "6" not in made.notable_quotes and "No, that's all." not in made.notable_quotes


def test_a_rating_alone_or_nothing_to_add_is_never_a_quote() -> None:
    made = report(
        {
            "reason_for_leaving": "My manager micromanaged every single thing I did.",
            "recommend": "I'd say a 3 out of 10.",
            "anything_else": "No, nothing else to add from me, thanks.",
        }
    )
    assert made.notable_quotes == ["My manager micromanaged every single thing I did."]


def test_quotes_are_redacted() -> None:
    made = report(
        {
            "reason_for_leaving": (
                "Robin Park here: the pay was far too low, call me on 020 7946 0958 or "
                "write to robin@corp.test."
            )
        },
        names=("Robin Park",),
    )
    [quote] = made.notable_quotes
    assert "Robin" not in quote and "Park" not in quote
    assert "7946" not in quote and "robin@corp.test" not in quote
    assert "[name]" in quote and "[phone]" in quote and "[email]" in quote


GERMAN = {
    "reason_for_leaving": "Das Gehalt. Ich lag deutlich unter dem Marktniveau.",
    "manager": "Meine Chefin war großartig und sehr hilfsbereit.",
    "team_culture": "Tolle Kollegen, ich werde sie vermissen.",
    "recommend": "Acht, und ja, ich würde zurückkommen.",
    "anything_else": "Nein, das war alles.",
}


def test_the_summary_is_english_for_a_german_interview() -> None:
    plan = Catalogs.load(["de"]).localize_plan(DEFAULT_PLAN, "de")  # what the engine hands over
    assert plan.topics[2].title != DEFAULT_PLAN.topics[2].title
    made = build_scripted_report(context(GERMAN, language="de", plan=plan))
    summary = made.summary
    assert summary.startswith("The main reason for leaving was pay.")
    assert "8 out of 10" in summary and "would consider coming back" in summary
    assert "the interview was in German" in summary
    german_words = {"das", "und", "nicht", "gehalt", "war", "ich", "nein"}
    assert not german_words & {w.strip(".,;:()").lower() for w in summary.split()}
    assert "pay below market" in made.themes
    assert {"great manager", "supportive manager"} & set(made.themes)


@pytest.mark.parametrize(
    ("answer", "enps"),
    [
        ("Acht.", 8),
        ("I'd say an eight.", 8),
        ("After 3 years here, a 6.", 6),
        ("7 or 8", None),
        ("I'd rather not give a number.", None),
    ],
)
def test_the_rating_is_the_employees_own_number(answer: str, enps: int | None) -> None:
    made = report({"reason_for_leaving": "The pay.", "recommend": answer})
    assert made.enps == enps
    assert parse_score(answer) == enps
    if enps is None:
        assert "no 0-10 rating" in made.summary
    else:
        assert f"{enps} out of 10" in made.summary


def test_sarcasm_reads_as_complaint() -> None:
    made = report(
        {
            "reason_for_leaving": "Oh great, another reorg. The third one this year.",
            "compensation": "Pay frozen for two years. Fantastic.",
            "recommend": "2",
        }
    )
    assert polarity_of(made.sentiment) is Polarity.NEGATIVE
    assert made.reasons[0] is Reason.COMPANY_DIRECTION
    assert "pay frozen" in made.themes
    assert not [t for t in made.themes if t.startswith("great")]


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"reason_for_leaving": "no"},
        {
            "reason_for_leaving": "Terrible, awful, horrible, toxic, the worst, exhausting.",
            "manager": "Terrible, awful, horrible, toxic, the worst, exhausting.",
            "recommend": "0",
        },
        {
            "reason_for_leaving": "Great, amazing, fantastic, wonderful, the best.",
            "manager": "Great, amazing, fantastic, wonderful, the best.",
            "recommend": "10",
        },
    ],
)
def test_the_report_is_always_valid(answers: Answers) -> None:
    made = report(answers, sentiment={key: 1.0 for key in answers})
    assert -1.0 <= made.sentiment <= 1.0
    assert made.reasons and len(made.reasons) <= 5
    assert len(made.themes) <= 10 and len(made.notable_quotes) <= 3
    assert made.summary


def test_no_answer_at_all_says_so() -> None:
    made = report({})
    assert made.reasons == [Reason.OTHER]
    assert made.summary.startswith("No reason for leaving was given.")
    assert "0 of 10 topics were answered" in made.summary
