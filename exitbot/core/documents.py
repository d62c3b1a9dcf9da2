"""Rich messages as neutral structures: what a digest or an HR answer says, not how it looks.

Producers (the digest, HR commands) build a ``Document`` from blocks; each adapter renders it
its own way (Slack Block Kit, a Teams Adaptive Card, plain text in the terminal). All text in
a document is plain text: no markup of any platform. Renderers escape it for theirs, so a
quote or a department name can never turn into a mention or a link. Emphasis and code are
``Span`` styles, never asterisks or backticks inside the text.

Documents travel through the outbox, so they round-trip through JSON (``to_json`` /
``document_from_json``).

Engine replies (``Reply.text``) are plain strings with one convention: ``*word*`` marks
emphasis. ``emphasis_runs`` is the one reader of that convention; every adapter renders a
reply from its spans.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Style(StrEnum):
    PLAIN = "plain"
    BOLD = "bold"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style."""

    text: str
    style: Style = Style.PLAIN


def bold(text: str) -> Span:
    return Span(text, Style.BOLD)


def code(text: str) -> Span:
    return Span(text, Style.CODE)


def spans(*parts: str | Span) -> tuple[Span, ...]:
    """Plain strings and styled spans, in order (empty strings are dropped)."""
    runs = (p if isinstance(p, Span) else Span(p) for p in parts)
    return tuple(run for run in runs if run.text)


def plain(runs: tuple[Span, ...]) -> str:
    """The text of ``runs`` without styles."""
    return "".join(run.text for run in runs)


_EMPHASIS = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")


def emphasis_runs(text: str) -> tuple[Span, ...]:
    """A reply's text as spans: each ``*word*`` a bold span without its asterisks.

    Asterisks that do not wrap a word (``2 * 3``, ``**``, ``a*b*c``) stay plain text.
    """
    runs: list[Span] = []
    position = 0
    for match in _EMPHASIS.finditer(text):
        runs.append(Span(text[position : match.start()]))
        runs.append(bold(match.group(1)))
        position = match.end()
    runs.append(Span(text[position:]))
    return tuple(run for run in runs if run.text)


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: tuple[Span, ...]

    @classmethod
    def of(cls, *parts: str | Span) -> Paragraph:
        return cls(spans(*parts))


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Facts:
    """Label / value pairs shown side by side where the platform can (Slack fields, FactSet)."""

    items: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[tuple[Span, ...], ...]


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells under column headings; renderers may cap the number of rows shown."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


MAX_TABLE_CELL = 30
_FIGURE = re.compile(r"^[+-]?[\d.,]+%?$|^n/a$")


def table_lines(table: Table, *, max_cell: int = MAX_TABLE_CELL) -> list[str]:
    """The table as lines of fixed-width text (for monospace output): headings first,
    figures right-aligned, cells longer than ``max_cell`` cut with an ellipsis."""
    rows = [tuple(_cut(cell, max_cell) for cell in row) for row in (table.columns, *table.rows)]
    count = len(table.columns)
    widths = [max((len(row[i]) for row in rows if i < len(row)), default=0) for i in range(count)]
    figures = [
        all(_FIGURE.match(row[i]) for row in rows[1:] if i < len(row)) and len(rows) > 1
        for i in range(count)
    ]
    lines = []
    for row in rows:
        cells = [
            (cell.rjust if figures[i] else cell.ljust)(widths[i])
            for i, cell in enumerate(row[:count])
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Quote:
    """Someone's words (already redacted by the producer)."""

    text: str


@dataclass(frozen=True, slots=True)
class Note:
    """Small print: how figures were made, what was left out."""

    runs: tuple[Span, ...]

    @classmethod
    def of(cls, *parts: str | Span) -> Note:
        return cls(spans(*parts))


@dataclass(frozen=True, slots=True)
class Image:
    """A picture (a chart); platforms that cannot show it leave it out."""

    png: bytes = field(repr=False)
    alt: str


Block = Heading | Paragraph | Facts | BulletList | Table | Quote | Note | Image


@dataclass(frozen=True, slots=True)
class Document:
    """A rich message. ``title`` is its notification text and, unless ``title_shown`` is
    False, its first line (a heading)."""

    title: str
    blocks: tuple[Block, ...] = ()
    title_shown: bool = True

    @classmethod
    def message(cls, *parts: str | Span) -> Document:
        """A short answer: one paragraph, whose plain text is also the notification text."""
        runs = spans(*parts)
        return cls(plain(runs), (Paragraph(runs),), title_shown=False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "blocks": [_block_to_json(b) for b in self.blocks],
        }
        if not self.title_shown:
            data["title_shown"] = False
        return data


def document_from_json(data: dict[str, Any]) -> Document:
    return Document(
        title=str(data["title"]),
        blocks=tuple(_block_from_json(b) for b in data["blocks"]),
        title_shown=bool(data.get("title_shown", True)),
    )


def _runs_to_json(runs: tuple[Span, ...]) -> list[list[str]]:
    return [[run.text, run.style.value] for run in runs]


def _runs_from_json(data: list[list[str]]) -> tuple[Span, ...]:
    return tuple(Span(text, Style(style)) for text, style in data)


def _block_to_json(block: Block) -> dict[str, Any]:
    match block:
        case Heading(text):
            return {"type": "heading", "text": text}
        case Paragraph(runs):
            return {"type": "paragraph", "runs": _runs_to_json(runs)}
        case Facts(items):
            return {"type": "facts", "items": [[f.label, f.value] for f in items]}
        case BulletList(items):
            return {"type": "bullets", "items": [_runs_to_json(item) for item in items]}
        case Table(columns, rows):
            return {"type": "table", "columns": list(columns), "rows": [list(r) for r in rows]}
        case Quote(text):
            return {"type": "quote", "text": text}
        case Note(runs):
            return {"type": "note", "runs": _runs_to_json(runs)}
        case Image(png, alt):
            return {"type": "image", "png": base64.b64encode(png).decode("ascii"), "alt": alt}
    raise TypeError(f"not a document block: {block!r}")


def _block_from_json(data: dict[str, Any]) -> Block:
    kind = data["type"]
    if kind == "heading":
        return Heading(data["text"])
    if kind == "paragraph":
        return Paragraph(_runs_from_json(data["runs"]))
    if kind == "facts":
        return Facts(tuple(Fact(label, value) for label, value in data["items"]))
    if kind == "bullets":
        return BulletList(tuple(_runs_from_json(item) for item in data["items"]))
    if kind == "table":
        return Table(tuple(data["columns"]), tuple(tuple(row) for row in data["rows"]))
    if kind == "quote":
        return Quote(data["text"])
    if kind == "note":
        return Note(_runs_from_json(data["runs"]))
    if kind == "image":
        return Image(base64.b64decode(data["png"]), data["alt"])
    raise ValueError(f"unknown document block type {kind!r}")
