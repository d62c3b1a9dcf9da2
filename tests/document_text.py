"""Reading a neutral Document back as lines of plain text, and picking out its styled spans,
so tests can assert on an answer's wording without any platform's rendering."""

from __future__ import annotations

from exitbot.core.documents import (
    Block,
    BulletList,
    Document,
    Facts,
    Heading,
    Note,
    Paragraph,
    Quote,
    Span,
    Style,
    Table,
)


def document_lines(document: Document) -> list[str]:
    """The title (when shown), then one line per heading, paragraph line, fact
    (``label: value``), list item, quote line, note and table row (cells joined by `` | ``)."""
    lines = [document.title] if document.title_shown else []
    for block in document.blocks:
        lines += _lines(block)
    return lines


def document_text(document: Document) -> str:
    return "\n".join(document_lines(document))


def styled(document: Document, style: Style) -> list[str]:
    """The texts of every span in ``style``, in order."""
    return [run.text for runs in _all_runs(document) for run in runs if run.style is style]


def _lines(block: Block) -> list[str]:
    match block:
        case Heading(text):
            return [text]
        case Paragraph(runs) | Note(runs):
            return _plain(runs).split("\n")
        case Facts(items):
            return [f"{fact.label}: {fact.value}" for fact in items]
        case BulletList(items):
            return [_plain(item) for item in items]
        case Quote(text):
            return text.split("\n")
        case Table(columns, rows):
            return [" | ".join(row) for row in (columns, *rows)]
    return []


def _all_runs(document: Document) -> list[tuple[Span, ...]]:
    runs: list[tuple[Span, ...]] = []
    for block in document.blocks:
        match block:
            case Paragraph(found) | Note(found):
                runs.append(found)
            case BulletList(items):
                runs += items
    return runs


def _plain(runs: tuple[Span, ...]) -> str:
    return "".join(run.text for run in runs)
