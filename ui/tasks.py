"""Core calls that run inside a background worker; each opens its own LibraryStore (one per thread)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.docmodel import BriefingDocument
from briefing.models import Pack

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
Task = Callable[[Progress, CancelCheck], Any]


@contextlib.contextmanager
def _store(library_path: Path) -> Iterator[Any]:
    from briefing.library.store import LibraryStore

    store = LibraryStore(library_path)
    try:
        yield store
    finally:
        store.close()


def prepare(pack: Pack, library_path: Path) -> Task:
    """Build the pack's document (warnings included) without writing anything."""
    def task(progress: Progress, cancelled: CancelCheck) -> BriefingDocument:
        from briefing.build import prepare_document

        with _store(library_path) as store:
            return prepare_document(pack, library=store)
    return task


@dataclass(frozen=True)
class ExportOutcome:
    """Files written by an export, and the exporters' own warnings."""

    paths: tuple[Path, ...]
    warnings: tuple[str, ...]


def export(document: BriefingDocument, targets: Sequence[tuple[str, Path]]) -> Task:
    """Write an already built document to each (format, path)."""
    def task(progress: Progress, cancelled: CancelCheck) -> ExportOutcome:
        from briefing.build import export_document

        result = export_document(document, targets, progress=progress, cancelled=cancelled)
        return ExportOutcome(result.paths, result.warnings)
    return task


def preview(pack: Pack, library_path: Path, pdf_path: Path) -> Task:
    """Build the pack as a PDF for the preview."""
    def task(progress: Progress, cancelled: CancelCheck) -> Path:
        from briefing.build import export_document, prepare_document

        with _store(library_path) as store:
            document = prepare_document(pack, library=store)
        export_document(document, [("pdf", pdf_path)], progress=progress, cancelled=cancelled)
        return pdf_path
    return task


def import_library(library_path: Path, source: Path, on_conflict: str) -> Task:
    """Import an interchange file into the library, all or nothing; returns the summary and warnings."""
    def task(progress: Progress, cancelled: CancelCheck) -> tuple[str, tuple[str, ...]]:
        from briefing.library.importer import import_file

        with _store(library_path) as store:
            report = import_file(store, source, on_conflict=on_conflict,  # type: ignore[arg-type]
                                 progress=progress, cancelled=cancelled)
        return report.summary(str(source)), tuple(report.warnings)
    return task


def export_library(library_path: Path, target: Path) -> Task:
    """Write the whole library to a .json or .xlsx file; returns the CLI's message."""
    def task(progress: Progress, cancelled: CancelCheck) -> str:
        from briefing.library.exporter import export_library as write

        with _store(library_path) as store:
            count = write(store, target)
        return f"exported {count} items to {target}"
    return task
