"""The Excel register as a write-only openpyxl workbook, saved to bytes.

Text that looks like a number ("2022" in a partial-date column) is text on purpose. Excel
marks such cells with a green triangle; the `ignoredErrors` element that turns those off is
not written: openpyxl's worksheet writer has no support for it, and adding it would mean
editing the XML openpyxl serialised. The triangles change nothing in the data.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

from briefing.docmodel import BriefingDocument
from briefing.exporters import ExportOptions
from briefing.exporters.xlsx.cells import header_names, sheet_titles, table_name
from briefing.exporters.xlsx.sheet import SheetPlan, cut_warnings, plan_rows, register_styles, write_sheet


@dataclass(frozen=True)
class RegisterBook:
    """The saved workbook (openpyxl's zip, entries not yet dated), warnings and progress total."""

    data: bytes
    core: bytes  # the core properties part, with the document's time as modified
    warnings: tuple[str, ...]
    total: int

    def fixed(self, name: str, data: bytes) -> bytes:
        """An entry as it goes into the file: the core properties part replaced (see `core`)."""
        return self.core if name == ARC_CORE else data


def write_register_book(document: BriefingDocument, options: ExportOptions,
                        set_properties: Callable[[Workbook], None]) -> RegisterBook:
    """Lay out every sheet of the document, in order, reporting progress by rows; save it."""
    workbook = Workbook(write_only=True)
    titles, warnings = sheet_titles([sheet.name for sheet in document.sheets])
    total = sum(len(sheet.rows) for sheet in document.sheets) + 1
    styles = register_styles(workbook, document.style)
    tables: set[str] = set()
    done = 0
    for sheet, title in zip(document.sheets, titles):
        options.report(done, total)
        headers = header_names([column.header for column in sheet.columns])
        plan = SheetPlan(sheet, title, table_name(title, tables), headers, plan_rows(sheet))
        warnings.extend(cut_warnings(plan))
        write_sheet(workbook.create_sheet(title), plan, styles, document,
                    functools.partial(_report, options, done, total))
        done += len(sheet.rows)
    options.report(done, total)
    set_properties(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Saving stamps `modified` with the clock; the part is written again with the document's time.
    workbook.properties.modified = workbook.properties.created
    core = tostring(workbook.properties.to_tree())
    return RegisterBook(buffer.getvalue(), core, tuple(warnings), total)


def _report(options: ExportOptions, base: int, total: int, rows: int) -> None:
    options.report(base + rows, total)
