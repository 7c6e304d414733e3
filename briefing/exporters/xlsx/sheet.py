"""One sheet of the Excel register: styles, table, frozen header, widths and print settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from briefing.docmodel import BriefingDocument, Sheet, Style
from briefing.errors import ExportError
from briefing.exporters.xlsx.cells import (
    EMPTY,
    PlannedCell,
    column_width,
    display_width,
    plan_cell,
)
from briefing.exporters.xlsx.page import set_page
from briefing.exporters.xlsx.rows import append_rows

Report = Callable[[int], None]  # called with the number of rows written so far
DATE_FORMAT = "yyyy-mm-dd"  # the same reading as partial dates ("2021-06"), which stay text
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TABLE_STYLE = "TableStyleMedium2"
FONT = "Calibri"  # Excel's own default: every colleague's Excel has it
FONT_SIZE = 11
GRID = "BFBFBF"
LINK_COLOUR = "0563C1"


def register_styles(workbook: Any, style: Style) -> dict[str, StyleArray]:
    """The register's few cell styles, added to `workbook` as named styles; by cell kind, the
    style as a cell takes it (`NamedStyle.as_tuple()`). Handing that to each new cell costs a
    fifth of setting font, border and alignment on it, and half of naming its style."""
    side = Side(style="thin", color=GRID)
    border = Border(left=side, right=side, top=side, bottom=side)
    top = Alignment(vertical="top", wrap_text=True)
    left = Alignment(vertical="top", horizontal="left")
    font = Font(name=FONT, size=FONT_SIZE)
    heading = style.heading_colour.lstrip("#")  # validated "#RRGGBB" (docmodel.Style)
    kinds = {
        "header": NamedStyle("Register heading", border=border,
                             alignment=Alignment(vertical="center", wrap_text=True),
                             font=Font(name=FONT, size=FONT_SIZE, bold=True, color="FFFFFF"),
                             fill=PatternFill("solid", fgColor=heading)),
        "text": NamedStyle("Register text", border=border, alignment=top, font=font),
        # Numbers here are positions and source numbers: centred, they keep clear of the
        # text beside them.
        "number": NamedStyle("Register number", border=border, font=font,
                             alignment=Alignment(vertical="top", horizontal="center")),
        # Dates align left like the partial dates ("2021-06") that share their column as text.
        "date": NamedStyle("Register date", border=border, font=font, alignment=left,
                           number_format=DATE_FORMAT),
        "datetime": NamedStyle("Register date and time", border=border, font=font,
                               alignment=left, number_format=DATETIME_FORMAT),
        "link": NamedStyle("Register link", border=border, alignment=top,
                           font=Font(name=FONT, size=FONT_SIZE, color=LINK_COLOUR,
                                     underline="single")),
    }
    for named in kinds.values():
        workbook.add_named_style(named)
    arrays = {kind: named.as_tuple() for kind, named in kinds.items()}
    arrays["empty"] = arrays["text"]  # empty cells keep the grid
    return arrays


@dataclass
class SheetPlan:
    """A sheet as it will be written: titles, header names, planned cells and where cuts happened."""

    sheet: Sheet
    title: str
    table: str
    headers: list[str]
    rows: list[list[PlannedCell]]


def plan_rows(sheet: Sheet) -> list[list[PlannedCell]]:
    """Plan every cell of `sheet`; a row with more values than columns is a builder fault."""
    width = len(sheet.columns)
    types = [column.type for column in sheet.columns]
    planned: list[list[PlannedCell]] = []
    for number, row in enumerate(sheet.rows, 2):
        if len(row) > width:
            raise ExportError(
                f"Excel: sheet {sheet.name!r} row {number} has {len(row)} values for {width} columns"
            )
        cells = [plan_cell(value, kind) for value, kind in zip(row, types)]
        planned.append(cells + [EMPTY] * (width - len(cells)))
    return planned


def cut_warnings(plan: SheetPlan) -> list[str]:
    """One warning per cell whose text was cut to Excel's cell limit."""
    return [
        f"Excel: sheet {plan.title!r}, row {number}, column {plan.headers[col]!r}: "
        f"text of {cell.full_length:,} characters cut to Excel's limit of 32,767 per cell"
        for number, row in enumerate(plan.rows, 2)
        for col, cell in enumerate(row)
        if cell.full_length is not None
    ]


def write_sheet(
    ws: Any, plan: SheetPlan, styles: dict[str, StyleArray], document: BriefingDocument, report: Report
) -> None:
    """Lay out one write-only sheet (widths, table or filter, frozen header, printing), then
    append its rows: a write-only sheet takes its settings before the first row."""
    widths = _set_widths(ws, plan)
    header = [PlannedCell("text", name, width=display_width(name) + 4) for name in plan.headers]
    _add_table_or_filter(ws, plan)
    ws.freeze_panes = "A2"
    set_page(ws, document, widths)
    append_rows(ws, [header, *plan.rows], widths, styles, report)


def _add_table_or_filter(ws: Any, plan: SheetPlan) -> None:
    if not plan.headers:
        return
    last = get_column_letter(len(plan.headers))
    if not plan.rows:
        # Excel refuses a table without a data row; an empty sheet keeps a plain filter.
        ws.auto_filter.ref = f"A1:{last}1"
        return
    ref = f"A1:{last}{len(plan.rows) + 1}"
    table = Table(
        displayName=plan.table, ref=ref, autoFilter=AutoFilter(ref=ref),
        tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True),
    )
    table.tableColumns = [TableColumn(id=i, name=name) for i, name in enumerate(plan.headers, 1)]
    # Added to the sheet's tables directly: `add_table` warns on every write-only sheet that
    # columns must be given by hand (they are, above), and names are unique already.
    ws.tables.add(table)


def _set_widths(ws: Any, plan: SheetPlan) -> list[float]:
    widths = []
    for index, column in enumerate(plan.sheet.columns):
        widest = max((row[index].width for row in plan.rows), default=0.0)
        width = round(column_width(column.type, column.width, plan.headers[index], widest), 1)
        ws.column_dimensions[get_column_letter(index + 1)].width = width
        widths.append(width)
    return widths
