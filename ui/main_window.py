"""The main window: library left, pack centre, inspector/details/preview right; composes the parts."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPersistentModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QInputDialog, QLabel, QMainWindow, QMenu, QMessageBox, QSplitter, QTabWidget

from briefing.library.store import LibraryStore
from briefing.models import Item, ItemRef, Pack
from ui import icons, messages
from ui.app import APP_TITLE
from ui.autosave import Autosaver, find_recoveries
from ui.breaches import find_breaches
from ui.export_controller import FORMAT_CHOICES, ExportController
from ui.inspector import ItemInspector
from ui.library_actions import LibraryActions
from ui.library_panel import LibraryPanel
from ui.menus import build_menus, fill_recent
from ui.pack_details import PackDetailsForm
from ui.pack_editor import PackEditor
from ui.pack_files import PackFiles, new_pack_from_template
from ui.pack_panel import PackPanel
from ui.preview_pane import PreviewPane
from ui.settings import app_settings, restore_layout, save_layout
from ui.summaries import ItemSummary, not_packable_line, packable
from ui.undo_routing import PackTextUndo, UndoFollower
from ui.worker import WorkerPool

if TYPE_CHECKING:
    from ui.shortcuts import ShortcutsDialog

ITEM_TAB, DETAILS_TAB, PREVIEW_TAB = 0, 1, 2
WARM_UP_DELAY_MS = 1500


class MainWindow(QMainWindow):
    """One window per library; the parts talk through signals wired here."""

    warmedUp = Signal()  # background processes can start without delay

    def __init__(self, store: LibraryStore, settings: QSettings | None = None, pack: Pack | None = None,
                 pack_path: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.settings = settings or app_settings()
        self.pool = WorkerPool()
        self._summaries: dict[tuple[str, str], ItemSummary | None] = {}
        self.editor = PackEditor(self.summary_of, self)
        self.autosaver = Autosaver(self.editor, parent=self)
        self.files = PackFiles(self, self.editor, self.settings, self.autosaver, store)
        self.exports = ExportController(self, self.editor, self.pool, self.settings, lambda: self.store.path,
                                        self.summary_of)
        self.library_actions = LibraryActions(self, store, self.pool, self.settings)
        self._build()
        self.undo_follower = UndoFollower({
            self.editor.undo_stack: (self.pack_panel, self.tabs),
            self.library_actions.history.stack: (self.library_panel,)}, self)
        self.undo_group = self.undo_follower.group
        self.text_undo = PackTextUndo(self)
        self.text_undo.watch([*self.details.text_fields(), *self.inspector.text_fields()])
        self.actions = build_menus(self)
        self._wire()
        self.editor.load(pack or new_pack_from_template(), pack_path)
        fill_recent(self.recent_menu, self.files.recent(), self.files.open)
        self._restore_layout()
        # Once the window is up and idle, get the background-process machinery ready.
        QTimer.singleShot(WARM_UP_DELAY_MS, self._warm_up)

    # --- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.library_panel = LibraryPanel(self.store, self)
        self.pack_panel = PackPanel(self.editor, self)
        self.inspector = ItemInspector(self.editor, self.item_of, self, self.title_of)
        self.details = PackDetailsForm(self.editor, _template_choices, self)
        self.preview = PreviewPane(self.pool, self.editor.to_pack, self.store.path, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Inspector")
        self.tabs.addTab(self.inspector, "Item")
        self.tabs.addTab(self.details, "Pack details")
        self.tabs.addTab(self.preview, "Preview")
        for tab, tip in enumerate(("The selected item's details and its note in this pack",
                                   "Title, meeting, audience, objectives, marking and template",
                                   "The pack as it will print")):
            self.tabs.setTabToolTip(tab, tip)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        for widget in (self.library_panel, self.pack_panel, self.tabs):
            widget.setMinimumWidth(220)
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 4)
        self.splitter.setContentsMargins(8, 4, 8, 4)
        self.setCentralWidget(self.splitter)
        self.legend = QLabel(icons.legend_html())
        self.legend.setAccessibleName("Legend")
        self.legend.setToolTip("Pa partnership, Pr priority, Q quote, Pe person. An amber dot: past its review date. "
                               "A red “!”: marked above the pack's marking. A green tick: already in the "
                               "pack. ✎ after a title: the item has a note in this pack.")
        self.statusBar().addPermanentWidget(self.legend)

    def _wire(self) -> None:
        library, pack, editor = self.library_panel, self.pack_panel, self.editor
        library.pack_keys = self.editor.model.item_keys
        for signal in (editor.model.rowsInserted, editor.model.rowsRemoved, editor.model.modelReset):
            signal.connect(library.pack_changed)
        library.currentItemChanged.connect(self._library_current)
        editor.model.itemsDropped.connect(self._items_dropped)
        editor.model.itemsRefused.connect(self._items_refused)
        library.addToPackRequested.connect(self.add_to_pack)
        library.newItemRequested.connect(self.library_actions.edit)
        library.editItemRequested.connect(self.library_actions.edit)
        library.deleteItemsRequested.connect(self._delete_items)
        pack.currentChanged.connect(self._pack_current)
        self.inspector.editItemRequested.connect(self.library_actions.edit)
        self.library_actions.changed.connect(self.library_changed)
        self.library_actions.busyChanged.connect(self._library_busy)
        editor.undo_stack.cleanChanged.connect(lambda _clean: self.update_title())
        editor.undo_stack.indexChanged.connect(lambda _index: self.preview.pack_changed())
        editor.detailChanged.connect(lambda _name: self.update_title())
        editor.detailChanged.connect(self._detail_changed)
        for signal in (editor.model.rowsInserted, editor.model.rowsRemoved, editor.model.modelReset):
            signal.connect(self.update_breaches)
        editor.packLoaded.connect(self._pack_loaded)
        self.files.recentChanged.connect(lambda paths: fill_recent(self.recent_menu, paths, self.files.open))
        self.files.saved.connect(lambda path: self.statusBar().showMessage(f"Saved {path}", 5000))
        # Saving a clean pack under a new name changes no undo state, yet an untitled pack's
        # title is its file name.
        self.files.saved.connect(lambda _path: self.update_title())
        self.tabs.currentChanged.connect(self._tab_changed)
        self.exports.finished.connect(lambda outcome: self.statusBar().showMessage(
            f"Exported {len(outcome.paths)} file(s) to {outcome.paths[0].parent}", 8000))

    def _warm_up(self) -> None:
        from ui import child_process

        # A signal, not a lambda: if the window is gone when the worker reports, Qt drops it.
        self.pool.run(lambda _progress, _cancelled: child_process.warm_up(), name="warm-up",
                      finished=self.warmedUp)

    def _restore_layout(self) -> None:
        if not restore_layout(self.settings, "main-window", self, {"main": self.splitter}):
            self.resize(1280, 800)
            self.splitter.setSizes([380, 400, 500])

    # --- lookups for the views --------------------------------------------------------------

    def item_of(self, kind: str, item_id: str) -> Item | None:
        """A full item: the pack's embedded copy first (it wins at build time), else the library's."""
        embedded = self.editor.detail("library")
        if embedded is not None:
            found = embedded.by_key().get((kind, item_id))
            if found is not None:
                return found
        return self.store.get(kind, item_id)

    def title_of(self, kind: str, item_id: str) -> str:
        """What people call an item: its title, else its id."""
        summary = self.summary_of(kind, item_id)
        return summary.label if summary is not None else item_id

    def summary_of(self, kind: str, item_id: str) -> ItemSummary | None:
        """What the pack tree shows of an item (cached until the library changes)."""
        key = (kind, item_id)
        if key not in self._summaries:
            item = self.item_of(kind, item_id)
            self._summaries[key] = ItemSummary.of(item) if item is not None else None
        return self._summaries[key]

    # --- reactions -------------------------------------------------------------------------

    def update_title(self) -> None:
        """'Briefing Pack Builder — <pack>[*]', the mark shown while there are unsaved changes."""
        self.setWindowTitle(f"{APP_TITLE} — {self.editor.display_name()}[*]")
        self.setWindowModified(self.editor.is_modified())

    def _detail_changed(self, name: str) -> None:
        if name == "marking":
            self.update_breaches()

    def update_breaches(self, *_args: object) -> None:
        """Flag the items marked above the pack: in the tree, and beside the pack's marking."""
        marking = self.editor.detail("marking")
        self.editor.model.set_pack_marking(marking)
        refs = [ref for section in self.editor.model.sections() for ref in section.refs()]
        self.details.show_breaches(find_breaches(refs, self.summary_of, marking), marking)

    def _pack_loaded(self) -> None:
        self._summaries.clear()
        self.update_breaches()
        self.update_title()
        self.preview.pack_changed()

    def _library_current(self, summary: ItemSummary | None) -> None:
        if summary is not None:
            self.inspector.show_item(summary.kind, summary.id)
            if self.tabs.currentIndex() == DETAILS_TAB:
                self.tabs.setCurrentIndex(ITEM_TAB)

    def _pack_current(self, index: QPersistentModelIndex) -> None:
        self.inspector.show_pack_index(index)
        if index.isValid() and self.tabs.currentIndex() == DETAILS_TAB:
            self.tabs.setCurrentIndex(ITEM_TAB)

    def _tab_changed(self, tab: int) -> None:
        if tab == PREVIEW_TAB:
            self.preview.activate()

    def _library_busy(self, busy: bool) -> None:
        self.undo_follower.hold(self.library_actions.history.stack, busy)
        for act in (*self.actions.new_items.values(), self.actions.edit_item, self.actions.delete_items,
                    self.actions.import_library, self.actions.export_library):
            act.setEnabled(not busy)

    def library_changed(self) -> None:
        """Items were added, edited, deleted or imported: refresh every view of them."""
        self._summaries.clear()
        self.library_panel.reload()
        self.update_breaches()
        self.editor.model.refresh_items()
        self.inspector.refresh()
        self.preview.pack_changed()

    # --- commands --------------------------------------------------------------------------

    def add_to_pack(self, refs: list[ItemRef]) -> int:
        """Add library items to the pack's current section."""
        refused = [ref for ref in refs if not packable(ref.kind)]
        refs = [ref for ref in refs if packable(ref.kind)]
        if refused and not refs:
            self._items_refused(refused)
            return 0
        present = self.editor.model.item_keys()
        added = self.pack_panel.add_refs(refs)
        self._items_dropped(added, [ref for ref in refs if (ref.kind, ref.id) in present])
        if refused:  # said after what was added, so the status line ends on it
            self._items_refused(refused)
        return added

    def _items_refused(self, refs: list[ItemRef]) -> None:
        """Say which items were not added because a pack cannot hold their kind."""
        self.statusBar().showMessage(not_packable_line([self.title_of(ref.kind, ref.id) for ref in refs]), 6000)

    def _items_dropped(self, added: int, already: list[ItemRef]) -> None:
        """Say what an add or a drop did, naming what was already in the pack."""
        names = ", ".join(f"“{self.title_of(ref.kind, ref.id)}”" for ref in already[:3])
        names += f" and {len(already) - 3} more" if len(already) > 3 else ""
        if not added and already:
            text = f"{names} {'is' if len(already) == 1 else 'are'} already in the pack: nothing added."
        else:
            text = f"Added {added} item{'s' if added != 1 else ''} to the pack."
            if already:
                text += f" Already in it: {names}."
        self.statusBar().showMessage(text, 6000)

    def add_current_to_pack(self) -> int:
        """Pack > Add to pack (Ctrl+Return): the item the inspector shows (with the rest of the
        library's selection when it is part of it), or a status line saying why not."""
        key, from_pack = self.inspector.shown()
        if key is None:
            self.statusBar().showMessage("Select an item in the library first, then press Ctrl+Return.", 6000)
            return 0
        title = self.title_of(*key)
        if from_pack or key in self.editor.model.item_keys():
            self.statusBar().showMessage(f"“{title}” is already in the pack.", 6000)
            return 0
        if self.store.get(*key) is None:
            self.statusBar().showMessage(f"“{title}” is not in the library.", 6000)
            return 0
        if not packable(key[0]):
            self.statusBar().showMessage(not_packable_line([title]), 6000)
            return 0
        selected = self.library_panel.selected_summaries()
        refs = ([s.ref for s in selected] if key in {s.key for s in selected}
                else [ItemSummary(kind=key[0], id=key[1], label=title).ref])
        return self.add_to_pack(refs)

    def focus_search(self) -> None:
        """Edit > Find: put the cursor in the library search."""
        self.library_panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library_panel.search.selectAll()

    def edit_current_item(self) -> None:
        """Library > Edit item: the library's current item."""
        summary = self.library_panel.current_summary()
        if summary is not None:
            self.library_actions.edit(summary.kind, summary.id)

    def delete_selected_items(self) -> None:
        """Library > Delete items: the library's selection."""
        self._delete_items(self.library_panel.selected_summaries())

    def _delete_items(self, summaries: list[ItemSummary]) -> None:
        self.library_actions.delete(summaries, self.editor.model.item_keys())

    def export_dialog(self) -> None:
        """File > Export…: pick the format, then the target."""
        labels = [label.rstrip("…") for _fmt, label in FORMAT_CHOICES]
        choice, ok = QInputDialog.getItem(self, "Export", "Export the pack as:", labels, len(labels) - 1, False)
        if ok and choice in labels:
            self.exports.export(FORMAT_CHOICES[labels.index(choice)][0])

    def show_preview(self) -> None:
        """Show the Preview tab and rebuild it."""
        self.tabs.setCurrentIndex(PREVIEW_TAB)  # shows it, building it if it is out of date
        self.preview.refresh()  # and builds it on request otherwise

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help > Keyboard shortcuts (not modal: it can stay open while working)."""
        from ui.shortcuts import ShortcutsDialog, shortcut_rows

        acts = [act for menu in self.menuBar().findChildren(QMenu) for act in menu.actions()]
        acts += [self.pack_panel.move_up_action, self.pack_panel.move_down_action, self.pack_panel.remove_action,
                 self.pack_panel.add_text_action]
        unique = list(dict.fromkeys(acts))
        dialog = ShortcutsDialog(shortcut_rows(unique), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def about_text(self) -> str:
        """What Help > About says: the app, its version and the library in use."""
        from briefing import __version__

        return (f"<b>{APP_TITLE}</b> version {__version__}<p>Build briefing packs from a library of "
                f"partnerships, priorities and quotes.</p><p>Library: {escape(str(self.store.path))}</p>")

    def about(self) -> None:
        """Help > About."""
        QMessageBox.about(self, f"About {APP_TITLE}", self.about_text())

    def offer_recovery(self) -> bool:
        """After a crash: offer to reopen the newest autosave; True when one was recovered."""
        recoveries = find_recoveries()
        if not recoveries:
            return False
        newest = recoveries[0]
        if not messages.ask_recover(self, newest.name(), f"{newest.saved_at:%d %B %Y %H:%M}"):
            for recovery in recoveries:
                recovery.discard()
            return False
        try:
            pack = newest.load()
        except Exception as exc:
            messages.show_problems(self, "Recover", "The autosaved pack cannot be read.",
                                   messages.problem_lines(exc))
            return False
        self.editor.load(pack, newest.original)
        self.editor.mark_unsaved()
        for recovery in recoveries:
            recovery.discard()
        self.autosaver.write()  # keep the recovered work safe until it is saved
        self.statusBar().showMessage("Recovered the autosaved pack; save it to keep it.", 8000)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.exports.busy():
            self.statusBar().showMessage("An export is running: cancel it or wait before closing.", 5000)
            event.ignore()
            return
        if not self.files.maybe_save():
            event.ignore()
            return
        save_layout(self.settings, "main-window", self, {"main": self.splitter})
        self.settings.sync()
        self.autosaver.discard()
        self.pool.shutdown()
        self.preview.cleanup()
        event.accept()


def _template_choices() -> list[tuple[str, str, str]]:
    """(title, name, description) of every template, for the details form's list."""
    from briefing.errors import BriefingError
    from briefing.templates import discover, load_template

    choices = []
    for name in discover():
        try:
            template = load_template(name)
            choices.append((template.title, name, template.description))
        except BriefingError:
            choices.append((f"{name} (cannot be loaded)", name, "This template file has a problem and cannot be used."))
    return choices
