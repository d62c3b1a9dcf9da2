"""Holding a model's report to what the employee said before it is stored (DESIGN 5 and 6).

A model summarises well but also invents: a rating the employee never gave, a quote they
never wrote, a reason nothing in the answers points to. Each checkable field is checked
against the transcript, and what the answers do not show is dropped, never repaired by a
guess:

- eNPS and ``would_return`` are read from the employee's 0-10 answer the way the engine reads
  it (``read_score`` / ``read_would_return``); the model's figures are never kept, and when the
  employee gave none the report has none. A summary sentence that rates out of ten with any
  other figure goes too.
- A reason must be in the taxonomy and pointed to by some answer (the taxonomy's terms in the
  interview's languages, or the reason's own name); ``other`` stays only when the model said
  it and no other reason is left.
- A quote must be one answer's own words, as the model saw them (pseudonymised) or as HR sees
  them (redacted), give or take case, spacing and punctuation or an ellipsis at either end.
- Themes are short, specific and distinct; the sentiment is clamped to [-1, 1].

Everything here is a pure function of the interview's answers and the parsed draft; what was
dropped comes back as counts (``Grounding``), so that it can be logged without any content.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from exitbot.core.interviewer import InterviewContext
from exitbot.core.plan import TopicKind
from exitbot.core.reasons import ALL_LANGUAGES, TERMS, reasons_in
from exitbot.core.report import InterviewReport, Reason
from exitbot.core.statuses import MessageKind, MessageRole
from exitbot.engine.understanding import read_score, read_would_return
from exitbot.interviewers.llm.prompts import ReportDraft
from exitbot.privacy.pseudonyms import Pseudonymiser
from exitbot.privacy.redaction import redact_personal_data, shorten

MAX_SUMMARY_CHARS = 2000
MAX_REASONS = 5
MAX_QUOTES = 5
MAX_THEMES = 10
MAX_THEME_WORDS = 8
MAX_THEME_CHARS = 60

# "positive about the team", "mixed feelings regarding pay": a mood, not a theme.
_GENERIC_THEME = re.compile(
    r"^(?:(?:very|mostly|generally|largely|overall|somewhat)\s+)?"
    r"(?:positive|negative|mixed|neutral|good|bad|great|poor)"
    r"(?:\s+(?:feelings?|experiences?|sentiment|views?|impressions?|attitude))?"
    r"(?:\s+(?:about|on|regarding|towards?|with|of|around|re))?\b",
    re.I,
)
_STOCK_THEMES = frozenset(
    {
        "feedback", "general feedback", "overall experience", "experience", "various issues",
        "other", "misc", "miscellaneous", "none", "n/a", "na", "general", "work", "the job",
        "leaving", "exit interview",
    }
)  # fmt: skip
# "rated the company 6 out of 10", "a 6/10": a figure a summary may only give when it is theirs.
_OUT_OF_TEN = re.compile(r"(?<![\d.,])(10|[0-9])\s*(?:/|out of)\s*10(?!\d|[.,]\d)", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class EmployeeAnswers:
    """What the employee said, in the forms a report is held to."""

    texts: tuple[str, ...]
    """Each answer as written: reasons are looked up here."""
    quotable: tuple[tuple[str, ...], ...]
    """Each answer's masked forms (as the model saw it, as HR sees it): quotes come from these."""
    pointed_to: frozenset[Reason]
    """The reasons some answer points to."""
    rating: int | None
    """The employee's own 0-10 figure, when they gave a clear one."""
    would_return: bool | None
    """Whether they said they would come back, when they said it."""
    names: tuple[str, ...] = ()
    """Names to mask in what the model wrote."""

    @classmethod
    def of(cls, ctx: InterviewContext, pseudonymiser: Pseudonymiser) -> EmployeeAnswers:
        """The answers of ``ctx``; ``pseudonymiser`` is the one that masked the report prompt."""
        answers = [
            e
            for e in ctx.transcript
            if e.role is MessageRole.EMPLOYEE and e.kind is MessageKind.ANSWER
        ]
        texts = tuple(e.text for e in answers)
        # Names the prompt's cues revealed ("my manager Priya") are masked for HR too.
        names = tuple(dict.fromkeys((*ctx.names_to_mask, *pseudonymiser.labels)))
        scale = {t.key for t in ctx.plan.topics if t.kind is TopicKind.SCALE}
        rating, would_return = employee_rating(e.text for e in answers if e.topic_key in scale)
        quotable = tuple(
            tuple(dict.fromkeys((pseudonymiser.mask(t), redact_personal_data(t, names))))
            for t in texts
        )
        return cls(
            texts=texts,
            quotable=quotable,
            pointed_to=reasons_pointed_to(texts, interview_languages(ctx)),
            rating=rating,
            would_return=would_return,
            names=names,
        )


