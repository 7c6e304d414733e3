"""Files: prompts before losing changes, recent files, autosave and recovery after a crash, layout."""

from __future__ import annotations

import os
from pathlib import Path

from briefing.packs import read_pack, write_pack
from briefing.resources import sample_pack_path
from ui.autosave import autosave_folder, find_recoveries
from ui.main_window import MainWindow


def _crash(window: MainWindow) -> None:
    """What a crash leaves: the window gone without closeEvent, its autosave on disk."""
    window.pool.shutdown()
    window.hide()
    window.deleteLater()


def test_recovery_after_a_crash(make_window, dialogs, qtbot) -> None:
    first = make_window()
    first.pack_panel.add_section("Crash-tested section")
    first.details.widgets["title"].setText("Work in progress")
    first.details.widgets["title"].textEdited.emit("Work in progress")
    written = first.autosaver.write()  # what the autosave timer does
    assert written is not None and written.exists()
    expected = first.editor.to_pack()
    _crash(first)

    second = make_window()
    assert second.offer_recovery()
    assert dialogs.said("recover") == ["an unsaved pack"]
    assert second.editor.to_pack() == expected
    assert second.isWindowModified() and second.editor.path is None
    assert "Work in progress" in second.windowTitle()
    # The recovered work stays safe in a fresh autosave until it is saved.
    assert [r.original for r in find_recoveries()] == [None]


def test_recovery_of_a_saved_pack_keeps_its_file(make_window, dialogs, tmp_path: Path) -> None:
    pack_file = tmp_path / "dpc.briefpack"
    write_pack(read_pack(sample_pack_path()), pack_file)
    os.utime(pack_file, (1_000_000_000, 1_000_000_000))  # saved long before the crash
    first = make_window()
    assert first.files.load(pack_file)
    first.editor.remove_section(0)
    first.autosaver.write()
    expected = first.editor.to_pack()
    _crash(first)

    second = make_window()
    dialogs.recover = True
    assert second.offer_recovery()
    assert second.editor.path == pack_file and second.editor.to_pack() == expected
    dialogs.save_file = ""  # Save writes to the pack's own file, no dialog
    assert second.files.save()
    assert read_pack(pack_file) == expected
    assert find_recoveries() == [] and list(autosave_folder().iterdir()) == []


def test_declined_or_outdated_autosaves_are_removed(make_window, dialogs, tmp_path: Path) -> None:
    first = make_window()
    first.pack_panel.add_section("Never recovered")
    first.autosaver.write()
    _crash(first)
    dialogs.recover = False
    assert not make_window().offer_recovery()
    assert find_recoveries() == []

    pack_file = tmp_path / "later.briefpack"
    write_pack(read_pack(sample_pack_path()), pack_file)
    third = make_window()
    third.files.load(pack_file)
    third.editor.remove_section(0)
    third.autosaver.write()
    _crash(third)
    pack_file.touch()  # saved again after the autosave (from another copy of the app)
    os.utime(pack_file, (pack_file.stat().st_mtime + 5,) * 2)
    assert find_recoveries() == []
    assert dialogs.said("recover") == ["an unsaved pack"]  # asked once, for the first crash only


def test_clean_exit_leaves_no_autosave(make_window, dialogs) -> None:
    window = make_window()
    window.pack_panel.add_section("Thrown away")
    assert window.autosaver.write() is not None
    dialogs.unsaved = "discard"
    assert window.close()
    assert dialogs.said("unsaved") == ["Untitled pack"]
    assert list(autosave_folder().iterdir()) == []


def test_autosave_timer_writes_after_edits(make_window, qtbot) -> None:
    window = make_window()
    window.autosaver._timer.setInterval(50)
    window.pack_panel.add_section("Timed")
    qtbot.waitUntil(lambda: window.autosaver.target().exists(), timeout=3000)
    assert any(s.title == "Timed" for s in read_pack(window.autosaver.target()).sections)


def test_unsaved_changes_prompt_on_close_new_and_open(make_window, dialogs, tmp_path: Path) -> None:
    window = make_window()
    window.pack_panel.add_section("Keep me")
    dialogs.unsaved = "cancel"
    assert not window.close()
    assert window.isVisible()
    window.actions.new.trigger()
    assert any(s.title == "Keep me" for s in window.editor.model.sections())
    dialogs.open_file = str(sample_pack_path())
    window.actions.open.trigger()
    assert any(s.title == "Keep me" for s in window.editor.model.sections())

    dialogs.unsaved = "save"
    dialogs.save_file = str(tmp_path / "kept.briefpack")
    window.actions.new.trigger()  # saves first, then starts afresh
    assert any(s.title == "Keep me" for s in read_pack(tmp_path / "kept.briefpack").sections)
    assert window.editor.path is None and not window.isWindowModified()
    assert len(dialogs.said("unsaved")) == 4


def test_open_refuses_a_broken_pack_and_names_the_problem(window: MainWindow, dialogs, tmp_path: Path) -> None:
    broken = tmp_path / "broken.briefpack"
    broken.write_text('{"format": "briefing-pack", "version": 1, "sections": []}', encoding="utf-8")
    assert not window.files.open(broken)
    assert dialogs.said("problems")[-1] == ["Cannot open broken.briefpack.", "Title: required field missing."]
    assert window.editor.path is None


def test_layout_and_recent_files_are_remembered(make_window, dialogs, tmp_path: Path) -> None:
    first = make_window()
    first.resize(790, 620)  # the offscreen screen is 800 x 800: restoring clamps to it
    first.splitter.setSizes([230, 240, 300])
    sizes = first.splitter.sizes()
    first.files.load(sample_pack_path())
    first.close()

    second = make_window()
    assert second.splitter.sizes() == sizes
    assert (second.width(), second.height()) == (790, 620)
    assert second.files.recent() == [str(sample_pack_path())]
    assert [a.toolTip() for a in second.recent_menu.actions()] == [str(sample_pack_path())]
    assert (Path(os.environ["BRIEFING_STATE"]) / "settings.ini").exists()  # isolated per test


def test_help_menu_opens_the_sample_pack_as_a_new_unsaved_pack(make_window) -> None:
    window = make_window()
    window.actions.open_sample.trigger()
    expected = read_pack(sample_pack_path())
    assert window.editor.to_pack() == expected
    assert window.editor.path is None and window.isWindowModified()
    assert expected.title in window.windowTitle()
