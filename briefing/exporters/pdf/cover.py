"""The cover page: marking, logo, title, subtitle, the meeting details table and objectives."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from briefing import docmodel as dm
from briefing.exporters.pdf import chunks
from briefing.exporters.pdf.markup import MarkupWriter, cell
from briefing.exporters.pdf.styles import RULE, SHADE, Palette

_MM = 72 / 25.4


def cover_flowables(cover: dm.Cover, marking: str | None, styles: dict[str, ParagraphStyle],
                    palette: Palette, markup: MarkupWriter, width: float) -> list[Flowable]:
    """Flowables of the cover page (the caller adds the page break after them).

    `marking` is given only when no header or footer shows it already; the logo, if any,
    was found readable when the document took it (`template_files.logo_problem`).
    """
    out: list[Flowable] = []
    if marking:
        out += markup.text_paragraphs(marking, styles["cover_marking"], bold=True)
    if cover.logo is not None:
        out += [_logo(cover.logo), Spacer(1, 10 * _MM)]
    else:
        out.append(Spacer(1, 25 * _MM))
    out += markup.text_paragraphs(chunks.title_text(cover.title), styles["cover_title"], bold=True)
    if cover.subtitle:
        out += markup.text_paragraphs(chunks.title_text(cover.subtitle), styles["cover_subtitle"])
    out.append(HRFlowable(width="100%", thickness=1.2, color=palette.accent,
                          spaceBefore=2, spaceAfter=14, hAlign="LEFT"))
    if cover.fields:
        out.append(_fields_table(cover.fields, styles, palette, markup, width))
    if cover.objectives:
        out.append(markup.paragraph(markup.text("Objectives", bold=True),
                                    styles["cover_heading"]))
        for n, text in enumerate(cover.objectives, start=1):
            out += markup.text_paragraphs(text, styles["numbered"], bullet=f"{n}.")
    return out


def _fields_table(fields: tuple[dm.CoverField, ...], styles: dict[str, ParagraphStyle],
                  palette: Palette, markup: MarkupWriter, width: float) -> Table:
    label_w = min(width * 0.3, 130.0)
    value_style = ParagraphStyle("cover_value", parent=styles["cell"],
                                 fontSize=palette.body_size, leading=palette.body_size * 1.35)
    label_style = ParagraphStyle("cover_label", parent=value_style, fontName=palette.body_bold,
                                 textColor=palette.heading)
    rows = [[cell(markup.text_paragraphs(f.label, label_style, bold=True)),
             cell(markup.inline_paragraphs((dm.Span(f.value, href=f.href),), value_style))]
            for f in fields]
    table = Table(rows, colWidths=(label_w, width - label_w), splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), palette.body_font),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 7),
    ]))
    return table


def _logo(path: Path) -> Flowable:
    """The logo at most 22 mm high and 70 mm wide."""
    image = Image(str(path))
    w, h = image.imageWidth, image.imageHeight
    scale = min(22 * _MM / h, 70 * _MM / w)
    image.drawWidth, image.drawHeight = w * scale, h * scale
    image.hAlign = "LEFT"
    return image
