"""Every log event has emails, phone numbers and mention tokens masked, whatever logged them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from exitbot.logs import configure_logging


@pytest.fixture(autouse=True)
def _restore_structlog() -> Iterator[None]:
    yield
    structlog.reset_defaults()


def last_json_event(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    return event


def test_contact_details_in_log_values_are_masked(capsys) -> None:
    configure_logging("json", "INFO")  # here, so it writes to the stderr capsys captures
    structlog.get_logger("test").warning(
        "delivery_failed",
        error="user dana@corp.test (+44 20 7946 0958) said <!channel> @here",
        interview_id=12,
        period="2026-11-02T08:00:00+00:00/2026-11-09T08:00:00+00:00",
        sentiment="0.27",
    )
    event = last_json_event(capsys)
    assert event["error"] == "user [email] ([phone]) said [mention] here"
    assert event["interview_id"] == 12
    assert event["period"] == "2026-11-02T08:00:00+00:00/2026-11-09T08:00:00+00:00"
    assert event["sentiment"] == "0.27"
    assert event["event"] == "delivery_failed" and event["level"] == "warning"


def test_exception_text_is_masked_too(capsys) -> None:
    configure_logging("json", "INFO")
    try:
        raise ValueError("no such user zelda.quill@corp.test")
    except ValueError:
        structlog.get_logger("test").exception("lookup_failed")
    event = last_json_event(capsys)
    assert "zelda.quill" not in event["exception"] and "[email]" in event["exception"]
