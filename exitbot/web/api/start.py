"""Starting an interview over the API (DESIGN 9): what an HRIS posts when offboarding begins.

The employee is found through the platform's ``UserDirectory`` and invited by the same engine
call as HR's ``start`` command, so the rules are the same: one active interview per person,
and a ``last_day`` far ahead makes the invitation wait for its day. An ``Idempotency-Key``
makes a retry (a timeout, a crashed job) answer with the first result instead of inviting
twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Literal

import structlog
from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from exitbot.core.messages import Platform
from exitbot.core.outgoing import DeliveryError, DeliveryStatus
from exitbot.engine import InterviewDetails
from exitbot.hr import queries
from exitbot.store.idempotency import ClaimResult, IdempotencyKeys, KeyClaim
from exitbot.store.tokens import TokenRole
from exitbot.web.api.endpoint import ApiCall, ApiError, Endpoint, NoQuery, json_response
from exitbot.web.api.schemas import InterviewSummary

if TYPE_CHECKING:
    from exitbot.bootstrap import ExitBot

log = structlog.get_logger(__name__)

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replay"
MAX_KEY_CHARS = 200
DELIVERY_WAIT_SECONDS = 5.0
"""How long the answer waits for the platform to accept the invitation (as HR's start)."""
FIRST_REQUEST_WAIT_SECONDS = 10.0
"""How long a retry that overtook the first request with its key waits for its answer."""
POLL_SECONDS = 0.1

_PLATFORM_NAMES = {Platform.SLACK: "Slack", Platform.TEAMS: "Microsoft Teams"}
_CHAT_PLATFORMS = (Platform.SLACK, Platform.TEAMS)
_EMAIL = re.compile(r"[^@\s<>|]+@[^@\s<>|]+\.[^@\s<>|]+")
_USER_ID = re.compile(r"[^\s@<>|]+")

Invitation = Literal["sent", "scheduled", "pending", "failed"]


class StartInterview(BaseModel):
    """Who to interview (``user_id`` or ``email``; ``user_id`` wins when both are given) and
    what HR knows about the departure."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "platform": "slack",
                    "email": "dana@example.com",
                    "department": "Engineering",
                    "last_day": "2026-12-10",
                    "voluntary": True,
                    "regrettable": True,
                }
            ],
            "anyOf": [{"required": ["user_id"]}, {"required": ["email"]}],
        },
    )
    platform: Literal["slack", "teams"] | None = Field(
        default=None,
        description="Where to invite; may be left out when only one platform is connected",
    )
    user_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=128,
        description="The platform's user id (Slack U0123ABCD, Teams/Entra object id)",
    )
    email: str | None = Field(
        default=None, max_length=320, description="The employee's work email address"
    )
    department: str | None = Field(default=None, max_length=100)
    last_day: date | None = Field(
        default=None,
        description="ISO date. Further away than INVITE_DAYS_BEFORE_LAST_DAY days, the "
        "invitation waits until 09:00 (TIMEZONE) that many days before it",
    )
    voluntary: bool | None = None
    regrettable: bool | None = None

    @field_validator("user_id")
    @classmethod
    def _plain_id(cls, value: str | None) -> str | None:
        if value is not None and not _USER_ID.fullmatch(value):
            raise PydanticCustomError(
                "user_id", "give the platform's user id, such as U0123ABCD (emails go in email)"
            )
        return value

    @field_validator("email")
    @classmethod
    def _an_address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not _EMAIL.fullmatch(value):
            raise PydanticCustomError("email", "not an email address")
        return value

    @field_validator("department")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return (value or "").strip() or None

    @model_validator(mode="after")
    def _someone(self) -> StartInterview:
        if self.user_id is None and self.email is None:
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [
                    InitErrorDetails(
                        type=PydanticCustomError("missing", "give user_id or email"),
                        loc=("user_id",),
                        input=None,
                    )
                ],
            )
        return self


class StartedInterview(InterviewSummary):
    """The interview created, and where its invitation stands: ``sent`` (the platform took
    it), ``scheduled`` (it goes at ``invite_at``), ``pending`` (still being tried) or
    ``failed`` (the platform refused it; the interview starts when the employee writes)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 43,
                    "who": "Dana Smith",
                    "anonymous": False,
                    "department": "Engineering",
                    "status": "invited",
                    "created_at": "2026-11-02T09:00:00Z",
                    "last_day": "2026-12-10",
                    "ended_at": None,
                    "invitation": "scheduled",
                    "invite_at": "2026-12-07T09:00:00Z",
                }
            ]
        }
    )
    invitation: Invitation
    invite_at: datetime | None = Field(
        description="When a scheduled invitation goes (null when it was sent at once)"
    )


