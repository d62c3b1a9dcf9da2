"""Block Kit, Adaptive Card, text and chart renderings of one digest: safe and within limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from exitbot.digest.blocks import digest_to_blocks
from exitbot.digest.card import MAX_CARD_BYTES, digest_to_card
from exitbot.digest.chart import render_chart
from exitbot.digest.text import render_headline, render_text
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


def test_blocks_carry_the_figures_and_dates_in_the_timezone() -> None:
    blocks = digest_to_blocks(sample_digest(), BERLIN)
    text = "\n".join(strings(blocks))
    assert blocks[0]["type"] == "header"
    assert "2026-10-26 to 2026-11-02 09:00 CET" in blocks[0]["text"]["text"]
    for figure in ("*Completed*\n7", "*In progress*\n2", "*Declined*\n1", "*Expired*\n1"):
        assert figure in text
    assert "compensation: 4" in text and "career growth: 2" in text
    assert "-0.21 (-0.16 vs previous period)" in text
    assert "-14 (7 responses)" in text and "78%" in text
    assert "#100 Anonymous, Sales: paused, idle 3.5 days" in text


def test_blocks_escape_employee_text_so_nothing_pings_or_links() -> None:
    blocks = digest_to_blocks(sample_digest(), BERLIN)
    for value in strings(blocks):
        for ping in PINGS:
            assert ping not in value, (ping, value)
        unquoted = "\n".join(line.removeprefix("> ") for line in value.splitlines())
        assert "<" not in unquoted and ">" not in unquoted, value
    quote_block = next(b for b in blocks if "In their words" in b.get("text", {}).get("text", ""))
    assert (
        "&amp;" in quote_block["text"]["text"]
        and "&lt;b&gt;bad&lt;/b&gt;" in (quote_block["text"]["text"])
    )
    assert all(
        obj.get("verbatim") is True
        for b in blocks
        for obj in [b.get("text", {}), *b.get("fields", []), *b.get("elements", [])]
        if obj.get("type") == "mrkdwn"
    )


def test_blocks_stay_within_slack_limits_for_a_huge_digest() -> None:
    digest = sample_digest(
        quotes=["word " * 48] * 3, departments=60, themes=["t" * 290] * 5, stalled=10
    )
    blocks = digest_to_blocks(digest, BERLIN)
    assert len(blocks) <= 50
    assert len(blocks[0]["text"]["text"]) <= 150
    for block in blocks:
        if "text" in block and block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        assert len(block.get("fields", [])) <= 10
    table = next(b for b in blocks if "By department" in b.get("text", {}).get("text", ""))
    assert "…and 40 more departments" in table["text"]["text"]


def test_card_is_adaptive_card_1_5_without_mentions_and_under_28_kb() -> None:
    card = digest_to_card(sample_digest(), BERLIN)
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    values = list(strings(card))
    assert any(v == "compensation" for v in values)
    for value in values:
        for ping in PINGS:
            assert ping not in value, (ping, value)
        assert "](" not in value
    huge = sample_digest(quotes=["word " * 48] * 3, departments=60, themes=["t" * 290] * 5)
    assert len(json.dumps(digest_to_card(huge, BERLIN)).encode()) < MAX_CARD_BYTES


def test_text_and_headline_neutralize_mentions() -> None:
    text = render_text(sample_digest(), BERLIN)
    assert "<!channel>" not in text and "<@U999" not in text and "@here" not in text
    assert "Completed: 7" in text
    headline = render_headline(sample_digest(), BERLIN)
    assert headline.startswith("ExitBot digest 2026-10-26 to 2026-11-02") and "7 completed" in (
        headline
    )


def test_chart_is_a_png_and_absent_when_there_is_nothing_to_plot() -> None:
    png = render_chart(sample_digest(), BERLIN)
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    empty = sample_digest()
    empty = type(empty)(
        **{
            **{f: getattr(empty, f) for f in empty.__dataclass_fields__},
            "top_reasons": [],
            "sentiment_trend": [],
        }
    )
    assert render_chart(empty, BERLIN) is None