@dataclass(frozen=True, slots=True)
class Grounding:
    """What grounding took out of a model's report: counts and flags, never content."""

    reasons_dropped: int = 0
    quotes_dropped: int = 0
    themes_dropped: int = 0
    summary_sentences_dropped: int = 0
    enps_replaced: bool = False
    would_return_replaced: bool = False
    sentiment_clamped: bool = False

    def log_fields(self) -> dict[str, int | bool]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class GroundedReport:
    report: InterviewReport | None
    """None when nothing useful is left (no summary): the scripted report is written instead."""
    grounding: Grounding


def ground_report(draft: ReportDraft, answers: EmployeeAnswers) -> GroundedReport:
    """``draft`` with everything the employee's answers do not support taken out."""
    reasons = grounded_reasons(draft.reasons, answers.pointed_to)
    quotes = [q for q in (grounded_quote(q, answers.quotable) for q in draft.notable_quotes) if q]
    quotes = list(dict.fromkeys(quotes))[:MAX_QUOTES]
    themes = grounded_themes(redact_personal_data(t, answers.names) for t in draft.themes)
    summary, sentences_dropped = summary_without_other_ratings(
        redact_personal_data(draft.summary, answers.names), answers.rating
    )
    sentiment = max(-1.0, min(1.0, draft.sentiment))
    grounding = Grounding(
        reasons_dropped=len(_distinct(draft.reasons)) - len(reasons),
        quotes_dropped=len(draft.notable_quotes) - len(quotes),
        themes_dropped=len(draft.themes) - len(themes),
        summary_sentences_dropped=sentences_dropped,
        enps_replaced=draft.enps != answers.rating,
        would_return_replaced=draft.would_return != answers.would_return,
        sentiment_clamped=sentiment != draft.sentiment,
    )
    if not summary:
        return GroundedReport(None, grounding)
    report = InterviewReport(
        summary=shorten(summary, MAX_SUMMARY_CHARS),  # masks may lengthen what they replace
        reasons=reasons,
        themes=themes,
        sentiment=sentiment,
        enps=answers.rating,
        would_return=answers.would_return,
        recommendations=[redact_personal_data(r, answers.names) for r in draft.recommendations],
        notable_quotes=quotes,
    )
    return GroundedReport(report, grounding)


def employee_rating(scale_answers: Iterable[str]) -> tuple[int | None, bool | None]:
    """The 0-10 figure and the would-return answer in the answers to the scale topic, read as
    the engine reads them: a later clear answer overrides an earlier one."""
    rating = would_return = None
    for answer in scale_answers:
        reading = read_score(answer)
        if reading.value is not None and not reading.unclear:
            rating = reading.value
        said = read_would_return(answer)
        if said is not None:
            would_return = said
    return rating, would_return


def interview_languages(ctx: InterviewContext) -> tuple[str, ...]:
    """English (employees mix it in, and the model names reasons in it) plus the interview's
    language; every language when the interview's is not known."""
    language = ctx.metadata.get("language", "")
    if language not in TERMS:
        return ALL_LANGUAGES
    return tuple(dict.fromkeys(("en", language)))


def reasons_pointed_to(texts: Iterable[str], languages: Sequence[str]) -> frozenset[Reason]:
    """The reasons some answer points to by the taxonomy's terms or by the reason's own name."""
    found: set[Reason] = set()
    for text in texts:
        found.update(reasons_in(text, with_cues=True, languages=languages))
        found.update(r for r in Reason if _names_itself(r, text))
    return frozenset(found)


def grounded_reasons(names: Sequence[str], pointed_to: frozenset[Reason]) -> list[Reason]:
    """The model's reasons, in its order, that are in the taxonomy and pointed to by an
    answer; ``[other]`` when none is and the model said other."""
    said = [r for r in (_as_reason(n) for n in _distinct(names)) if r is not None]
    kept: list[Reason] = [r for r in said if r is not Reason.OTHER and r in pointed_to]
    if not kept and Reason.OTHER in said:
        kept = [Reason.OTHER]
    return kept[:MAX_REASONS]


def grounded_quote(quote: str, quotable: Sequence[Sequence[str]]) -> str | None:
    """The employee's own words ``quote`` gives, taken from the first masked answer that holds
    them whole (at word boundaries); None when no answer does."""
    wanted = _trimmed(html.unescape(quote))
    if not wanted:
        return None
    for forms in quotable:
        for form in forms:
            found = _find_words(wanted, form)
            if found is not None:
                return found
    return None


def grounded_themes(themes: Iterable[str]) -> list[str]:
    """The themes that are short, specific and not a repeat of an earlier one."""
    kept: list[str] = []
    seen: set[str] = set()
    for theme in themes:
        text = " ".join(theme.split()).strip(" .,;:!?-–—")
        key = _folded(text)[0]
        if (
            not text
            or len(text) > MAX_THEME_CHARS
            or len(text.split()) > MAX_THEME_WORDS
            or key in _STOCK_THEMES
            or _GENERIC_THEME.match(text)
            or key in seen
        ):
            continue
        seen.add(key)
        kept.append(text)
    return kept[:MAX_THEMES]


def summary_without_other_ratings(summary: str, rating: int | None) -> tuple[str, int]:
    """``summary`` without the sentences that rate out of ten with a figure other than the
    employee's own, and how many went."""
    sentences = [s for s in _SENTENCE_END.split(summary.strip()) if s]
    kept = [s for s in sentences if all(int(m.group(1)) == rating for m in _OUT_OF_TEN.finditer(s))]
    return " ".join(kept), len(sentences) - len(kept)


def _distinct(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(_reason_key(n) for n in names if n.strip()))


def _reason_key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _as_reason(name: str) -> Reason | None:
    try:
        return Reason(_reason_key(name))
    except ValueError:
        return None


def _names_itself(reason: Reason, text: str) -> bool:
    words = r"[\s_-]+".join(re.escape(w) for w in reason.value.split("_"))
    return re.search(rf"(?<!\w){words}(?!\w)", text, re.I) is not None


def _trimmed(text: str) -> str:
    """``text`` without whitespace, punctuation or ellipses at either end (brackets stay:
    they belong to masks such as "[email]")."""
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge(char: str) -> bool:
    category = unicodedata.category(char)
    return char.isspace() or (category.startswith("P") and category not in ("Ps", "Pe"))


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` in lower case with each run of whitespace as one space, and where each of its
    characters came from in ``text``."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        else:
            lower = char.lower()
            char = lower if len(lower) == 1 else char
        chars.append(char)
        where.append(index)
    return "".join(chars), where


def _find_words(wanted: str, text: str) -> str | None:
    """The span of ``text`` that reads as ``wanted`` (case and spacing aside), starting and
    ending at word boundaries; None when there is none."""
    needle = _folded(wanted)[0]
    haystack, where = _folded(text)
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = haystack[start - 1] if start > 0 else " "
        after = haystack[end] if end < len(haystack) else " "
        if not (before.isalnum() and needle[0].isalnum()) and not (
            after.isalnum() and needle[-1].isalnum()
        ):
            return text[where[start] : where[end - 1] + 1]
        start = haystack.find(needle, start + 1)
    return None
