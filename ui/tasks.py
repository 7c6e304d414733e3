"""Tasks for the background worker: each runs one job of `ui.jobs` in a child process."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefing.models import Pack
from ui.child_process import Task, run_in_child
from ui.jobs import ExportOutcome

__all__ = ["ExportOutcome", "check", "export", "export_library", "import_library", "preview"]


def check(pack: Pack, library_path: Path) -> Task:
    """The pack's warnings, from building its document; nothing is written."""
    return run_in_child("ui.jobs:check", pack=pack, library_path=library_path)


def export(pack: Pack, library_path: Path, targets: Sequence[tuple[str, Path]]) -> Task:
    """Build and write the pack to each (format, path)."""
    return run_in_child("ui.jobs:export", pack=pack, library_path=library_path, targets=list(targets))


def preview(pack: Pack, library_path: Path, pdf_path: Path) -> Task:
    """Build the pack as a PDF at `pdf_path`."""
    return run_in_child("ui.jobs:preview", pack=pack, library_path=library_path, pdf_path=pdf_path)


def import_library(library_path: Path, source: Path, on_conflict: str) -> Task:
    """Import an interchange file into the library."""
    return run_in_child("ui.jobs:import_library", library_path=library_path, source=source,
                        on_conflict=on_conflict)


def export_library(library_path: Path, target: Path) -> Task:
    """Export the whole library to a file."""
    return run_in_child("ui.jobs:export_library", library_path=library_path, target=target)
