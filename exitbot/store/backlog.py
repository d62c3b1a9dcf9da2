"""What is waiting, for ``/metrics``: unfinished and set-aside inbox events, pending and
given-up outgoing messages.

Read at every scrape, so each count runs on an index: unfinished inbox rows through
``ix_inbox_events_pending`` (``processed_at IS NULL`` first), outbox rows through
``ix_outbox_status_created``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from exitbot.core.outgoing import DeliveryStatus
from exitbot.store.database import Database
from exitbot.store.inbox import MESSAGE_KIND
from exitbot.store.models import InboxEvent, OutboxMessage

_INBOX = cast(Table, InboxEvent.__table__)
_OUTBOX = cast(Table, OutboxMessage.__table__)


@dataclass(frozen=True, slots=True)
class Backlog:
    inbox_unfinished: int
    """Events stored but not processed yet, still to be (re)tried."""
    inbox_set_aside: int
    """Events whose turn failed on every attempt: replayed no more (``exitbot inbox``)."""
    outbox_pending: int
    outbox_given_up: int


class SqlBacklog:
    def __init__(self, database: Database, *, set_aside_after: int) -> None:
        self._db = database
        self._set_aside_after = set_aside_after

    async def read(self) -> Backlog:
        set_aside = _INBOX.c.attempts >= self._set_aside_after
        inbox = select(
            func.coalesce(func.sum(case((set_aside, 0), else_=1)), 0),
            func.coalesce(func.sum(case((set_aside, 1), else_=0)), 0),
        ).where(_INBOX.c.processed_at.is_(None), _INBOX.c.kind == MESSAGE_KIND)
        statuses = [DeliveryStatus.PENDING.value, DeliveryStatus.FAILED.value]
        outbox = (
            select(_OUTBOX.c.status, func.count())
            .where(_OUTBOX.c.status.in_(statuses))
            .group_by(_OUTBOX.c.status)
        )

        async def read(session: AsyncSession) -> Backlog:
            unfinished, set_aside_count = (await session.execute(inbox)).one()
            by_status = {status: count for status, count in (await session.execute(outbox))}
            return Backlog(
                inbox_unfinished=int(unfinished),
                inbox_set_aside=int(set_aside_count),
                outbox_pending=int(by_status.get(DeliveryStatus.PENDING.value, 0)),
                outbox_given_up=int(by_status.get(DeliveryStatus.FAILED.value, 0)),
            )

        return await self._db.read(read, attempts=1)
