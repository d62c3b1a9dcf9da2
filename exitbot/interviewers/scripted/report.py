"""The report built from the answers alone, when no model can write one (DESIGN section 6)."""

from __future__ import annotations

import re
from statistics import fmean

from exitbot.core.interviewer import InterviewContext
from exitbot.core.plan import TopicKind
from exitbot.core.reasons import ALL_LANGUAGES, reasons_in
from exitbot.core.report import InterviewReport, Reason
from exitbot.privacy.redaction import redact_personal_data, shorten

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

_SCORE = re.compile(r"(?<![\d.])(10|[0-9])(?:\s*(?:/|out of)\s*10)?(?![\d.])")
_YES = re.compile(
    r"\b(yes|yeah|yep|definitely|sure|absolutely|would come back|maybe return|"
    r"i would|probably)\b",
    re.IGNORECASE,
)
_NO = re.compile(r"\b(no|never|nope|wouldn't|would not|not come back|unlikely)\b", re.IGNORECASE)


def parse_score(text: str) -> int | None:
    """The first 0-10 number in ``text``, or None."""
    match = _SCORE.search(text)
    return int(match.group(1)) if match else None


def parse_would_return(text: str) -> bool | None:
    """Whether the answer says yes or no to coming back; None when it says neither."""
    sentences = re.split(r"[.;!?\n]|\band\b", text)
    for sentence in reversed(sentences):
        if "back" in sentence.lower() or "return" in sentence.lower():
            if _NO.search(sentence):
                return False
            if _YES.search(sentence):
                return True
    return None


def classify_reasons(text: str) -> list[Reason]:
    """Reasons whose words or cues occur in ``text``, in order of first occurrence (at most
    three)."""
    return list(reasons_in(text, with_cues=True, languages=ALL_LANGUAGES)[:3])


def build_scripted_report(ctx: InterviewContext) -> InterviewReport:
    """A report from keywords, sentiment means and the employee's own words."""
    plan = ctx.plan
    answers = ctx.answers()
    first_topic = plan.topics[0].key
    reasons = classify_reasons(" ".join(a.text for a in ctx.answers(first_topic))) or [Reason.OTHER]

    scores = [a.sentiment for a in answers if a.sentiment is not None]
    sentiment = round(fmean(scores), 4) if scores else 0.0

    scale_topic = next((t for t in plan.topics if t.kind is TopicKind.SCALE), None)
    enps = would_return = None
    if scale_topic is not None:
        scale_text = " ".join(a.text for a in ctx.answers(scale_topic.key))
        enps = parse_score(scale_text)
        would_return = parse_would_return(scale_text)

    themes = []
    for topic in plan.topics:
        topic_scores = [a.sentiment for a in ctx.answers(topic.key) if a.sentiment is not None]
        if topic_scores and fmean(topic_scores) <= -0.3:
            themes.append(f"concerns about {topic.title.lower()}")
        elif topic_scores and fmean(topic_scores) >= 0.5:
            themes.append(f"positive about {topic.title.lower()}")

    quotes = sorted((a.text for a in answers if len(a.text.split()) >= 6), key=len, reverse=True)
    notable = [shorten(redact_personal_data(q, ctx.names_to_mask), 200) for q in quotes[:3]]

    covered = {a.topic_key for a in answers}
    mood = "negative" if sentiment <= -0.2 else "positive" if sentiment >= 0.2 else "mixed"
    reason_words = ", ".join(r.value.replace("_", " ") for r in reasons)
    summary = [
        f"The main reason given for leaving was {reason_words}.",
        f"The overall tone of the answers was {mood} (sentiment {sentiment:+.2f}).",
        f"{len(covered)} of {len(plan.topics)} topics were answered.",
    ]
    if enps is not None:
        summary.append(f"They rated the likelihood of recommending the company {enps} out of 10.")
    if would_return is not None:
        summary.append(f"They {'would' if would_return else 'would not'} consider returning.")

    return InterviewReport(
        summary=" ".join(summary),
        reasons=reasons,
        themes=themes[:10],
        sentiment=max(-1.0, min(1.0, sentiment)),
        enps=enps,
        would_return=would_return,
        recommendations=[RECOMMENDATIONS[r] for r in reasons],
        notable_quotes=notable,
    )
