"""A photo in the Word body: alone, or in a borderless two-column table with text beside it."""

from __future__ import annotations

import io

from docx.parts.story import StoryPart
from lxml import etree

from briefing.docmodel import Figure
from briefing.exporters.docx.tables import column_widths, end_table, start_row, start_table
from briefing.exporters.docx.writer import BodyWriter

EMU_PER_MM = 36000
TWIPS_PER_MM = 1440 / 25.4
CELL_SIDE_MARGINS = 170  # twips: the left and right cell margins of the briefing table style
# Drawing ids must be unique in the document; python-docx's next id only sees the part's
# element tree, not this writer's markup, so each figure takes one from its place in it.
_FIRST_ID = 1000
PARAGRAPH_STYLES = {"body": "normal", "meta": "caption", "note": "note"}


def picture_run(w: BodyWriter, block: Figure) -> str:
    """A run holding the photo `width_mm` wide, its alt text (`descr`) the figure's `alt`."""
    part = w.links.part
    assert isinstance(part, StoryPart)  # the document part, which holds the body
    inline = part.new_pic_inline(io.BytesIO(block.image), int(block.width_mm * EMU_PER_MM), None)
    inline.docPr.set("id", str(_FIRST_ID + len(w.out)))
    inline.docPr.set("descr", block.alt)
    inline.docPr.set("name", block.alt)
    return f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"


def write_figure(w: BodyWriter, block: Figure) -> None:
    """The photo; with text beside it, a borderless table: photo left, paragraphs right."""
    picture = picture_run(w, block)
    if not block.beside:
        w.paragraph("normal", after=picture)
        return
    photo_width = int(block.width_mm * TWIPS_PER_MM) + CELL_SIDE_MARGINS
    share = min(photo_width / w.palette.text_width, 0.5)
    widths = column_widths(w.palette.text_width, (share, 1 - share), 2)
    start_table(w, widths, borders=False)
    start_row(w)
    w.raw(f'<w:tc><w:tcPr><w:tcW w:w="{widths[0]}" w:type="dxa"/></w:tcPr>')
    w.paragraph("table_text", cell=True, after=picture)
    w.raw(f'</w:tc><w:tc><w:tcPr><w:tcW w:w="{widths[1]}" w:type="dxa"/></w:tcPr>')
    for paragraph in block.beside:
        w.paragraph(PARAGRAPH_STYLES.get(paragraph.role, "normal"), paragraph.spans, cell=True)
    w.raw("</w:tc></w:tr>")
    end_table(w)
