"""An answer read as statements: what each part of it is about, and how it judges that.

"Compensation was below market, benefits were okay." is two statements, a concern about pay
and a mild yes about benefits; a message-level score cannot tell them apart. An answer is cut
at sentence ends, at contrasts ("but", "aber", "pero", "mais") and at commas (a part without
a judgement joins its neighbour: "The pay, honestly, was terrible"). A statement that names
nothing is about what the previous one was about, or about its topic ("Terrible.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from exitbot.core.reasons import ReasonMention, find_all, reason_mentions
from exitbot.core.report import Reason
from exitbot.interviewers.scripted.lexicon import (
    ASPECT_REASON,
    BENEFIT_WORDS,
    BONUS_WORDS,
    COMMUTE_WORDS,
    NEGATED_WORD_ENDINGS,
    NOTHING_TO_ADD,
    RAISE_WORDS,
    REASON_ASPECT,
    REMOTE_WORDS,
    TEAM_WORDS,
    Appraisal,
    Aspect,
    appraisal_patterns,
    aspect_patterns,
    lack_patterns,
    word_pattern,
)
from exitbot.interviewers.scripted.topics import TopicReading, TopicRole

_SENTENCES = re.compile(r"(?<=[.!?;:])\s+|\n+|(?<=[.!?])(?=[¿¡A-ZÄÖÜÉ])")
_CONTRASTS = re.compile(
    r",?\s+(?:but|though|although|however|whereas|except|aber|doch|jedoch|allerdings|sondern"
    r"|trotzdem|pero|aunque|sin embargo|sino|mais|cependant|pourtant|sauf|par contre)\b,?\s*",
    re.IGNORECASE,
)
_COMMAS = re.compile(r"\s*,\s*")
# A statement led by "he" or "sie" is about whoever the one before was about.
_PRONOUN_FIRST = re.compile(r"^(?:and\s+|und\s+|y\s+|et\s+)?(?:he|she|er|sie|él|ella|il|elle)\b")
_OTHERWISE_FIRST = re.compile(
    r"^(?:otherwise|apart from that|sonst|ansonsten|por lo demás|sinon|à part ça)\b"
)
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+", re.UNICODE)
_TOKEN_FOLD = str.maketrans({"’": "'"})
NEGATION_REACH = 3  # words between a negation and what it negates ("not really that great")
INTENSIFIER_REACH = 2
LACK_REACH = 2  # "no clear path", "kaum noch Homeoffice"
INTENSITY = 1.3
HEDGED = 0.5
SARCASTIC = Appraisal("poor", -0.6)
IMPLIED_COMPLAINT = Appraisal("", -0.4, standalone=True)  # makes no theme
ELSEWHERE = Appraisal("better elsewhere", -0.4, before=False)
NEUTRAL = frozenset({Reason.RELOCATION, Reason.PERSONAL})
"""Reasons that are no complaint about the company: a move, family, health."""
LACKING = -0.6
# What a lack of a reason's own subject is called ("no growth": a lack of career growth).
LACK_NOUNS: dict[Reason, str] = {
    Reason.COMPENSATION: "pay rises",
    Reason.CAREER_GROWTH: "career growth",
    Reason.MANAGEMENT: "management support",
    Reason.CULTURE: "team spirit",
    Reason.ROLE_FIT: "a fitting role",
    Reason.RELOCATION: "remote work",
    Reason.COMPANY_DIRECTION: "company direction",
}


class Subject(StrEnum):
    """Where a statement's aspects come from."""

    NAMED = "named"  # its own words
    PREVIOUS = "previous"  # the statement before it ("kind, but rarely had time")
    TOPIC = "topic"  # the topic it answers ("Terrible.")
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Judgement:
    """How a statement judges its subject; ``lacking`` names what it says was missing."""

    appraisal: Appraisal
    polarity: float
    lacking: str | None = None
    lacking_reason: Reason | None = None
    at: int = 0  # where in the statement's text it is said


