"""The XLSX interchange format: one sheet per kind plus a Sources sheet, both directions."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from briefing import atomic, files, safezip
from briefing.errors import ValidationError
from briefing.library import xlsxsheets
from briefing.library.validate import (
    PLURALS,
    Findings,
    KnownIds,
    RawItem,
    RawSource,
    Validated,
    check_item_count,
    union_links,
    validate_items,
)
from briefing.markings import Markings
from briefing.models import (
    KINDS,
    LIST_FIELDS,
    NOT_IN_XLSX,
    REQUIRED_FIELDS,
    Item,
    LibraryContent,
    interchange_fields,
)
from briefing.text import ooxml_escape, ooxml_unescape, quoted, shown

ITEM_SHEETS = {"partnership": "Partnerships", "priority": "Priorities", "quote": "Quotes",
               "person": "People"}
SOURCES_SHEET = "Sources"
SOURCE_COLUMNS = ("kind", "item_id", "title", "publisher", "url", "date", "note")
_SOURCE_REQUIRED = ("kind", "item_id", "title")
_MAX_WIDTH = 60
# Each item sheet's columns: the kind's interchange fields but sources (on their own sheet)
# and photos (a workbook never carries them).
_COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(f for f in interchange_fields(kind) if f != "sources" and f not in NOT_IN_XLSX[kind])
    for kind in KINDS}
# Limits for untrusted workbooks, checked before any XML is parsed.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100
_RATIO_FLOOR = 20 * 1024 * 1024
_PART_RATIO_FLOOR = 2 * 1024 * 1024
# What each part may unpack to: the sheets and shared strings are parsed whole, so each is
# bounded on its own, and the ratio is checked per part too (a part of 190 MB of repeated
# text cannot hide behind stored random bytes that keep the file's overall ratio low).
PART_LIMITS = (
    safezip.PartLimit("xl/worksheets/*", 120 * 2**20),
    safezip.PartLimit("xl/sharedStrings.xml", 60 * 2**20),
    safezip.PartLimit("*.xml", 10 * 2**20),
    safezip.PartLimit("*.rels", 10 * 2**20),
)
MAX_FILE_BYTES = 40 * 2**20  # as the importer: a file is checked whole in memory
# Excel's limit on the characters of one cell, and the mark a cut cell ends with.
EXCEL_CELL_LIMIT = 32_767
_CUT_MARK = re.compile(r"… \[cut: [0-9,]+ characters in full\]\Z")

Key = tuple[str, str]


# -- reading ---------------------------------------------------------------------------

def read_xlsx(path: str | os.PathLike[str], *, known: KnownIds | None = None,
              markings: Markings | None = None) -> Validated:
    """Read and check an XLSX library workbook; ValidationError lists every problem."""
    name = str(path)
    findings = Findings()
    with files.open_regular(path, limit=MAX_FILE_BYTES, what="library file") as stream:
        check_archive(stream, name)
        with xlsxsheets.open_book(stream, name) as book:
            sheets = {sheet.title.strip().casefold(): sheet for sheet in book.sheets}
            found = [kind for kind in KINDS if ITEM_SHEETS[kind].casefold() in sheets]
            if not found:
                raise ValidationError(f"{name}: no {', '.join(ITEM_SHEETS.values())} sheet found "
                                      "(a library workbook needs at least one of them)")
            items: dict[Key, RawItem] = {}
            raw_items: list[RawItem] = []
            for kind in found:
                for raw in _item_rows(book, sheets[ITEM_SHEETS[kind].casefold()], kind, findings):
                    raw_items.append(raw)
                    check_item_count(len(raw_items), name)
                    if isinstance(raw.fields.get("id"), str):
                        items.setdefault((kind, raw.fields["id"]), raw)
            if SOURCES_SHEET.casefold() in sheets:
                _attach_sources(book, sheets[SOURCES_SHEET.casefold()], items, findings)
    validated = validate_items(raw_items, findings=findings, known=known, markings=markings)
    return replace(validated, kept=NOT_IN_XLSX)


def _item_rows(book: xlsxsheets.Book, sheet: xlsxsheets.Sheet, kind: str,
               findings: Findings) -> Iterator[RawItem]:
    where = f"{book.name}:{sheet.title}"
    rows = book.rows(sheet)
    first = next(rows, None)
    columns = _header(first, where, findings, allowed=_COLUMNS[kind],
                      required=("id", *REQUIRED_FIELDS[kind]))
    if columns is None:
        return
    for number, row in rows:
        locator = f"{where}:{number}"
        fields = _row_fields(row, columns, LIST_FIELDS[kind], locator, findings)
        if fields:
            yield RawItem(kind, fields, locator, sources=[])


def _attach_sources(book: xlsxsheets.Book, sheet: xlsxsheets.Sheet, items: Mapping[Key, RawItem],
                    findings: Findings) -> None:
    where = f"{book.name}:{sheet.title}"
    rows = book.rows(sheet)
    columns = _header(next(rows, None), where, findings, allowed=SOURCE_COLUMNS,
                      required=_SOURCE_REQUIRED)
    if columns is None:
        return
    kinds = {spelling: kind for kind in KINDS
             for spelling in (kind, PLURALS[kind], ITEM_SHEETS[kind].casefold())}
    for number, row in rows:
        locator = f"{where}:{number}"
        fields = _row_fields(row, columns, (), locator, findings)
        if not fields:
            continue
        kind_text, item_id = fields.pop("kind", None), fields.pop("item_id", None)
        kind = kinds.get(kind_text.strip().casefold()) if isinstance(kind_text, str) else None
        item_id = item_id.strip() if isinstance(item_id, str) else ""
        if kind is None:
            findings.error(locator, "kind", "must be partnership, priority, quote or person")
        elif not item_id:
            findings.error(locator, "item_id", "required field missing")
        elif (kind, item_id) not in items:
            findings.error(locator, "item_id", f"no {kind} {quoted(item_id)} on the "
                           f"{ITEM_SHEETS[kind]} sheet of this workbook")
        else:
            sources = items[(kind, item_id)].sources
            assert sources is not None  # XLSX items always carry a list of source rows
            sources.append(RawSource(fields, locator))


def _header(first: tuple[int, tuple[Any, ...]] | None, where: str, findings: Findings, *,
            allowed: Sequence[str], required: Sequence[str]) -> dict[int, str] | None:
    """Column index → field name; None (with errors recorded) when the header is unusable."""
    columns: dict[int, str] = {}
    before = len(findings.errors)
    number, row = first if first is not None else (1, ())
    where_row = f"{where}:{number}"
    if number != 1:
        findings.error(where, None, "the first row must name the columns (it is empty)")
        return None
    for index, cell in enumerate(row):
        if isinstance(cell, xlsxsheets.BadCell):
            findings.error(where_row, None, f"column {index + 1}: {cell.problem}")
            continue
        label = cell_text(cell)
        field = label.strip().casefold() if label else ""
        if not field:
            continue
        if field == "sources":
            findings.warn(f"{where}:1", "sources", "sources go on the Sources sheet; column ignored")
        elif field == "photo":
            findings.warn(f"{where}:1", "photo", "a workbook never carries photos (use the JSON "
                          "format or the app); column ignored, stored photos kept")
        elif field not in allowed:
            findings.warn(f"{where}:1", shown((label or "").strip()), "unknown column, ignored")
        elif field in columns.values():
            findings.error(f"{where}:1", field, "column appears twice")
        else:
            columns[index] = field
    for field in required:
        if field not in columns.values():
            findings.error(f"{where}:1", field, "required column missing")
    return columns if len(findings.errors) == before else None


def _row_fields(row: Sequence[Any], columns: Mapping[int, str], list_fields: Sequence[str],
                where: str, findings: Findings) -> dict[str, Any]:
    """The row's non-empty cells by field name; list cells split on unescaped `;`.

    A cell that cannot be used (an error value, a broken shared string, a text this program
    cut at Excel's cell limit) is recorded as an error for its field.
    """
    fields: dict[str, Any] = {}
    width = len(row)
    for index, field in columns.items():
        value = row[index] if index < width else None
        if value is None:
            continue
        if type(value) is str:  # most cells: text, unescaped only when it holds an escape
            text = ooxml_unescape(value) if "_x" in value else value
        elif isinstance(value, xlsxsheets.BadCell):
            findings.error(where, field, value.problem)
            continue
        else:
            text = cell_text(value) or ""
        if not text or text.isspace():
            continue
        if text.endswith("in full]") and _CUT_MARK.search(text):
            findings.error(where, field, "this cell was cut at Excel's limit of "
                           f"{EXCEL_CELL_LIMIT:,} characters when the library was exported; "
                           "import the JSON export instead, or put back the whole text")
            continue
        fields[field] = split_list(text) if field in list_fields else text
    return fields


def cell_text(value: Any) -> str | None:
    """A cell's value as text: numbers without a spurious `.0`, date cells as full ISO dates."""
    if value is None:
        return value
    if isinstance(value, str):
        return ooxml_unescape(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def split_list(text: str) -> list[str]:
    """Split a list cell on `;`; `\\;` is a literal semicolon and `\\\\` a literal backslash."""
    if "\\" not in text:  # no escapes: the usual case, split at once
        return [entry.strip() for entry in text.split(";") if entry.strip()]
    entries: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            # Only `\;` and `\\` are escapes; any other backslash is kept as typed.
            current.append(following if following in (";", "\\") else char + following)
        elif char == ";":
            entries.append("".join(current))
            current = []
        else:
            current.append(char)
    entries.append("".join(current))
    return [entry.strip() for entry in entries if entry.strip()]


def join_list(entries: Sequence[str]) -> str:
    """The inverse of `split_list`: entries joined by `; `, backslashes and semicolons escaped."""
    return "; ".join(entry.replace("\\", "\\\\").replace(";", "\\;") for entry in entries)


# -- untrusted files -------------------------------------------------------------------

def check_archive(source: Path | IO[bytes], name: str) -> None:
    """Refuse what is not a zip, would unpack to too much, or declares XML entities."""
    # The limits are read here, at call time, so that tests can scale them down.
    limits = safezip.ZipLimits(max_unpacked=MAX_UNPACKED, max_ratio=MAX_RATIO,
                               ratio_floor=_RATIO_FLOOR, part_ratio_floor=_PART_RATIO_FLOOR,
                               parts=PART_LIMITS)
    safezip.check_zip(source, safezip.XLSX, name=name, limits=limits)


# -- writing ---------------------------------------------------------------------------

def write_xlsx(content: LibraryContent, path: str | os.PathLike[str],
               warnings: list[str] | None = None) -> None:
    """Write a library workbook atomically; text is always stored as text, never as a formula.

    A text longer than Excel's cell limit is cut, marked as cut at its end, and reported in
    `warnings` (one line per field); importing a cell that carries the mark is refused.
    """
    from openpyxl import Workbook

    content = union_links(content)
    workbook = Workbook()
    workbook.remove(workbook.active)
    groups = content.groups()
    source_rows: list[list[str | None]] = []
    cut: list[str] = []
    for kind, items in zip(KINDS, groups, strict=True):
        columns = _COLUMNS[kind]
        ordered = sorted(items, key=lambda item: item.id)
        _fill_sheet(workbook.create_sheet(ITEM_SHEETS[kind]), columns,
                    [[_cell_value(item, field) for field in columns] for item in ordered],
                    f"{path}:{ITEM_SHEETS[kind]}", cut)
        source_rows += [[kind, item.id, s.title, s.publisher, s.url, s.date, s.note]
                        for item in ordered for s in item.sources]
    _fill_sheet(workbook.create_sheet(SOURCES_SHEET), SOURCE_COLUMNS, source_rows,
                f"{path}:{SOURCES_SHEET}", cut)
    with atomic.atomic_path(path) as tmp:
        workbook.save(tmp)
    if warnings is not None:
        warnings += cut


def cut_to_cell(text: str) -> str:
    """`text` cut to fit one Excel cell, ending with a mark that says it was cut and how long it was."""
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    mark = f"… [cut: {len(text):,} characters in full]"
    return text[: EXCEL_CELL_LIMIT - len(mark)] + mark


def _cell_value(item: Item, field: str) -> str | None:
    value = getattr(item, field)
    if isinstance(value, tuple):
        return join_list(value) if value else None
    return None if value is None else str(value)


def _fill_sheet(sheet: Any, columns: Sequence[str], rows: Sequence[Sequence[str | None]],
                where: str, cut: list[str]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    widths = [len(column) + 2 for column in columns]
    for col, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=col, value=column).font = bold
    for row_number, row in enumerate(rows, start=2):
        for col, text in enumerate(row, start=1):
            if text is None:
                continue
            cell = sheet.cell(row=row_number, column=col)
            stored = ooxml_escape(text)
            if len(stored) > EXCEL_CELL_LIMIT:
                cut.append(f"{where}:{row_number}:{columns[col - 1]}: {len(text):,} characters, more "
                           f"than Excel's {EXCEL_CELL_LIMIT:,} per cell: cut and marked as cut "
                           "(export to JSON to keep the whole text)")
                stored = cut_to_cell(stored)
            # Set after the value: openpyxl would otherwise treat "=..." as a formula.
            cell.value = stored
            cell.data_type = "s"
            longest = max(len(line) for line in text.split("\n"))
            widths[col - 1] = max(widths[col - 1], min(longest + 2, _MAX_WIDTH))
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"
