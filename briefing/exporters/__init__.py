"""Registry of exporters; each renders a BriefingDocument to one file format.

Exporter modules are imported only when used, so their heavy libraries (python-docx,
reportlab, openpyxl) do not slow down start-up.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from briefing import dates
from briefing.docmodel import BriefingDocument
from briefing.errors import Cancelled

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class ExportOptions:
    """Callbacks for long exports: `progress(done, total)` and a `cancelled()` check."""

    progress: Progress | None = None
    cancelled: CancelCheck | None = None

    def report(self, done: int, total: int) -> None:
        """Report progress, then raise Cancelled if the user asked to stop."""
        if self.progress is not None:
            self.progress(done, total)
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()


@dataclass(frozen=True)
class DocxSettings:
    """What only the Word file takes from the template: the reference.docx whose styles,
    page set-up and letterhead it is built on (None: python-docx's default template)."""

    reference: Path | None = None

    @classmethod
    def of(cls, document: BriefingDocument) -> DocxSettings:
        """The Word settings the builder gave `document` (the defaults when it gave none)."""
        settings = document.format_settings.get("docx")
        return settings if isinstance(settings, cls) else cls()


class Exporter(Protocol):
    """What every exporter module provides."""

    format_id: str
    extension: str
    label: str

    def export(
        self, document: BriefingDocument, path: Path, options: ExportOptions
    ) -> tuple[str, ...]:
        """Write `document` to `path` atomically and return warnings (e.g. text cut, styles
        created); raise ExportError / Cancelled, leaving any earlier file intact."""


@dataclass(frozen=True)
class ExporterInfo:
    """A registered format, loaded lazily."""

    format_id: str
    extension: str
    label: str
    module: str
    class_name: str

    def load(self) -> Exporter:
        """Import the exporter's module and return an instance."""
        exporter: Exporter = getattr(importlib.import_module(self.module), self.class_name)()
        return exporter


REGISTRY: dict[str, ExporterInfo] = {
    info.format_id: info
    for info in (
        ExporterInfo("docx", ".docx", "Word", "briefing.exporters.docx", "DocxExporter"),
        ExporterInfo("pdf", ".pdf", "PDF", "briefing.exporters.pdf", "PdfExporter"),
        ExporterInfo("xlsx", ".xlsx", "Excel", "briefing.exporters.xlsx", "XlsxExporter"),
    )
}


def get_exporter(format_id: str) -> Exporter:
    """The exporter for `format_id` ('docx', 'pdf' or 'xlsx')."""
    return REGISTRY[format_id].load()


def file_time(document: BriefingDocument) -> dt.datetime:
    """The time stamped into a file (naive UTC, whole seconds): the document's, set by the
    builder from SOURCE_DATE_EPOCH or the clock, else the build time now."""
    when = document.properties.created or dates.build_time()
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.replace(microsecond=0)
