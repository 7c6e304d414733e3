"""The XLSX interchange format: one sheet per kind plus a Sources sheet, both directions."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from briefing import atomic, safezip
from briefing.errors import ValidationError
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
from briefing.models import KINDS, LIST_FIELDS, REQUIRED_FIELDS, Item, LibraryContent, interchange_fields
from briefing.text import ooxml_escape, ooxml_unescape

ITEM_SHEETS = {"partnership": "Partnerships", "priority": "Priorities", "quote": "Quotes"}
SOURCES_SHEET = "Sources"
SOURCE_COLUMNS = ("kind", "item_id", "title", "publisher", "url", "date")
_SOURCE_REQUIRED = ("kind", "item_id", "title")
_MAX_WIDTH = 60
# Each item sheet's columns: the kind's interchange fields but sources (on their own sheet).
_COLUMNS = {kind: tuple(f for f in interchange_fields(kind) if f != "sources") for kind in KINDS}
# Limits for untrusted workbooks, checked before any XML is parsed.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100
_RATIO_FLOOR = 20 * 1024 * 1024

Key = tuple[str, str]


# -- reading ---------------------------------------------------------------------------

def read_xlsx(path: str | os.PathLike[str], *, known: KnownIds | None = None,
              markings: Markings | None = None) -> Validated:
    """Read and check an XLSX library workbook; ValidationError lists every problem."""
    name = str(path)
    check_archive(Path(path), name)
    findings = Findings()
    with open_workbook(Path(path), name) as workbook:
        sheets = {sheet.title.strip().casefold(): sheet for sheet in workbook.worksheets}
        found = [kind for kind in KINDS if ITEM_SHEETS[kind].casefold() in sheets]
        if not found:
            raise ValidationError(f"{name}: no {', '.join(ITEM_SHEETS.values())} sheet found "
                                  "(a library workbook needs at least one of them)")
        items: dict[Key, RawItem] = {}
        raw_items: list[RawItem] = []
        for kind in found:
            for raw in _item_rows(sheets[ITEM_SHEETS[kind].casefold()], kind, name, findings):
                raw_items.append(raw)
                check_item_count(len(raw_items), name)
                if isinstance(raw.fields.get("id"), str):
                    items.setdefault((kind, raw.fields["id"]), raw)
        if SOURCES_SHEET.casefold() in sheets:
            _attach_sources(sheets[SOURCES_SHEET.casefold()], name, items, findings)
    return validate_items(raw_items, findings=findings, known=known, markings=markings)


def _item_rows(sheet: Any, kind: str, name: str, findings: Findings) -> Iterator[RawItem]:
    where = f"{name}:{sheet.title}"
    rows = rows_of(sheet, name)
    columns = _header(next(rows, ()), where, findings,
                      allowed=_COLUMNS[kind],
                      required=("id", *REQUIRED_FIELDS[kind]))
    if columns is None:
        return
    for number, row in enumerate(rows, start=2):
        fields = _row_fields(row, columns, LIST_FIELDS[kind])
        if fields:
            yield RawItem(kind, fields, f"{where}:{number}", sources=[])


def _attach_sources(sheet: Any, name: str, items: Mapping[Key, RawItem], findings: Findings) -> None:
    where = f"{name}:{sheet.title}"
    rows = rows_of(sheet, name)
    columns = _header(next(rows, ()), where, findings, allowed=SOURCE_COLUMNS,
                      required=_SOURCE_REQUIRED)
    if columns is None:
        return
    kinds = {spelling: kind for kind in KINDS
             for spelling in (kind, PLURALS[kind], ITEM_SHEETS[kind].casefold())}
    for number, row in enumerate(rows, start=2):
        fields = _row_fields(row, columns, ())
        if not fields:
            continue
        locator = f"{where}:{number}"
        kind = kinds.get((fields.pop("kind", None) or "").strip().casefold())
        item_id = (fields.pop("item_id", None) or "").strip()
        if kind is None:
            findings.error(locator, "kind", "must be partnership, priority or quote")
        elif not item_id:
            findings.error(locator, "item_id", "required field missing")
        elif (kind, item_id) not in items:
            findings.error(locator, "item_id", f"no {kind} {item_id!r} on the "
                           f"{ITEM_SHEETS[kind]} sheet of this workbook")
        else:
            items[(kind, item_id)].sources.append(RawSource(fields, locator))


def _header(row: Sequence[Any], where: str, findings: Findings, *, allowed: Sequence[str],
            required: Sequence[str]) -> dict[int, str] | None:
    """Column index → field name; None (with errors recorded) when the header is unusable."""
    columns: dict[int, str] = {}
    before = len(findings.errors)
    for index, cell in enumerate(row):
        label = cell_text(cell)
        field = label.strip().casefold() if label else ""
        if not field:
            continue
        if field == "sources":
            findings.warn(f"{where}:1", "sources", "sources go on the Sources sheet; column ignored")
        elif field not in allowed:
            findings.warn(f"{where}:1", label.strip(), "unknown column, ignored")
        elif field in columns.values():
            findings.error(f"{where}:1", field, "column appears twice")
        else:
            columns[index] = field
    for field in required:
        if field not in columns.values():
            findings.error(f"{where}:1", field, "required column missing")
    return columns if len(findings.errors) == before else None


def _row_fields(row: Sequence[Any], columns: Mapping[int, str],
                list_fields: Sequence[str]) -> dict[str, Any]:
    """The row's non-empty cells by field name; list cells split on unescaped `;`."""
    fields: dict[str, Any] = {}
    for index, field in columns.items():
        text = cell_text(row[index]) if index < len(row) else None
        if text is None or not text.strip():
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

