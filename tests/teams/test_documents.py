"""Documents as Adaptive Cards 1.5: valid for Teams, no mentions or links, under 28 KB."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from adaptive_cards.card import AdaptiveCard
from adaptive_cards.validation import CardValidatorFactory

from adapters.teams.cards import MAX_CARD_BYTES
from adapters.teams.documents import document_activity, document_card
from exitbot.core.documents import Document, Paragraph, bold, code
from exitbot.digest.document import digest_document
from tests.digest.samples import sample_digest

BERLIN = ZoneInfo("Europe/Berlin")
PINGS = ("<!channel>", "<!here>", "<@U999", "@here", "<@U1>", "<at>")


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def valid_for_teams(card: dict[str, Any]) -> bool:
    """The card against the official 1.5 schema and Teams' size limit."""
    validator = CardValidatorFactory.create_validator_microsoft_teams()
    return validator.validate(AdaptiveCard.model_validate(card), debug=False).is_ok()


def test_digest_card_is_adaptive_card_1_5_without_mentions_or_links() -> None:
    card = document_card(digest_document(sample_digest(), BERLIN))
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert valid_for_teams(card)
    values = list(strings(card))
    assert "ExitBot digest: 2026-10-26 to 2026-11-02 09:00 CET" in values
    assert "compensation: 4" in values and "career growth: 2" in values
    assert {"title": "eNPS", "value": "-14 (7 responses)"} in card["body"][1]["facts"]
    for value in values:
        for ping in PINGS:
            assert ping not in value, (ping, value)
        assert "](" not in value
    [table] = [element for element in card["body"] if element["type"] == "Table"]
    assert len(table["rows"]) == 3 and table["firstRowAsHeader"] is True


def test_a_huge_digest_card_stays_under_28_kb() -> None:
    huge = sample_digest(quotes=["word " * 48] * 3, departments=60, themes=["t" * 290] * 5)
    activity = document_activity(digest_document(huge, BERLIN))
    [attachment] = activity.attachments
    assert len(json.dumps(attachment.content).encode()) < MAX_CARD_BYTES
    assert valid_for_teams(attachment.content)


def test_the_chart_is_an_image_and_is_left_out_when_it_makes_the_card_too_big() -> None:
    small = document_activity(digest_document(sample_digest(), BERLIN, b"\x89PNG-chart"))
    [image] = [e for e in small.attachments[0].content["body"] if e["type"] == "Image"]
    assert image["url"] == "data:image/png;base64,iVBORy1jaGFydA=="
    big = document_activity(digest_document(sample_digest(), BERLIN, b"x" * MAX_CARD_BYTES))
    body = big.attachments[0].content["body"]
    assert all(e["type"] != "Image" for e in body) and any(e["type"] == "FactSet" for e in body)


def test_spans_are_text_runs_and_commands_keep_their_words() -> None:
    card = document_card(
        Document.message(bold("5 interviews"), " match <at>Boss</at> ", code("start @user"), ".")
    )
    [paragraph] = card["body"]
    assert paragraph["type"] == "RichTextBlock"
    assert paragraph["inlines"] == [
        {"type": "TextRun", "text": "5 interviews", "weight": "bolder"},
        {"type": "TextRun", "text": " match Boss "},
        {"type": "TextRun", "text": "start @user", "fontType": "monospace"},
        {"type": "TextRun", "text": "."},
    ]
    assert valid_for_teams(card)


def test_a_document_too_big_for_a_card_is_sent_as_markdown_cut_to_fit() -> None:
    lines = tuple(
        Paragraph.of(bold(f"#{i}"), " <@U1> [x](http://x.test) " + "é" * 400) for i in range(200)
    )
    activity = document_activity(Document("Interviews", lines))
    assert not activity.attachments
    assert activity.text.startswith("**Interviews**\n\n**#0** [mention] [x] (http://x.test) ")
    assert activity.text.endswith("(cut: too long for one Teams message)")
    assert len(activity.text.encode()) < MAX_CARD_BYTES
