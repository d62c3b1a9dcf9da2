"""The orders the interview list can be read in, each a keyset over SQL expressions.

Every order ends in the interview id, so a position (the key values of a page's last row)
names exactly one place in the list and the next page starts right after it, stable while
interviews are added. Missing values (no last day, no department) sort last through a
0/1 flag in front of the value, so no key is ever NULL and keyset comparisons hold.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, case, func, or_

from exitbot.core.statuses import InterviewStatus
from exitbot.store.models import Employee, Interview


class ListOrder(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    LAST_DAY = "last_day"
    NAME = "name"
    DEPARTMENT = "department"
    STATUS = "status"


# Active interviews first, then how they ended; erased records last.
STATUS_SEQUENCE: tuple[InterviewStatus, ...] = (
    InterviewStatus.IN_PROGRESS,
    InterviewStatus.PAUSED,
    InterviewStatus.INVITED,
    InterviewStatus.COMPLETED,
    InterviewStatus.DECLINED,
    InterviewStatus.EXPIRED,
    InterviewStatus.CANCELLED,
    InterviewStatus.ERASED,
)

KeyValue = datetime | date | str | int


class KeyKind(StrEnum):
    MOMENT = "moment"
    DAY = "day"
    TEXT = "text"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class SortKey:
    expression: SQLColumnExpression[Any]
    kind: KeyKind
    descending: bool = False


@dataclass(frozen=True, slots=True)
class ListPosition:
    """Where a page ended: the order it was read in and its last row's key values."""

    order: ListOrder
    values: tuple[KeyValue, ...]

    def to_text(self) -> str:
        """Plain text for a cursor: a JSON list of the order and each value as text."""
        return json.dumps([self.order.value, *(_text(value) for value in self.values)])

    @classmethod
    def from_text(cls, text: str) -> ListPosition:
        """Read ``to_text``'s form back; ``ValueError`` when it is not one."""
        parts = json.loads(text)
        if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
            raise ValueError("not a list of texts")
        order = ListOrder(parts[0]) if parts else None
        if order is None:
            raise ValueError("no order")
        keys = sort_keys(order)
        if len(parts) - 1 != len(keys):
            raise ValueError("wrong number of key values")
        return cls(
            order, tuple(_value(part, key.kind) for part, key in zip(parts[1:], keys, strict=True))
        )


def _text(value: KeyValue) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _value(text: str, kind: KeyKind) -> KeyValue:
    if kind is KeyKind.MOMENT:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise ValueError("a moment without a time zone")
        return moment
    if kind is KeyKind.DAY:
        return date.fromisoformat(text)
    if kind is KeyKind.NUMBER:
        if not text.lstrip("-").isdigit():
            raise ValueError("not a number")
        return int(text)
    return text


_NO_DAY = date(1970, 1, 1)


def _missing_last(column: SQLColumnExpression[Any]) -> SortKey:
    return SortKey(case((column.is_(None), 1), else_=0), KeyKind.NUMBER)


def _hidden_name() -> ColumnElement[bool]:
    """Whose name HR may not see: anonymous and erased interviews sort after every name
    (by id among themselves), so their place in the list tells nothing about the name."""
    return or_(Interview.anonymous.is_(True), Interview.status == InterviewStatus.ERASED.value)


def sort_keys(order: ListOrder) -> tuple[SortKey, ...]:
    newest = (
        SortKey(Interview.created_at, KeyKind.MOMENT, descending=True),
        SortKey(Interview.id, KeyKind.NUMBER, descending=True),
    )
    if order is ListOrder.NEWEST:
        return newest
    if order is ListOrder.OLDEST:
        return (
            SortKey(Interview.created_at, KeyKind.MOMENT),
            SortKey(Interview.id, KeyKind.NUMBER),
        )
    if order is ListOrder.LAST_DAY:
        return (
            _missing_last(Interview.last_day),
            SortKey(func.coalesce(Interview.last_day, _NO_DAY), KeyKind.DAY),
            *newest,
        )
    if order is ListOrder.NAME:
        hidden = _hidden_name()
        name = func.lower(func.coalesce(Employee.display_name, Employee.platform_user_id))
        return (
            SortKey(case((hidden, 1), else_=0), KeyKind.NUMBER),
            SortKey(case((hidden, ""), else_=name), KeyKind.TEXT),
            *newest,
        )
    if order is ListOrder.DEPARTMENT:
        return (
            _missing_last(Interview.department),
            SortKey(func.lower(func.coalesce(Interview.department, "")), KeyKind.TEXT),
            *newest,
        )
    rank = case(
        *((Interview.status == status.value, i) for i, status in enumerate(STATUS_SEQUENCE)),
        else_=len(STATUS_SEQUENCE),
    )
    return (SortKey(rank, KeyKind.NUMBER), *newest)


def order_by(keys: Sequence[SortKey]) -> list[SQLColumnExpression[Any]]:
    return [key.expression.desc() if key.descending else key.expression.asc() for key in keys]


def after(keys: Sequence[SortKey], values: Sequence[KeyValue]) -> ColumnElement[bool]:
    """Rows strictly past ``values`` in this order: the row-value comparison spelled out,
    since directions differ between keys."""
    alternatives: list[ColumnElement[bool]] = []
    for place, key in enumerate(keys):
        beyond = (
            key.expression < values[place] if key.descending else key.expression > values[place]
        )
        equal_before = [keys[i].expression == values[i] for i in range(place)]
        alternatives.append(and_(*equal_before, beyond))
    return or_(*alternatives)
