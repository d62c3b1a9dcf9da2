"""Personal data and mentions are masked; ordinary figures, years and links are left alone."""

from __future__ import annotations

import pytest

from exitbot.privacy.personal_data import identifying_names
from exitbot.privacy.redaction import (
    mask_contact_details,
    neutralize_mentions,
    redact_personal_data,
    shorten,
)


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


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",  # UK mobile
        "+44 20 7946 0958",
        "0151 23456789",  # German mobile
        "030 12345678",  # Berlin
        "06 12 34 56 78",  # French mobile
        "06.12.34.56.78",
        "01 42 68 53 00",  # Paris
        "+33 1 42 68 53 00",
        "612 34 56 78",  # Spanish mobile
        "91 123 45 67",  # Madrid
        "555.123.4567",  # North American
        "1-800-555-0199",
    ],
)
def test_phone_numbers_in_national_and_international_formats(number):
    assert redact_personal_data(f"call me on {number} tonight") == "call me on [phone] tonight"


@pytest.mark.parametrize(
    "text",
    [
        "sentiment 0.27 and 3.5 stars",
        "from 2019 to 2023, or 2019-2023",
        "on 12.03.2024 and 2024-03-12 at 10:30",
        "a raise from 50,000 to 60,000, then 1.000.000 in equity",
        "score 0.27 3.5 2025 1999",
        "ids like C0123456789 or Ev0123456789 are not phones",
    ],
)
def test_figures_dates_and_years_are_left_alone(text):
    assert redact_personal_data(text) == text


def test_names_and_mentions():
    text = "Dana Smith told <@U123> and @here that dana smith was leaving, ping <!channel>"
    masked = redact_personal_data(text, ["Dana Smith"])
    assert "Dana" not in masked and "dana" not in masked
    assert "<@" not in masked and "<!" not in masked and "@here" not in masked


def test_a_persons_names_are_their_name_its_parts_email_local_part_and_platform_id():
    names = identifying_names("Robin Park", "rpark77@corp.test", "U0PARK")
    text = "Robin said: find me as rpark77 or U0PARK, ask PARK or robin park."
    assert redact_personal_data(text, names) == (
        "[name] said: find me as [name] or [name], ask [name] or [name]."
    )


def test_two_letter_name_parts_are_masked_only_as_written():
    names = identifying_names("Li Wei")
    assert redact_personal_data("Li said it was an issue, li", names) == (
        "[name] said it was an issue, li"
    )


def test_a_link_holding_personal_data_is_masked_whole_and_others_are_kept_whole():
    text = (
        "My portfolio https://dana-smith.example/work, mail https://x.example/?to=a@b.example "
        "and the handbook https://handbook.example/leaving."
    )
    assert redact_personal_data(text, ["Dana Smith"]) == (
        "My portfolio [link], mail [link] and the handbook https://handbook.example/leaving."
    )


def test_platform_ids_are_masked_but_shouted_words_are_not():
    text = "I was U0123ABCD9 and 29:1abcDEFghiJKL (3fa85f64-5717-4562-b3fc-2c963f66afa6)."
    assert redact_personal_data(text) == "I was [id] and [id] ([id])."
    assert redact_personal_data("THE WORKLOAD WAS UNBEARABLE") == "THE WORKLOAD WAS UNBEARABLE"


def test_teams_and_slack_mentions_cannot_ping():
    text = "<at>Dana Smith</at> said </at> to <@U1|dana> in <#C1|general>, see <!here>"
    assert neutralize_mentions(text) == "[mention] said  to [mention] in [mention], see [mention]"
    assert neutralize_mentions("see <https://x.example/@here|@here> now") == "see [link] now"


def test_neutralize_and_shorten():
    assert neutralize_mentions("hey @channel and @everyone") == "hey channel and everyone"
    assert shorten("one two three four five", 12) == "one two…"
    assert shorten("short", 12) == "short"


def test_contact_details_for_logs_leave_names_ids_and_figures():
    text = "Dana (U0123ABCD9) wrote dana@corp.test, +44 20 7946 0958, <!channel> at 0.27 in 2025"
    assert mask_contact_details(text) == (
        "Dana (U0123ABCD9) wrote [email], [phone], [mention] at 0.27 in 2025"
    )
