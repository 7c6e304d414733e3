"""The main window's menus, toolbar and shortcuts (the platform's standard keys where they exist)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from briefing.models import PACK_KINDS
from ui.export_controller import FORMAT_CHOICES
from ui.summaries import KIND_LABELS

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Key = QKeySequence.StandardKey


def _action(window: MainWindow, text: str, tip: str, slot: Callable[[], object],
            shortcut: QKeySequence | Key | str | None = None) -> QAction:
    act = QAction(text, window)
    act.setToolTip(tip)
    act.setStatusTip(tip)
    if shortcut is not None:
        act.setShortcut(shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut))
    act.triggered.connect(lambda _checked=False: slot())
    return act


class Actions:
    """Every window-level action, so tests and the toolbar can reach them by name."""

    def __init__(self, window: MainWindow) -> None:
        files, exports, library = window.files, window.exports, window.library_actions
        a = partial(_action, window)
        self.new = a("&New pack", "Start a new pack from the default template", files.new, Key.New)
        self.open = a("&Open…", "Open a pack file", files.open, Key.Open)
        self.save = a("&Save", "Save the pack", files.save, Key.Save)
        self.save_as = a("&Pack file…", "Save the pack under a new name", files.save_as, Key.SaveAs)
        self.save_as.setData("Save as a new pack file")
        self.save_self_contained = a("&Self-contained (carries its items)…",
                                     "Save the pack with a copy of every item it shows, to build it "
                                     "anywhere, without this library", files.save_self_contained)
        self.export = a("&Export…", "Export the pack to Word, PDF or Excel", window.export_dialog, "Ctrl+E")
        self.exports = {fmt: a(label, f"Export the pack: {label.rstrip('…')}", lambda f=fmt: exports.export(f))
                        for fmt, label in FORMAT_CHOICES}
        self.close = a("&Close", "Close the pack (asks first when it has unsaved changes)", files.close, Key.Close)
        self.quit = a("&Quit", "Close the app", window.close, Key.Quit)
        # The group's active history: the pack's, or the library's while working in the library.
        self.undo = window.undo_group.createUndoAction(window, "&Undo")
        self.undo.setShortcut(QKeySequence(Key.Undo))
        self.undo.setToolTip("Undo the last change (to the pack, or to the library while working in it)")
        self.redo = window.undo_group.createRedoAction(window, "&Redo")
        self.redo.setShortcut(QKeySequence(Key.Redo))
        self.redo.setToolTip("Redo the change just undone")
        self.find = a("&Find in library", "Search the library", window.focus_search, Key.Find)
        self.add_to_pack = a("&Add to pack", "Add the item shown in the inspector to the pack",
                             window.add_current_to_pack, "Ctrl+Return")
        self.new_items = {kind: a(f"New {KIND_LABELS[kind].lower()}…", f"Add a {kind} to the library",
                                  lambda k=kind: library.edit(k))
                          for kind in PACK_KINDS if kind != "person"}  # no person editor yet
        self.edit_item = a("&Edit item…", "Edit the selected library item", window.edit_current_item)
        self.delete_items = a("&Delete items…", "Delete the selected library items", window.delete_selected_items)
        self.import_library = a("&Import…", "Import a JSON or Excel library file", library.import_file)
        self.export_library = a("E&xport…", "Export the whole library as JSON or Excel", library.export_file)
        self.preview = a("Refresh &preview", "Show the pack as it will print", window.show_preview, "F5")
        self.open_sample = a("Open &sample pack", "Start from a sample brief for the ROK-EU Digital "
                             "Partnership Council, built from the starter library", files.open_sample)
        self.shortcuts = a("&Keyboard shortcuts", "Every keyboard shortcut of the app", window.show_shortcuts)
        self.about = a("&About", "About Briefing Pack Builder", window.about)


def build_menus(window: MainWindow) -> Actions:
    """Create the menu bar and toolbar; returns the actions."""
    acts = Actions(window)
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([acts.new, acts.open])
    window.recent_menu = file_menu.addMenu("Open &Recent")
    file_menu.addSeparator()
    file_menu.addAction(acts.save)
    save_as_menu = file_menu.addMenu("Save &As")
    save_as_menu.addActions([acts.save_as, acts.save_self_contained])
    file_menu.addSeparator()
    file_menu.addAction(acts.export)
    export_menu = file_menu.addMenu("Export &As")
    export_menu.addActions(list(acts.exports.values()))
    file_menu.addSeparator()
    file_menu.addActions([acts.close, acts.quit])
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([acts.undo, acts.redo])
    edit_menu.addSeparator()
    edit_menu.addAction(acts.find)
    pack = window.pack_panel
    pack_menu = bar.addMenu("&Pack")
    pack_menu.addAction(acts.add_to_pack)
    pack_menu.addActions([pack.add_section_action, pack.add_text_action, pack.rename_action, pack.remove_action])
    pack_menu.addSeparator()
    pack_menu.addActions([pack.move_up_action, pack.move_down_action])
    pack_menu.addSeparator()
    pack_menu.addAction(acts.preview)
    library_menu = bar.addMenu("&Library")
    library_menu.addActions(list(acts.new_items.values()))
    library_menu.addActions([acts.edit_item, acts.delete_items])
    library_menu.addSeparator()
    library_menu.addActions([acts.import_library, acts.export_library])
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([acts.shortcuts, acts.open_sample, acts.about])
    _toolbar(window, acts)
    return acts


def _toolbar(window: MainWindow, acts: Actions) -> QToolBar:
    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("main-toolbar")  # saveState() needs a name
    toolbar.setMovable(False)
    for act in (acts.new, acts.open, acts.save, None, acts.undo, acts.redo, None, acts.export, acts.preview):
        if act is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(act)
    window.addToolBar(toolbar)
    return toolbar


def fill_recent(menu: QMenu, paths: list[str], open_path: Callable[[str], object]) -> None:
    """Rebuild Open Recent from the recent files list."""
    menu.clear()
    for number, path in enumerate(paths, start=1):
        act = menu.addAction(f"&{number} {path}")
        act.setToolTip(path)
        act.triggered.connect(lambda _checked=False, p=path: open_path(p))
    menu.setEnabled(bool(paths))
