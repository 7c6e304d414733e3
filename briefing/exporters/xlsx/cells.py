"""Excel register cells: what each value becomes (text, date, number, link), cut to Excel's limits."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Literal, NamedTuple

from briefing import dates
from briefing.docmodel import CellLink, CellValue, ColumnType
from briefing.links import safe_url
from briefing.text import clean

CELL_LIMIT = 32_767  # characters (UTF-16 code units) Excel keeps in one cell
LINK_LIMIT = 2_079  # longest hyperlink address Excel opens without repairing the file
# Numbers beyond this lose digits in Excel (15 significant digits); they are kept as text.
EXACT_INT_LIMIT = 10**15

# Excel cannot hold dates before 1900, and its serial numbers are off before March 1900.
FIRST_DATE = dt.date(1900, 3, 1)

CellKind = Literal["empty", "text", "number", "date", "datetime", "link"]


class PlannedCell(NamedTuple):
    """What one register value becomes in the workbook, with its display width."""

    kind: CellKind
    value: str | int | float | dt.date | dt.datetime | None
    url: str | None = None
    width: float = 0.0
    # Set when the text was cut to fit the cell: its full length in characters.
    full_length: int | None = None


EMPTY = PlannedCell("empty", None)
_new = tuple.__new__  # builds a PlannedCell without NamedTuple's slower keyword handling


def plan_cell(value: CellValue, column_type: ColumnType) -> PlannedCell:
    """Decide how `value` is written; text is always text, never a formula or an error code."""
    if type(value) is str:  # most cells: tested first, the register has tens of thousands
        if column_type == "date":
            day = _full_date(value)
            if day is not None:
                return _plan_date(day)
        return _plan_text(value)
    if value is None:
        return EMPTY
    if isinstance(value, CellLink):
        return _plan_link(value)
    if isinstance(value, bool):
        return _plan_text(str(value))
    if isinstance(value, (int, float)):
        return _plan_number(value)
    if isinstance(value, dt.date):
        return _plan_date(value)
    return plan_cell(str(value), column_type)


def _plan_date(value: dt.date) -> PlannedCell:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        if value < dt.datetime(*FIRST_DATE.timetuple()[:3]):
            return _plan_text(value.isoformat(sep=" "))
        return PlannedCell("datetime", value, width=16)
    if value < FIRST_DATE:
        return _plan_text(value.isoformat())
    return PlannedCell("date", value, width=10)


def _full_date(text: str) -> dt.date | None:
    # Only a complete YYYY-MM-DD becomes a date cell: a year or month alone is never given a day.
    try:
        return dates.to_date(text)
    except ValueError:
        return None


def _plan_number(value: int | float) -> PlannedCell:
    if isinstance(value, float) and not math.isfinite(value):
        return _plan_text(str(value))
    if isinstance(value, int) and abs(value) >= EXACT_INT_LIMIT:
        return _plan_text(str(value))
    return PlannedCell("number", value, width=len(str(value)))


def _plan_text(text: str) -> PlannedCell:
    # Text arrives cleaned; cleaning again is cheap insurance, skipped where it cannot change anything.
    if not (text.isascii() and text.isprintable()):
        text = clean(text)
    if not text:
        return EMPTY
    text, full_length = fit_text(text)
    return _new(PlannedCell, ("text", text, None, display_width(text), full_length))


def _plan_link(link: CellLink) -> PlannedCell:
    url = safe_url(link.url)
    shown = link.text if link.text else link.url
    planned = _plan_text(shown or "")
    if url is None or len(url) > LINK_LIMIT or planned.kind == "empty":
        return planned
    return planned._replace(kind="link", url=url)


def fit_text(text: str, limit: int = CELL_LIMIT) -> tuple[str, int | None]:
    """Cut `text` to `limit` UTF-16 code units with a visible marker; also return the full length when cut."""
    if len(text) <= limit // 2 or _utf16_length(text) <= limit:
        return text, None
    marker = f"… [cut: {len(text):,} characters in full]"
    room = limit - _utf16_length(marker)
    # Cutting the UTF-16 form and dropping a half surrogate pair keeps whole characters only.
    head = text.encode("utf-16-le")[: 2 * room].decode("utf-16-le", errors="ignore")
    return head + marker, len(text)


def _utf16_length(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def display_width(text: str, cap: int = 120) -> float:
    """Width of the widest line in column units (a digit's width), at most `cap`."""
    if "\n" not in text and text.isascii():  # the common case, without splitting
        return float(min(len(text), cap))
    if len(text) > 2 * cap and "\n" not in text[: 2 * cap]:
        return float(cap)
    return float(min(cap, max(text_width(line) for line in text.split("\n"))))


def text_width(line: str) -> float:
    """Width of one line of 11-point text in column units (a digit's width): a character each, two
    for East Asian ones. Calibri is narrower, but LibreOffice's substitutes are not."""
    if line.isascii():
        return float(len(line))
    return float(len(line) + sum(1 for ch in line if unicodedata.east_asian_width(ch) in "WF"))


def line_count(text: str, width: float, known_width: float) -> int:
    """Lines `text` takes when wrapped in a column `width` units wide (a generous estimate).

    `known_width` is the text's widest line as planned; when it fits, only line breaks count.
    """
    if known_width + 2 <= width:
        return text.count("\n") + 1
    per_line = max(1.0, width - 2.0)
    # Wrapping at word boundaries wastes the end of most lines. Under-counting would hide
    # text; over-counting only adds white space.
    wrapped = max(1.0, per_line - 3.0)
    lines = 0
    for paragraph in text.split("\n"):
        size = text_width(paragraph)
        lines += 1 if size <= per_line else math.ceil(size / wrapped)
    return lines


def column_width(column_type: ColumnType, hint: float | None, header: str, widest: float) -> float:
    """Column width in characters: fitted to the content, at most the template's hint, never
    narrower than the header and its filter button."""
    low, high = _WIDTHS.get(column_type, (8.0, 40.0))
    if hint is not None and hint > 0:
        low, high = min(low, hint), hint
    # An empty column is only as wide as its header.
    fitted = min(max(widest + 2, low), high) if widest else 0
    return float(min(max(fitted, display_width(header) + 4), 120))


_WIDTHS: dict[str, tuple[float, float]] = {
    "long": (30, 70), "link": (12, 50), "number": (6, 14), "date": (12, 16)}


_SHEET_FORBIDDEN = re.compile(r"[\\/?*:\[\]]")


def sheet_titles(names: list[str]) -> tuple[list[str], list[str]]:
    """Valid, unique sheet titles for `names` (31 characters, no \\ / ? * : [ ]) and warnings for changes."""
    titles: list[str] = []
    warnings: list[str] = []
    for index, name in enumerate(names, 1):
        title = _SHEET_FORBIDDEN.sub(" ", " ".join(clean(name).split())).strip("' ")[:31].strip()
        if title.casefold() == "history":  # reserved by Excel for change tracking
            title = "History (sheet)"
        title = _unique(title or f"Sheet {index}", {t.casefold() for t in titles}, 31)
        if title != name:
            warnings.append(f"Excel: sheet {name!r} is named {title!r} (Excel's rules for sheet names)")
        titles.append(title)
    return titles, warnings


def table_name(sheet_title: str, taken: set[str]) -> str:
    """An Excel table name for a sheet: letters, digits and '_' only, unique in the workbook."""
    ascii_title = unicodedata.normalize("NFKD", sheet_title).encode("ascii", "ignore").decode()
    base = "tbl_" + (re.sub(r"[^A-Za-z0-9_]", "", ascii_title.replace(" ", "_")) or "sheet")
    name = base
    counter = 2
    while name.casefold() in taken:
        name = f"{base}_{counter}"
        counter += 1
    taken.add(name.casefold())
    return name


def header_names(headers: list[str]) -> list[str]:
    """Header texts that can name table columns: one line, non-empty, unique ignoring case."""
    names: list[str] = []
    for index, header in enumerate(headers, 1):
        name = " ".join(clean(header).split())[:255] or f"Column {index}"
        names.append(_unique(name, {n.casefold() for n in names}, 255))
    return names


def _unique(name: str, taken: set[str], limit: int) -> str:
    candidate, counter = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({counter})"
        candidate = name[: limit - len(suffix)] + suffix
        counter += 1
    return candidate
