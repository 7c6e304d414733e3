"""The keyboard alone: one Tab stop per list, every pane reachable, Down into the results, Ctrl+Return."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ui.main_window import MainWindow


def _tab_walk(window: MainWindow, start: QWidget, presses: int = 80) -> list[QWidget]:
    """The widgets the focus visits, pressing Tab from `start`."""
    start.setFocus()
    visited = []
    for _ in range(presses):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    return visited


def test_tab_leaves_the_results_list_and_reaches_every_pane(window: MainWindow) -> None:
    window.activateWindow()
    visited = _tab_walk(window, window.library_panel.search)
    panel, pack = window.library_panel, window.pack_panel
    first_cycle = visited[:visited.index(panel.search)] if panel.search in visited else visited
    # The list is one stop: Tab goes on to the buttons instead of walking its cells.
    assert first_cycle.count(panel.view) == 1
    after_list = first_cycle[first_cycle.index(panel.view) + 1]
    assert after_list is panel.add_button
    # Then the pack tree, then the inspector; and round again to the search box.
    assert pack.view in first_cycle
    assert first_cycle.index(pack.view) > first_cycle.index(panel.view)
    assert any(window.tabs.isAncestorOf(w) for w in first_cycle[first_cycle.index(pack.view):])
    assert panel.search in visited


def test_shift_tab_goes_back_out_of_the_list(window: MainWindow) -> None:
    panel = window.library_panel
    window.activateWindow()
    panel.view.setFocus()
    QTest.keyClick(panel.view, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is not panel.view


def test_down_from_the_search_box_moves_into_the_results(window: MainWindow, qtbot) -> None:
    panel = window.library_panel
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is panel.search
    QTest.keyClicks(panel.search, "semiconductors")
    QTest.keyClick(panel.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is panel.view
    current = panel.current_summary()
    assert current is not None and current.id == "semiconductors"
    # The inspector follows, and Ctrl+Return adds exactly that item.
    assert window.inspector.shown() == (("priority", "semiconductors"), False)
    QTest.keyClick(panel.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ("priority", "semiconductors") in window.editor.model.item_keys()
    assert "Added 1 item" in window.statusBar().currentMessage()


def test_ctrl_return_adds_what_the_inspector_shows(window: MainWindow) -> None:
    panel = window.library_panel
    window.activateWindow()
    assert panel.select("priority", "semiconductors")
    panel.view.setFocus()
    QTest.keyClick(panel.view, Qt.Key.Key_Down)  # the next row: the inspector shows it
    key, from_pack = window.inspector.shown()
    assert key is not None and key != ("priority", "semiconductors") and not from_pack
    QTest.keyClick(panel.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.model.item_keys() == {key}


def test_ctrl_return_says_why_it_adds_nothing(window: MainWindow) -> None:
    window.activateWindow()
    window.library_panel.search.setFocus()
    QTest.keyClick(window.library_panel.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Select an item in the library first" in window.statusBar().currentMessage()
    assert window.library_panel.select("priority", "semiconductors")
    window.actions.add_to_pack.trigger()
    window.actions.add_to_pack.trigger()
    assert "“Semiconductors" in window.statusBar().currentMessage()
    assert "already in the pack" in window.statusBar().currentMessage()


def test_help_lists_the_shortcuts(window: MainWindow, qtbot) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.actions.shortcuts in help_menu.actions()
    dialog = window.show_shortcuts()
    qtbot.addWidget(dialog)
    text = dialog.text()
    for line in ("Add to pack", "Find in library", "Down (in the search box)", "Alt+Up"):
        assert line in text
    assert window.actions.add_to_pack.shortcut().toString() in text


def test_about_names_the_version_and_file_close_exists(window: MainWindow) -> None:
    from briefing import __version__

    assert f"version {__version__}" in window.about_text()
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert window.actions.close in file_menu.actions()
    assert window.library_panel.select("priority", "semiconductors")
    window.actions.add_to_pack.trigger()
    window.actions.close.trigger()  # the test answers "discard"
    assert window.editor.model.item_keys() == set() and not window.editor.is_modified()
