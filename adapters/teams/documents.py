"""Documents as Adaptive Cards 1.5 for Teams, built with ``adaptive-cards-py``'s typed models.

Paragraphs, lists, quotes and notes are ``RichTextBlock``s of ``TextRun``s (bold as a bolder
run, code as a monospace one), which Teams never reads as markdown; headings, facts and table
cells are ``TextBlock``s. Everywhere, ``<at>`` tags and mention tokens are removed and Markdown
link syntax is broken up, so a card can never ping anyone or carry a link. Images go in as
data URIs.

Teams refuses messages over 28 KB: a card that is too big goes without its images, and if it
is still too big the document is sent as markdown text, cut to fit.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from adaptive_cards import card as ac
from adaptive_cards.types import FontSize, FontType, FontWeight, Spacing
from botbuilder.schema import Activity

from adapters.teams.cards import CARD_VERSION, MAX_CARD_BYTES, card_activity, fits, text_activity
from exitbot.core.documents import (
    Block,
    BulletList,
    Document,
    Facts,
    Heading,
    Image,
    Note,
    Paragraph,
    Quote,
    Span,
    Style,
    Table,
    plain,
)
from exitbot.privacy.redaction import neutralize_mentions

CUT_NOTE = "(cut: too long for one Teams message)"
_AT_TAG = re.compile(r"</?\s*at\b[^>]*>", re.IGNORECASE)
_TEXT_BYTES = MAX_CARD_BYTES - 2048  # room for the rest of the activity around the text


def document_activity(document: Document) -> Activity:
    """The message that shows ``document``: its card, else the card without images, else
    markdown text (cut to Teams' size limit)."""
    for with_images in (True, False):
        card = document_card(document, with_images=with_images)
        if fits(card):
            return card_activity(card, summary=inert(document.title))
    return text_activity(document_markdown(document))


def document_card(document: Document, *, with_images: bool = True) -> dict[str, Any]:
    """The Adaptive Card (an attachment's ``content``) for ``document``."""
    body: list[Any] = []
    if document.title_shown and document.title.strip():
        body.append(
            ac.TextBlock(
                text=inert(document.title),
                size=FontSize.LARGE,
                weight=FontWeight.BOLDER,
                wrap=True,
            )
        )
    for block in document.blocks:
        if isinstance(block, Image) and not with_images:
            continue
        body += _elements(block)
    card = ac.AdaptiveCard.new().version(CARD_VERSION).add_items(body).create()
    content: dict[str, Any] = card.to_dict()
    return content


def document_markdown(document: Document) -> str:
    """``document`` as Teams markdown text, for when its card is too big; cut to fit."""
    lines: list[str] = [f"**{inert(document.title)}**"] if document.title_shown else []
    for block in document.blocks:
        lines += _markdown_lines(block)
    text = "\n\n".join(line for line in lines if line)
    return _cut_to_bytes(text, _TEXT_BYTES, f"\n\n{CUT_NOTE}")


def inert(text: str) -> str:
    """``text`` as Teams shows it as written: no ``<at>`` tag, no token any chat platform
    would turn into a ping, no ``[label](url)`` link."""
    return _unlinked(neutralize_mentions(_AT_TAG.sub("", text)))


def _inert_code(text: str) -> str:
    """A command as written (``start @user`` keeps its ``@``): still no tag and no link."""
    return _unlinked(_AT_TAG.sub("", text))


def _unlinked(text: str) -> str:
    return text.replace("](", "] (")


def _elements(block: Block) -> list[Any]:
    match block:
        case Heading(text):
            return [
                ac.TextBlock(
                    text=inert(text),
                    weight=FontWeight.BOLDER,
                    spacing=Spacing.MEDIUM,
                    wrap=True,
                )
            ]
        case Paragraph(runs):
            return _rich(_runs(runs))
        case BulletList(items):
            return [
                element
                for item in items
                for element in _rich([ac.TextRun(text="• "), *_runs(item)], Spacing.SMALL)
            ]
        case Quote(text):
            return _rich([ac.TextRun(text=f"“{inert(text)}”", italic=True)])
        case Note(runs):
            return _rich(_runs(runs, size=FontSize.SMALL, subtle=True))
        case Facts(items):
            return [
                ac.FactSet(
                    facts=[ac.Fact(title=inert(f.label), value=inert(f.value)) for f in items]
                )
            ]
        case Table():
            return [_table(block)]
        case Image(png, alt):
            data = base64.b64encode(png).decode("ascii")
            return [ac.Image(url=f"data:image/png;base64,{data}", alt_text=inert(alt))]
    return []


def _runs(
    runs: tuple[Span, ...], *, size: FontSize | None = None, subtle: bool | None = None
) -> list[ac.TextRun]:
    return [
        ac.TextRun(
            text=_inert_code(run.text) if run.style is Style.CODE else inert(run.text),
            weight=FontWeight.BOLDER if run.style is Style.BOLD else None,
            font_type=FontType.MONOSPACE if run.style is Style.CODE else None,
            size=size,
            is_subtle=subtle,
        )
        for run in runs
        if run.text
    ]


def _rich(inlines: list[ac.TextRun], spacing: Spacing | None = None) -> list[Any]:
    if not any(run.text.strip() for run in inlines):
        return []
    return [ac.RichTextBlock(inlines=list(inlines), spacing=spacing)]


def _table(table: Table) -> ac.Table:
    def row(cells: tuple[str, ...], header: bool = False) -> ac.TableRow:
        return ac.TableRow(
            cells=[
                ac.TableCell(
                    items=[
                        ac.TextBlock(
                            text=inert(cell),
                            weight=FontWeight.BOLDER if header else None,
                            wrap=True,
                        )
                    ]
                )
                for cell in cells
            ]
        )

    widths = [3, *([2] * (len(table.columns) - 1))]
    return ac.Table(
        columns=[ac.TableColumnDefinition(width=width) for width in widths],
        rows=[row(table.columns, header=True), *(row(cells) for cells in table.rows)],
        first_row_as_header=True,
        show_grid_lines=False,
    )


def _markdown_lines(block: Block) -> list[str]:
    match block:
        case Heading(text):
            return [f"**{inert(text)}**"]
        case Paragraph(runs):
            return [_markdown(runs)]
        case BulletList(items):
            return ["\n".join(f"- {_markdown(item)}" for item in items)]
        case Quote(text):
            return [f"> {inert(text)}"]
        case Note(runs):
            return [f"_{_markdown(runs)}_" if plain(runs).strip() else ""]
        case Facts(items):
            return [f"**{inert(f.label)}**: {inert(f.value)}" for f in items]
        case Table(columns, rows):
            return [" · ".join(inert(cell) for cell in row) for row in (columns, *rows)]
    return []


def _markdown(runs: tuple[Span, ...]) -> str:
    parts = []
    for run in runs:
        if run.style is Style.CODE:
            parts.append("`" + _inert_code(run.text).replace("`", "'") + "`")
        elif run.style is Style.BOLD:
            parts.append(f"**{inert(run.text)}**")
        else:
            parts.append(inert(run.text))
    return "".join(parts)


def _cut_to_bytes(text: str, limit: int, note: str) -> str:
    if len(text.encode("utf-8")) <= limit:
        return text
    room = limit - len(note.encode("utf-8"))
    cut = text.encode("utf-8")[:room].decode("utf-8", "ignore")
    return cut.rstrip() + note