@dataclass(frozen=True, slots=True)
class Statement:
    """One part of an answer: what it is about (``aspects``, the reasons it names in
    ``mentions``) and how it judges that."""

    text: str
    aspects: tuple[Aspect, ...]
    mentions: tuple[ReasonMention, ...]
    judgements: tuple[Judgement, ...]
    stressed: bool = False
    subject: Subject = Subject.NAMED
    places: tuple[tuple[Aspect, int], ...] = ()  # where each named aspect is named

    @property
    def inherited(self) -> bool:
        return self.subject in (Subject.PREVIOUS, Subject.TOPIC)

    @property
    def polarity(self) -> float:
        """The strongest complaint plus the strongest praise: "no growth, no training"
        is one complaint said twice, "kind but distant" both."""
        worst = min((j.polarity for j in self.judgements), default=0.0)
        best = max((j.polarity for j in self.judgements), default=0.0)
        return max(-1.0, min(1.0, min(worst, 0.0) + max(best, 0.0)))

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """The reasons this statement is about: its subjects' and what it says was missing."""
        found = [ASPECT_REASON[a] for a in self.aspects]
        found += [j.lacking_reason for j in self.judgements]
        return tuple(dict.fromkeys(r for r in found if r is not None))


@dataclass(frozen=True, slots=True)
class ReadAnswer:
    """One answer of the employee's, read."""

    text: str
    topic: TopicReading
    statements: tuple[Statement, ...]
    nothing_to_add: bool  # "no", "nothing else", "Nein, das war alles."
    sarcastic: bool

    @property
    def polarity(self) -> float:
        """What the answer says on balance, from -1 to 1."""
        return max(-1.0, min(1.0, sum(s.polarity for s in self.statements)))

    @property
    def judged(self) -> tuple[Statement, ...]:
        """The statements that judge something."""
        return tuple(s for s in self.statements if s.judgements)


def says_nothing_to_add(text: str) -> bool:
    """Whether an answer only says there is nothing (more) to say."""
    words = [w.lower().translate(_TOKEN_FOLD) for w in _WORDS.findall(text)]
    return bool(words) and all(w in NOTHING_TO_ADD for w in words)


def read_answer(text: str, topic: TopicReading, languages: tuple[str, ...]) -> ReadAnswer:
    """``text``, an answer to ``topic``, read with the words of ``languages``."""
    if says_nothing_to_add(text):
        return ReadAnswer(text, topic, (), nothing_to_add=True, sarcastic=False)
    sentences = [s for s in _SENTENCES.split(text.strip()) if s.strip()]
    parts = [_parts(sentence, topic, languages) for sentence in sentences]
    sarcastic = _sarcastic(text, sentences, parts, languages)
    statements: list[Statement] = []
    previous: tuple[Aspect, ...] = ()
    for sentence, sentence_parts in zip(sentences, parts, strict=True):
        for part in sentence_parts:
            if sentence.rstrip().endswith("?"):
                part = replace(part, judgements=())  # a question back judges nothing
            if sarcastic:
                part = _mocking(part)
            if topic.role is TopicRole.REASON:
                part = _given(_wished(part))
            part = _subject(part, previous, topic)
            previous = part.aspects or previous
            statements.append(part)
    return ReadAnswer(text, topic, tuple(statements), nothing_to_add=False, sarcastic=sarcastic)


def _subject(part: Statement, previous: tuple[Aspect, ...], topic: TopicReading) -> Statement:
    """What a statement is about when its words do not say, or say it with "he" / "sie"."""
    lowered = part.text.lower()
    if previous and _PRONOUN_FIRST.match(lowered):
        reasons = {ASPECT_REASON[a] for a in previous}
        mentions = tuple(m for m in part.mentions if not m.cue or m.reason in reasons)
        return replace(
            part, aspects=previous, mentions=mentions, places=(), subject=Subject.PREVIOUS
        )
    if part.aspects:
        return part
    if previous and not _OTHERWISE_FIRST.match(lowered):
        return replace(part, aspects=previous, subject=Subject.PREVIOUS)
    if topic.aspect is not None:
        return replace(part, aspects=(topic.aspect,), subject=Subject.TOPIC)
    return replace(part, subject=Subject.NONE)


def _parts(sentence: str, topic: TopicReading, languages: tuple[str, ...]) -> list[Statement]:
    """A sentence's statements: cut at contrasts, then at commas where each side judges."""
    found: list[Statement] = []
    for clause in _CONTRASTS.split(sentence):
        if not _WORDS.search(clause):
            continue
        read: list[Statement] = []
        group: list[str] = []
        for piece in (p for p in _COMMAS.split(clause) if p.strip()):
            group.append(piece)
            statement = _statement(", ".join(group), topic, languages)
            if statement.judgements:
                read.append(statement)
                group = []
        if group:
            rest = ", ".join(group)
            if read:
                rest = f"{read.pop().text}, {rest}"
            read.append(_statement(rest, topic, languages))
        found += read
    return found


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    kind: str  # "appraisal", "lack", "hedge", "intensifier", "negation"
    appraisal: Appraisal | None = None


