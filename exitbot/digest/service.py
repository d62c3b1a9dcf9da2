"""Building and posting the HR digest: one path for the schedule, `digest now`, `digest here`
and `exitbot digest`.

Where a digest goes: the channel HR chose with `digest here` (stored in the settings table),
else ``HR_CHANNEL``. It is built as a neutral ``Document`` (with the chart as an image when one
can be drawn; a chart failure never stops the post) and written to the outbox, which delivers
it like every other message. A scheduled digest is claimed by one replica first, and the claim
is marked posted in the same transaction that queues the message.

What the service says back (to HR in chat, or on the command line) is a sentence as spans,
so a command in it can be shown as code on every platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, tzinfo
from enum import StrEnum

import structlog

from exitbot.core.clock import Clock
from exitbot.core.documents import Document, Span, code, plain, spans
from exitbot.core.messages import ConversationRef, conversation_from_json, conversation_to_json
from exitbot.core.outgoing import DeliveryStatus, Outgoing, Purpose
from exitbot.core.ports import OutboxStore
from exitbot.delivery.outbox import OutboxWorker
from exitbot.digest.builder import Digest, DigestBuilder, Period
from exitbot.digest.chart import render_chart_async
from exitbot.digest.document import digest_document
from exitbot.store.database import Database
from exitbot.store.digest_runs import DigestRunClaims
from exitbot.store.settings_store import DIGEST_CHANNEL, SettingsStore

log = structlog.get_logger(__name__)

DELIVERY_WAIT_SECONDS = 10.0
"""How long ``digest now`` waits to tell HR whether the platform accepted the digest."""


class ScheduledResult(StrEnum):
    """What a scheduled attempt did (for logs and tests)."""

    POSTED = "posted"
    CLAIMED_ELSEWHERE = "claimed_elsewhere"
    NO_DESTINATION = "no_destination"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class DigestDelivery:
    """A digest that was posted, and where."""

    digest: Digest
    destination: ConversationRef


@dataclass(frozen=True, slots=True)
class DigestPostOutcome:
    posted: bool
    runs: tuple[Span, ...]

    @property
    def message(self) -> str:
        """The sentence as plain text (the command line, logs)."""
        return plain(self.runs)


class DigestUnavailable(Exception):
    """The digest cannot be posted; ``runs`` is a sentence HR can act on."""

    def __init__(self, *parts: str | Span) -> None:
        self.runs = spans(*parts)
        super().__init__(plain(self.runs))


class DigestService:
    """Builds digests and posts them to the digest channel through the platform outbounds."""

    def __init__(
        self,
        database: Database,
        outbox_store: OutboxStore,
        outbox: OutboxWorker,
        settings_store: SettingsStore,
        *,
        hr_channel: ConversationRef | None,
        tz: tzinfo,
        clock: Clock,
        stalled_after: timedelta = timedelta(hours=48),
        with_chart: bool = True,
        claims: DigestRunClaims | None = None,
    ) -> None:
        self._outbox_store = outbox_store
        self._outbox = outbox
        self._settings = settings_store
        self._hr_channel = hr_channel
        self._tz = tz
        self._clock = clock
        self._with_chart = with_chart
        self._builder = DigestBuilder(database, stalled_after=stalled_after)
        self._claims = claims or DigestRunClaims(database)

    @property
    def tz(self) -> tzinfo:
        return self._tz

    async def post(
        self, *, days: int = 7, destination: ConversationRef | None = None
    ) -> DigestPostOutcome:
        """Post the digest for the last ``days`` days (to ``destination``, else the digest
        channel): whether it was delivered, and a sentence saying what happened."""
        period = Period.ending(self._clock.now(), days)
        try:
            delivery = await self._post(period, destination)
        except DigestUnavailable as exc:
            return DigestPostOutcome(False, exc.runs)
        where = "here" if destination is not None else "to the digest channel"
        interviews = "interview" if delivery.digest.completed == 1 else "interviews"
        return DigestPostOutcome(
            True,
            spans(
                f"Posted the digest for the last {days} days {where} "
                f"({delivery.digest.completed} completed {interviews})."
            ),
        )

    async def set_destination(self, destination: ConversationRef) -> tuple[Span, ...]:
        """Make ``destination`` the digest channel; a sentence confirming it."""
        await self._settings.set(
            DIGEST_CHANNEL, conversation_to_json(destination), self._clock.now()
        )
        log.info("digest_channel_set", platform=destination.platform.value)
        return spans("Done: digests will be posted in this channel from now on.")

    async def destination(self) -> ConversationRef | None:
        """The channel chosen with `digest here`, else HR_CHANNEL, else None."""
        stored = await self._settings.get(DIGEST_CHANNEL)
        if stored:
            try:
                return conversation_from_json(stored)
            except (KeyError, TypeError, ValueError):
                log.error("digest_channel_unreadable")
        return self._hr_channel

    async def build(self, period: Period) -> Digest:
        return await self._builder.build(period)

    async def post_scheduled(self, key: str, period: Period) -> ScheduledResult:
        """Post ``period``'s digest unless another replica has claimed ``key`` already."""
        destination = await self.destination()
        if destination is None or destination.platform not in self._outbox.platforms:
            log.warning(
                "digest_not_posted",
                period=key,
                reason="no digest channel" if destination is None else "platform not connected",
            )
            return ScheduledResult.NO_DESTINATION
        now = self._clock.now()
        if not await self._claims.claim(
            key, period.start, period.end, channel_label(destination), now
        ):
            log.info("digest_claimed_elsewhere", period=key)
            return ScheduledResult.CLAIMED_ELSEWHERE
        try:
            digest, document = await self._document(period)
        except Exception as exc:
            log.exception("digest_build_failed", period=key)
            await self._claims.failed(key, f"{type(exc).__name__}: {exc}")
            return ScheduledResult.FAILED
        ids = await self._claims.posted(key, self._clock.now(), [_message(destination, document)])
        log.info("digest_queued", period=key, outbox_ids=ids, completed=digest.completed)
        return ScheduledResult.POSTED

    async def document(self, days: int) -> Document:
        """The digest of the last ``days`` days, as it would be posted."""
        return (await self._document(Period.ending(self._clock.now(), days)))[1]

    async def _document(self, period: Period) -> tuple[Digest, Document]:
        digest = await self._builder.build(period)
        return digest, digest_document(digest, self._tz, await self._chart(digest))

    async def _post(self, period: Period, destination: ConversationRef | None) -> DigestDelivery:
        destination = destination or await self.destination()
        if destination is None:
            raise DigestUnavailable(
                "There is no digest channel yet: run ",
                code("digest here"),
                " in the channel where digests should go, or set HR_CHANNEL.",
            )
        if destination.platform not in self._outbox.platforms:
            raise DigestUnavailable(
                f"The digest channel is on {destination.platform.value.title()}, "
                "which is not connected here."
            )
        digest, document = await self._document(period)
        ids = await self._outbox_store.add([_message(destination, document)], self._clock.now())
        await self._outbox.flush([destination.platform])
        [entry] = await self._outbox.wait_for(ids, within=DELIVERY_WAIT_SECONDS)
        if entry.status is DeliveryStatus.FAILED:
            log.error("digest_delivery_failed", error=entry.last_error)
            raise DigestUnavailable(f"I couldn't post the digest: {entry.last_error}")
        if entry.status is DeliveryStatus.PENDING:
            raise DigestUnavailable(
                f"The digest is queued but not delivered yet ({entry.last_error or 'waiting'}); "
                "it will be retried."
            )
        log.info(
            "digest_posted",
            period=period.key,
            destination=channel_label(destination),
            completed=digest.completed,
        )
        return DigestDelivery(digest, destination)

    async def _chart(self, digest: Digest) -> bytes | None:
        if not self._with_chart:
            return None
        try:
            return await render_chart_async(digest, self._tz)
        except Exception:
            log.exception("digest_chart_failed")
            return None


def channel_label(channel: ConversationRef) -> str:
    return f"{channel.platform.value}:{channel.conversation_id}"[:200]


def _message(destination: ConversationRef, document: Document) -> Outgoing:
    return Outgoing(destination, document, Purpose.DIGEST, channel_label(destination))
