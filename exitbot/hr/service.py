"""The HR command service (DESIGN 5a): one entry point for Slack's ``/exitbot`` and Teams.

Adapters turn a slash command or a message into an ``HrRequest`` and show the ``HrResponse``
to the caller alone. Authorisation, parsing, queries, the engine and outgoing messages all
happen here, so both platforms behave the same and the adapters hold no business rules.
What a command sends to an employee (an invitation, a reminder) goes through the outbox; the
service waits a moment for the platform's answer so HR hears whether it arrived.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Protocol

import structlog

from exitbot.core.clock import Clock
from exitbot.core.documents import Span, code
from exitbot.core.messages import ConversationRef, Platform, UserRef
from exitbot.core.outgoing import DeliveryError, DeliveryStatus
from exitbot.core.ports import UserDirectory
from exitbot.delivery.outbox import OutboxWorker
from exitbot.digest.builder import DigestBuilder, Period
from exitbot.digest.service import DigestPostOutcome
from exitbot.engine import InterviewDetails, InterviewService
from exitbot.hr import formatting, queries
from exitbot.hr.ask import answer_question
from exitbot.hr.authorization import HrAuthorizer
from exitbot.hr.parsing import (
    AskCommand,
    CancelCommand,
    DigestHereCommand,
    DigestNowCommand,
    HelpCommand,
    HrCommand,
    ListCommand,
    RemindCommand,
    ShowCommand,
    StartCommand,
    StatsCommand,
    UsageError,
    command_word,
    parse_command,
)
from exitbot.hr.requests import HrRequest, HrResponse
from exitbot.privacy.redaction import neutralize_mentions
from exitbot.store.database import Database
from exitbot.store.rate_limits import RateLimits

log = structlog.get_logger(__name__)

DELIVERY_WAIT_SECONDS = 5.0
"""How long a command waits for the platform to accept what it sent the employee."""


class DigestCommands(Protocol):
    """What ``digest now`` / ``digest here`` need (exitbot/digest's DigestService)."""

    async def post(
        self, *, days: int = 7, destination: ConversationRef | None = None
    ) -> DigestPostOutcome:
        """Post a digest of the last ``days`` days: whether it went, in a sentence."""
        ...

    async def set_destination(self, destination: ConversationRef) -> tuple[Span, ...]:
        """Make ``destination`` the digest channel; a sentence confirming it."""
        ...


class HrCommandService:
    """Executes HR commands for authorised callers; never raises to the adapter."""

    def __init__(
        self,
        *,
        database: Database,
        interviews: InterviewService,
        outbox: OutboxWorker,
        directories: Mapping[Platform, UserDirectory],
        authorizer: HrAuthorizer,
        digests: DigestCommands | None,
        clock: Clock,
        tz: tzinfo = UTC,
        commands_per_minute: int = 30,
    ) -> None:
        self._db = database
        self._limits = RateLimits(database)
        self._commands_per_minute = commands_per_minute
        self._interviews = interviews
        self._outbox = outbox
        self._directories = dict(directories)
        self._authorizer = authorizer
        self._digests = digests
        self._clock = clock
        self._tz = tz

    @property
    def interviews(self) -> InterviewService:
        return self._interviews

    async def is_hr(self, user: UserRef) -> bool:
        """Whether ``user`` may use HR commands (HR_USERS or the HR group)."""
        return await self._authorizer.is_hr(user)

    async def execute(self, request: HrRequest) -> HrResponse:
        """The reply to one command. Refusals, usage errors and failures are replies too."""
        # Only a known command word is logged: the arguments may hold names.
        word = command_word(request.text) or "(unknown)"
        limited = await self._rate_limited(request.caller)
        if limited is not None:
            return limited
        if not await self._authorizer.is_hr(request.caller):
            log.warning("hr_command_refused", caller=request.caller.key, command=word)
            return HrResponse.say(formatting.REFUSAL, ok=False)
        log.info("hr_command", caller=request.caller.key, command=word)
        try:
            command = parse_command(request.text)
        except UsageError as error:
            return HrResponse(formatting.usage_document(error), ok=False)
        try:
            return await self._run(command, request)
        except Exception:
            log.exception("hr_command_failed", caller=request.caller.key, command=word)
            return HrResponse.say(formatting.FAILURE, ok=False)

    async def _rate_limited(self, caller: UserRef) -> HrResponse | None:
        """A reply telling a caller past ``commands_per_minute`` when to try again; counted
        before authorisation, so a flood of refused attempts cannot fill the log either."""
        decision = await self._limits.hit(
            "hr",
            caller.key,
            limit=self._commands_per_minute,
            window=timedelta(minutes=1),
            now=self._clock.now(),
        )
        if decision.allowed:
            return None
        log.warning("hr_command_rate_limited", caller=caller.key)
        seconds = math.ceil(decision.retry_after)
        return HrResponse.say(
            f"That's more than {self._commands_per_minute} commands in a minute, so I'm "
            f"pausing yours for a moment. Please try again in {seconds} seconds.",
            ok=False,
        )

    async def _run(self, command: HrCommand, request: HrRequest) -> HrResponse:
        match command:
            case StartCommand():
                return await self._start(command, request.caller)
            case ListCommand():
                return await self._list(command)
            case ShowCommand():
                return await self._show(command)
            case StatsCommand():
                return await self._stats(command)
            case AskCommand():
                answer = await answer_question(
                    self._db, command.question, now=self._clock.now(), tz=self._tz
                )
                return HrResponse(formatting.ask_document(answer, self._tz))
            case DigestNowCommand():
                return await self._digest_now(command)
            case DigestHereCommand():
                return await self._digest_here(request.channel)
            case RemindCommand():
                return await self._remind(command)
            case CancelCommand():
                return await self._cancel(command)
            case HelpCommand():
                return HrResponse(formatting.help_document(command.topic))

    # --- start ------------------------------------------------------------------------------

    async def _start(self, command: StartCommand, caller: UserRef) -> HrResponse:
        directory = self._directories.get(caller.platform)
        if directory is None:
            return HrResponse.say(
                f"ExitBot is not connected to {_platform(caller.platform)}, "
                "so it cannot invite anyone there.",
                ok=False,
            )
        target = neutralize_mentions(command.target)
        try:
            user = await directory.resolve_user(command.target)
        except DeliveryError as exc:
            return HrResponse.say(f"I couldn't look up {target}: {_why(exc)}", ok=False)
        if user is None:
            return HrResponse.say(
                f"I couldn't find a {_platform(caller.platform)} user for {target}. "
                "Use a mention, a user id or an email address.",
                ok=False,
            )
        details = InterviewDetails(
            department=command.department,
            last_day=command.last_day,
            voluntary=command.voluntary,
            regrettable=command.regrettable,
            invited_by=caller.key,
        )
        outcome = await self._interviews.invite(user, details)
        who = neutralize_mentions(user.display_name or user.user_id)
        number = outcome.interview_id
        if not outcome.created and outcome.invite_at is not None:
            day = outcome.invite_at.astimezone(self._tz).date().isoformat()
            return HrResponse.say(
                f"{who} already has an exit interview (#{number}) whose invitation goes on "
                f"{day}. Use ",
                code(f"remind {number}"),
                " to send it now or ",
                code(f"cancel {number}"),
                " to withdraw it.",
            )
        if not outcome.created:
            status = outcome.status.value.replace("_", " ") if outcome.status else "active"
            return HrResponse.say(
                f"{who} already has an active exit interview (#{number}, {status}). Use ",
                code(f"remind {number}"),
                " to nudge them or ",
                code(f"cancel {number}"),
                " to withdraw it.",
            )
        log.info("hr_interview_started", caller=caller.key, interview_id=number)
        if outcome.invite_at is not None:
            day = outcome.invite_at.astimezone(self._tz).date().isoformat()
            return HrResponse.say(
                f"Interview #{number} for {who} is scheduled: the invitation goes on {day}. Use ",
                code(f"remind {number}"),
                " to send it now.",
            )
        problem = await self._delivered(outcome.outbox_ids)
        if problem:
            log.warning("hr_invitation_not_delivered", interview_id=number)
            return HrResponse.say(
                f"Interview #{number} for {who} is created, but I couldn't message them: "
                f"{problem} The interview is kept: it starts as soon as they message "
                "ExitBot, or try ",
                code(f"remind {number}"),
                " later.",
                ok=False,
            )
        return HrResponse.say(f"Invited {who} to an exit interview (interview #{number}).")

    # --- reading ----------------------------------------------------------------------------

    async def _list(self, command: ListCommand) -> HrResponse:
        since = (
            datetime.combine(command.since, time(), tzinfo=self._tz).astimezone(UTC)
            if command.since
            else None
        )
        page = await queries.list_interviews(
            self._db, statuses=command.statuses, department=command.department, since=since
        )
        return HrResponse(formatting.list_document(page, command, self._tz))

    async def _show(self, command: ShowCommand) -> HrResponse:
        detail = await queries.interview_detail(self._db, command.interview_id)
        if detail is None:
            return HrResponse.say(
                f"There is no interview #{command.interview_id}. ",
                code("list"),
                " shows the ids.",
                ok=False,
            )
        return HrResponse(formatting.detail_document(detail, self._tz))

    async def _stats(self, command: StatsCommand) -> HrResponse:
        period = Period.ending(self._clock.now(), command.days)
        digest = await DigestBuilder(self._db).build(period)
        return HrResponse(formatting.stats_document(digest, command.days, self._tz))

    # --- digest -----------------------------------------------------------------------------

    async def _digest_now(self, command: DigestNowCommand) -> HrResponse:
        if self._digests is None:
            return HrResponse.say(_DIGESTS_OFF, ok=False)
        outcome = await self._digests.post(days=command.days)
        return HrResponse.say(*outcome.runs, ok=outcome.posted)

    async def _digest_here(self, channel: ConversationRef | None) -> HrResponse:
        if self._digests is None:
            return HrResponse.say(_DIGESTS_OFF, ok=False)
        if channel is None:
            return HrResponse.say(
                "I can't tell which channel this is. Run ",
                code("digest here"),
                " in the channel that should receive the digest.",
                ok=False,
            )
        try:
            return HrResponse.say(*await self._digests.set_destination(channel))
        except DeliveryError as exc:
            return HrResponse.say(
                f"I couldn't use this channel for the digest: {_why(exc)}", ok=False
            )

    # --- nudges -----------------------------------------------------------------------------

    async def _remind(self, command: RemindCommand) -> HrResponse:
        number = command.interview_id
        nudge = await self._interviews.remind(number)
        if nudge.problem:
            return HrResponse.say(f"I can't remind interview #{number}: {nudge.problem}.", ok=False)
        problem = await self._delivered(nudge.outbox_ids)
        if problem:
            return HrResponse.say(
                f"Interview #{number} is marked as reminded, but the reminder didn't reach the "
                f"employee: {problem}",
                ok=False,
            )
        return HrResponse.say(f"Sent a reminder for interview #{number}.")

    async def _cancel(self, command: CancelCommand) -> HrResponse:
        number = command.interview_id
        nudge = await self._interviews.cancel(number)
        if nudge.problem:
            return HrResponse.say(f"I can't cancel interview #{number}: {nudge.problem}.", ok=False)
        if not nudge.outbox_ids:
            return HrResponse.say(
                f"Cancelled interview #{number}; its invitation had not gone out yet, so the "
                "employee was never contacted."
            )
        problem = await self._delivered(nudge.outbox_ids)
        if problem:
            return HrResponse.say(
                f"Cancelled interview #{number}, but I couldn't tell the employee: {problem}"
            )
        return HrResponse.say(f"Cancelled interview #{number}; the employee has been told.")

    async def _delivered(self, outbox_ids: Sequence[int]) -> str | None:
        """Why the messages ``outbox_ids`` did not reach the employee (a sentence), or None
        once the platform accepted them. A message still being retried counts as a problem
        HR should hear about; the outbox keeps trying."""
        if not outbox_ids:
            return "there is nothing to send."
        entries = await self._outbox.entries(outbox_ids)
        platforms = {entry.message.platform for entry in entries}
        unreachable = [p for p in platforms if p not in self._outbox.platforms]
        if unreachable:
            return f"ExitBot is not connected to {_platform(unreachable[0])}."
        await self._outbox.flush(list(platforms))
        for entry in await self._outbox.wait_for(outbox_ids, within=DELIVERY_WAIT_SECONDS):
            if entry.status is DeliveryStatus.FAILED:
                return _why(DeliveryError(entry.last_error or ""))
            if entry.status is DeliveryStatus.PENDING:
                reason = _why(DeliveryError(entry.last_error or "the platform has not answered"))
                return f"{reason} ExitBot keeps trying."
        return None


_DIGESTS_OFF = "Digests are not configured on this ExitBot, so there is nothing to post."


def _why(exc: Exception) -> str:
    """A delivery error's reason as a sentence (it may quote platform text: made safe)."""
    reason = neutralize_mentions(str(exc).strip()) or "the platform gave no reason"
    return reason if reason.endswith((".", "!", "?")) else reason + "."


def _platform(platform: Platform) -> str:
    return {Platform.SLACK: "Slack", Platform.TEAMS: "Microsoft Teams"}.get(
        platform, platform.value
    )
