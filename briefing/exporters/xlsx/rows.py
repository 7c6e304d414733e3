"""The register's rows, appended to a write-only sheet as styled cells (openpyxl's public API)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openpyxl.cell import Cell
from openpyxl.styles.cell_style import StyleArray

from briefing.exporters.xlsx.cells import PlannedCell, line_count
from briefing.text import ooxml_escape

LINE_HEIGHT = 15.0  # points per line of 11-point text
MAX_ROW_HEIGHT = 409.0  # Excel's tallest row
REPORT_EVERY = 250  # rows between progress reports (and cancel checks)
_TEXT_KINDS = frozenset({"text", "link"})


def append_rows(
    ws: Any,
    rows: list[list[PlannedCell]],
    widths: list[float],
    styles: dict[str, StyleArray],
    report: Callable[[int], None],
) -> None:
    """Append `rows` (the header row first) to write-only sheet `ws`; `styles` maps a cell
    kind ('header' too) to the style (a named style's `as_tuple()`) it is drawn in."""
    for number, row in enumerate(rows, 1):
        height = row_height(row, widths)
        if height is not None:
            # A write-only sheet writes each row's dimensions as the row is appended.
            ws.row_dimensions[number].height = height
        header = number == 1
        ws.append([_cell(ws, cell, styles["header" if header else cell.kind]) for cell in row])
        if number % REPORT_EVERY == 0:
            report(number - 1)


def row_height(row: list[PlannedCell], widths: list[float]) -> float | None:
    """The height of a row whose text wraps onto several lines, None for one line.

    Excel fits wrapped rows itself when it opens the file, but LibreOffice does not."""
    lines = 1
    for cell, width in zip(row, widths):
        # Most cells fit on one line: the full count only for those that may not.
        if cell.kind in _TEXT_KINDS and (cell.width + 2 > width or "\n" in str(cell.value)):
            lines = max(lines, line_count(str(cell.value), width, cell.width))
    if lines <= 1:
        return None
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)


def _cell(ws: Any, planned: PlannedCell, style: StyleArray) -> Cell:
    # Cell copies the style array it is given: nothing one cell does to its style reaches
    # the named style or another cell.
    # Row and column (1, 1 here) are set by the sheet as it appends the row.
    kind, value = planned.kind, planned.value
    if kind in _TEXT_KINDS:
        # A literal "_x0041_" would read as "A" in Excel: its own escape keeps it as typed.
        text = str(value)
        text = ooxml_escape(text) if "_x" in text else text
        cell = Cell(ws, 1, 1, text, style)
        # Text is text: never a formula ("=...") or an error code ("#N/A"), as openpyxl
        # would take such strings to be.
        cell.data_type = "s"
        if planned.url is not None:
            cell.hyperlink = planned.url
        return cell
    # Numbers, and dates (date cells, in the date format of their style); None for empty.
    return Cell(ws, 1, 1, value, style)
