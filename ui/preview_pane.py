"""The "Preview" tab: the pack's PDF pages, built by the core exporter in the background."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from briefing.errors import Cancelled
from briefing.models import Pack
from ui import messages
from ui.worker import Worker, WorkerPool

# Edits come in bursts; rebuild once the officer pauses.
REFRESH_DELAY_MS = 1500
ZOOM_STEP, MIN_ZOOM, MAX_ZOOM = 1.25, 0.25, 4.0


class PreviewPane(QWidget):
    """Shows rendered pages; QtPdf is imported only when the tab is first shown."""

    rendered = Signal(str)  # the PDF file shown
    failed = Signal(str)

    def __init__(self, pool: WorkerPool, current_pack: Callable[[], Pack], library_path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._current_pack = current_pack
        self._library_path = library_path
        self._folder: Path | None = None
        self._worker: Worker | None = None
        self._pending = False
        self._stale = True
        self._flip = 0
        self._closed = False
        self.document = None  # QPdfDocument, once the tab was shown
        self.view = None
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.refresh_button = QPushButton("Refresh preview")
        self.refresh_button.setAccessibleName("Refresh preview")
        self.refresh_button.setToolTip("Build the pack as a PDF now and show its pages")
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel("The preview is built when this tab is shown.")
        self.status.setAccessibleName("Preview status")
        self.status.setWordWrap(True)
        row.addWidget(self.refresh_button)
        self.zoom_buttons = {}
        for key, text, tip in (("out", "−", "Zoom out (Ctrl+-, or Ctrl+wheel)"), ("in", "+", "Zoom in (Ctrl++)"),
                               ("fit", "Fit width", "Fit the page to the pane's width")):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName({"out": "Zoom out", "in": "Zoom in", "fit": "Fit width"}[key])
            button.setEnabled(False)  # until there are pages to zoom
            button.clicked.connect(lambda _checked=False, k=key: self.zoom(k))
            row.addWidget(button)
            self.zoom_buttons[key] = button
        for keys, key in ((QKeySequence.StandardKey.ZoomIn, "in"), (QKeySequence.StandardKey.ZoomOut, "out")):
            act = QAction(self)
            act.setShortcuts(QKeySequence.keyBindings(keys))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _checked=False, k=key: self.zoom(k))
            self.addAction(act)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self._layout = layout

    def activate(self) -> None:
        """Create the PDF view (first showing of the tab) and build if anything changed."""
        if self.view is None:
            from PySide6.QtPdf import QPdfDocument
            from PySide6.QtPdfWidgets import QPdfView

            self.document = QPdfDocument(self)
            self.view = QPdfView(self)
            self.view.setAccessibleName("Preview pages")
            self.view.setToolTip("The pack as it will print (PDF)")
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.view.setDocument(self.document)
            self.view.viewport().installEventFilter(self)  # Ctrl+wheel zooms
            self._layout.addWidget(self.view, 1)
        if self._stale:
            self.refresh()

    def zoom_factor(self) -> float:
        """The zoom shown: the view's own factor, or the one fitting the page to the width."""
        from PySide6.QtPdfWidgets import QPdfView

        if self.view is None or self.document is None:
            return 1.0
        if self.view.zoomMode() != QPdfView.ZoomMode.FitToWidth or not self.document.pageCount():
            return self.view.zoomFactor()
        page_points = self.document.pagePointSize(0).width() or 1.0
        return self.view.viewport().width() / (page_points * self.view.logicalDpiX() / 72)

    def zoom(self, how: str) -> None:
        """'in', 'out' (a step of 25 %) or 'fit' (the page's width)."""
        from PySide6.QtPdfWidgets import QPdfView

        if self.view is None:
            return
        if how == "fit":
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            return
        factor = self.zoom_factor() * (ZOOM_STEP if how == "in" else 1 / ZOOM_STEP)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(MAX_ZOOM, max(MIN_ZOOM, factor)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self.view is not None and watched is self.view.viewport() and event.type() == QEvent.Type.Wheel
                and isinstance(event, QWheelEvent) and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.zoom("in" if event.angleDelta().y() > 0 else "out")
            return True
        return super().eventFilter(watched, event)

    def pack_changed(self) -> None:
        """An edit happened: rebuild after a pause if the preview is on screen."""
        self._stale = True
        if self._worker is not None:
            self._pending = True  # the build under way shows an older state
        if self.view is not None and self.isVisible():
            self._timer.start()

    def refresh(self) -> None:
        """Build the preview now; a build under way of an older state is cancelled and restarted."""
        self._timer.stop()
        if self._closed:
            return
        if self._worker is not None:
            if self._stale:  # edited since that build started
                self._pending = True
                self._worker.cancel()
            return
        self._stale = False
        self._flip ^= 1  # alternate files: the one shown stays readable while the next is written
        target = self._temp_folder() / f"preview-{self._flip}.pdf"
        from ui import tasks

        self.status.setText("Building the preview…")
        self._worker = self._pool.run(tasks.preview(self._current_pack(), self._library_path, target),
                                      finished=self._built, failed=self._failed, name="preview")

    def _temp_folder(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="briefing-preview-"))
        return self._folder

    def _built(self, path: Path) -> None:
        self._worker = None
        if self._pending:
            self._pending = False
            self.refresh()
            return
        if self.document is not None:
            self.document.load(str(path))
            pages = self.document.pageCount()
            for button in self.zoom_buttons.values():
                button.setEnabled(pages > 0)
            self.status.setText(f"{pages} page{'s' if pages != 1 else ''} — as it will print")
        self.rendered.emit(str(path))

    def _failed(self, exc: Exception) -> None:
        self._worker = None
        if self._pending:
            self._pending = False
            self.refresh()
            return
        if isinstance(exc, Cancelled):
            self.status.setText("Preview cancelled.")
            return
        lines = messages.problem_lines(exc, "pack")
        if self.document is not None:
            self.document.close()  # no old pages under the error: they no longer show the pack
        for button in self.zoom_buttons.values():
            button.setEnabled(False)
        self.status.setText("Cannot build the preview:\n" + "\n".join(lines[:6]))
        self.failed.emit("\n".join(lines))

    def cleanup(self) -> None:
        """Forget the PDF and remove the temporary files (the window closes)."""
        self._closed, self._pending = True, False
        self._timer.stop()
        if self._worker is not None:
            self._worker.cancel()
        if self.document is not None:
            self.document.close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
