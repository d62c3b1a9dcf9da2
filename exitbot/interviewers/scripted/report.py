"""The report built from the answers alone, when no model can write one (DESIGN section 6).

It reads each answer as statements about subjects (``statements``), ranks the reasons the
employee gave and stressed (``leaving``), says what was said about each subject
(``themes``), weighs the tone (``tone``), picks the most telling answers as quotes
(``quotes``) and writes an English summary (``summary``), in any of the plan languages.
"""

from __future__ import annotations

from exitbot.core.interviewer import InterviewContext
from exitbot.core.plan import TopicKind
from exitbot.core.reasons import ALL_LANGUAGES, reasons_in
from exitbot.core.report import InterviewReport, Reason
from exitbot.engine.understanding import read_score, read_would_return
from exitbot.interviewers.scripted.leaving import rank_reasons
from exitbot.interviewers.scripted.lexicon import languages_for
from exitbot.interviewers.scripted.quotes import choose_quotes
from exitbot.interviewers.scripted.rating import employee_rating
from exitbot.interviewers.scripted.statements import read_answer
from exitbot.interviewers.scripted.summary import SummaryFacts, write_summary
from exitbot.interviewers.scripted.themes import themes_of
from exitbot.interviewers.scripted.tone import overall_sentiment
from exitbot.interviewers.scripted.topics import TopicRole, read_topics

RECOMMENDATIONS: dict[Reason, str] = {
    Reason.COMPENSATION: "Review pay bands against the market for this role.",
    Reason.CAREER_GROWTH: "Make growth paths and promotion criteria explicit.",
    Reason.MANAGEMENT: "Offer the manager feedback and coaching on the points raised.",
    Reason.CULTURE: "Look into the team dynamics and culture concerns raised.",
    Reason.WORKLOAD: "Check workload and staffing levels for the team.",
    Reason.ROLE_FIT: "Clarify role expectations during hiring and onboarding.",
    Reason.RELOCATION: "Consider remote or relocation options where possible.",
    Reason.PERSONAL: "Keep flexible arrangements available for personal circumstances.",
    Reason.COMPANY_DIRECTION: "Communicate company direction and strategy more clearly.",
    Reason.OTHER: "Follow up on the specific points raised in the interview.",
}


def parse_score(text: str) -> int | None:
    """The employee's single 0-10 number in ``text`` (digits or words), or None when there
    is none or no single one ("7 or 8")."""
    reading = read_score(text)
    return None if reading.unclear else reading.value


def parse_would_return(text: str) -> bool | None:
    """Whether the answer says yes or no to coming back; None when it says neither."""
    return read_would_return(text)


def classify_reasons(text: str) -> list[Reason]:
    """Reasons whose words or cues occur in ``text`` and are not denied, in order of first
    occurrence (at most three)."""
    return list(reasons_in(text, with_cues=True, languages=ALL_LANGUAGES)[:3])


def build_scripted_report(ctx: InterviewContext) -> InterviewReport:
    """A report from what the employee said about each topic, in their own words."""
    plan = ctx.plan
    topics = read_topics(plan)
    language = ctx.metadata.get("language") or None
    languages = languages_for(language)
    entries = [e for e in ctx.answers() if e.topic_key in topics]
    answers = [read_answer(e.text, topics[e.topic_key or ""], languages) for e in entries]

    scale = next((t for t in plan.topics if t.kind is TopicKind.SCALE), None)
    rating = employee_rating(e.text for e in entries if scale and e.topic_key == scale.key)
    ranked = rank_reasons(answers)
    reasons = list(ranked.reasons)
    themes = themes_of(answers, reasons)
    counted = [
        e.sentiment
        for e, a in zip(entries, answers, strict=True)
        if e.sentiment is not None
        and not a.nothing_to_add
        and a.topic.role not in (TopicRole.WISH, TopicRole.SCALE)
    ]
    sentiment = overall_sentiment(answers, counted, rating.enps)
    quotes = choose_quotes(answers, [e.sentiment for e in entries], ctx.names_to_mask)
    gave_a_reason = any(a.topic.role is TopicRole.REASON and not a.nothing_to_add for a in answers)
    summary = write_summary(
        SummaryFacts(
            reasons=reasons,
            gave_a_reason=gave_a_reason,
            themes=themes,
            sentiment=sentiment,
            enps=rating.enps,
            would_return=rating.would_return,
            asked_rating=scale is not None,
            answered_topics=len({e.topic_key for e in entries}),
            topics=len(plan.topics),
            language=language,
        )
    )
    return InterviewReport(
        summary=summary,
        reasons=reasons,
        themes=[t.text for t in themes],
        sentiment=sentiment,
        enps=rating.enps,
        would_return=rating.would_return,
        recommendations=[RECOMMENDATIONS[r] for r in reasons],
        notable_quotes=quotes,
    )
