"""Documents as Block Kit: the digest's figures and dates, escaping, Slack's size limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from adapters.slack.documents import images, render_document
from exitbot.core.documents import (
    BulletList,
    Document,
    Fact,
    Facts,
    Heading,
    Note,
    Paragraph,
    bold,
    code,
    spans,
)
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


def digest_blocks(**changes: Any) -> list[dict[str, Any]]:
    [message] = render_document(digest_document(sample_digest(**changes), BERLIN))
    return message.blocks


def test_digest_blocks_carry_the_figures_and_dates_in_the_timezone() -> None:
    [message] = render_document(digest_document(sample_digest(), BERLIN))
    blocks = message.blocks
    text = "\n".join(strings(blocks))
    assert blocks[0]["type"] == "header"
    assert "2026-10-26 to 2026-11-02 09:00 CET" in blocks[0]["text"]["text"]
    assert message.text == "ExitBot digest: 2026-10-26 to 2026-11-02 09:00 CET"
    for figure in ("*Completed*\n7", "*In progress*\n2", "*Declined*\n1", "*Expired*\n1"):
        assert figure in text
    assert "compensation: 4" in text and "career growth: 2" in text
    assert "-0.21 (-0.16 vs previous period)" in text
    assert "-14 (7 responses)" in text and "78%" in text
    assert "#100 Anonymous, Sales: paused, idle 3.5 days" in text
    assert blocks[-1]["type"] == "context" and "folded into “other”" in text


def test_digest_blocks_escape_employee_text_so_nothing_pings_or_links() -> None:
    blocks = digest_blocks()
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


def test_digest_blocks_stay_within_slack_limits_for_a_huge_digest() -> None:
    digest = sample_digest(
        quotes=["word " * 48] * 3, departments=60, themes=["t" * 290] * 5, stalled=10
    )
    messages = render_document(digest_document(digest, BERLIN))
    blocks = [block for message in messages for block in message.blocks]
    assert all(len(message.blocks) <= 50 for message in messages)
    assert len(blocks[0]["text"]["text"]) <= 150
    for block in blocks:
        if "text" in block and block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        assert len(block.get("fields", [])) <= 10
    table = next(b for b in blocks if "By department" in b.get("text", {}).get("text", ""))
    assert "…and 40 more departments" in table["text"]["text"]
    assert table["text"]["text"].count("\n") <= 25, "at most 20 departments are listed"


def test_the_chart_is_not_a_block_but_an_image_to_upload() -> None:
    document = digest_document(sample_digest(), BERLIN, b"\x89PNG-chart")
    [message] = render_document(document)
    assert all(block["type"] != "image" for block in message.blocks)
    assert [image.png for image in images(document)] == [b"\x89PNG-chart"]


def test_spans_become_mrkdwn_and_commands_keep_their_words() -> None:
    document = Document(
        "Help <!here>",
        (
            Paragraph.of(bold("5 interviews"), " match ", code("start @user <x>"), "."),
            BulletList((spans("item <@U1> & ", bold(" spaced ")),)),
            Facts((Fact("Status", "done <!here>"),)),
            Note.of("say ", code("help")),
        ),
    )
    [message] = render_document(document)
    header, section, fields, context = message.blocks
    assert header["text"] == {"type": "plain_text", "text": "Help [mention]", "emoji": False}
    assert section["text"]["text"] == (
        "*5 interviews* match `start @user &lt;x&gt;`.\n• item [mention] &amp;  *spaced* "
    )
    assert fields["fields"][0]["text"] == "*Status*\ndone [mention]"
    assert context["elements"][0]["text"] == "say `help`"


def test_an_untitled_document_notifies_with_what_it_says() -> None:
    [message] = render_document(Document.message("Invited ", bold("Dana"), "."))
    assert message.text == "Invited *Dana*."
    assert [block["type"] for block in message.blocks] == ["section"]


def test_a_long_document_spreads_over_messages_and_is_capped_with_a_note() -> None:
    paragraphs = tuple(Paragraph.of(f"{i}: " + "x" * 2900) for i in range(400))
    document = Document("Transcript", (Heading("Lines"), *paragraphs))
    uncapped = render_document(document)
    capped = render_document(document, max_messages=5)
    assert len(uncapped) == 9 and all(len(m.blocks) <= 50 for m in uncapped)
    assert [m.text for m in uncapped[:2]] == ["Transcript", "Transcript (continued)"]
    assert len(capped) == 5 and all(len(m.blocks) == 50 for m in capped)
    assert capped[-1].blocks[-1]["elements"][0]["text"].endswith("too long for one Slack message)_")
    sections = [b["text"]["text"] for m in uncapped for b in m.blocks if b["type"] == "section"]
    assert all(len(text) <= 3000 for text in sections)
    assert sum(text.count("x" * 2900) for text in sections) == 400, "nothing lost uncapped"
