"""The neutral document vocabulary: reply emphasis, monospace tables, short answers, JSON."""

from __future__ import annotations

import pytest

from exitbot.core.documents import (
    Document,
    Paragraph,
    Span,
    Table,
    bold,
    code,
    document_from_json,
    emphasis_runs,
    table_lines,
)


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("Say *yes* or *no*.", (Span("Say "), bold("yes"), Span(" or "), bold("no"), Span("."))),
        ("*delete my data*", (bold("delete my data"),)),
        ("2 * 3 * 4", (Span("2 * 3 * 4"),)),
        ("a*b*c and **double**", (Span("a*b*c and **double**"),)),
        ("* not * and *open", (Span("* not * and *open"),)),
        ("*two\nlines*", (Span("*two\nlines*"),)),
        ("", ()),
    ],
)
def test_emphasis_runs_read_the_reply_convention(text: str, runs: tuple[Span, ...]) -> None:
    assert emphasis_runs(text) == runs


def test_table_lines_align_words_left_and_figures_right_and_cut_long_cells() -> None:
    table = Table(
        ("Department", "Completed", "eNPS"),
        (("Engineering", "12", "+10"), ("x" * 40, "5", "n/a")),
    )
    assert table_lines(table) == [
        "Department                      Completed  eNPS",
        "Engineering                            12   +10",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…          5   n/a",
    ]


def test_a_short_answer_is_an_untitled_paragraph_notified_by_its_text() -> None:
    document = Document.message("Run ", code("digest here"), " first.")
    assert document.title == "Run digest here first."
    assert not document.title_shown
    assert document.blocks == (Paragraph.of("Run ", code("digest here"), " first."),)


def test_documents_round_trip_through_json_with_and_without_a_shown_title() -> None:
    answer = Document.message(bold("5"), " match.")
    titled = Document("Digest", (Paragraph.of("hi"),))
    assert document_from_json(answer.to_json()) == answer
    assert document_from_json(titled.to_json()) == titled
    assert "title_shown" not in titled.to_json(), "documents stored before keep their shape"
