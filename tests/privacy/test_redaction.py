"""Personal data and mentions are masked; ordinary figures are left alone."""

from __future__ import annotations

import pytest

from exitbot.privacy.redaction import neutralize_mentions, redact_personal_data, shorten


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call me on +49 170 1234567 please", "call me on [phone] please"),
        ("my number is (555) 123-4567.", "my number is [phone]."),
        ("reach 020 7946 0958 any time", "reach [phone] any time"),
        ("write to dana.smith@corp.example", "write to [email]"),
        ("(sentiment +0.27). 10 of 10", "(sentiment +0.27). 10 of 10"),
        ("rated 7 out of 10 in 2025", "rated 7 out of 10 in 2025"),
        ("salary went from 55.000 to 60.000", "salary went from 55.000 to 60.000"),
    ],
)
def test_phones_and_emails(text, expected):
    assert redact_personal_data(text) == expected


def test_names_and_mentions():
    text = "Dana Smith told <@U123> and @here that dana smith was leaving, ping <!channel>"
    masked = redact_personal_data(text, ["Dana Smith"])
    assert "Dana" not in masked and "dana" not in masked
    assert "<@" not in masked and "<!" not in masked and "@here" not in masked


def test_neutralize_and_shorten():
    assert neutralize_mentions("hey @channel and @everyone") == "hey channel and everyone"
    assert shorten("one two three four five", 12) == "one two…"
    assert shorten("short", 12) == "short"
