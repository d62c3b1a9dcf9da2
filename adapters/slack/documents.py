"""Documents as Block Kit, built with ``slack_sdk.models.blocks``: the title as a header,
facts as section fields, notes as context, everything else as mrkdwn sections.

Every text is escaped (``& < >``, Slack's own rule) after mention tokens are made inert, and
every mrkdwn object is sent ``verbatim`` so Slack does not turn bare channel names or URLs
into links: a quote or a department name can never ping or link anyone. Texts are cut to
Slack's limits (header 150 characters, section 3,000, field 2,000, 10 fields a section,
50 blocks a message), so a document is never rejected for its size. Images are not blocks
here: the outbound uploads them as files after the messages.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from adapters.slack.blocks import MAX_BLOCKS, SlackMessage
from adapters.slack.text import (
    FALLBACK_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    escape_mrkdwn,
    plain_label,
    split_text,
    truncate,
)
from exitbot.core.documents import (
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
    table_lines,
)
from exitbot.privacy.redaction import neutralize_mentions

MAX_HEADER_TEXT = 150
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
CUT_NOTE = "_(cut: too long for one Slack message)_"

BlockDict = dict[str, Any]


def render_document(document: Document, *, max_messages: int | None = None) -> list[SlackMessage]:
    """The messages that show ``document`` (more than one when it has over 50 blocks).

    With ``max_messages``, what does not fit is left out and a last note says so.
    """
    blocks = [block.to_dict() for block in _blocks(document)]
    if max_messages is not None and len(blocks) > MAX_BLOCKS * max_messages:
        blocks = [*blocks[: MAX_BLOCKS * max_messages - 1], _context(CUT_NOTE).to_dict()]
    chunks = [blocks[start : start + MAX_BLOCKS] for start in range(0, len(blocks), MAX_BLOCKS)]
    return [
        SlackMessage(_notification(document, chunk, continued=index > 0), chunk)
        for index, chunk in enumerate(chunks or [[]])
    ]


def images(document: Document) -> list[Image]:
    """The document's pictures, which Slack shows as uploaded files."""
    return [block for block in document.blocks if isinstance(block, Image)]


def mrkdwn(runs: tuple[Span, ...]) -> str:
    """Spans as escaped mrkdwn: ``*bold*`` and ``code``; nothing in them can ping or link."""
    return "".join(_run(run) for run in runs)


def _blocks(document: Document) -> list[Block]:
    blocks: list[Block] = []
    if document.title_shown and document.title.strip():
        header = truncate(plain_label(neutralize_mentions(document.title)), MAX_HEADER_TEXT)
        blocks.append(HeaderBlock(text=PlainTextObject(text=header, emoji=False)))
    sections = _Sections(blocks)
    for block in document.blocks:
        match block:
            case Heading(text):
                sections.start(f"*{_escaped(text)}*")
            case Paragraph(runs):
                sections.add(mrkdwn(runs))
            case BulletList(items):
                for item in items:
                    sections.add(f"• {mrkdwn(item)}")
            case Quote(text):
                for line in _escaped(text).splitlines() or [""]:
                    sections.add(f"> {line}")
            case Table():
                sections.add(_preformatted(block))
            case Facts(items):
                sections.close()
                fields = [
                    MarkdownTextObject(
                        text=truncate(
                            f"*{_escaped(fact.label)}*\n{_escaped(fact.value)}", MAX_FIELD_TEXT
                        ),
                        verbatim=True,
                    )
                    for fact in items
                ]
                for start in range(0, len(fields), MAX_FIELDS):
                    blocks.append(SectionBlock(fields=fields[start : start + MAX_FIELDS]))
            case Note(runs):
                sections.close()
                blocks.append(_context(mrkdwn(runs)))
            case Image():
                continue
    sections.close()
    return blocks


class _Sections:
    """Packs lines of mrkdwn into as few sections of at most 3,000 characters as it can;
    ``start`` begins a new section (a heading keeps what follows it together)."""

    def __init__(self, blocks: list[Block]) -> None:
        self._blocks = blocks
        self._text = ""

    def start(self, line: str) -> None:
        self.close()
        self.add(line)

    def add(self, line: str) -> None:
        joined = f"{self._text}\n{line}" if self._text else line
        if len(joined) <= SECTION_TEXT_LIMIT:
            self._text = joined
            return
        self.close()
        *full, self._text = split_text(line) or [""]
        for piece in full:
            self._append(piece)

    def close(self) -> None:
        if self._text.strip():
            self._append(self._text)
        self._text = ""

    def _append(self, text: str) -> None:
        self._blocks.append(SectionBlock(text=MarkdownTextObject(text=text, verbatim=True)))


def _run(run: Span) -> str:
    if run.style is Style.CODE:
        return _wrapped("`", escape_mrkdwn(run.text.replace("`", "'")))
    if run.style is Style.BOLD:
        return _wrapped("*", _escaped(run.text.replace("*", "")))
    return _escaped(run.text)


def _wrapped(mark: str, text: str) -> str:
    """``text`` between ``mark``s, with its outer spaces outside them (Slack ignores a mark
    next to a space)."""
    inner = text.strip()
    if not inner:
        return text
    start = text.index(inner)
    return f"{text[:start]}{mark}{inner}{mark}{text[start + len(inner) :]}"


def _preformatted(table: Table) -> str:
    """The table as a code block: aligned columns (laid out before escaping, which Slack
    undoes on display) and no backtick that could end the block early."""
    safe = Table(
        tuple(_cell(cell) for cell in table.columns),
        tuple(tuple(_cell(cell) for cell in row) for row in table.rows),
    )
    return "```\n" + escape_mrkdwn("\n".join(table_lines(safe))) + "\n```"


def _cell(text: str) -> str:
    return neutralize_mentions(text).replace("`", "'").replace("\n", " ")


def _context(text: str) -> ContextBlock:
    return ContextBlock(
        elements=[MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT), verbatim=True)]
    )


def _escaped(text: str) -> str:
    return escape_mrkdwn(neutralize_mentions(text))


def _notification(document: Document, blocks: list[BlockDict], *, continued: bool) -> str:
    """The ``text`` beside ``blocks``: the document's title when it shows one, else what the
    blocks say; cut to Slack's limit."""
    if document.title_shown and document.title.strip():
        title = plain_label(neutralize_mentions(document.title))
        return truncate(title + (" (continued)" if continued else ""), FALLBACK_TEXT_LIMIT)
    return _texts(blocks)


def _texts(blocks: list[BlockDict]) -> str:
    texts: list[str] = []
    for block in blocks:
        objects = [block.get("text"), *_list(block.get("fields")), *_list(block.get("elements"))]
        texts += [str(o["text"]) for o in objects if isinstance(o, dict) and o.get("text")]
    return truncate("\n\n".join(texts), FALLBACK_TEXT_LIMIT) or " "


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []
