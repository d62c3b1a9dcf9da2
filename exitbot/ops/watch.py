"""Which operational failures become an alert, and what it says.

Callers report what they saw: a breaker changed state, a database round trip failed or
worked, Slack refused the bot token, an outgoing message was given up. ``OpsWatch`` decides
what deserves an alert and words it with what an operator needs and nothing personal:
provider and platform names, purposes, Slack error codes and exception class names, never a
person, a user id, an error message (those quote ids and names) or anything anyone wrote.
"""

from __future__ import annotations

from enum import StrEnum

from exitbot.ops.alerts import OpsAlerts

DATABASE_FAILURES_BEFORE_ALERT = 5
"""Consecutive failed database round trips (outbox passes, inbox writes, readiness pings)
before the database counts as unreachable: one failure is a blip the retries absorb."""

SLACK_TOKEN_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"}
)
"""Slack Web API error codes that mean the bot token itself no longer works."""


class AlertKind(StrEnum):
    LLM_BREAKER_OPEN = "llm_breaker_open"
    DATABASE_UNREACHABLE = "database_unreachable"
    SLACK_TOKEN_REFUSED = "slack_token_refused"
    OUTBOX_GAVE_UP = "outbox_gave_up"


class OpsWatch:
    """Turns reports from the running parts into rate-limited alerts (``OpsAlerts``)."""

    def __init__(
        self,
        alerts: OpsAlerts | None = None,
        *,
        database_failures: int = DATABASE_FAILURES_BEFORE_ALERT,
    ) -> None:
        self.alerts = alerts or OpsAlerts()
        self._database_threshold = database_failures
        self._database_streak = 0

    def breaker_changed(self, provider: str, state: str) -> None:
        """A provider's circuit breaker changed state (``BreakerState`` values)."""
        if state == "open":
            self.alerts.raise_alert(
                f"{AlertKind.LLM_BREAKER_OPEN}:{provider}",
                f"the LLM provider {provider} keeps failing and its circuit breaker opened; "
                "interviews continue on the next provider or the scripted interviewer.",
            )

    def database_ok(self) -> None:
        self._database_streak = 0

    def database_failed(self, where: str, error: BaseException | str) -> None:
        """A database round trip failed in ``where`` (a fixed name such as ``outbox``)."""
        self._database_streak += 1
        if self._database_streak < self._database_threshold:
            return
        what = error if isinstance(error, str) else type(error).__name__
        self.alerts.raise_alert(
            AlertKind.DATABASE_UNREACHABLE,
            f"{self._database_streak} database round trips in a row failed "
            f"(last in {where}: {what}); the database may be unreachable.",
        )

    def slack_call_refused(self, error_code: str) -> None:
        """Slack's Web API answered ``{"ok": false, "error": error_code}``."""
        if error_code in SLACK_TOKEN_ERRORS:
            self.alerts.raise_alert(
                AlertKind.SLACK_TOKEN_REFUSED,
                f"Slack refused the bot token ({error_code}): nothing reaches Slack until "
                "SLACK_BOT_TOKEN is replaced or the app is reinstalled.",
            )

    def outbox_gave_up(self, platform: str, purpose: str, attempts: int) -> None:
        self.alerts.raise_alert(
            AlertKind.OUTBOX_GAVE_UP,
            f"an outgoing {purpose} on {platform} was given up after {attempts} "
            "attempt(s); `exitbot outbox --failed` lists what was not delivered.",
        )

    def outbox_expired(self, count: int) -> None:
        self.alerts.raise_alert(
            AlertKind.OUTBOX_GAVE_UP,
            f"{count} outgoing message(s) could not be delivered within "
            "OUTBOX_GIVE_UP_HOURS; `exitbot outbox --failed` lists them.",
        )

    async def aclose(self) -> None:
        await self.alerts.aclose()
