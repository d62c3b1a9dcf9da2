"""Where personal data is in a text: the one definition of what counts as personal data.

Names (a person's display name and its parts, their email's local part, their platform id),
emails, phone numbers, platform ids (Slack, Teams, GUIDs), mentions that could ping someone,
and links. ``find_personal_data`` returns non-overlapping spans; what each audience sees in
their place (a label, a pseudonym, the text kept) is decided in ``redaction`` and
``pseudonyms``.

Links are found whole and are never partly rewritten: a link counts as personal data itself
when the caller asks for every link, or when anything else asked for occurs inside it (a
profile URL holding the person's name); any other link is left exactly as written.

Names are whole words, looked for only outside links, emails, mentions and platform ids: a name
never rewrites part of a longer word, a number or an address ("https://[name].example"). An
address holding a name is masked whole, with its own label.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from phonenumbers import Leniency, PhoneNumberMatcher

from exitbot.privacy.ordinary_words import NAME_PARTICLES, ORDINARY_WORDS


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
_SCHEME = r"[a-z][a-z0-9+.-]{1,15}://"
URL = re.compile(
    rf"<{_SCHEME}[^\s>|]*(?:\|[^>]*)?>|(?:{_SCHEME}|\bwww\.)[^\s<>\"|]+", re.IGNORECASE
)
# A host written without a scheme ("dana-smith.example/cv") is a link when it ends in a common
# top-level domain; file names ("notes.txt", "Node.js") do not.
_TOP_LEVEL_DOMAINS = (
    "com org net edu gov io co ai dev app info biz eu uk de fr es nl ch se dk fi pl pt ie ca "
    "au nz jp br mx ar ly tv xyz site online tech cloud example test"
)
BARE_HOST = re.compile(
    r"(?<![\w@.-])(?:[^\W_][\w-]*\.)+(?:"
    + "|".join(sorted(_TOP_LEVEL_DOMAINS.split(), key=len, reverse=True))
    + r")(?![\w@-])(?::\d{1,5})?(?:[/?#][^\s<>\"|]*)?",
    re.IGNORECASE,
)
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

# A one-word name with fewer letters than this is masked only capitalised ("Li", "Wu"): in
# lower case a two-letter word is far more often an ordinary one ("an", "do").
ANY_CASE_PART_LETTERS = 3
# What may not touch a name on either side: a letter, digit, "_" or combining accent would make
# it part of a longer word ("Annual", "Dana2", "José" spelt with a combining accent).
_WORD_CHAR = r"[\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_APOSTROPHES = "'’ʼ"
_HYPHENS = "-‐‑"
_SAME_MARK = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_HYPHENS, "-")})
_BLANK = "\x00"  # stands in for an address while names are looked for


class Names:
    """Names to find as whole words and whole runs of words, longest first.

    A name matches only where no letter, digit or accent touches it, so never inside a longer
    word ("Ann" in "Annual", "Max" in "maximum"); an apostrophe or hyphen ends a word, so
    "Dana's" and "Dana-led" are masked, and a name written with one ("O'Brien", "Anne-Marie")
    matches with any kind of apostrophe or hyphen. Each name matches in any case or only
    capitalised (a capital first letter, the rest in any case: "Will", "WILL", never "will").
    ``Names.of_people`` is what callers normally want: each name with its parts, in the case
    ``name_variants`` gives them, so that "Dana Smith" is also found as "dana  smith", "SMITH"
    or "Dana"."""

    def __init__(self, any_case: Iterable[str] = (), capitalised: Iterable[str] = ()) -> None:
        folded = {name_key(n): " ".join(n.split()) for n in any_case if _has_letters(n)}
        capital = {name_key(n): " ".join(n.split()) for n in capitalised if _has_letters(n)}
        self.any_case: frozenset[str] = frozenset(folded.values())
        self.capitalised: frozenset[str] = frozenset(
            name for key, name in capital.items() if key not in folded
        )
        self._alternatives = sorted(
            [(name, True) for name in self.any_case] + [(name, False) for name in self.capitalised],
            key=lambda item: (-len(item[0]), item[0]),
        )
        # Every match of a name holds one of its words, in some case: a text that holds
        # none of them (compared as ``name_key`` compares) holds no name, and needs no regex.
        self._words = frozenset(
            _loose_key(word) for name, _ in self._alternatives for word in name.split()
        )

    def may_occur_in(self, text: str) -> bool:
        if not self._words:
            return False
        folded = _loose_key(text)
        return any(word in folded for word in self._words)

    @functools.cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        alternatives = self._alternatives
        return (
            re.compile(
                rf"(?<!{_WORD_CHAR})(?:"
                + "|".join(_name_pattern(name, any_case) for name, any_case in alternatives)
                + rf")(?!{_WORD_CHAR})"
            )
            if alternatives
            else None
        )

    @functools.cached_property
    def _in_addresses(self) -> re.Pattern[str] | None:
        alternatives = self._alternatives
        return (
            re.compile(
                rf"(?<!{_WORD_CHAR})(?:"
                + "|".join(_address_pattern(name, any_case) for name, any_case in alternatives)
                + rf")(?!{_WORD_CHAR})"
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
        return bool(self._alternatives)

    def find(self, text: str) -> list[Span]:
        """Every name in ``text`` as a whole word, wherever it is (addresses are left out by
        ``find_personal_data``, not here)."""
        if self._pattern is None:
            return []
        return [_span(m, Kind.NAME) for m in self._pattern.finditer(text)]

    def occur_in_address(self, address: str) -> bool:
        """Whether a name is part of ``address`` (a link, an email, a mention), in any case."""
        return self._in_addresses is not None and self._in_addresses.search(address) is not None


def _address_pattern(name: str, any_case: bool) -> str:
    parts = name.split()
    if len(parts) < 2:
        return _name_pattern(name, any_case)
    return "(?i:" + r"[\s._-]+".join(re.escape(part) for part in parts) + ")"


NO_NAMES = Names()


def name_variants(name: str | None) -> list[tuple[str, bool]]:
    """The ways ``name`` may be written, each with whether it matches in any case (otherwise
    only capitalised): the full name, and each word of it ("Sarah Lee" is also "Sarah" and
    "Lee").

    A run of two or more words matches in any case: "dana smith" is the name however it is
    typed. One word matches in any case unless it has fewer than ``ANY_CASE_PART_LETTERS``
    letters ("Li", "Bo") or is also an everyday word (``ORDINARY_WORDS``: "Will", "Mark",
    "Grace"); those match only capitalised, because in lower case they are far more often the
    ordinary word ("li", "I will leave", "mark my words"). A particle after the first word
    ("van", "de la") is no name on its own, and a word with fewer than two letters (an initial,
    a number) is none at all."""
    if not name or not _has_letters(name):
        return []
    full = " ".join(name.split())
    words = full.split()
    variants = [(full, len(words) > 1 or _any_case_word(full))]
    if len(words) > 1:
        variants += [
            (word, _any_case_word(word))
            for position, word in enumerate(words)
            if _has_letters(word) and not (position and word.casefold() in NAME_PARTICLES)
        ]
    return variants


_LOOSE = str.maketrans(
    {"ı": "i", **dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_HYPHENS, "-")}
)


def _loose_key(text: str) -> str:
    """Coarser than any case-insensitive match: case folded, accents dropped, ı as i."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LOOSE)


