"""The cover page and the contents (a TOC field already filled with linked headings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from briefing.docmodel import BriefingDocument, Cover, Span
from briefing.exporters.docx.markup import field_char, instruction
from briefing.exporters.docx.tables import (
    cell,
    column_widths,
    end_table,
    start_row,
    start_table,
)
from briefing.exporters.docx.writer import BodyWriter

if TYPE_CHECKING:
    from docx.parts.document import DocumentPart

TOC_CODE = 'TOC \\o "1-2" \\h \\z \\u'
CONTENTS_LABEL = "Contents"
OBJECTIVES_LABEL = "Objectives"
LOGO_WIDTH_EMU = 45 * 36000  # 45 mm
COVER_LABEL_SHARE = 0.28


def write_cover(w: BodyWriter, document: BriefingDocument, part: DocumentPart,
                warnings: list[str]) -> None:
    """Marking (unless in the header), logo, title, subtitle, the cover details, objectives;
    then a new page."""
    cover = document.cover
    assert cover is not None
    # The header already carries the marking on every page; the cover repeats it in the
    # body only when the header does not.
    if document.marking and not document.style.marking_in_header:
        w.paragraph("marking", (Span(document.marking),))
    if cover.logo is not None:
        _logo(w, cover, part, warnings)
    w.paragraph("title", (Span(cover.title),))
    if cover.subtitle:
        w.paragraph("subtitle", (Span(cover.subtitle),))
    if cover.fields:
        _cover_fields(w, cover)
    if cover.objectives:
        w.paragraph("cover_heading", (Span(OBJECTIVES_LABEL),))
        num_id = w.numbering.restart("numbered")
        for objective in cover.objectives:
            w.paragraph("list_number", (Span(objective),), num_id=num_id)
    w.request_page_break()


def _cover_fields(w: BodyWriter, cover: Cover) -> None:
    """The cover details as a borderless two-column grid: label, value."""
    widths = column_widths(w.palette.text_width, (COVER_LABEL_SHARE, 1 - COVER_LABEL_SHARE), 2)
    start_table(w, widths, borders=False)
    for field in cover.fields:
        start_row(w)
        cell(w, widths[0], (Span(field.label),), bold=True, colour=w.palette.muted)
        cell(w, widths[1], (Span(field.value, href=field.href),))
        w.raw("</w:tr>")
    end_table(w)


def _logo(w: BodyWriter, cover: Cover, part: DocumentPart, warnings: list[str]) -> None:
    """The template's logo above the title; an unreadable logo is left out, with a warning."""
    try:
        inline = part.new_pic_inline(str(cover.logo), LOGO_WIDTH_EMU, None)
    except Exception as exc:  # python-docx raises many types for unreadable images
        warnings.append(f"{cover.logo}: logo left out of the Word file: {exc}")
        return
    drawing = etree.tostring(inline, encoding="unicode")
    w.paragraph("normal", after=f"<w:r><w:drawing>{drawing}</w:drawing></w:r>")


def write_contents(w: BodyWriter, document: BriefingDocument) -> None:
    """A TOC field whose result already lists the linked headings; Word adds page numbers."""
    w.paragraph("toc_heading", (Span(CONTENTS_LABEL),))
    headings = document.headings(2)
    begin = field_char("begin") + instruction(TOC_CODE) + field_char("separate")
    if not headings:
        w.paragraph("toc1", before=begin, after=field_char("end"))
    for index, heading in enumerate(headings):
        w.paragraph(
            "toc1" if heading.level <= 1 else "toc2",
            (Span(heading.text, href=f"#{heading.anchor}"),), link_style=False,
            before=begin if index == 0 else "",
            after=field_char("end") if index == len(headings) - 1 else "",
        )
    w.request_page_break()
