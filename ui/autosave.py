"""Autosave of the open pack to the state folder, and recovery of what a crash left behind."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from briefing import atomic
from briefing.models import Pack
from briefing.resources import user_state_dir
from ui.pack_editor import PackEditor

AUTOSAVE_SECONDS = 30
_SUFFIX = ".autosave.briefpack"


def autosave_folder() -> Path:
    """Where autosaves live: `autosave/` in the state folder (BRIEFING_STATE moves it)."""
    return user_state_dir() / "autosave"


@dataclass(frozen=True)
class Recovery:
    """An autosave a crash left behind: the pack it belongs to (None if never saved) and when."""

    autosave: Path
    original: Path | None
    saved_at: dt.datetime

    def name(self) -> str:
        """How to name the pack to the user."""
        return self.original.name if self.original else "an unsaved pack"

    def load(self) -> Pack:
        """The autosaved pack (ValidationError if it cannot be read)."""
        from briefing.packs import read_pack

        return read_pack(self.autosave)

    def discard(self) -> None:
        """Remove the autosave and its note."""
        _remove(self.autosave)


def find_recoveries() -> list[Recovery]:
    """Autosaves newer than the file they belong to (or of packs never saved), newest first."""
    found = []
    for meta_path in sorted(autosave_folder().glob(f"*{_SUFFIX}.json")):
        autosave = meta_path.with_suffix("")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            saved_at = dt.datetime.fromisoformat(meta["saved_at"])
            original = Path(meta["original"]) if meta.get("original") else None
            autosaved = autosave.stat().st_mtime
        except (OSError, ValueError, KeyError, TypeError):
            continue  # half-written or foreign: not something to offer
        if original is not None and original.exists() and original.stat().st_mtime >= autosaved:
            _remove(autosave)  # the file was saved after the autosave: nothing was lost
            continue
        found.append(Recovery(autosave, original, saved_at))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def _remove(autosave: Path) -> None:
    for path in (autosave, Path(f"{autosave}.json")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


class Autosaver(QObject):
    """Writes the pack a while after it changes, until it is saved or closed cleanly."""

    def __init__(self, editor: PackEditor, seconds: int = AUTOSAVE_SECONDS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._session = f"untitled-{dt.datetime.now():%Y%m%d-%H%M%S}-{id(self) % 10_000:04d}"
        self._written: Path | None = None
        self._timer = QTimer(self, singleShot=True, interval=seconds * 1000)
        self._timer.timeout.connect(self.write)
        editor.undo_stack.indexChanged.connect(self._changed)

    def _changed(self, _index: int) -> None:
        # Started by the first edit and not restarted by later ones, so a steady stream of
        # edits is still saved every interval.
        if self.editor.is_modified() and not self._timer.isActive():
            self._timer.start()

    def target(self) -> Path:
        """The autosave file of the open pack."""
        if self.editor.path is None:
            key = self._session
        else:
            digest = hashlib.sha1(str(self.editor.path.resolve()).encode("utf-8")).hexdigest()[:12]
            key = f"{self.editor.path.stem}-{digest}"
        return autosave_folder() / f"{key}{_SUFFIX}"

    def write(self) -> Path | None:
        """Autosave now if there are unsaved changes; returns the file written."""
        self._timer.stop()
        if not self.editor.is_modified():
            return None
        from briefing.packs import dumps_pack

        target = self.target()
        if self._written is not None and self._written != target:
            _remove(self._written)  # the pack was saved under a new name meanwhile
        target.parent.mkdir(parents=True, exist_ok=True)
        meta = {"original": str(self.editor.path) if self.editor.path else None,
                "saved_at": dt.datetime.now().isoformat(timespec="seconds")}
        atomic.write_text(target, dumps_pack(self.editor.to_pack()))
        atomic.write_text(Path(f"{target}.json"), json.dumps(meta, indent=2) + "\n")
        self._written = target
        return target

    def discard(self) -> None:
        """The pack was saved, or its changes thrown away: no autosave should remain."""
        self._timer.stop()
        for path in {self._written, self.target()}:
            if path is not None:
                _remove(path)
        self._written = None