async def start_interview(call: ApiCall[NoQuery, StartInterview]) -> web.Response:
    key = _idempotency_key(call.request)
    if key is None:
        return _created(await _start(call))
    keys = IdempotencyKeys(call.bot.database)
    token = _token_name(call)
    claim = await _claim(call, keys, token, key)
    if claim.result is ClaimResult.MISMATCH:
        raise ApiError(409, "Idempotency-Key reused with a different request")
    if claim.result is ClaimResult.REPLAY:
        return await _replay(call, claim)
    try:
        started = await _start(call)
    except BaseException:
        # Nothing was created (or the engine refuses a second one): a retry may run again.
        with contextlib.suppress(Exception):
            await keys.release(token, key)
        raise
    # Names stay out of the stored copy: a replay reads them again, anonymity included.
    await keys.complete(token, key, 201, started.model_dump_json(exclude={"who", "anonymous"}))
    return _created(started)


async def _start(call: ApiCall[NoQuery, StartInterview]) -> StartedInterview:
    body = call.body
    bot = call.bot
    platform = _platform(bot, body.platform)
    by_id = body.user_id is not None
    reference = body.user_id if by_id else body.email
    assert reference is not None
    try:
        user = await bot.platforms[platform].directory.resolve_user(reference)
    except DeliveryError as exc:
        raise _lookup_failed(platform, reference, exc) from None
    if user is None:
        raise ApiError(
            404, f"No {_PLATFORM_NAMES[platform]} user with that {'user id' if by_id else 'email'}"
        )
    details = InterviewDetails(
        department=body.department,
        last_day=body.last_day,
        voluntary=body.voluntary,
        regrettable=body.regrettable,
        invited_by=f"api:{_token_name(call)}",
    )
    outcome = await bot.interviews.invite(user, details)
    number = outcome.interview_id
    assert number is not None
    if not outcome.created:
        status = outcome.status.value if outcome.status else "active"
        raise ApiError(
            409, f"This person already has an active exit interview (id {number}, {status})"
        )
    invitation: Invitation = (
        "scheduled" if outcome.invite_at else await _delivery(bot, outcome.outbox_ids)
    )
    log.info(
        "api_interview_started",
        token=_token_name(call),
        interview_id=number,
        platform=platform.value,
        invitation=invitation,
    )
    return await _started(bot, number, invitation, outcome.invite_at)


async def _started(
    bot: ExitBot, number: int, invitation: Invitation, invite_at: datetime | None
) -> StartedInterview:
    detail = await queries.interview_detail(bot.database, number)
    if detail is None:
        raise ApiError(404, "Interview not found")
    return StartedInterview(
        id=number,
        who=detail.who,
        anonymous=detail.anonymous,
        department=detail.department,
        status=detail.status,
        created_at=detail.created_at,
        last_day=detail.last_day,
        ended_at=detail.ended_at,
        invitation=invitation,
        invite_at=invite_at.astimezone(UTC) if invite_at else None,
    )


def _platform(bot: ExitBot, wanted: str | None) -> Platform:
    if wanted is not None:
        platform = Platform(wanted)
        if platform not in bot.platforms:
            raise ApiError(
                422,
                f"Invalid field 'platform': ExitBot is not connected to "
                f"{_PLATFORM_NAMES[platform]}",
            )
        return platform
    connected = [p for p in _CHAT_PLATFORMS if p in bot.platforms]
    if not connected:
        raise ApiError(
            409, "ExitBot is not connected to Slack or Microsoft Teams, so it cannot invite anyone"
        )
    if len(connected) > 1:
        raise ApiError(
            422, "Invalid field 'platform': give slack or teams (ExitBot is connected to both)"
        )
    return connected[0]


def _lookup_failed(platform: Platform, reference: str, exc: DeliveryError) -> ApiError:
    """The platform's reason, with what was looked up taken out of it."""
    reason = _without(str(exc), reference).rstrip(".")
    if not exc.retryable:  # e.g. a Teams user who never messaged the bot
        return ApiError(409, f"{reason}.")
    return ApiError(
        503,
        f"{_PLATFORM_NAMES[platform]} could not be asked about this person just now "
        f"({reason}). Try again later.",
        {"Retry-After": "30"},
    )


def _without(text: str, reference: str) -> str:
    for shown in (repr(reference), reference):
        text = re.sub(re.escape(shown), "This person", text, flags=re.IGNORECASE)
    return text


