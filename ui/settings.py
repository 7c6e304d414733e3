"""The app's settings: one ini file in the state folder (BRIEFING_STATE moves it), and layout helpers."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from briefing.resources import user_state_dir

RECENT_KEY = "files/recent"
RECENT_LIMIT = 8
EXPORT_FOLDER_KEY = "export/last-folder"


def app_settings() -> QSettings:
    """The settings store; an ini file, so tests isolate it by moving BRIEFING_STATE."""
    return QSettings(str(user_state_dir() / "settings.ini"), QSettings.Format.IniFormat)


def save_layout(settings: QSettings, key: str, widget: QWidget, splitters: dict[str, QSplitter]) -> None:
    """Remember a window's geometry, its dock/toolbar state and its splitters' sizes."""
    settings.setValue(f"{key}/geometry", widget.saveGeometry())
    if isinstance(widget, QMainWindow):
        settings.setValue(f"{key}/state", widget.saveState())
    for name, splitter in splitters.items():
        settings.setValue(f"{key}/splitter-{name}", splitter.saveState())


def restore_layout(settings: QSettings, key: str, widget: QWidget, splitters: dict[str, QSplitter]) -> bool:
    """Restore what `save_layout` saved; False when nothing was saved yet."""
    geometry = settings.value(f"{key}/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        widget.restoreGeometry(geometry)
    else:
        return False
    state = settings.value(f"{key}/state")
    if isinstance(widget, QMainWindow) and isinstance(state, QByteArray):
        widget.restoreState(state)
    for name, splitter in splitters.items():
        saved = settings.value(f"{key}/splitter-{name}")
        if isinstance(saved, QByteArray):
            splitter.restoreState(saved)
    return True


def recent_files(settings: QSettings) -> list[str]:
    """Recently opened pack files, newest first."""
    value = settings.value(RECENT_KEY, [])
    if isinstance(value, str):  # an ini file holding a single entry reads back as a string
        value = [value]
    return [str(v) for v in value or [] if v]


def add_recent_file(settings: QSettings, path: str) -> list[str]:
    """Put `path` first in the recent files and return the new list."""
    files = [path] + [p for p in recent_files(settings) if p != path]
    files = files[:RECENT_LIMIT]
    settings.setValue(RECENT_KEY, files)
    return files


def remove_recent_file(settings: QSettings, path: str) -> list[str]:
    """Forget `path` (e.g. it no longer exists) and return the new list."""
    files = [p for p in recent_files(settings) if p != path]
    settings.setValue(RECENT_KEY, files)
    return files


def _pack_key(pack_path: Path) -> str:
    # A digest: a path holds "/" and "\\", which QSettings reads as groups.
    return "export-folders/" + hashlib.sha256(str(pack_path.resolve()).encode("utf-8")).hexdigest()[:24]


def export_folder(settings: QSettings, pack_path: Path | None) -> Path:
    """Where to offer exporting: this pack's last export folder, else the pack's own folder,
    else the last export folder of any pack, else the home folder."""
    value = settings.value(_pack_key(pack_path), "") if pack_path is not None else ""
    if value:
        return Path(str(value))
    if pack_path is not None:
        return pack_path.parent
    value = settings.value(EXPORT_FOLDER_KEY, "")
    return Path(str(value)) if value else Path.home()


def remember_export_folder(settings: QSettings, pack_path: Path | None, folder: Path) -> None:
    """Remember the folder a pack was exported to (per pack, and as the last one used)."""
    if pack_path is not None:
        settings.setValue(_pack_key(pack_path), str(folder))
    settings.setValue(EXPORT_FOLDER_KEY, str(folder))
