"""Core jobs the app runs in a child process (no Qt here): each opens its own LibraryStore."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.docmodel import ItemWarning
from briefing.models import Pack

if TYPE_CHECKING:
    from briefing.library.importer import OnConflict

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class ExportOutcome:
    """Files written by an export, and every warning (the document's and the exporters')."""

    paths: tuple[Path, ...]
    warnings: tuple[str, ...]


@contextlib.contextmanager
def _store(library_path: Path) -> Iterator[Any]:
    from briefing.library.store import LibraryStore

    store = LibraryStore(library_path)
    try:
        yield store
    finally:
        store.close()


def _document(pack: Pack, library_path: Path) -> Any:
    from briefing.build import prepare_document

    with _store(library_path) as store:
        return prepare_document(pack, library=store)


def ready(progress: Progress, cancelled: CancelCheck) -> bool:
    """Nothing to do: a first child started ahead of real work, once the fork server is ready."""
    return True


def check(pack: Pack, library_path: Path, progress: Progress,
          cancelled: CancelCheck) -> tuple[tuple[ItemWarning, ...], tuple[str, ...]]:
    """Build the pack's document and return what to show first: the item checks (markings,
    staleness, sources), structured, and every other warning line (a logo left out, ...)."""
    document = _document(pack, library_path)
    checked = {w.text for w in document.item_warnings}
    return document.item_warnings, tuple(line for line in document.warnings if line not in checked)


def export(pack: Pack, library_path: Path, targets: Sequence[tuple[str, Path]], progress: Progress,
           cancelled: CancelCheck) -> ExportOutcome:
    """Build the document and write it to each (format, path), atomically."""
    from briefing.build import export_document

    result = export_document(_document(pack, library_path), targets, progress=progress, cancelled=cancelled)
    return ExportOutcome(result.paths, result.warnings)


def preview(pack: Pack, library_path: Path, pdf_path: Path, progress: Progress, cancelled: CancelCheck) -> Path:
    """Build the pack as a PDF for the preview."""
    from briefing.build import export_document

    export_document(_document(pack, library_path), [("pdf", pdf_path)], progress=progress, cancelled=cancelled)
    return pdf_path


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: a summary line, its warnings, and what Undo needs."""

    summary: str
    warnings: tuple[str, ...]
    added: tuple[tuple[str, str], ...]
    replaced_before: tuple[Any, ...]  # the items it replaced, as they were


def import_library(library_path: Path, source: Path, on_conflict: OnConflict, progress: Progress,
                   cancelled: CancelCheck) -> ImportOutcome:
    """Import an interchange file, all or nothing; a summary, warnings, and what Undo needs."""
    from briefing.library.importer import import_file

    with _store(library_path) as store:
        # Replacing keeps the old items for Undo; only a replacing import reads them first.
        before = store.content().by_key() if on_conflict == "replace" else {}
        report = import_file(store, source, on_conflict=on_conflict,
                             progress=progress, cancelled=cancelled)
    summary = (f"Imported {source.name}: {len(report.added)} added, {len(report.unchanged)} unchanged, "
               f"{len(report.replaced)} replaced, {len(report.skipped)} skipped.")
    return ImportOutcome(summary, tuple(report.warnings), tuple(report.added),
                         tuple(before[key] for key in report.replaced if key in before))


def export_library(library_path: Path, target: Path, progress: Progress, cancelled: CancelCheck) -> str:
    """Write the whole library to .json or .xlsx; the command line's message."""
    from briefing.library.exporter import export_library as write

    with _store(library_path) as store:
        count = write(store, target)
    return f"Exported {count} item{'s' if count != 1 else ''} to {target}."
