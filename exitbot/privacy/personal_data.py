"""Where personal data is in a text: the one definition of what counts as personal data.

Names (a person's display name and its parts, their email's local part, their platform id),
emails, phone numbers, platform ids (Slack, Teams, GUIDs), mentions that could ping someone,
and links. ``find_personal_data`` returns non-overlapping spans; what each audience sees in
their place (a label, a pseudonym, the text kept) is decided in ``redaction`` and
``pseudonyms``.

Links are found whole and are never partly rewritten: a link counts as personal data itself
when the caller asks for every link, or when anything else asked for occurs inside it (a
profile URL holding the person's name); any other link is left exactly as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from phonenumbers import Leniency, PhoneNumberMatcher


class Kind(StrEnum):
    LINK = "link"
    EMAIL = "email"
    PHONE = "phone"
    PLATFORM_ID = "id"
    MENTION = "mention"  # <@U1>, <!channel>, <#C1|general>, <at>Dana</at>, @dana
    BROADCAST = "broadcast"  # @here, @channel, @everyone, @all typed as plain words
    MENTION_TAG = "mention_tag"  # a stray <at> or </at> tag
    NAME = "name"


MENTIONS = frozenset({Kind.MENTION, Kind.BROADCAST, Kind.MENTION_TAG})


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: Kind
    text: str

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Slack wraps links as <https://…|label>; elsewhere a link ends at whitespace or markup.
URL = re.compile(r"<https?://[^\s>|]*(?:\|[^>]*)?>|(?:https?://|\bwww\.)[^\s<>\"|]+", re.IGNORECASE)
_URL_TRAILER = ".,;:!?)]}'’\""
# A Slack user, workspace, bot or team id always carries a digit; shouted words ("UNBEARABLE")
# are not ids.
SLACK_ID = re.compile(r"\b[UWBT](?=[A-Z0-9]*\d)[A-Z0-9]{8,}\b")
TEAMS_ID = re.compile(r"\b(?:29|28|8:orgid|a):[\w:.-]{6,}")
GUID = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
)
SLACK_TOKEN = re.compile(r"<[@!#][^>]*>")
TEAMS_MENTION = re.compile(r"<at\b[^>]*>.*?</at\s*>", re.IGNORECASE | re.DOTALL)
TEAMS_TAG = re.compile(r"</?\s*at\b[^>]*>", re.IGNORECASE)
BROADCAST = re.compile(r"(?<!\w)@(here|channel|everyone|all)\b", re.IGNORECASE)
AT_HANDLE = re.compile(r"(?<![\w@])@[\w.-]{2,}")

# Phone numbers, found by libphonenumber. Numbers written with a "+" country code are found
# whatever the region. National formats are read as North American numbers at POSSIBLE
# leniency (a 7- or 10-digit number laid out as a phone, fictional 555 numbers included) and as
# British, German, French and Spanish numbers at VALID leniency (only numbers in ranges those
# countries allocate), which is what keeps years, dates and figures such as "0.27" or "55.000"
# out: they are never a possible North American number and never in an allocated range.
LENIENT_PHONE_REGIONS = ("US",)
STRICT_PHONE_REGIONS = ("GB", "DE", "FR", "ES")
_MAY_HOLD_PHONE = re.compile(r"\d(?:[\s().\-/]{0,3}\d){6}")  # seven digits close together
_DECIMAL_FIGURE = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")  # 0.27, 3.5
_GROUPED_FIGURE = re.compile(r"\d{1,3}(?:[.,]\d{3})+")  # 1.000.000, 120,000,000
_GLUED_BEFORE = "._/:@#-"

# A name part shorter than this is masked only as written ("Li", "Wu"): in lower case a
# two-letter word is far more often an ordinary one ("an", "do").
ANY_CASE_PART_LETTERS = 3


class Names:
    """Names to find as whole words, longest first; some in any case, others only as written.

    ``Names.of_people`` is what callers normally want: each name with its parts, so that
    "Dana Smith" is also found as "dana  smith", "SMITH" or "Dana"."""

    def __init__(self, any_case: Iterable[str] = (), as_written: Iterable[str] = ()) -> None:
        folded = {n.strip().casefold(): n.strip() for n in any_case if len(n.strip()) >= 2}
        exact = {n.strip() for n in as_written if len(n.strip()) >= 2}
        exact = {n for n in exact if n.casefold() not in folded}
        self.any_case: frozenset[str] = frozenset(folded.values())
        self.as_written: frozenset[str] = frozenset(exact)
        alternatives = sorted(
            [(name, True) for name in self.any_case] + [(name, False) for name in exact],
            key=lambda item: (-len(item[0]), item[0]),
        )
        self._pattern = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(_name_pattern(name, any_case) for name, any_case in alternatives)
                + r")(?!\w)"
            )
            if alternatives
            else None
        )

    @classmethod
    def of_people(cls, names: Iterable[str | None]) -> Names:
        """Each full name in any case, with its parts (see ``name_variants``)."""
        any_case: list[str] = []
        as_written: list[str] = []
        for name in names:
            for variant, in_any_case in name_variants(name):
                (any_case if in_any_case else as_written).append(variant)
        return cls(any_case, as_written)

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, text: str) -> list[Span]:
        if self._pattern is None:
            return []
        return [_span(m, Kind.NAME) for m in self._pattern.finditer(text)]


NO_NAMES = Names()


def name_variants(name: str | None) -> list[tuple[str, bool]]:
    """The ways ``name`` may be written, each with whether it matches in any case: the full
    name, and each part of it ("Sarah Lee" is also "Sarah" and "Lee"); parts shorter than
    ``ANY_CASE_PART_LETTERS`` only as written."""
    if not name or len(name.strip()) < 2:
        return []
    full = " ".join(name.split())
    variants = [(full, len(full) >= ANY_CASE_PART_LETTERS)]
    parts = full.split()
    if len(parts) > 1:
        variants += [(part, len(part) >= ANY_CASE_PART_LETTERS) for part in parts if len(part) >= 2]
    return variants


@functools.lru_cache(maxsize=1024)
def identifying_names(
    display_name: str | None, email: str | None = None, platform_user_id: str | None = None
) -> Names:
    """Everything that names one person: their display name and its parts, their email's
    local part ("dana.smith") and their platform id."""
    local_part = email.split("@", 1)[0] if email and "@" in email else None
    return Names.of_people([display_name, local_part, platform_user_id])


def find_personal_data(text: str, kinds: Collection[Kind], names: Names = NO_NAMES) -> list[Span]:
    """The spans of ``text`` holding the ``kinds`` asked for (and ``names``), in order.

    Spans never overlap: a mention wins over what it contains, then an email, a platform id,
    a phone number, a name. With ``Kind.LINK`` every link is a span; without it a link is a
    span only when something asked for occurs inside it, and then it is one span, whole."""
    found: list[Span] = []
    for finder_kinds, finder in _FINDERS:
        if kinds_wanted := finder_kinds & set(kinds):
            found += [span for span in finder(text) if span.kind in kinds_wanted]
    found += names.find(text)
    links = find_links(text)
    chosen = [
        link for link in links if Kind.LINK in kinds or any(span.overlaps(link) for span in found)
    ]
    for span in found:  # already in priority order
        if not any(span.overlaps(taken) for taken in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


def find_links(text: str) -> list[Span]:
    spans = []
    for match in URL.finditer(text):
        value = match.group(0)
        if not value.startswith("<"):
            value = value.rstrip(_URL_TRAILER)
        if len(value) > 4:
            spans.append(Span(match.start(), match.start() + len(value), Kind.LINK, value))
    return spans


def find_mentions(text: str) -> list[Span]:
    return [
        *(_span(m, Kind.MENTION) for m in SLACK_TOKEN.finditer(text)),
        *(_span(m, Kind.MENTION) for m in TEAMS_MENTION.finditer(text)),
        *(_span(m, Kind.MENTION_TAG) for m in TEAMS_TAG.finditer(text)),
        *(_span(m, Kind.BROADCAST) for m in BROADCAST.finditer(text)),
        *(_span(m, Kind.MENTION) for m in AT_HANDLE.finditer(text)),
    ]


def find_emails(text: str) -> list[Span]:
    return [_span(m, Kind.EMAIL) for m in EMAIL.finditer(text)] if "@" in text else []


def find_platform_ids(text: str) -> list[Span]:
    return [
        _span(m, Kind.PLATFORM_ID)
        for pattern in (GUID, TEAMS_ID, SLACK_ID)
        for m in pattern.finditer(text)
    ]


def find_phone_numbers(text: str) -> list[Span]:
    """Phone numbers in any of the formats described above, longest first where they overlap."""
    if not _MAY_HOLD_PHONE.search(text):
        return []
    found: dict[tuple[int, int], Span] = {}
    for region, leniency in _PHONE_READINGS:
        for match in PhoneNumberMatcher(text, region, leniency=leniency):
            start, end = match.start, match.end
            if text[start] == "(" and text.count("(", start, end) > text.count(")", start, end):
                start += 1  # "(+44 20 7946 0958)": the bracket is the sentence's, not the number's
            if _stands_alone(text, start, end):
                found[start, end] = Span(start, end, Kind.PHONE, text[start:end])
    return sorted(found.values(), key=lambda span: (span.start, -span.end))


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Not part of a longer token (an id, a decimal figure, a date) nor a figure itself."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or before in _GLUED_BEFORE or after.isalnum():
        return False
    if after in ".,:" and text[end + 1 : end + 2].isdigit():
        return False
    candidate = text[start:end]
    return (
        "/" not in candidate
        and not _DECIMAL_FIGURE.search(candidate)
        and not _GROUPED_FIGURE.fullmatch(candidate)
    )


_PHONE_READINGS: tuple[tuple[str, int], ...] = (  # (region, Leniency.*)
    *((region, Leniency.POSSIBLE) for region in LENIENT_PHONE_REGIONS),
    *((region, Leniency.VALID) for region in STRICT_PHONE_REGIONS),
)

# In priority order: where spans overlap, the earlier finder's span is kept.
_FINDERS: tuple[tuple[frozenset[Kind], Callable[[str], list[Span]]], ...] = (
    (MENTIONS, find_mentions),
    (frozenset({Kind.EMAIL}), find_emails),
    (frozenset({Kind.PLATFORM_ID}), find_platform_ids),
    (frozenset({Kind.PHONE}), find_phone_numbers),
)


def _span(match: re.Match[str], kind: Kind) -> Span:
    return Span(match.start(), match.end(), kind, match.group(0))


def _name_pattern(name: str, any_case: bool) -> str:
    pattern = r"\s+".join(re.escape(part) for part in name.split())
    return f"(?i:{pattern})" if any_case else pattern
