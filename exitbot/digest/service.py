"""Building and posting the HR digest: one path for the schedule, `digest now`, `digest here`
and `exitbot digest`.

Where a digest goes: the channel HR chose with `digest here` (stored in the settings table),
else ``HR_CHANNEL``. It is built as a neutral ``Document`` (with the chart as an image when one
can be drawn; a chart failure never stops the post) and sent with the platform's
``Outbound.send_document``.

What the service says back (to HR in chat, or on the command line) is a sentence as spans,
so a command in it can be shown as code on every platform.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import structlog

from exitbot.core.documents import Span, code, plain, spans
from exitbot.core.messages import ConversationRef, Platform
from exitbot.core.ports import DeliveryError, OutboundRegistry
from exitbot.digest.builder import Digest, DigestBuilder, Period
from exitbot.digest.chart import render_chart_async
from exitbot.digest.document import digest_document
from exitbot.engine import utc_now
from exitbot.store.database import Database
from exitbot.store.digest_runs import DigestRunClaims
from exitbot.store.settings_store import DIGEST_CHANNEL, SettingsStore

if TYPE_CHECKING:
    from exitbot.config import Settings

log = structlog.get_logger(__name__)

Clock = Callable[[], datetime]


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
        outbounds: OutboundRegistry,
        settings_store: SettingsStore,
        *,
        hr_channel: str | None,
        tz: tzinfo,
        clock: Clock = utc_now,
        stalled_after: timedelta = timedelta(hours=48),
        with_chart: bool = True,
        claims: DigestRunClaims | None = None,
    ) -> None:
        self._outbounds = outbounds
        self._settings = settings_store
        self._hr_channel = parse_channel(hr_channel) if hr_channel else None
        self._tz = tz
        self._clock = clock
        self._with_chart = with_chart
        self._builder = DigestBuilder(database, stalled_after=stalled_after)
        self._claims = claims or DigestRunClaims(database)

    @property
    def tz(self) -> tzinfo:
        return self._tz

    async def post_now(
        self, *, days: int = 7, destination: ConversationRef | None = None
    ) -> tuple[Span, ...]:
        """Post the digest for the last ``days`` days; a sentence saying what happened."""
        return (await self.post(days=days, destination=destination)).runs

    async def post(
        self, *, days: int = 7, destination: ConversationRef | None = None
    ) -> DigestPostOutcome:
        """Like ``post_now``, also saying whether it was posted (for exit codes)."""
        period = Period.ending(self._clock(), days)
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
        await self._settings.set(DIGEST_CHANNEL, channel_to_json(destination), self._clock())
        log.info("digest_channel_set", platform=destination.platform.value)
        return spans("Done: digests will be posted in this channel from now on.")

    async def destination(self) -> ConversationRef | None:
        """The channel chosen with `digest here`, else HR_CHANNEL, else None."""
        stored = await self._settings.get(DIGEST_CHANNEL)
        if stored:
            try:
                return channel_from_json(stored)
            except (KeyError, TypeError, ValueError):
                log.error("digest_channel_unreadable")
        return self._hr_channel

    async def build(self, period: Period) -> Digest:
        return await self._builder.build(period)

    async def post_scheduled(self, key: str, period: Period) -> ScheduledResult:
        """Post ``period``'s digest unless another replica has claimed ``key`` already."""
        destination = await self.destination()
        if destination is None or destination.platform not in self._outbounds:
            log.warning(
                "digest_not_posted",
                period=key,
                reason="no digest channel" if destination is None else "platform not connected",
            )
            return ScheduledResult.NO_DESTINATION
        now = self._clock()
        if not await self._claims.claim(key, period, channel_label(destination), now):
            log.info("digest_claimed_elsewhere", period=key)
            return ScheduledResult.CLAIMED_ELSEWHERE
        try:
            await self._post(period, destination)
        except DigestUnavailable as exc:
            await self._claims.failed(key, str(exc))
            return ScheduledResult.FAILED
        await self._claims.posted(key, self._clock())
        return ScheduledResult.POSTED

    async def _post(self, period: Period, destination: ConversationRef | None) -> DigestDelivery:
        destination = destination or await self.destination()
        if destination is None:
            raise DigestUnavailable(
                "There is no digest channel yet: run ",
                code("digest here"),
                " in the channel where digests should go, or set HR_CHANNEL.",
            )
        outbound = self._outbounds.get(destination.platform)
        if outbound is None:
            raise DigestUnavailable(
                f"The digest channel is on {destination.platform.value.title()}, "
                "which is not connected here."
            )
        digest = await self._builder.build(period)
        document = digest_document(digest, self._tz, await self._chart(digest))
        try:
            await outbound.send_document(destination, document)
        except DeliveryError as exc:
            log.error("digest_delivery_failed", error=str(exc))
            raise DigestUnavailable(f"I couldn't post the digest: {exc}") from exc
        except Exception as exc:
            log.exception("digest_delivery_failed")
            raise DigestUnavailable(
                "I couldn't post the digest because of an unexpected error; it is in the logs."
            ) from exc
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


def build_digest_service(
    settings: Settings, database: Database, outbounds: OutboundRegistry, *, clock: Clock = utc_now
) -> DigestService:
    """The digest service as configured (HR_CHANNEL, TIMEZONE, REMINDER_AFTER_HOURS)."""
    return DigestService(
        database,
        outbounds,
        SettingsStore(database),
        hr_channel=settings.hr_channel,
        tz=settings.tz,
        clock=clock,
        stalled_after=timedelta(hours=settings.reminder_after_hours),
    )


def parse_channel(value: str) -> ConversationRef:
    """``slack:C0123`` (HR_CHANNEL's form) as a ConversationRef."""
    platform, _, channel_id = value.partition(":")
    if not channel_id:
        raise ValueError(f"{value!r} is not of the form platform:channel_id")
    return ConversationRef(Platform(platform), channel_id)


def channel_label(channel: ConversationRef) -> str:
    return f"{channel.platform.value}:{channel.conversation_id}"[:200]


def channel_to_json(channel: ConversationRef) -> dict[str, Any]:
    return {
        "platform": channel.platform.value,
        "conversation_id": channel.conversation_id,
        "extra": channel.extra,
    }


def channel_from_json(value: dict[str, Any]) -> ConversationRef:
    return ConversationRef(
        Platform(value["platform"]), str(value["conversation_id"]), dict(value.get("extra") or {})
    )
