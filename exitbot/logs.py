"""Logging set-up: structlog, human-readable by default, JSON lines with LOG_FORMAT=json.

Every event passes ``mask_contact_details_processor``: code never logs employee text on
purpose, and this is the safety net for when an error message or a value quotes some anyway.
"""

from __future__ import annotations

import logging
import sys

import structlog

from exitbot.privacy.redaction import mask_contact_details


def configure_logging(log_format: str = "console", level: str = "INFO") -> None:
    """Route structlog and stdlib logging to stderr in one format; stdout stays for the chat."""
    numeric_level = logging.getLevelName(level)
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.format_exc_info,
            mask_contact_details_processor,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    # Alembic announces every migration step at INFO; only say something when it matters.
    logging.getLogger("alembic").setLevel(max(numeric_level, logging.WARNING))
    logging.basicConfig(
        stream=sys.stderr, level=numeric_level, format="%(levelname)s %(name)s: %(message)s"
    )


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
