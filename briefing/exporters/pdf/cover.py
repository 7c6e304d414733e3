"""The cover page: marking, logo, title, subtitle, the meeting details table and objectives."""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from briefing import docmodel as dm
from briefing.exporters.pdf.markup import MarkupWriter
from briefing.exporters.pdf.styles import RULE, SHADE, Palette

_MM = 72 / 25.4
# reportlab starts an image's error with a line break and "fileName=... identity=[...]";
# the warning names the file already, so only the reason is kept.
_READER_PREFIX = re.compile(r"^\s*fileName=.*? identity=\[[^\]]*\]\s*")


def cover_flowables(cover: dm.Cover, marking: str | None, styles: dict[str, ParagraphStyle],
                    palette: Palette, markup: MarkupWriter, width: float,
                    warnings: list[str]) -> list[Flowable]:
    """Flowables of the cover page (the caller adds the page break after them).

    `marking` is given only when no header or footer shows it already.
    """
    out: list[Flowable] = []
    if marking:
        out.append(markup.paragraph(markup.text(marking, bold=True), styles["cover_marking"]))
    logo = _logo(cover.logo, warnings)
    if logo is not None:
        out += [logo, Spacer(1, 10 * _MM)]
    else:
        out.append(Spacer(1, 25 * _MM))
    out.append(markup.paragraph(markup.text(cover.title, bold=True), styles["cover_title"]))
    if cover.subtitle:
        out.append(markup.paragraph(markup.text(cover.subtitle), styles["cover_subtitle"]))
    out.append(HRFlowable(width="100%", thickness=1.2, color=palette.accent,
                          spaceBefore=2, spaceAfter=14, hAlign="LEFT"))
    if cover.fields:
        out.append(_fields_table(cover.fields, styles, palette, markup, width))
    if cover.objectives:
        out.append(markup.paragraph(markup.text("Objectives", bold=True),
                                    styles["cover_heading"]))
        out += [markup.paragraph(markup.text(text), styles["numbered"], bullet=f"{n}.")
                for n, text in enumerate(cover.objectives, start=1)]
    return out


def _fields_table(fields: tuple[dm.CoverField, ...], styles: dict[str, ParagraphStyle],
                  palette: Palette, markup: MarkupWriter, width: float) -> Table:
    label_w = min(width * 0.3, 130.0)
    value_style = ParagraphStyle("cover_value", parent=styles["cell"],
                                 fontSize=palette.body_size, leading=palette.body_size * 1.35)
    label_style = ParagraphStyle("cover_label", parent=value_style, fontName=palette.body_bold,
                                 textColor=palette.heading)
    rows = [[markup.paragraph(markup.text(f.label, bold=True), label_style),
             markup.paragraph(markup.inline((dm.Span(f.value, href=f.href),)), value_style)]
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


def _logo(path: object, warnings: list[str]) -> Flowable | None:
    """The logo at most 22 mm high and 70 mm wide, or None (with a warning) if unreadable."""
    if path is None:
        return None
    try:
        image = Image(str(path))
        w, h = image.imageWidth, image.imageHeight
        scale = min(22 * _MM / h, 70 * _MM / w)
        image.drawWidth, image.drawHeight = w * scale, h * scale
        image.hAlign = "LEFT"
        return image
    except Exception as exc:
        reason = " ".join(_READER_PREFIX.sub("", str(exc)).split())  # one line
        warnings.append(f"{path}: logo left out, it cannot be read ({reason})")
        return None