async def _delivery(bot: ExitBot, outbox_ids: Sequence[int]) -> Invitation:
    """Whether the platform accepted the invitation within ``DELIVERY_WAIT_SECONDS``."""
    if not outbox_ids:
        return "pending"
    platforms = {entry.message.platform for entry in await bot.outbox.entries(outbox_ids)}
    if not all(p in bot.outbox.platforms for p in platforms):
        return "pending"
    await bot.outbox.flush(list(platforms))
    entries = await bot.outbox.wait_for(outbox_ids, within=DELIVERY_WAIT_SECONDS)
    if any(e.status is DeliveryStatus.FAILED for e in entries):
        return "failed"
    if any(e.status is DeliveryStatus.PENDING for e in entries):
        return "pending"
    return "sent"


# --- idempotency --------------------------------------------------------------------------


def _idempotency_key(request: web.Request) -> str | None:
    raw = request.headers.get(IDEMPOTENCY_HEADER)
    if raw is None:
        return None
    key = raw.strip()
    problem = None
    if not key:
        problem = "must not be empty"
    elif len(key) > MAX_KEY_CHARS:
        problem = f"at most {MAX_KEY_CHARS} characters"
    elif not (key.isascii() and key.isprintable()):
        problem = "use printable ASCII characters"
    if problem:
        raise ApiError(422, f"Invalid header '{IDEMPOTENCY_HEADER}': {problem}")
    return key


async def _claim(
    call: ApiCall[NoQuery, StartInterview], keys: IdempotencyKeys, token: str, key: str
) -> KeyClaim:
    """The key claimed for this request, or its stored answer; a request with the same key
    still running is waited for a little, then refused."""
    fingerprint = _fingerprint(call)
    clock = call.bot.clock
    deadline = clock.monotonic() + FIRST_REQUEST_WAIT_SECONDS
    while True:
        claim = await keys.claim(token, key, fingerprint, clock.now())
        if claim.result is not ClaimResult.IN_PROGRESS:
            return claim
        if clock.monotonic() >= deadline:
            raise ApiError(409, "A request with this Idempotency-Key is in progress")
        await asyncio.sleep(POLL_SECONDS)


def _fingerprint(call: ApiCall[NoQuery, StartInterview]) -> str:
    """The request as parsed, so spacing and key order do not make it another request."""
    body = json.dumps(call.body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    what = f"{call.request.method} {call.request.path}\n{body}"
    return hashlib.sha256(what.encode()).hexdigest()


async def _replay(call: ApiCall[NoQuery, StartInterview], claim: KeyClaim) -> web.Response:
    assert claim.body is not None and claim.status is not None
    stored = json.loads(claim.body)
    current = await queries.interview_detail(call.bot.database, int(stored["id"]))
    started = StartedInterview.model_validate(
        {
            **stored,
            "who": current.who if current else "Anonymous",
            "anonymous": current.anonymous if current else True,
        }
    )
    log.info("api_idempotent_replay", token=_token_name(call), interview_id=started.id)
    response = json_response(started, status=claim.status)
    response.headers[REPLAY_HEADER] = "true"
    return response


def _created(started: StartedInterview) -> web.Response:
    return json_response(started, status=201)


def _token_name(call: ApiCall[NoQuery, StartInterview]) -> str:
    assert call.token is not None  # an hr-admin route: dispatch authenticated it
    return call.token.name


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "POST",
        "/api/interviews",
        start_interview,
        "Start an exit interview for an employee",
        "interviews",
        role=TokenRole.HR_ADMIN,
        body=StartInterview,
        response=StartedInterview,
        status=201,
        errors=(404, 409, 503),
        description=(
            "Finds the employee on the platform (Slack: by user id or users.lookupByEmail; "
            "Teams: among people who have messaged or installed ExitBot, whom Teams lets it "
            "message first) and invites them to their DM, as HR's `start` does. With a "
            "`last_day` further away than INVITE_DAYS_BEFORE_LAST_DAY days (default 3), the "
            "interview is created now and its invitation goes at 09:00 in TIMEZONE that many "
            'days before `last_day` (`invitation` "scheduled", `invite_at`); if the '
            "employee writes to ExitBot before then, the interview simply starts. 404: no "
            "such user; 409: the person already has an active interview (its id is in the "
            "detail), or cannot be reached on Teams yet."
        ),
        headers={
            IDEMPOTENCY_HEADER: (
                "Optional, at most 200 characters. A retry with the same key and body within "
                "24 hours answers with the first result (same status and body, header "
                "`Idempotent-Replay: true`) and invites no one again; the same key with "
                "another body is refused with 409. Only a created interview is kept: after "
                "an error the retry runs again."
            )
        },
    ),
)
