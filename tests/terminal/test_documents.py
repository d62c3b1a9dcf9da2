"""Documents and replies as terminal text: readable, inert, free of control characters."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from adapters.terminal.documents import render_document, render_reply
from exitbot.core.documents import Document, Heading, Note, Paragraph, Quote, bold, code
from exitbot.core.messages import Reply
from exitbot.digest.document import digest_document
from tests.digest.samples import sample_digest

BERLIN = ZoneInfo("Europe/Berlin")


def test_digest_text_has_the_figures_and_neutralizes_mentions() -> None:
    text = render_document(digest_document(sample_digest(), BERLIN))
    assert text.startswith("ExitBot digest: 2026-10-26 to 2026-11-02 09:00 CET\n\nCompleted: 7\n")
    assert "<!channel>" not in text and "<@U999" not in text and "@here" not in text
    assert "\n\nTop reasons\n  • compensation: 4\n  • career growth: 2\n\n" in text
    assert "\n  Department     Completed  Sentiment  eNPS\n" in text
    assert "\n  Dept <0> & co          5      -0.20   +10\n" in text, "figures right-aligned"


def test_layout_of_headings_paragraphs_quotes_and_notes() -> None:
    document = Document(
        "Interview #3",
        (
            Paragraph.of("Status: ", bold("completed")),
            Note.of("Say ", code("list"), " for the ids."),
            Heading("Quotes"),
            Quote("The pay\nwas low"),
            Paragraph.of("Employee: bye\x1b[2J"),
        ),
    )
    assert render_document(document) == (
        "Interview #3\n\n"
        "Status: completed\n\n"
        "(Say `list` for the ids.)\n\n"
        "Quotes\n"
        '  "The pay"\n'
        '  "was low"\n'
        "Employee: bye[2J"
    )
    assert render_document(Document.message("Done.")) == "Done."


def test_reply_emphasis_is_plain_words() -> None:
    assert render_reply(Reply("Say *yes* or *no* (2 * 3).")) == "Say yes or no (2 * 3)."
