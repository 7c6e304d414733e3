"""Printing the Excel register: landscape, readable scale, repeated headings, marking, page X of Y."""

from __future__ import annotations

import math
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from briefing.docmodel import BriefingDocument
from briefing.text import clean, truncate

PAGE_WIDTH_MM = {"A4": 297.0, "Letter": 279.4}  # landscape
MIN_SCALE = 0.6  # below this, printed 11-point text is too small to read comfortably
KEY_COLUMNS_WIDTH = 50.0  # leading columns (section, position, id) repeated on every page


def set_page(ws: Any, document: BriefingDocument, widths: list[float]) -> None:
    """Landscape, as few pages wide as a readable scale allows, heading row (and key columns) repeated."""
    style = document.style
    ws.page_setup.orientation = "landscape"
    letter = style.page_size == "Letter"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_LETTER if letter else Worksheet.PAPERSIZE_A4
    top, right, bottom, left = (mm / 25.4 for mm in style.margins_mm)
    # The header and footer sit inside the top and bottom margins, so those keep room for them.
    ws.page_margins = PageMargins(
        left=left, right=right, top=max(top, 0.75), bottom=max(bottom, 0.75), header=0.3, footer=0.3
    )
    printable = (PAGE_WIDTH_MM[style.page_size] - style.margins_mm[1] - style.margins_mm[3]) / 25.4 * 72
    pages, repeated = pages_wide(widths, printable)
    ws.page_setup.fitToWidth = pages
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    if repeated:
        ws.print_title_cols = f"A:{get_column_letter(repeated)}"
    _set_header_footer(ws, document)


def pages_wide(widths: list[float], printable_pt: float) -> tuple[int, int]:
    """How many pages wide a sheet prints at a readable scale, and how many leading columns
    repeat on each page (none when one page is enough)."""
    points = [_column_points(width) for width in widths]
    if sum(points) * MIN_SCALE <= printable_pt:
        return 1, 0
    repeated = 0
    while (repeated < min(3, len(widths) - 1)
           and sum(widths[: repeated + 1]) <= KEY_COLUMNS_WIDTH):
        repeated += 1
    room = printable_pt / MIN_SCALE - sum(points[:repeated])
    return max(1, math.ceil(sum(points[repeated:]) / room)), repeated


def _column_points(width: float) -> float:
    # Excel draws a column of width w (in digits of Calibri 11, 7 pixels each) as 7w + 5 pixels.
    return (7 * width + 5) * 0.75


def _set_header_footer(ws: Any, document: BriefingDocument) -> None:
    style = document.style
    marking = _header_text(document.marking) if document.marking else ""
    if marking and style.marking_in_header:
        ws.oddHeader.center.text = marking
        ws.oddHeader.center.font = "Calibri,Bold"
    if document.properties.title:
        ws.oddHeader.left.text = _header_text(document.properties.title, 60)
    ws.oddHeader.right.text = "&A"  # the sheet's name
    if marking and style.marking_in_footer:
        ws.oddFooter.center.text = marking
        ws.oddFooter.center.font = "Calibri,Bold"
    if style.page_numbers:
        ws.oddFooter.right.text = "Page &P of &N"


def _header_text(text: str, limit: int = 40) -> str:
    # '&' starts a code in Excel's header language ('&P' page number); '&&' prints one '&'.
    # Excel refuses a header over 255 characters, codes included: three parts must fit.
    return truncate(" ".join(clean(text).split()), limit).replace("&", "&&")
