"""Tables: the 'at a glance' fact table, data tables with a repeating header, the cover grid."""

from __future__ import annotations

from collections.abc import Sequence

from briefing.docmodel import FactTable, Inline, Span, Table
from briefing.exporters.docx.markup import esc_attr
from briefing.exporters.docx.writer import BodyWriter

# Rows longer than this may be taller than a page; Word clips such rows if they cannot split.
_KEEP_ROW_CHARS = 600
FACT_LABEL_SHARE = 0.3
_CELL_MARGINS = ('<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
                 '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>')
_LOOK = ('<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
         'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')


def column_widths(total: int, weights: Sequence[float] | None, count: int) -> list[int]:
    """Split `total` twips over `count` columns in proportion to `weights` (equal if unusable)."""
    shares = [1.0] * count
    if weights is not None and len(weights) == count and all(w > 0 for w in weights):
        shares = list(weights)
    scale = total / sum(shares)
    widths = [int(share * scale) for share in shares]
    widths[-1] += total - sum(widths)  # rounding leftovers go to the last column
    return widths


def _borders(rule: str | None) -> str:
    """Table borders set directly as well as in the style: LibreOffice may ignore the style's."""
    sides = []
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if rule and side in ("top", "bottom", "insideH"):
            sides.append(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{rule}"/>')
        else:
            sides.append(f'<w:{side} w:val="nil"/>')
    return f"<w:tblBorders>{''.join(sides)}</w:tblBorders>"


def start_table(w: BodyWriter, widths: list[int], *, borders: bool = True) -> None:
    """Open a fixed-layout w:tbl in the briefing table style with the given column widths."""
    w.before_table()
    style = esc_attr(w.styles.id("table"))
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    w.raw(f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
          f'{_borders(w.palette.rule if borders else None)}<w:tblLayout w:type="fixed"/>'
          f'{_CELL_MARGINS}{_LOOK}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>')


def end_table(w: BodyWriter) -> None:
    """Close the table opened by `start_table`."""
    w.raw("</w:tbl>")


def start_row(w: BodyWriter, *, header: bool = False, keep: bool = True) -> None:
    """Open a row; a header row repeats on every page, a short row never splits."""
    props = ("<w:cantSplit/>" if keep else "") + ("<w:tblHeader/>" if header else "")
    w.raw(f"<w:tr><w:trPr>{props}</w:trPr>" if props else "<w:tr>")


def cell(w: BodyWriter, width: int, spans: Inline, *, fill: str | None = None,
         bold: bool = False, colour: str | None = None, keep_next: bool = False) -> None:
    """A cell of `width` twips holding one paragraph of `spans`, optionally shaded;
    `keep_next` keeps its row on the page of the next row (or of what follows the table)."""
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    w.raw(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>')
    w.paragraph("table_text", spans, cell=True, bold=bold, colour=colour, keep_next=keep_next)
    w.raw("</w:tc>")


def _row_chars(cells: Sequence[Inline]) -> int:
    return sum(len(span.text) for cell_spans in cells for span in cell_spans)


def write_fact_table(w: BodyWriter, block: FactTable) -> None:
    """Label/value rows without a header: labels bold on a pale fill. A short table is kept
    whole and with the paragraph after it (the item's summary), never alone at a page foot."""
    if not block.rows:
        return  # Word refuses a table without rows
    widths = column_widths(w.palette.text_width, (FACT_LABEL_SHARE, 1 - FACT_LABEL_SHARE), 2)
    short = sum(len(label) + len(value) for label, value in block.rows) < _KEEP_ROW_CHARS
    start_table(w, widths)
    for label, value in block.rows:
        start_row(w, keep=len(label) + len(value) < _KEEP_ROW_CHARS)
        cell(w, widths[0], (Span(label),), fill=w.palette.fill, bold=True, keep_next=short)
        cell(w, widths[1], (Span(value),), keep_next=short)
        w.raw("</w:tr>")
    end_table(w)


def write_table(w: BodyWriter, block: Table) -> None:
    """A data table: bold shaded header row repeated on each page, widths from the model."""
    if not block.header and not block.rows:
        return  # Word refuses a table without rows
    count = max([len(block.header)] + [len(row) for row in block.rows]) or 1
    widths = column_widths(w.palette.text_width, block.widths, count)
    start_table(w, widths)
    if block.header:
        start_row(w, header=True)
        for index, width in enumerate(widths):
            text = block.header[index] if index < len(block.header) else ""
            cell(w, width, (Span(text),), fill=w.palette.fill, bold=True)
        w.raw("</w:tr>")
    for row in block.rows:
        start_row(w, keep=_row_chars(row) < _KEEP_ROW_CHARS)
        for index, width in enumerate(widths):
            cell(w, width, row[index] if index < len(row) else ())
        w.raw("</w:tr>")
    end_table(w)
