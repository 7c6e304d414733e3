"""Render each BriefingDocument block into the Word body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from briefing.docmodel import (
    Block,
    BulletList,
    FactTable,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    QuoteBlock,
    SourceList,
    Span,
    Table,
)
from briefing.exporters.docx.figures import write_figure
from briefing.exporters.docx.tables import write_fact_table, write_table
from briefing.exporters.docx.writer import BodyWriter

PARAGRAPH_STYLES = {"body": "normal", "intro": "intro", "note": "note", "meta": "caption",
                    "lead": "lead", "title": "title"}
ATTRIBUTION_DASH = "\u2014 "  # as in the PDF: "— Speaker, role, ..."
LIST_STYLES = {"bullet": "list_bullet", "numbered": "list_number", "lines": "line",
               "defensive": "defensive"}


def write_heading(w: BodyWriter, block: Heading, *, section_breaks: bool) -> None:
    """A heading in Heading 1-3, bookmarked with its anchor so links and the contents reach it."""
    level = min(max(block.level, 1), 3)
    if section_breaks and level == 1:
        w.request_page_break()
    w.paragraph(f"h{level}", (Span(block.text),), anchor=block.anchor)


def write_paragraph(w: BodyWriter, block: Paragraph) -> None:
    """A paragraph in the style of its role."""
    w.paragraph(PARAGRAPH_STYLES.get(block.role, "normal"), block.spans)


def write_list(w: BodyWriter, block: BulletList) -> None:
    """A list; numbered lists restart at 1, defensive lines have their own look."""
    role = block.role if block.role in LIST_STYLES else "bullet"
    num_id = w.numbering.restart(role)
    style = LIST_STYLES[role]
    for item in block.items:
        w.paragraph(style, item, num_id=num_id)


def write_quote(w: BodyWriter, block: QuoteBlock) -> None:
    """The quote set apart, its translation, then one attribution line, kept together."""
    w.paragraph("quote", (Span(block.text),), keep_next=True)
    if block.translation:
        w.paragraph("translation", (Span(block.translation),), keep_next=True)
    if block.attribution:
        w.paragraph("attribution", (Span(ATTRIBUTION_DASH), Span(block.attribution, href=block.speaker_href)))


def write_sources(w: BodyWriter, block: SourceList) -> None:
    """Numbered sources '[n] ...', each bookmarked so '[n]' references in the text link here."""
    for entry in block.entries:
        spans = (Span(f"[{entry.number}]"), Span("\t"), *entry.spans)
        w.paragraph("source", spans, anchor=entry.anchor)


def write_page_break(w: BodyWriter, block: PageBreak) -> None:
    """Start what follows on a new page."""
    w.request_page_break()


# Each writer takes its own block type; the table is looked up by that type, so Any here.
_WRITERS: dict[type, Callable[[BodyWriter, Any], None]] = {
    Paragraph: write_paragraph,
    BulletList: write_list,
    FactTable: write_fact_table,
    Table: write_table,
    QuoteBlock: write_quote,
    Figure: write_figure,
    SourceList: write_sources,
    PageBreak: write_page_break,
}


def write_block(w: BodyWriter, block: Block, *, section_breaks: bool) -> None:
    """Render one block; unknown block types are a programming error, not user input."""
    if isinstance(block, Heading):
        write_heading(w, block, section_breaks=section_breaks)
        return
    _WRITERS[type(block)](w, block)
