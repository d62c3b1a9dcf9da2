"""Documents and replies as plain text for a terminal (``exitbot chat``, ``digest --dry-run``).

Bold is plain here; code keeps its backticks so a command stands out from the sentence around
it. Mention tokens are made inert and control characters dropped, so a quote can neither ping
anyone when pasted into a chat nor move the cursor or recolour the terminal.
"""

from __future__ import annotations

import re

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
    emphasis_runs,
    table_lines,
)
from exitbot.core.messages import Reply
from exitbot.privacy.redaction import neutralize_mentions

INDENT = "  "
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SEPARATE = (Heading, Facts, Note, Image)


def render_document(document: Document) -> str:
    """``document`` as text: its title, then its blocks. A blank line comes before each
    heading, set of facts, note or image; the text under a heading follows it line by line."""
    parts: list[list[str]] = [[_safe(document.title)]] if document.title_shown else []
    continues = False  # whether the last part takes the next lines (a heading's, a paragraph's)
    for block in document.blocks:
        lines = _lines(block)
        if continues and not isinstance(block, _SEPARATE):
            parts[-1].extend(lines)
        else:
            parts.append(lines)
        continues = not isinstance(block, _SEPARATE) or isinstance(block, Heading)
    return "\n\n".join("\n".join(lines) for lines in parts)


def render_reply(reply: Reply) -> str:
    """A reply's text with its ``*emphasis*`` as plain words."""
    return _runs(emphasis_runs(reply.text))


def _lines(block: Block) -> list[str]:
    match block:
        case Heading(text):
            return [_safe(text)]
        case Paragraph(runs):
            return _runs(runs).splitlines() or [""]
        case Facts(items):
            return [f"{_safe(fact.label)}: {_safe(fact.value)}" for fact in items]
        case BulletList(items):
            return [f"{INDENT}• {_runs(item)}" for item in items]
        case Table():
            return [INDENT + line for line in table_lines(_safe_table(block))]
        case Quote(text):
            return [f'{INDENT}"{line}"' for line in _safe(text).splitlines()]
        case Note(runs):
            return [f"({line})" for line in _runs(runs).splitlines()]
        case Image(alt=alt):
            return [f"[image: {_safe(alt)}]"]
    return []


def _runs(runs: tuple[Span, ...]) -> str:
    return "".join(
        f"`{_CONTROL.sub('', run.text)}`" if run.style is Style.CODE else _safe(run.text)
        for run in runs
    )


def _safe_table(table: Table) -> Table:
    return Table(
        tuple(_safe(cell) for cell in table.columns),
        tuple(tuple(_safe(cell) for cell in row) for row in table.rows),
    )


def _safe(text: str) -> str:
    return neutralize_mentions(_CONTROL.sub("", text))