_PRIORITY = {"appraisal": 0, "lack": 1, "hedge": 2, "intensifier": 3, "negation": 4}


def _statement(text: str, topic: TopicReading, languages: tuple[str, ...]) -> Statement:
    lowered = text.lower().translate(_TOKEN_FOLD)
    spans = _spans(lowered, languages)
    mentions = tuple(
        m
        for m in reason_mentions(text, with_cues=True, languages=languages)
        if not m.denied and _counts(m, topic)
    )
    places = [(_aspect(m, lowered), m.start) for m in mentions]
    for language in languages:
        for pattern, aspect in aspect_patterns(language):
            places += [(aspect, m.start()) for m in pattern.finditer(lowered)]
    judgements: list[Judgement] = []
    hedged = any(s.kind == "hedge" for s in spans)
    for span in spans:
        if span.kind == "appraisal" and span.appraisal is not None:
            judgements.append(_judge(span, spans, lowered, hedged))
            if span.appraisal.aspect is not None and not span.appraisal.standalone:
                places.append((span.appraisal.aspect, span.start))
        elif span.kind == "lack":
            lacked = _lacked(lowered, span.end, mentions, languages)
            if lacked is not None and all(j.lacking != lacked[0] for j in judgements):
                noun, reason = lacked
                appraisal = Appraisal(f"lack of {noun}", LACKING, standalone=True)
                judgements.append(Judgement(appraisal, LACKING, noun, reason, span.start))
    places.sort(key=lambda place: place[1])
    aspects = [aspect for aspect, _ in places]
    stressed = any(word_pattern("stress", lang).search(lowered) for lang in languages)
    return Statement(
        text=text.strip(),
        aspects=tuple(dict.fromkeys(aspects)),
        mentions=mentions,
        judgements=tuple(judgements),
        stressed=stressed,
        places=tuple(places),
    )


def _spans(lowered: str, languages: tuple[str, ...]) -> list[_Span]:
    """Judging words, lack words, hedges, intensifiers and negations, the longest winning
    where they overlap ("kind of" is a hedge, not kindness)."""
    candidates: list[_Span] = []
    for language in languages:
        for pattern, appraisal in appraisal_patterns(language):
            candidates += [
                _Span(m.start(), m.end(), "appraisal", appraisal)
                for m in find_all(pattern, lowered)
            ]
        for kind, table in (
            ("lack", "lack"),
            ("hedge", "hedge"),
            ("intensifier", "intensifier"),
            ("negation", "negation"),
        ):
            candidates += [
                _Span(m.start(), m.end(), kind)
                for m in find_all(word_pattern(table, language), lowered)
            ]
    candidates.sort(key=lambda s: (-(s.end - s.start), _PRIORITY[s.kind], s.start))
    kept: list[_Span] = []
    for span in candidates:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _judge(span: _Span, spans: list[_Span], lowered: str, hedged: bool) -> Judgement:
    assert span.appraisal is not None
    appraisal = span.appraisal
    polarity = appraisal.polarity
    before = [s for s in spans if s.end <= span.start]
    if any(
        s.kind == "intensifier" and _words_between(lowered, s.end, span.start) < INTENSIFIER_REACH
        for s in before
    ):
        polarity *= INTENSITY
    if hedged:
        polarity *= HEDGED
    if _negated(lowered, span.start, before):
        flipped = -0.7 * polarity if polarity > 0 else -0.3 * polarity
        appraisal = replace(
            appraisal, label=f"not {appraisal.label}", polarity=flipped, before=False
        )
        polarity = flipped
    return Judgement(appraisal, max(-1.0, min(1.0, polarity)), at=span.start)


def _negated(lowered: str, start: int, before: list[_Span]) -> bool:
    for s in before:
        if (
            s.kind in ("negation", "lack")
            and _words_between(lowered, s.end, start) < NEGATION_REACH
        ):
            return True
    preceding = _WORDS.findall(lowered[:start])[-NEGATION_REACH:]
    return any(w.endswith(NEGATED_WORD_ENDINGS) for w in preceding)


