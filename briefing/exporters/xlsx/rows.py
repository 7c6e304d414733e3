"""The register's rows as SpreadsheetML: what openpyxl writes per cell, at a fraction of its cost.

openpyxl spends some 30 µs on each cell it writes (a Cell object, style hashing, an lxml
element); the register writes tens of thousands, so its rows are serialised here and the rest
of the workbook (styles, tables, print settings, relationships) is left to openpyxl.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from briefing.exporters.xlsx.cells import PlannedCell, line_count
from briefing.text import ooxml_escape

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
LINE_HEIGHT = 15.0  # points per line of 11-point text
MAX_ROW_HEIGHT = 409.0  # Excel's tallest row
REPORT_EVERY = 250  # rows between progress reports (and cancel checks)


@dataclass(frozen=True)
class SheetRows:
    """A sheet's `<sheetData>` element, its links as (cell, URL) and the range it covers."""

    xml: bytes
    links: tuple[tuple[str, str], ...]
    dimension: str


def sheet_rows(
    rows: list[list[PlannedCell]],
    widths: list[float],
    style_ids: dict[str, int],
    report: Callable[[int], None],
) -> SheetRows:
    """Serialise `rows` (the header row first); `style_ids` maps a cell kind ('header' too) to its style."""
    letters = [_column_letter(index) for index in range(1, len(widths) + 1)]
    parts = ["<sheetData>"]
    links: list[tuple[str, str]] = []
    for number, row in enumerate(rows, 1):
        parts.append(_row_open(number, row, widths))
        for letter, cell in zip(letters, row):
            ref = f"{letter}{number}"
            style = style_ids["header" if number == 1 else cell.kind]
            parts.append(_cell_xml(ref, style, cell))
            if cell.url is not None:
                links.append((ref, cell.url))
        parts.append("</row>")
        if number % REPORT_EVERY == 0:
            report(number - 1)
    parts.append("</sheetData>")
    last = f"{letters[-1]}{len(rows)}" if letters and rows else "A1"
    return SheetRows("".join(parts).encode("utf-8"), tuple(links), f"A1:{last}")


def _row_open(number: int, row: list[PlannedCell], widths: list[float]) -> str:
    # Excel fits wrapped rows itself when it opens the file, but LibreOffice does not: rows of
    # more than one line get an explicit height.
    lines = 1
    for cell, width in zip(row, widths):
        # Most cells fit on one line: the full count only for those that may not.
        if cell.kind in ("text", "link") and (cell.width + 2 > width or "\n" in cell.value):
            lines = max(lines, line_count(cell.value, width, cell.width))  # type: ignore[arg-type]
    if lines <= 1:
        return f'<row r="{number}">'
    height = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3)
    return f'<row r="{number}" ht="{height:g}" customHeight="1">'


def _cell_xml(ref: str, style: int, cell: PlannedCell) -> str:
    kind, value = cell.kind, cell.value
    if kind in ("text", "link"):
        text = str(value)
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
    if kind == "number":
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    if kind in ("date", "datetime"):
        return f'<c r="{ref}" s="{style}"><v>{serial(value)!r}</v></c>'  # type: ignore[arg-type]
    return f'<c r="{ref}" s="{style}"/>'


def escape(text: str) -> str:
    """Text as XML character data that Excel reads back exactly (its `_xHHHH_` escape included)."""
    return ooxml_escape(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def serial(value: dt.date | dt.datetime) -> int | float:
    """Excel's serial number for a date (days since 30 December 1899) or date and time."""
    if isinstance(value, dt.datetime):
        delta = value - EXCEL_EPOCH
        return delta.days + delta.seconds / 86_400
    return (value - EXCEL_EPOCH.date()).days


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
