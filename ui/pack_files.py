"""Pack files: New, Open, Save, Save As and Recent, with a prompt before changes are lost."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from briefing.errors import BriefingError
from briefing.library.store import LibraryStore
from briefing.models import Pack
from ui import messages
from ui.autosave import Autosaver
from ui.pack_editor import UNTITLED, PackEditor
from ui.settings import add_recent_file, recent_files, remove_recent_file

PACK_FILTER = "Briefing packs (*.briefpack);;All files (*)"
_FOLDER_KEY = "files/last-folder"


def new_pack_from_template(name: str | None = None) -> Pack:
    """An empty pack with the sections the template starts with (the default template if none)."""
    from briefing.packs import new_pack
    from briefing.templates import DEFAULT_TEMPLATE, load_template

    try:
        template = load_template(name or DEFAULT_TEMPLATE)
    except BriefingError:
        return new_pack(UNTITLED)
    return new_pack(UNTITLED, template=template)


def suggested_stem(pack: Pack, path: Path | None) -> str:
    """A file name (without extension) for the pack: its file's, else its title as a slug."""
    if path is not None:
        return path.stem
    slug = re.sub(r"[^\w]+", "-", pack.title.casefold()).strip("-_")
    return slug[:60] or "briefing-pack"


class PackFiles(QObject):
    """File commands for the open pack; `recentChanged` tells menus to rebuild."""

    recentChanged = Signal(list)
    saved = Signal(str)
    opened = Signal(str)

    def __init__(self, window: QWidget, editor: PackEditor, settings: QSettings, autosaver: Autosaver,
                 store: LibraryStore | None = None) -> None:
        super().__init__(window)
        self.store = store
        self.window = window
        self.editor = editor
        self.settings = settings
        self.autosaver = autosaver

    def recent(self) -> list[str]:
        """Recently used pack files, newest first."""
        return recent_files(self.settings)

    def start_folder(self) -> str:
        """The folder file dialogs open in: the pack's, else the last one used."""
        if self.editor.path is not None:
            return str(self.editor.path.parent)
        return str(self.settings.value(_FOLDER_KEY, str(Path.home())))

    def new(self) -> bool:
        """Start a new pack from the default template."""
        if not self.maybe_save():
            return False
        self.autosaver.discard()
        self.editor.load(new_pack_from_template(), None)
        return True

    def close(self) -> bool:
        """File > Close: put the open pack away (asking first), leaving a new empty one."""
        return self.new()

    def open(self, path: str | Path | None = None) -> bool:
        """Open a pack file (asking which when `path` is None)."""
        if not self.maybe_save():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Open pack", self.start_folder(), PACK_FILTER)
            if not path:
                return False
        return self.load(Path(path))

    def open_sample(self) -> bool:
        """Start from the bundled sample pack, as a new unsaved pack (Save asks where)."""
        from briefing.packs import read_pack
        from briefing.resources import sample_pack_path

        if not self.maybe_save():
            return False
        try:
            pack = read_pack(sample_pack_path())
        except BriefingError as exc:
            messages.show_problems(self.window, "Open sample pack", "Cannot open the sample pack.",
                                   messages.problem_lines(exc, sample_pack_path()))
            return False
        self.autosaver.discard()
        self.editor.load(pack, None)
        self.editor.mark_unsaved()  # not saved anywhere yet: closing asks first
        return True

    def load(self, path: Path) -> bool:
        """Read and show a pack file without asking anything first."""
        from briefing.packs import read_pack

        try:
            pack = read_pack(path)
        except BriefingError as exc:
            if not path.exists():
                self.recentChanged.emit(remove_recent_file(self.settings, str(path)))
            messages.show_problems(self.window, "Open pack", f"Cannot open {path.name}.",
                                   messages.problem_lines(exc, path))
            return False
        self.autosaver.discard()
        self.editor.load(pack, path)
        self._remember(path)
        self.opened.emit(str(path))
        return True

    def save(self) -> bool:
        """Save to the pack's file (asking for one if it has none yet)."""
        if self.editor.path is None:
            return self.save_as()
        return self.write(self.editor.path)

    def save_as(self) -> bool:
        """Save under a new name."""
        target = self._ask_target("Save pack as")
        return target is not None and self.write(target)

    def save_self_contained(self) -> bool:
        """Save As ▸ Self-contained: the pack carries a copy of every item it shows, so it builds
        the same on a machine without this library (and keeps carrying them when saved again)."""
        target = self._ask_target("Save as a self-contained pack")
        return target is not None and self.write(target, self_contained=True)

    def _ask_target(self, caption: str) -> Path | None:
        pack = self.editor.to_pack()
        suggestion = str(Path(self.start_folder()) / f"{suggested_stem(pack, self.editor.path)}.briefpack")
        path, _ = QFileDialog.getSaveFileName(self.window, caption, suggestion, PACK_FILTER)
        if not path:
            return None
        target = Path(path)
        return target if target.suffix.lower() == ".briefpack" else target.with_name(target.name + ".briefpack")

    def write(self, path: Path, self_contained: bool = False) -> bool:
        """Check the pack as the file reader would, then write it atomically; a pack that carries
        its items (or is to) carries them as they are now, the pack's own copies first."""
        from briefing.lookup import items_used, lookup_for
        from briefing.packs import dumps_pack, loads_pack, write_pack

        pack = self.editor.to_pack()
        carries = self_contained or pack.library is not None
        try:
            embed = items_used(pack, lookup_for(pack, self.store)) if carries else None
            written = loads_pack(dumps_pack(pack, embed=embed), origin=path.name)
            write_pack(pack, path, embed=embed)
        except BriefingError as exc:
            messages.show_problems(self.window, "Save pack", f"Cannot save {path.name}.",
                                   messages.problem_lines(exc, path))
            return False
        self.autosaver.discard()
        if carries:
            self.editor.set_embedded(written.library)
        self.editor.mark_saved(path)
        self.autosaver.discard()  # the path may have changed: drop the new name's autosave too
        self._remember(path)
        self.saved.emit(str(path))
        return True

    def maybe_save(self) -> bool:
        """True when it is fine to drop the open pack (saved, or the user said so)."""
        if not self.editor.is_modified():
            return True
        answer = messages.ask_unsaved(self.window, self.editor.display_name())
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.autosaver.discard()
            return True
        return False

    def _remember(self, path: Path) -> None:
        self.settings.setValue(_FOLDER_KEY, str(path.parent))
        self.recentChanged.emit(add_recent_file(self.settings, str(path)))
