"""Logging set-up: structlog, human-readable by default, JSON lines with LOG_FORMAT=json.

The libraries' own loggers (aiohttp's access log, APScheduler, slack-bolt, botbuilder) go
through the same processors and renderer, so with JSON every line is one JSON object.

Every event passes ``mask_contact_details_processor`` and ``hash_user_ids_processor``: code
never logs employee text or ids on purpose, and these are the safety net for when an error
message or a value quotes some anyway.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from typing import TextIO

import structlog

from exitbot.privacy.redaction import mask_contact_details

_USER_ID_KEYS = frozenset({"user", "user_id", "employee", "platform_user_id"})
_LIBRARY_LEVELS = {
    # Alembic announces every migration step at INFO; only say something when it matters.
    "alembic": logging.WARNING,
    # One line per job run is noise; a failing job logs at WARNING or above.
    "apscheduler.executors.default": logging.WARNING,
    "apscheduler.scheduler": logging.WARNING,
    # At DEBUG these would log SQL with its parameters (employee text) and every request.
    "sqlalchemy": logging.WARNING,
    "aiosqlite": logging.WARNING,
    "asyncpg": logging.WARNING,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "slack_sdk.web": logging.WARNING,
}


def configure_logging(
    log_format: str = "console", level: str = "INFO", *, stream: TextIO | None = None
) -> None:
    """Route structlog and stdlib logging to ``stream`` (stderr unless told: stdout stays
    for the chat) in one format."""
    out = stream or sys.stderr
    numeric_level = logging.getLevelName(level)
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        # Plain tracebacks: a rich one prints every frame's local variables, which may
        # hold an employee's words.
        else structlog.dev.ConsoleRenderer(
            colors=False, exception_formatter=structlog.dev.plain_traceback
        )
    )
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.format_exc_info,
        mask_contact_details_processor,
        hash_user_ids_processor,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        # One write per line (print() writes the newline apart): lines from threads and
        # from the stdlib handler never run into each other.
        logger_factory=structlog.WriteLoggerFactory(file=out),
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric_level)
    for name, quietest in _LIBRARY_LEVELS.items():
        logging.getLogger(name).setLevel(max(numeric_level, quietest))


def mask_contact_details_processor(
    logger: object, method_name: str, event_dict: structlog.typing.EventDict
) -> structlog.typing.EventDict:
    """Emails, phone numbers and mention tokens masked in every string value of the event.

    Cheap on ordinary events: a value is only searched when it holds an "@", a "<" or seven
    digits close together (``mask_contact_details`` checks that first)."""
    for key, value in event_dict.items():
        if isinstance(value, str):
            event_dict[key] = mask_contact_details(value)
    return event_dict


def hash_user_ids_processor(
    logger: object, method_name: str, event_dict: structlog.typing.EventDict
) -> structlog.typing.EventDict:
    """A platform user id under a user key becomes a short stable hash: lines about one
    person still correlate, but the log does not say who they are."""
    for key in _USER_ID_KEYS.intersection(event_dict):
        value = event_dict[key]
        if isinstance(value, str) and value and not value.startswith("u_"):
            event_dict[key] = "u_" + hashlib.sha256(value.encode()).hexdigest()[:12]
    return event_dict