def check_archive(path: Path, name: str) -> None:
    """Refuse what is not a zip, would unpack to too much, or declares XML entities."""
    # The limits are read here, at call time, so that tests can scale them down.
    limits = safezip.ZipLimits(max_unpacked=MAX_UNPACKED, max_ratio=MAX_RATIO,
                               ratio_floor=_RATIO_FLOOR)
    safezip.check_zip(path, safezip.XLSX, name=name, limits=limits)


@contextlib.contextmanager
def open_workbook(path: Path, name: str) -> Iterator[Any]:
    """A read-only workbook over an open file, closed afterwards; parse errors become one line."""
    from openpyxl import load_workbook

    with open(path, "rb") as stream:
        try:
            # A file object, not a name: openpyxl refuses names without an Excel extension.
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on hostile input
            raise _unreadable(name, exc) from None
        try:
            yield workbook
        finally:
            workbook.close()


def rows_of(sheet: Any, name: str) -> Iterator[tuple[Any, ...]]:
    """A read-only sheet's rows as value tuples; parse errors become one clear line."""
    sheet.reset_dimensions()  # some writers record wrong dimensions; read every row
    try:
        yield from sheet.iter_rows(values_only=True)
    except Exception as exc:  # the sheet XML is parsed lazily, here
        raise _unreadable(f"{name}:{sheet.title}", exc) from None


def _unreadable(where: str, exc: Exception) -> ValidationError:
    from defusedxml import DefusedXmlException

    # openpyxl wraps some parse errors in its own ValueError; the cause tells what happened.
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        return ValidationError(f"{where}: refused: the workbook declares XML entities (unsafe content)")
    return ValidationError(f"{where}: cannot read the workbook ({type(exc).__name__}: {exc})")


# -- writing ---------------------------------------------------------------------------

def write_xlsx(content: LibraryContent, path: str | os.PathLike[str]) -> None:
    """Write a library workbook atomically; text is always stored as text, never as a formula."""
    from openpyxl import Workbook

    content = union_links(content)
    workbook = Workbook()
    workbook.remove(workbook.active)
    groups = (content.partnerships, content.priorities, content.quotes)
    source_rows: list[list[str | None]] = []
    for kind, items in zip(KINDS, groups):
        columns = _COLUMNS[kind]
        ordered = sorted(items, key=lambda item: item.id)
        _fill_sheet(workbook.create_sheet(ITEM_SHEETS[kind]), columns,
                    [[_cell_value(item, field) for field in columns] for item in ordered])
        source_rows += [[kind, item.id, s.title, s.publisher, s.url, s.date]
                        for item in ordered for s in item.sources]
    _fill_sheet(workbook.create_sheet(SOURCES_SHEET), SOURCE_COLUMNS, source_rows)
    with atomic.atomic_path(path) as tmp:
        workbook.save(tmp)


def _cell_value(item: Item, field: str) -> str | None:
    value = getattr(item, field)
    if isinstance(value, tuple):
        return join_list(value) if value else None
    return value


def _fill_sheet(sheet: Any, columns: Sequence[str], rows: Sequence[Sequence[str | None]]) -> None:
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
            # Set after the value: openpyxl would otherwise treat "=..." as a formula.
            cell.value = ooxml_escape(text)
            cell.data_type = "s"
            longest = max(len(line) for line in text.split("\n"))
            widths[col - 1] = max(widths[col - 1], min(longest + 2, _MAX_WIDTH))
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"
