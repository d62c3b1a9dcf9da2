"""The one retry policy type and the one Retry-After parser, for every redo in ExitBot.

Model calls, outgoing messages, database transactions and engine turns all back off the same
way: exponential with jitter, or exactly the wait a server asked for.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to try again.

    ``retry_after_cap``: a server asking to wait longer than this is not retried right now
    (the caller moves on: the next provider, or a later delivery attempt).
    """

    max_attempts: int = 3
    initial_backoff: float = 0.25
    max_backoff: float = 4.0
    jitter: float = 0.25
    retry_after_cap: float = 5.0

    def backoff(self, attempt: int) -> float:
        """The wait after failed attempt number ``attempt`` (1-based), jitter included."""
        exponent = max(0, attempt - 1)
        delay = min(self.max_backoff, self.initial_backoff * 2**exponent)
        return delay + random.uniform(0, self.jitter)

    def wait(self, attempt: int, retry_after: float | None = None) -> float:
        """The server's requested wait when it gave one, else the backoff."""
        return retry_after if retry_after is not None else self.backoff(attempt)


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` (preferred, more precise) or ``retry-after``
    (seconds or an HTTP date; ``now`` is the wall clock in epoch seconds, for dates).
    None when absent or unreadable. Header names are case-insensitive."""
    lowered = {k.lower(): v for k, v in headers.items()}
    millis = lowered.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(0.0, email.utils.mktime_tz(parsed) - (time.time() if now is None else now))
