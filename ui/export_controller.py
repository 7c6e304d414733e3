"""Export: choose formats and target, check warnings, write in the background, then Open / Show in folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from briefing.docmodel import ItemWarning
from briefing.errors import BriefingError, Cancelled
from briefing.models import Pack
from ui import messages
from ui.breaches import find_breaches, highest, split_warnings
from ui.pack_editor import PackEditor
from ui.pack_files import suggested_stem
from ui.settings import export_folder, remember_export_folder
from ui.worker import Worker, WorkerPool

if TYPE_CHECKING:
    from ui.jobs import ExportOutcome
    from ui.summaries import ItemSummary

    SummaryOf = Callable[[str, str], ItemSummary | None]

ALL = "all"
FORMAT_CHOICES = (("docx", "Word document…"), ("pdf", "PDF document…"), ("xlsx", "Excel register…"),
                  (ALL, "All three formats…"))


class ExportController(QObject):
    """Runs one export at a time; `finished`/`failed` report its end (tests wait on them)."""

    started = Signal()
    finished = Signal(object)  # ui.jobs.ExportOutcome
    failed = Signal(object)  # the exception (Cancelled when the user cancelled)
    progressed = Signal(int, int)

    def __init__(self, window: QWidget, editor: PackEditor, pool: WorkerPool, settings: QSettings,
                 library_path: Callable[[], Path], summary_of: SummaryOf | None = None) -> None:
        super().__init__(window)
        self._summary_of: SummaryOf = summary_of or (lambda _kind, _id: None)
        self.window = window
        self.editor = editor
        self.pool = pool
        self.settings = settings
        self._library_path = library_path
        self.worker: Worker | None = None
        self._job: tuple[Pack, list[tuple[str, Path]]] | None = None
        self.progress: QProgressDialog | None = None
        self.result_box: QMessageBox | None = None

    def busy(self) -> bool:
        """True while an export runs."""
        return self.worker is not None

    def export(self, format_id: str) -> bool:
        """File > Export: ask where, then build the document (its warnings come next)."""
        if self.busy():
            return False
        targets = self.choose_targets(format_id)
        if not targets:
            return False
        from ui import tasks

        self.started.emit()
        # The pack as it is now, whatever is edited meanwhile. Callbacks are bound methods, not
        # lambdas: Qt drops a worker's late report if this controller is gone by then.
        self._job = (self.editor.to_pack(), targets)
        self.worker = self.pool.run(tasks.check(self._job[0], self._library_path()), finished=self._checked,
                                    failed=self._failed, name="check before export")
        return True

    def choose_targets(self, format_id: str) -> list[tuple[str, Path]]:
        """(format, path) pairs from a file dialog: a file for one format, a folder for all.
        Files that exist are replaced only after the user said so, naming them."""
        pack = self.editor.to_pack()
        folder = export_folder(self.settings, self.editor.path)
        stem = suggested_stem(pack, self.editor.path)
        while True:
            targets = self._ask_targets(format_id, folder, stem)
            if not targets:
                return []
            existing = [path for _fmt, path in targets if path.exists()]
            answer = (messages.ask_replace(self.window, str(existing[0].parent), [p.name for p in existing])
                      if existing else "replace")
            if answer == "replace":
                remember_export_folder(self.settings, self.editor.path, targets[0][1].parent)
                return targets
            if answer == "cancel":
                return []
            folder = targets[0][1].parent  # "Choose another folder": ask again from there

    def _ask_targets(self, format_id: str, folder: Path, stem: str) -> list[tuple[str, Path]]:
        from briefing.build import plan_outputs
        from briefing.exporters import REGISTRY

        if format_id == ALL:
            chosen = QFileDialog.getExistingDirectory(self.window, "Export all three formats to folder", str(folder))
        else:
            info = REGISTRY[format_id]
            # The native dialog's own "replace?" question would come before ours: ours names them all.
            chosen, _ = QFileDialog.getSaveFileName(
                self.window, f"Export as {info.label}", str(folder / f"{stem}{info.extension}"),
                f"{info.label} (*{info.extension})", options=QFileDialog.Option.DontConfirmOverwrite)
            if chosen and Path(chosen).suffix.lower() != info.extension:
                chosen += info.extension
        if not chosen:
            return []
        try:
            return plan_outputs(Path(chosen).parent / f"{stem}.briefpack" if format_id != ALL
                                else Path(chosen) / f"{stem}.briefpack", format_id, chosen)
        except BriefingError as exc:
            messages.show_problems(self.window, "Export", "Cannot export there.", messages.problem_lines(exc))
            return []

    def title_of(self, kind: str, item_id: str) -> str:
        """An item's title for messages (its id when it is not found)."""
        summary = self._summary_of(kind, item_id)
        return summary.label if summary is not None else item_id

    def _checked(self, found: tuple[tuple[ItemWarning, ...], tuple[str, ...]]) -> None:
        self.worker = None
        assert self._job is not None
        pack, targets = self._job
        checks, notes = found
        core_breaches, others = split_warnings(checks, self.title_of)
        breaches = list({b.key: b for b in [*find_breaches(pack.refs(), self._summary_of, pack.marking),
                                            *core_breaches]}.values())
        if breaches:
            raise_to = highest(breaches) or ""
            answer = messages.ask_breach(self.window, pack.marking, [(b.title, b.marking) for b in breaches],
                                         raise_to)
            if answer == "cancel":
                self.failed.emit(Cancelled())
                return
            if answer == "raise":
                self.editor.set_detail("marking", raise_to)  # undoable, like any other edit
                pack = replace(pack, marking=raise_to)
        lines = [messages.readable(line, self.title_of) for line in (*notes, *(c.text for c in others))]
        if lines and not messages.confirm(
                self.window, "Check before export",
                "Some items need attention before this pack is shared:", lines, "Export anyway"):
            self.failed.emit(Cancelled())
            return
        from ui import tasks

        self._show_progress()
        self.worker = self.pool.run(tasks.export(pack, self._library_path(), targets), finished=self._exported,
                                    failed=self._failed, progress=self._progressed, name="export")

    def _show_progress(self) -> None:
        dialog = QProgressDialog("Exporting…", "Cancel", 0, 1000, self.window)
        dialog.setWindowTitle("Export")
        # Not modal: a modal progress dialog pumps events inside setValue(), re-entering our slots.
        # Editing meanwhile is harmless: the document being written is a frozen snapshot.
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.canceled.connect(self.cancel)
        self.progress = dialog

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None and total:
            self.progress.setValue(min(1000, done * 1000 // total))
        self.progressed.emit(done, total)

    def cancel(self) -> None:
        """Stop the export under way; the core's atomic writes leave no file behind."""
        if self.worker is not None:
            self.worker.cancel()
        if self.progress is not None:
            self.progress.setLabelText("Cancelling…")

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _exported(self, outcome: ExportOutcome) -> None:
        self.worker = None
        self._close_progress()
        self._show_result(outcome)
        self.finished.emit(outcome)

    def _failed(self, exc: Exception) -> None:
        self.worker = None
        self._close_progress()
        if not isinstance(exc, Cancelled):
            messages.show_problems(self.window, "Export", "The pack could not be exported.",
                                   messages.problem_lines(exc, "pack", self.title_of))
        self.failed.emit(exc)

    def _show_result(self, outcome: ExportOutcome) -> None:
        """A non-blocking message naming the files, with Open and Show in folder."""
        names = "\n".join(path.name for path in outcome.paths)
        box = QMessageBox(QMessageBox.Icon.Information, "Export finished",
                          f"Exported to {outcome.paths[0].parent}:\n{names}", QMessageBox.StandardButton.Close,
                          self.window)
        if outcome.warnings:
            lines = [messages.readable(line, self.title_of) for line in outcome.warnings]
            box.setInformativeText("Warnings:\n" + "\n".join(lines[:8]))
            box.setDetailedText("\n".join(lines))
        open_button = box.addButton("Open", QMessageBox.ButtonRole.ActionRole)
        folder_button = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
        open_button.clicked.connect(lambda: open_path(outcome.paths[0]))
        folder_button.clicked.connect(lambda: open_path(outcome.paths[0].parent))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: setattr(self, "result_box", None))
        self.result_box = box
        box.open()


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's default program."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