def name_key(name: str) -> str:
    """What two spellings of one name share: "Dana  O’Brien" and "dana o'brien" are one name
    (Unicode composition, case, spacing and the kind of apostrophe or hyphen aside)."""
    composed = unicodedata.normalize("NFC", " ".join(name.split()))
    return composed.casefold().translate(_SAME_MARK)


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
    span only when something asked for occurs inside it, and then it is one span, whole.
    Names are looked for only outside addresses (links, emails, mentions, platform ids); an
    address holding a name is a span of its own kind, whole, even when its kind was not asked
    for."""
    wanted = frozenset(kinds)
    found = [
        span
        for finder_kinds, finder in _FINDERS
        if finder_kinds & wanted
        for span in finder(text)
        if span.kind in wanted
    ]
    links = find_links(text)
    holding_names: list[Span] = []
    if names and names.may_occur_in(text):
        addresses = [*links, *_addresses(text)]
        holding_names = [address for address in addresses if names.occur_in_address(address.text)]
        found += [span for span in holding_names if span.kind not in wanted | {Kind.LINK}]
        found += names.find(_blank(text, addresses))
    chosen = [
        link
        for link in links
        if Kind.LINK in wanted
        or link in holding_names
        or any(span.overlaps(link) for span in found)
    ]
    for span in found:  # already in priority order
        if not any(span.overlaps(taken) for taken in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


def find_links(text: str) -> list[Span]:
    """Links with a scheme or "www.", and hosts written without one outside those and emails."""
    links = [span for match in URL.finditer(text) if (span := _link(match))]
    if "." in text:
        taken = links + find_emails(text)
        links += [
            span
            for match in BARE_HOST.finditer(text)
            if (span := _link(match)) and not any(span.overlaps(other) for other in taken)
        ]
    return sorted(links, key=lambda span: span.start)


def _link(match: re.Match[str]) -> Span | None:
    """The link ``match`` found, without the punctuation of the sentence around it."""
    value = match.group(0)
    if not value.startswith("<"):
        value = value.rstrip(_URL_TRAILER)
    if len(value) <= 4:
        return None
    return Span(match.start(), match.start() + len(value), Kind.LINK, value)


def _addresses(text: str) -> list[Span]:
    """Emails, platform ids and mentions, whether asked for or not: names stay out of them."""
    mentions = [span for span in find_mentions(text) if span.kind is Kind.MENTION]
    return [*find_emails(text), *find_platform_ids(text), *mentions]


def _blank(text: str, spans: Iterable[Span]) -> str:
    """``text`` with ``spans`` overwritten by a character that is no letter and no space, so
    offsets stay put and no name is found in, or running into, any of them."""
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = _BLANK * (span.end - span.start)
    return "".join(chars)


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


def _has_letters(name: str) -> bool:
    """A name has at least two letters: an initial or a number ("12345") names nobody."""
    return sum(char.isalpha() for char in name) >= 2


def _any_case_word(word: str) -> bool:
    letters = sum(char.isalpha() for char in word)
    return letters >= ANY_CASE_PART_LETTERS and name_key(word) not in ORDINARY_WORDS


def _name_pattern(name: str, any_case: bool) -> str:
    """``name`` composed or decomposed (NFC, NFD), with any spacing, apostrophe or hyphen; when
    not ``any_case``, only with its first letter a capital."""
    spellings = sorted({unicodedata.normalize(form, name) for form in ("NFC", "NFD")})
    return "|".join(_spelling_pattern(spelling, any_case) for spelling in spellings)


def _spelling_pattern(spelling: str, any_case: bool) -> str:
    pattern = r"\s+".join(
        "".join(_char_pattern(char) for char in word) for word in spelling.split()
    )
    if any_case:
        return f"(?i:{pattern})"
    capital = spelling[0].upper()
    if len(capital) != 1 or capital == spelling[0].lower():
        return pattern
    return f"(?={re.escape(capital)})(?i:{pattern})"


def _char_pattern(char: str) -> str:
    if char in _APOSTROPHES:
        return f"[{_APOSTROPHES}]"
    if char in _HYPHENS:
        return f"[{_HYPHENS}]"
    return re.escape(char)
