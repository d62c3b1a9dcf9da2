"""The digest as a neutral document (what each platform renders), and its chart."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from exitbot.core.documents import (
    BulletList,
    Facts,
    Heading,
    Image,
    Note,
    Paragraph,
    Quote,
    Table,
    document_from_json,
    plain,
)
from exitbot.digest.chart import render_chart
from exitbot.digest.document import FOLDING_NOTE, digest_document
from tests.digest.samples import HOSTILE_QUOTE, sample_digest

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_document_holds_every_figure_in_its_own_block() -> None:
    document = digest_document(sample_digest(), BERLIN)
    assert document.title == "ExitBot digest: 2026-10-26 to 2026-11-02 09:00 CET"
    assert document.title_shown
    facts = next(b for b in document.blocks if isinstance(b, Facts))
    assert [(f.label, f.value) for f in facts.items] == [
        ("Completed", "7"),
        ("In progress", "2"),
        ("Declined", "1"),
        ("Expired", "1"),
        ("New invitations", "9"),
        ("Participation", "78% (7 of 9 that ended)"),
        ("Average sentiment", "-0.21 (-0.16 vs previous period)"),
        ("eNPS", "-14 (7 responses)"),
    ]
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert headings == [
        "Top reasons",
        "Top themes",
        "In their words",
        "By department",
        "Stalled interviews",
    ]
    lists = [
        [plain(item) for item in b.items] for b in document.blocks if isinstance(b, BulletList)
    ]
    assert lists[0] == ["compensation: 4", "career growth: 2"]
    assert lists[-1] == ["#100 Anonymous, Sales: paused, idle 3.5 days"]
    table = next(b for b in document.blocks if isinstance(b, Table))
    assert table.columns == ("Department", "Completed", "Sentiment", "eNPS")
    assert table.rows[0] == ("Dept <0> & co", "5", "-0.20", "+10")
    assert document.blocks[-1] == Note.of(FOLDING_NOTE)


def test_employee_text_goes_in_as_written_for_the_renderers_to_escape() -> None:
    document = digest_document(sample_digest(), BERLIN)
    assert [b.text for b in document.blocks if isinstance(b, Quote)] == [HOSTILE_QUOTE]


def test_more_than_twenty_departments_are_cut_with_a_count() -> None:
    document = digest_document(sample_digest(departments=60), BERLIN)
    table = next(b for b in document.blocks if isinstance(b, Table))
    assert len(table.rows) == 20
    following = document.blocks[document.blocks.index(table) + 1]
    assert following == Paragraph.of("…and 40 more departments")


def test_the_chart_is_an_image_block_and_the_document_survives_json() -> None:
    without = digest_document(sample_digest(), BERLIN)
    document = digest_document(sample_digest(), BERLIN, b"\x89PNG-chart")
    assert not any(isinstance(b, Image) for b in without.blocks)
    [image] = [b for b in document.blocks if isinstance(b, Image)]
    assert image.png == b"\x89PNG-chart" and image.alt
    assert document_from_json(document.to_json()) == document
    assert document_from_json(without.to_json()) == without


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
