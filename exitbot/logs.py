"""Logging set-up: structlog, human-readable by default, JSON lines with LOG_FORMAT=json."""

from __future__ import annotations

import logging
import sys

import structlog


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
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
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
