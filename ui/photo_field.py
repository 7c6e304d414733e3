"""A person's photo in the item editor: a preview, "Choose photo…" and "Remove photo"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from briefing import photos
from briefing.errors import BriefingError
from briefing.files import read_regular
from briefing.limits import PHOTO_BYTES

PREVIEW_SIDE = 160
PHOTO_FILTER = "Photos (*.jpg *.jpeg *.png);;All files (*)"
_ERROR_COLOUR = "#B3261E"


def photo_pixmap(data: bytes, side: int) -> QPixmap:
    """The photo scaled to fit `side` × `side`, its aspect kept (a null pixmap when Qt cannot read it)."""
    pixmap = QPixmap()
    if not pixmap.loadFromData(data):
        return pixmap
    return pixmap.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)


class PhotoField(QWidget):
    """Holds a checked photo's bytes (or none); a refused file is named in one line, the photo kept."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: bytes | None = None
        self.folder = str(Path.home())
        self.preview = QLabel()
        self.preview.setAccessibleName("Photo preview")
        self.preview.setFixedSize(PREVIEW_SIDE, PREVIEW_SIDE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #C8C8C8;")
        self.choose_button = QPushButton("Choose photo…")
        self.choose_button.setToolTip("A JPEG or PNG file of at most 2 MiB and 4,000 pixels a side")
        self.choose_button.clicked.connect(lambda: self.choose())
        self.remove_button = QPushButton("Remove photo")
        self.remove_button.setToolTip("The person has no photo after saving")
        self.remove_button.clicked.connect(lambda: self.set_value(None))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Photo check")
        self.status.setStyleSheet(f"color: {_ERROR_COLOUR};")
        self.status.hide()
        self.status.setMaximumWidth(PREVIEW_SIDE + 40)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.choose_button)
        column.addWidget(self.remove_button)
        column.addWidget(self.status)
        self._show()

    def value(self) -> bytes | None:
        """The photo's bytes as chosen (never re-encoded), or None."""
        return self._data

    def set_value(self, data: bytes | None) -> None:
        """Show `data` (already checked: from the library or from `choose`)."""
        self._data = data or None
        self.status.hide()
        self._show()
        self.changed.emit()

    def choose(self, path: str | None = None) -> bool:
        """Take a photo from a file (asked for when no path is given); True when it was taken."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Choose a photo", self.folder, PHOTO_FILTER)
            if not path:
                return False
        self.folder = str(Path(path).parent)
        try:
            data = read_regular(path, limit=PHOTO_BYTES, what="photo")
        except BriefingError as exc:
            return self._refuse(" ".join(exc.problems) + " The photo was not changed.")
        found = photos.problem(data)
        if found is not None:
            return self._refuse(f"{Path(path).name}: {found}. The photo was not changed.")
        self.set_value(data)
        return True

    def _refuse(self, line: str) -> bool:
        self.status.setText(line)
        self.status.show()
        return False

    def _show(self) -> None:
        self.remove_button.setEnabled(self._data is not None)
        if self._data is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No photo")
            return
        pixmap = photo_pixmap(self._data, PREVIEW_SIDE - 2)
        self.preview.setText("" if not pixmap.isNull() else "Photo (no preview)")
        self.preview.setPixmap(pixmap)
