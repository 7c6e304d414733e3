"""The library panel: models, ranked search as you type, kind tabs, filters, stale marks, dragging."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from briefing.library.store import LibraryStore
from ui.library_model import ID_ROLE, KIND_ROLE, STALE_ROLE, LibraryFilterProxy, LibraryTableModel
from ui.library_panel import LibraryPanel
from ui.mime import LIBRARY_MIME
from ui.summaries import ItemSummary

ROWS = [ItemSummary(kind="priority", id="a", label="Alpha", stale=True),
        ItemSummary(kind="quote", id="b", label="Beta"),
        ItemSummary(kind="partnership", id="c", label="Gamma")]


def test_table_model_passes_qt_model_tester(qtmodeltester) -> None:
    model = LibraryTableModel()
    model.set_rows(ROWS)
    qtmodeltester.check(model)


def test_proxy_hides_items_locally_and_passes_qt_model_tester(qtmodeltester) -> None:
    model = LibraryTableModel()
    model.set_rows(ROWS)
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_hidden(frozenset({("priority", "a"), ("partnership", "c")}))
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(ID_ROLE) == "b"


def test_results_are_fetched_a_page_at_a_time(qtmodeltester) -> None:
    from types import SimpleNamespace

    hits = [SimpleNamespace(kind="quote", id=f"q{n}", label=f"Quote {n}", rank=-n) for n in range(450)]
    asked: list[int] = []

    def fetch(limit: int):
        asked.append(limit)
        return hits[:limit]

    model = LibraryTableModel()
    model.set_query(fetch, frozenset({("quote", "q3")}))
    assert model.rowCount() == 100 and model.canFetchMore()
    assert model.index(3, 0).data(STALE_ROLE) is True and model.index(4, 0).data(STALE_ROLE) is False
    qtmodeltester.check(model)  # the tester fetches everything there is
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450 and model.is_complete()
    assert [model.index(r, 0).data(ID_ROLE) for r in (0, 449)] == ["q0", "q449"]
    assert asked[:4] == [100, 200, 400, 800]  # pages double: few queries for a long scroll


def test_roles_and_drag_data() -> None:
    model = LibraryTableModel()
    model.set_rows(ROWS)
    first = model.index(0, 0)
    assert (first.data(), first.data(KIND_ROLE), first.data(STALE_ROLE)) == ("Alpha", "priority", True)
    assert "review" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(2, 1).data() == "Partnership"
    mime = model.mimeData([model.index(0, 0), model.index(0, 1), model.index(2, 0)])
    assert json.loads(bytes(mime.data(LIBRARY_MIME).data())) == [
        {"kind": "priority", "id": "a"}, {"kind": "partnership", "id": "c"}]


def _ids(panel: LibraryPanel) -> list[str]:
    return [panel.proxy.summary(panel.proxy.index(r, 0)).id for r in range(panel.proxy.rowCount())]


def _all_ids(panel: LibraryPanel) -> list[str]:
    while panel.model.canFetchMore():
        panel.model.fetchMore()
    return _ids(panel)


def test_search_ranks_and_filters(qtbot, store: LibraryStore) -> None:
    panel = LibraryPanel(store)
    qtbot.addWidget(panel)
    assert panel.proxy.rowCount() == store.count() == 45
    stale = len(store.search("", stale=True, limit=1000))
    assert panel.count_label.text() == f"45 of 45 items shown · {stale} past review"

    qtbot.keyClicks(panel.search, "5G/6G")  # punctuation is no error
    qtbot.waitUntil(lambda: not panel._search_timer.isActive())
    expected = [(h.kind, h.id) for h in store.search("5G/6G", limit=1000)]
    assert [panel.proxy.summary(panel.proxy.index(r, 0)).key for r in range(panel.proxy.rowCount())] == expected

    panel.tabs.setCurrentIndex(1)  # Partnerships
    assert _ids(panel) == [h.id for h in store.search("5G/6G", kinds=["partnership"], limit=1000)]
    panel.tabs.setCurrentIndex(0)
    panel.search.clear()
    panel.apply_filter()

    panel.stale_filter.setChecked(True)
    assert sorted(_ids(panel)) == sorted(h.id for h in store.search("", stale=True, limit=100))
    assert all(panel.proxy.index(r, 0).data(STALE_ROLE) for r in range(panel.proxy.rowCount()))
    panel.stale_filter.setChecked(False)

    assert panel.tag_filter.count() == 1  # choices are read when the filter is first used
    panel.tag_filter.load()
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("chips"))
    assert sorted(_ids(panel)) == sorted(h.id for h in store.search("", tag="chips", limit=100))
    panel.tag_filter.setCurrentIndex(0)
    panel.partnership_filter.load()
    panel.partnership_filter.setCurrentIndex(panel.partnership_filter.findData("eu-us-ttc"))
    assert "eu-us-ttc" in _ids(panel)
    assert sorted(_ids(panel)) == sorted(h.id for h in store.search("", partnership="eu-us-ttc", limit=100))
    panel.partnership_filter.setCurrentIndex(0)
    panel.marking_filter.load()
    panel.marking_filter.setCurrentIndex(panel.marking_filter.findData("SENSITIVE"))
    assert _ids(panel) == [h.id for h in store.search("", marking="SENSITIVE", limit=100)]
    panel.marking_filter.setCurrentIndex(0)

    panel.pack_keys = lambda: {("priority", "semiconductors"), ("quote", "vestager-5g-rollout")}
    panel.hide_used.setChecked(True)
    assert panel.proxy.rowCount() == 43
    assert "semiconductors" not in _ids(panel)


def test_selection_requests_and_current_item(qtbot, store: LibraryStore) -> None:
    panel = LibraryPanel(store)
    qtbot.addWidget(panel)
    seen = []
    panel.currentItemChanged.connect(seen.append)
    assert panel.select("priority", "semiconductors")
    assert seen[-1].key == ("priority", "semiconductors")
    with qtbot.waitSignal(panel.addToPackRequested) as blocker:
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert [(r.kind, r.id) for r in blocker.args[0]] == [("priority", "semiconductors")]
    with qtbot.waitSignal(panel.editItemRequested) as blocker:
        panel.edit_button.click()
    assert blocker.args == ["priority", "semiconductors"]
    assert not panel.select("priority", "no-such-item")


def test_every_control_has_an_accessible_name_and_tooltip(window) -> None:
    window.tabs.setCurrentIndex(2)  # the preview creates its controls when first shown
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit

    controls = [w for kind in (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractItemView)
                for w in window.findChildren(kind) if not _qt_internal(w)]
    assert len(controls) > 40
    unnamed = [f"{type(w).__name__} {w.text() if hasattr(w, 'text') else ''}" for w in controls
               if not (w.accessibleName() or (hasattr(w, "text") and w.text()))]
    untipped = [f"{type(w).__name__} {w.accessibleName() or getattr(w, 'text', lambda: '')()}" for w in controls
                if not w.toolTip() and not (hasattr(w, "defaultAction") and w.defaultAction()
                                            and w.defaultAction().toolTip())]
    assert unnamed == [], [(type(w).__name__, w.parent(), w.objectName()) for w in controls if not w.accessibleName()]
    assert untipped == []


def _qt_internal(widget) -> bool:
    """Parts Qt builds inside its own widgets (a combo's popup list, a line edit's clear button)."""
    from PySide6.QtWidgets import QComboBox, QHeaderView, QLineEdit, QMenuBar, QTabBar, QToolBar

    if widget.objectName().startswith("qt_") or isinstance(widget, QHeaderView):
        return True
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, (QComboBox, QLineEdit, QMenuBar, QTabBar)) or (
                isinstance(parent, QToolBar) and widget.parent() is parent and not widget.defaultAction()):
            return True
        parent = parent.parent()
    return False
