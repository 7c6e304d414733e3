"""Excel exporter: the register sheets of a BriefingDocument as real Excel tables (openpyxl)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from briefing.atomic import atomic_path
from briefing.docmodel import BriefingDocument
from briefing.errors import ExportError
from briefing.exporters import ExportOptions, file_time
from briefing.exporters.zipfiles import repack
from briefing.text import clean, truncate

PROPERTY_LIMIT = 255  # Excel's limit for the summary properties (title, subject, ...)


class XlsxExporter:
    """Writes the Excel register: one sheet per `Sheet` of the document, in order."""

    format_id = "xlsx"
    extension = ".xlsx"
    label = "Excel"

    def export(
        self, document: BriefingDocument, path: Path, options: ExportOptions
    ) -> tuple[str, ...]:
        """Write `document.sheets` to `path` atomically; return warnings (sheets renamed, text cut)."""
        # openpyxl is imported here, not at module level, so the app starts without it.
        from briefing.exporters.xlsx.book import write_register_book

        if not document.sheets:
            raise ExportError(f"{path}: the document has no sheets for the Excel register")
        stamp = file_time(document)
        book = write_register_book(document, options,
                                   lambda workbook: set_properties(workbook, document, stamp))
        with atomic_path(path) as tmp:
            try:
                with open(tmp, "wb") as out:
                    # openpyxl dates each entry with the clock: re-dated, equal input gives equal bytes.
                    repack(book.data, out, stamp, book.fixed)
            except OSError as exc:
                raise ExportError(f"{path}: cannot write the file: {exc.strerror or exc}") from exc
        if options.progress is not None:
            options.progress(book.total, book.total)
        return book.warnings


def set_properties(workbook: Any, document: BriefingDocument, stamp: dt.datetime) -> None:
    """Title, author, subject, keywords and the marking as category, cut to Excel's limits."""
    props = document.properties
    core = workbook.properties
    core.title = _property(props.title)
    core.creator = _property(props.author)
    core.lastModifiedBy = core.creator
    core.subject = _property(props.subject)
    core.keywords = _property(", ".join(props.keywords))
    core.category = _property(props.category or document.marking)
    core.created = stamp
    core.modified = stamp


def _property(value: str | None) -> str | None:
    if not value:
        return None
    text = " ".join(clean(value).split())
    return truncate(text, PROPERTY_LIMIT) or None
