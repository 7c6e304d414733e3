"""Library commands: add, edit and delete items; import and export the library in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressDialog, QWidget

from briefing.errors import BriefingError, Cancelled, ConflictError
from briefing.library.store import LibraryStore
from briefing.models import PACK_KINDS
from ui import messages
from ui.jobs import ImportOutcome
from ui.library_history import LibraryHistory
from ui.summaries import ItemSummary
from ui.wording import plain_problems
from ui.worker import Worker, WorkerPool

LIBRARY_FILTER = "Library files (*.json *.xlsx);;JSON (*.json);;Excel workbook (*.xlsx)"
_FOLDER_KEY = "library/last-folder"


class LibraryActions(QObject):
    """Carries out library requests; `changed` tells views to reload, `busy` to hold off edits."""

    changed = Signal()
    busyChanged = Signal(bool)
    importFinished = Signal(str)  # the summary line
    importFailed = Signal(object)
    exportFinished = Signal(str)
    exportFailed = Signal(object)

    def __init__(self, window: QWidget, store: LibraryStore, pool: WorkerPool, settings: QSettings) -> None:
        super().__init__(window)
        self.history = LibraryHistory(store, self.changed.emit, self)
        self.window = window
        self.store = store
        self.pool = pool
        self.settings = settings
        self.worker: Worker | None = None
        self._importing = ("", "fail")
        self.progress: QProgressDialog | None = None

    def busy(self) -> bool:
        """True while an import or export of the library runs in the background."""
        return self.worker is not None

    # --- items -----------------------------------------------------------------------------

    def item_dialog(self, kind: str, item_id: str | None = None) -> QDialog | None:
        """The dialog to add (no id) or edit an item; None when the item is gone or a job runs."""
        if self.busy():
            messages.show_info(self.window, "Library busy", "Wait until the library import or export ends.")
            return None
        if kind not in PACK_KINDS or kind == "person":  # no editor for people yet: they come in by import
            messages.show_info(self.window, "Edit item", f"A {kind} cannot be edited in the app yet; "
                               "change it in a JSON library file and import that.")
            return None
        item = self.store.get(kind, item_id) if item_id else None
        if item_id and item is None:
            messages.show_problems(self.window, "Edit item", "The item is no longer in the library: "
                                   "someone may have deleted it.", [])
            return None
        from ui.item_dialog import ItemDialog  # imported when first needed: start-up stays quick

        return ItemDialog(kind, self.store, item, self.window)

    def edit(self, kind: str, item_id: str | None = None) -> bool:
        """Open the item dialog; True when an item was saved."""
        dialog = self.item_dialog(kind, item_id)
        if dialog is None or dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        saved = getattr(dialog, "saved_item", None)
        if saved is not None:
            self.history.edited(getattr(dialog, "original", None), saved)
        self.changed.emit()
        return True

    def delete(self, summaries: list[ItemSummary], in_pack: set[tuple[str, str]]) -> bool:
        """Delete items after asking; the open pack then shows them as missing."""
        if self.busy() or not summaries:
            return False
        used = sum(1 for s in summaries if s.key in in_pack)
        keys = [s.key for s in summaries]
        _holders, links = self.history.links_removed(keys)
        if not messages.confirm_delete(self.window, [s.label for s in summaries], used, links):
            return False
        try:
            self.history.delete(keys)
        except BriefingError as exc:
            messages.show_problems(self.window, "Delete items", "Nothing was deleted.", messages.problem_lines(exc))
            return False
        self.changed.emit()
        return True

    # --- import and export -----------------------------------------------------------------

    def import_file(self, path: str | None = None, on_conflict: str = "fail") -> bool:
        """Import a .json or .xlsx library file, all or nothing."""
        if self.busy():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Import into the library", self._folder(),
                                                  LIBRARY_FILTER)
            if not path:
                return False
        from ui import tasks

        self._remember(Path(path))
        self._importing = (str(path), on_conflict)
        self._start(tasks.import_library(self.store.path, Path(path), on_conflict), "Importing…",
                    self._imported, self._import_failed)
        return True

    def export_file(self, path: str | None = None) -> bool:
        """Export the whole library to .json or .xlsx."""
        if self.busy():
            return False
        if path is None:
            path, chosen = QFileDialog.getSaveFileName(self.window, "Export the library",
                                                       str(Path(self._folder()) / "library.json"), LIBRARY_FILTER)
            if not path:
                return False
            if Path(path).suffix.lower() not in (".json", ".xlsx"):
                path += ".xlsx" if "xlsx" in chosen and "json" not in chosen else ".json"
        from ui import tasks

        self._remember(Path(path))
        self._start(tasks.export_library(self.store.path, Path(path)), "Exporting the library…",
                    self._exported, self._export_failed)
        return True

    def _start(self, task, label: str, finished, failed) -> None:
        self.progress = QProgressDialog(label, "Cancel", 0, 0, self.window)
        self.progress.setWindowTitle("Library")
        self.progress.setWindowModality(Qt.WindowModality.NonModal)
        self.progress.setMinimumDuration(400)
        self.progress.setAutoClose(False)
        self.progress.canceled.connect(lambda: self.worker and self.worker.cancel())
        self.worker = self.pool.run(task, finished=finished, failed=failed, progress=self._progressed,
                                    name=label)
        self.busyChanged.emit(True)

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _end(self) -> None:
        self.worker = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.busyChanged.emit(False)

    def _imported(self, result: ImportOutcome) -> None:
        self._end()
        summary, warnings = result.summary, result.warnings
        if result.added or result.replaced_before:
            self.history.imported(Path(self._importing[0]).name, result.added, result.replaced_before)
        self.changed.emit()
        path = self._importing[0]
        messages.show_info(self.window, "Import finished", summary,
                           plain_problems(warnings, path, self.title_of, what="a library file"))
        self.importFinished.emit(summary)

    def _import_failed(self, exc: Exception) -> None:
        self._end()
        path, on_conflict = self._importing
        if isinstance(exc, ConflictError) and on_conflict == "fail":
            choice = messages.ask_conflict(self.window, plain_problems(exc.problems, path, self.title_of,
                                                                       what="a library file"))
            if choice is not None:
                self.import_file(path, choice)
                return
        elif not isinstance(exc, Cancelled):
            messages.show_problems(self.window, "Import", f"Nothing was imported from {Path(path).name}.",
                                   messages.problem_lines(exc, path, self.title_of, what="a library file"))
        self.importFailed.emit(exc)

    def _exported(self, message: str) -> None:
        self._end()
        messages.show_info(self.window, "Library exported", message)
        self.exportFinished.emit(message)

    def _export_failed(self, exc: Exception) -> None:
        self._end()
        if not isinstance(exc, Cancelled):
            messages.show_problems(self.window, "Export library", "The library was not exported.",
                                   messages.problem_lines(exc, what="a library file"))
        self.exportFailed.emit(exc)

    def title_of(self, kind: str, item_id: str) -> str:
        """An item's title in the library, for messages (its id when it is not there)."""
        item = self.store.get(kind, item_id)
        return item.label if item is not None else item_id

    def _folder(self) -> str:
        return str(self.settings.value(_FOLDER_KEY, str(Path.home())))

    def _remember(self, path: Path) -> None:
        self.settings.setValue(_FOLDER_KEY, str(path.parent))
