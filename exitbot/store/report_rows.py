"""Plain rows the read queries return about stored reports; no ORM object leaves the store."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tally:
    """A stored value (a reason, a theme) and how many reports carry it."""

    value: str
    count: int


@dataclass(frozen=True, slots=True)
class QuoteSource:
    """One report's notable quotes, as stored, and who said them (so their name can be masked
    in the quotes before anyone reads them)."""

    quotes: tuple[str, ...]
    display_name: str | None
    platform_user_id: str
    email: str | None
