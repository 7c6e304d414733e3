"""The library panel: kind tabs, search-as-you-type with ranked results, filters, the item list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing.library.store import LibraryStore
from briefing.markings import DEFAULT_MARKINGS
from briefing.models import KINDS
from ui.lazy_combo import LazyCombo
from ui.library_model import LibraryFilterProxy, LibraryTableModel
from ui.summaries import KIND_LABELS, KIND_PLURALS, ItemSummary

# "Every one": for the review-state set and the partnership filter, read once per reload.
RESULT_LIMIT = 1_000_000
# Typing faster than this does not run a search per keystroke.
SEARCH_DELAY_MS = 80
_TAB_KINDS: tuple[str | None, ...] = (None, *KINDS)


class LibraryPanel(QWidget):
    """Browse and search the library; emits requests that the main window carries out."""

    currentItemChanged = Signal(object)  # ItemSummary | None
    addToPackRequested = Signal(list)  # list[ItemRef]
    newItemRequested = Signal(str)  # kind
    editItemRequested = Signal(str, str)  # kind, id
    deleteItemsRequested = Signal(list)  # list[ItemSummary]

    def __init__(self, store: LibraryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._stale: frozenset[tuple[str, str]] = frozenset()
        self.model = LibraryTableModel(self)
        self.proxy = LibraryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        # Set by the main window: the (kind, id) of every item in the open pack.
        self.pack_keys: Callable[[], set[tuple[str, str]]] = set
        self._build()
        self.reload()

    # --- building --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("<b>Library</b>")
        layout.addWidget(heading)
        self.search = QLineEdit(placeholderText="Search the library…", clearButtonEnabled=True)
        self.search.setAccessibleName("Search the library")
        self.search.setToolTip("Type words to search every field; results are ranked, best first")
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.search.installEventFilter(self)  # Down moves into the results
        layout.addWidget(self.search)
        self.tabs = self._kind_tabs()
        layout.addWidget(self.tabs)
        layout.addLayout(self._filters())
        self.view = self._table()
        layout.addWidget(self.view, 1)
        self.count_label = QLabel(accessibleName="Number of items shown")
        self.count_label.setWordWrap(True)
        self.model.rowsInserted.connect(lambda *_: self._update_count())
        layout.addWidget(self.count_label)
        layout.addLayout(self._buttons())

    def _kind_tabs(self) -> QTabBar:
        tabs = QTabBar(self, expanding=False, drawBase=False)
        tabs.setAccessibleName("Kind of item")
        for kind in _TAB_KINDS:
            tabs.addTab(KIND_PLURALS[kind] if kind else "All")
        tabs.setToolTip("Show one kind of item, or all")
        # Five tabs may not fit a narrow panel: names are shortened rather than scrolled.
        tabs.setUsesScrollButtons(False)
        tabs.setElideMode(Qt.TextElideMode.ElideRight)
        tabs.currentChanged.connect(lambda _tab: self.apply_filter())
        return tabs

    def _filters(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.tag_filter = LazyCombo("Any tag", self._tag_choices, "Filter by tag",
                                     "Show only items with this tag")
        self.partnership_filter = LazyCombo("Any partnership", self._partnership_choices,
                                             "Filter by partnership",
                                             "Show the partnership, its priorities and the quotes about it")
        self.marking_filter = LazyCombo("Any", lambda: [(name, name) for name in DEFAULT_MARKINGS],
                                         "Filter by marking", "Show only items with this handling marking")
        self.stale_filter = QCheckBox("Past review date")
        self.stale_filter.setAccessibleName("Only items past their review date")
        self.stale_filter.setToolTip("Show only items whose review date has passed")
        self.hide_used = QCheckBox("Hide items in the pack")
        self.hide_used.setAccessibleName("Hide items already in the pack")
        self.hide_used.setToolTip("Leave out the items the open pack already holds")
        for row, (label, widget) in enumerate((("Tag", self.tag_filter), ("Partnership", self.partnership_filter),
                                               ("Marking", self.marking_filter))):
            grid.addWidget(_buddy(label, widget), row, 0)
            grid.addWidget(widget, row, 1, 1, 2)
        boxes = QHBoxLayout()  # the whole width: at 1024 x 700 the panel is narrow
        boxes.addWidget(self.stale_filter)
        boxes.addWidget(self.hide_used)
        boxes.addStretch(1)
        grid.addLayout(boxes, 3, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        for combo in (self.tag_filter, self.partnership_filter, self.marking_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.stale_filter.toggled.connect(self.apply_filter)
        self.hide_used.toggled.connect(lambda _on: self.pack_changed())
        return grid

    def _tag_choices(self) -> list[tuple[str, str]]:
        return [(tag, tag) for tag in self._store.tags()]

    def _partnership_choices(self) -> list[tuple[str, str]]:
        return [(hit.label, hit.id) for hit in self._store.search("", kinds=["partnership"], limit=RESULT_LIMIT)]

    def _table(self) -> QTableView:
        view = QTableView(self)
        view.setModel(self.proxy)
        view.setAccessibleName("Library items")
        view.setToolTip("Drag items into a section of the pack, or double-click to add them")
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # One Tab stop: the arrow keys move inside the list, Tab leaves it.
        view.setTabKeyNavigation(False)
        view.setDragEnabled(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        view.setDefaultDropAction(Qt.DropAction.CopyAction)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        # Fixed sizes: ResizeToContents would measure all 10,000 rows on every search.
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setIconSize(QSize(16, 16))
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, view.fontMetrics().horizontalAdvance("Partnership") + 24)
        view.doubleClicked.connect(lambda _index: self._request_add())
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        return view

    def _buttons(self) -> QGridLayout:
        grid = QGridLayout()  # two by two: four buttons in a row do not fit a narrow panel
        self.add_button = _button("Add to pack", "Add the selected items to the pack's selected section")
        self.add_button.clicked.connect(self._request_add)
        self.new_button = QPushButton("New item")
        self.new_button.setAccessibleName("New library item")
        self.new_button.setToolTip("Add a partnership, priority or quote to the library")
        menu = QMenu(self.new_button)
        for kind in KINDS:
            menu.addAction(f"New {KIND_LABELS[kind].lower()}…", lambda k=kind: self.newItemRequested.emit(k))
        self.new_button.setMenu(menu)
        self.edit_button = _button("Edit…", "Edit the selected library item")
        self.edit_button.clicked.connect(self._request_edit)
        self.delete_button = _button("Delete", "Delete the selected items from the library")
        self.delete_button.clicked.connect(lambda: self._emit_delete())
        for number, widget in enumerate((self.add_button, self.new_button, self.edit_button, self.delete_button)):
            grid.addWidget(widget, number // 2, number % 2)
        return grid

    # --- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read review state and filter choices from the store, then search again."""
        self._stale = frozenset((hit.kind, hit.id) for hit in self._store.search("", stale=True, limit=RESULT_LIMIT))
        for combo in (self.tag_filter, self.partnership_filter):
            combo.forget()
        self.apply_filter()

    def apply_filter(self) -> None:
        """Run the search with the current words and filters (what each keystroke triggers)."""
        self._search_timer.stop()
        current = self.current_summary()
        store, text, kind = self._store, self.search.text(), _TAB_KINDS[self.tabs.currentIndex()]
        options = dict(kinds=[kind] if kind else None, tag=self.tag_filter.currentData(),
                       partnership=self.partnership_filter.currentData(),
                       marking=self.marking_filter.currentData(),
                       stale=True if self.stale_filter.isChecked() else None)
        self.model.set_query(lambda limit: store.search(text, limit=limit, **options), self._stale)
        self._update_count()
        if current is not None:
            self.select(current.kind, current.id)

    def pack_changed(self) -> None:
        """The pack's items changed: mark them in the list, or hide them if asked to."""
        keys = frozenset(self.pack_keys())
        self.model.set_in_pack(keys)
        self.proxy.set_hidden(keys if self.hide_used.isChecked() else frozenset())
        self._update_count()

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        if self.model.is_complete():
            text = f"{shown} of {self._store.count()} items shown"
            stale = self.model.stale_count()
            if stale:
                text += f" · {stale} past review"
        else:
            text = f"First {shown} matches shown, best first; scroll for more, or type to narrow"
        self.count_label.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Down):
            self.focus_results()
            return True
        return super().eventFilter(watched, event)

    def focus_results(self) -> None:
        """Put the keyboard focus in the results, on the current row (the first when none is)."""
        if self._search_timer.isActive():
            self.apply_filter()  # the words typed so far count
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.view.currentIndex().isValid() and self.proxy.rowCount():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.view.selectionModel().setCurrentIndex(self.proxy.index(0, 0), flags)

    # --- selection -------------------------------------------------------------------------

    def current_summary(self) -> ItemSummary | None:
        """The item with the keyboard focus in the list, if any."""
        return self.proxy.summary(self.view.currentIndex())

    def selected_summaries(self) -> list[ItemSummary]:
        """Every selected item, in list order."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=QModelIndex.row)
        return [summary for index in rows if (summary := self.proxy.summary(index)) is not None]

    def select(self, kind: str, item_id: str) -> bool:
        """Make an item current if it is in the list; False when it is not shown."""
        for row in range(self.proxy.rowCount()):
            summary = self.proxy.summary(self.proxy.index(row, 0))
            if summary is not None and summary.key == (kind, item_id):
                index = self.proxy.index(row, 0)
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                self.view.selectionModel().setCurrentIndex(index, flags)
                self.view.scrollTo(index)
                return True
        return False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentItemChanged.emit(self.proxy.summary(current))

    def _request_add(self) -> None:
        refs = [summary.ref for summary in self.selected_summaries()]
        if refs:
            self.addToPackRequested.emit(refs)

    def _request_edit(self) -> None:
        summary = self.current_summary()
        if summary is not None:
            self.editItemRequested.emit(summary.kind, summary.id)

    def _emit_delete(self) -> None:
        chosen = self.selected_summaries()
        if chosen:
            self.deleteItemsRequested.emit(chosen)

    def _context_menu(self, position) -> None:
        menu = QMenu(self)
        menu.addAction("Add to pack", self._request_add)
        menu.addAction("Edit…", self._request_edit)
        menu.addAction("Delete", self._emit_delete)
        menu.exec(self.view.viewport().mapToGlobal(position))


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(f"{text}:")
    label.setBuddy(widget)
    return label


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text.rstrip("…"))
    button.setToolTip(tip)
    return button