def _words_between(lowered: str, start: int, end: int) -> int:
    return len(_WORDS.findall(lowered[start:end]))


def _lacked(
    lowered: str, after: int, mentions: tuple[ReasonMention, ...], languages: tuple[str, ...]
) -> tuple[str, Reason | None] | None:
    """What a lack word ("no", "kein", "sin", "pas de") says was missing, when the words
    right after it name something one can lack."""
    ahead = lowered[after:]
    for language in languages:
        for pattern, item in lack_patterns(language):
            match = pattern.search(ahead)
            if match and _words_between(ahead, 0, match.start()) <= LACK_REACH:
                return item.noun, item.reason
    for mention in mentions:
        if mention.start >= after and _words_between(lowered, after, mention.start) <= LACK_REACH:
            noun = LACK_NOUNS.get(mention.reason)
            if noun is not None:
                return noun, mention.reason
    return None


def _counts(mention: ReasonMention, topic: TopicReading) -> bool:
    """In a topic about one subject, a word only hinting at another subject ("in front of the
    team" in the manager topic) does not change what the answer is about, and family or a
    move is rarely the subject ("we're like a family")."""
    if topic.aspect is None:
        return True
    if mention.reason in (Reason.PERSONAL, Reason.RELOCATION):
        return False
    return not mention.cue or ASPECT_REASON[topic.aspect] is mention.reason


def _aspect(mention: ReasonMention, lowered: str) -> Aspect:
    words = lowered[mention.start : mention.end]
    if mention.reason is Reason.COMPENSATION and BENEFIT_WORDS.match(words):
        return Aspect.BENEFITS
    if mention.reason is Reason.COMPENSATION and BONUS_WORDS.match(words):
        return Aspect.BONUS
    if mention.reason is Reason.COMPENSATION and RAISE_WORDS.search(words):
        return Aspect.PAY_RISE
    if mention.reason is Reason.CULTURE and TEAM_WORDS.match(words):
        return Aspect.TEAM
    if mention.reason is Reason.RELOCATION:
        if COMMUTE_WORDS.match(words):
            return Aspect.COMMUTE
        if REMOTE_WORDS.match(words):
            return Aspect.REMOTE_WORK
    return REASON_ASPECT[mention.reason]


def _sarcastic(
    text: str,
    sentences: list[str],
    parts: list[list[Statement]],
    languages: tuple[str, ...],
) -> bool:
    """Whether praise in the answer is sarcasm: a marker ("oh great", "na toll", "qué
    maravilla", "génial, encore"), scare quotes round praise, or a lone word of praise after
    a complaint ("Pay frozen for two years. Fantastic.")."""
    lowered = text.lower().translate(_TOKEN_FOLD)
    if any(word_pattern("sarcasm", lang).search(lowered) for lang in languages):
        return True
    if re.search(r"['\"“‘«]\s*(?:exciting|great|amazing|fantastic|wonderful|family)", lowered):
        return True
    for index in range(1, len(sentences)):
        words = _WORDS.findall(sentences[index].lower())
        earlier = sum(s.polarity for s in parts[index - 1])
        if (
            len(words) == 1
            and earlier < 0
            and any(word_pattern("lone_praise", lang).fullmatch(words[0]) for lang in languages)
        ):
            return True
    return False


def _mocking(statement: Statement) -> Statement:
    """A sarcastic answer's praise, read as the complaint it is."""
    judgements = tuple(
        Judgement(SARCASTIC, SARCASTIC.polarity, at=j.at) if j.polarity > 0 else j
        for j in statement.judgements
    )
    return replace(statement, judgements=judgements)


def _given(statement: Statement) -> Statement:
    """A reason for leaving given without a judging word ("Honestly, it was the money.")
    still complains about it, unless it is a move or family."""
    if statement.judgements or not any(m.reason not in NEUTRAL for m in statement.mentions):
        return statement
    return replace(
        statement, judgements=(Judgement(IMPLIED_COMPLAINT, IMPLIED_COMPLAINT.polarity),)
    )


def _wished(statement: Statement) -> Statement:
    """In a reason for leaving, "better pay" or "more growth" is what was missing here."""
    judgements = tuple(
        Judgement(ELSEWHERE, ELSEWHERE.polarity, at=j.at) if j.appraisal.wish else j
        for j in statement.judgements
    )
    return replace(statement, judgements=judgements)
