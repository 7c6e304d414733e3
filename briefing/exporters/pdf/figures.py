"""A photo in the PDF: alone, or beside its short paragraphs in a borderless two-column table."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Table, TableStyle

from briefing import docmodel as dm
from briefing.exporters.pdf.markup import MarkupWriter

GAP = 4 * mm  # between the photo and the text beside it


def figure_flowables(block: dm.Figure, markup: MarkupWriter, styles: dict,
                     frame_width: float, space_after: float) -> list[Flowable]:
    """The photo `width_mm` wide (height kept in proportion), the paragraphs to its right."""
    width = min(block.width_mm * mm, frame_width / 2)
    image_width, image_height = ImageReader(io.BytesIO(block.image)).getSize()
    photo = Image(io.BytesIO(block.image), width=width, height=width * image_height / image_width)
    photo.hAlign = "LEFT"
    if not block.beside:
        return [photo]
    text: list[Flowable] = []
    for paragraph in block.beside:
        text += markup.inline_paragraphs(paragraph.spans, styles.get(paragraph.role, styles["body"]))
    table = Table([[photo, text]], colWidths=(width + GAP, frame_width - width - GAP),
                  hAlign="LEFT", spaceAfter=space_after)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), GAP),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table]
