"""Library editing: the item dialog's validation (the core's rules), add/edit/delete, import/export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog, QPlainTextEdit

from briefing.library.store import LibraryStore
from briefing.models import Partnership, Source
from ui.item_dialog import ItemDialog
from ui.link_picker import LinkPicker
from ui.main_window import MainWindow
from ui.sources_model import SourcesModel

if TYPE_CHECKING:
    from tests.ui.conftest import StarterCounts


def _fill(dialog: ItemDialog, **values: str) -> None:
    # The id last: set from code, it counts as proposed, and a title typed after it would replace it.
    for name, value in sorted(values.items(), key=lambda pair: pair[0] == "id"):
        widget = dialog.inputs[name]
        if isinstance(widget, LinkPicker):
            widget.set_value([line for line in value.split("\n") if line])
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        else:
            widget.setText(value)


def test_sources_model_passes_qt_model_tester(qtmodeltester) -> None:
    model = SourcesModel((Source(title="Council conclusions", date="2024-03"), Source(title="Press release")))
    qtmodeltester.check(model)
    assert model.insertRows(1, 2)
    model.setData(model.index(1, 0), "Joint statement")
    assert model.removeRows(2, 1)
    assert [row["title"] for row in model.raw()] == ["Council conclusions", "Joint statement", "Press release"]


def test_new_item_is_checked_by_the_core_then_added(qtbot, store: LibraryStore, starter: StarterCounts) -> None:
    dialog = ItemDialog("partnership", store)
    qtbot.addWidget(dialog)
    _fill(dialog, id="Bad Id", established="March 2024", priorities="semiconductors\nno-such-priority")
    assert not dialog.try_save()
    problems = dialog.errors.text()
    for expected in ("Id: “Bad Id” is not a valid id", "Name: required field missing.",
                     "Summary: required field missing.", "Established: “March 2024” is not an ISO date"):
        assert expected in problems
    _fill(dialog, id="eu-japan-digital-partnership", name="EU-Japan Digital Partnership", summary="S",
          established="2022")
    assert not dialog.try_save()
    assert dialog.errors.text() == ("Please fix:\nPriorities: links to priority “no-such-priority”, "
                                    "which is neither in this file nor in the library.")
    assert store.count("partnership") == starter.by_kind["partnership"]

    _fill(dialog, id="eu-japan-digital-partnership", name="EU-Japan Digital Partnership",
          summary="Launched in 2022 to cooperate on semiconductors, 5G and beyond.", established="2022-05-12",
          priorities="semiconductors", partners="EU\nJapan", tags="asia-pacific")
    dialog.add_source()
    dialog.sources.setData(dialog.sources.index(0, 0), "EU-Japan Digital Partnership: joint statement")
    dialog.sources.setData(dialog.sources.index(0, 3), "2022-05-12")
    dialog.inputs["marking"].setCurrentIndex(dialog.inputs["marking"].findData("OFFICIAL"))
    assert dialog.try_save(), dialog.errors.text()
    stored = store.get("partnership", "eu-japan-digital-partnership")
    assert isinstance(stored, Partnership)
    assert (stored.partners, stored.priorities, stored.marking) == (("EU", "Japan"), ("semiconductors",), "OFFICIAL")
    assert stored.sources == (Source(title="EU-Japan Digital Partnership: joint statement", date="2022-05-12"),)
    assert "eu-japan-digital-partnership" in store.get("priority", "semiconductors").partnerships


def test_taken_id_is_refused(qtbot, store: LibraryStore) -> None:
    dialog = ItemDialog("priority", store)
    qtbot.addWidget(dialog)
    _fill(dialog, id="semiconductors", title="Chips", summary="Duplicate")
    assert not dialog.try_save()
    assert "The id “semiconductors” is taken by “Semiconductors”: choose another." in dialog.errors.text()
    assert store.get("priority", "semiconductors").title == "Semiconductors"


def test_edit_keeps_the_id_and_detects_a_concurrent_change(qtbot, store: LibraryStore) -> None:
    original = store.get("priority", "digital-trade")
    dialog = ItemDialog("priority", store, original)
    qtbot.addWidget(dialog)
    assert dialog.inputs["id"].isReadOnly() and dialog.inputs["id"].text() == "digital-trade"
    assert dialog.sources.rowCount() == len(original.sources)
    _fill(dialog, lines_to_take="Keep data flowing with trust\nNo forced source-code transfer")
    from dataclasses import replace

    store.update(replace(original, summary="Changed elsewhere meanwhile"))
    assert not dialog.try_save()
    assert "changed by someone else" in dialog.errors.text()

    fresh = ItemDialog("priority", store, store.get("priority", "digital-trade"))
    qtbot.addWidget(fresh)
    _fill(fresh, lines_to_take="Keep data flowing with trust\nNo forced source-code transfer")
    assert fresh.try_save()
    assert store.get("priority", "digital-trade").lines_to_take == (
        "Keep data flowing with trust", "No forced source-code transfer")


def test_add_edit_delete_through_the_window(window: MainWindow, dialogs, monkeypatch: pytest.MonkeyPatch) -> None:
    def fill_and_save(self: ItemDialog) -> int:
        if self.original is None:
            _fill(self, id="gaia-x", title="Gaia-X", summary="A federated data infrastructure for Europe.")
        else:
            _fill(self, summary="Edited in the app.")
        return QDialog.DialogCode.Accepted if self.try_save() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(ItemDialog, "exec", fill_and_save)
    window.actions.new_items["priority"].trigger()
    assert window.store.get("priority", "gaia-x").title == "Gaia-X"
    assert window.library_panel.select("priority", "gaia-x")
    window.actions.add_to_pack.trigger()
    assert ("priority", "gaia-x") in window.editor.model.item_keys()

    window.actions.edit_item.trigger()
    assert window.store.get("priority", "gaia-x").summary == "Edited in the app."
    assert "Edited in the app." in window.inspector.details.toPlainText()

    window.library_panel.select("priority", "gaia-x")
    window.actions.delete_items.trigger()
    assert dialogs.said("delete") == [(["Gaia-X"], 1)]
    assert window.store.get("priority", "gaia-x") is None
    section, row = next((s, r) for s in range(window.editor.model.section_count())
                        for r, ref in enumerate(window.editor.model.section(s).items) if ref.id == "gaia-x")
    assert window.editor.model.item_index(section, row).data() == "Missing priority: gaia-x"


def test_library_export_and_import_in_the_background(window: MainWindow, qtbot, tmp_path: Path, dialogs,
                                                     starter: StarterCounts, monkeypatch: pytest.MonkeyPatch) -> None:
    exported = tmp_path / "library.json"
    with qtbot.waitSignal(window.library_actions.exportFinished, timeout=30_000) as blocker:
        window.library_actions.export_file(str(exported))
    assert blocker.args[0] == f"Exported {starter.total} items to {exported}."
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "briefing-library" and len(data["priorities"]) == starter.by_kind["priority"]

    data["priorities"].append({"id": "space-connectivity", "title": "Secure space connectivity",
                               "summary": "IRIS2 and its partners.", "colour": "blue"})
    data["priorities"][0]["summary"] = "A different summary under an existing id."
    incoming = tmp_path / "incoming.json"
    incoming.write_text(json.dumps(data), encoding="utf-8")
    dialogs.conflict = "skip"
    with qtbot.waitSignal(window.library_actions.importFinished, timeout=30_000) as blocker:
        window.library_actions.import_file(str(incoming))
    unchanged = starter.total - 1  # all but the one whose summary changed
    assert blocker.args[0] == f"Imported incoming.json: 1 added, {unchanged} unchanged, 0 replaced, 1 skipped."
    lines = dialogs.said("conflict")[0]
    assert lines == ["Priorities:", f"    Priority 1, id: a different priority “{data['priorities'][0]['title']}” is "
                     "already in the library."]
    # The question itself names no command-line option.
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda parent, title, text, *a, **k: (
        asked.append(text), False)))
    assert dialogs.real["ask_conflict"](window, lines) is None and "--" not in asked[0]
    assert "Some items in the file differ" in asked[0]
    shown = dialogs.said("info")[-1]
    assert shown[0] == blocker.args[0] and any("colour" in line for line in shown[1:])
    assert not any(str(tmp_path) in line for line in shown[1:])  # the file is named once, above
    assert window.store.get("priority", "space-connectivity") is not None
    assert window.library_panel.select("priority", "space-connectivity")  # the list was refreshed


def test_broken_import_names_every_problem_and_changes_nothing(window: MainWindow, qtbot, tmp_path: Path, dialogs,
                                                              starter: StarterCounts) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "briefing-library", "version": 1, "partnerships": [],
                               "priorities": [{"id": "x", "summary": "no title"}, {"id": "Y!", "title": "t", "summary": "s"}],
                               "quotes": []}), encoding="utf-8")
    with qtbot.waitSignal(window.library_actions.importFailed, timeout=30_000):
        window.library_actions.import_file(str(bad))
    problems = dialogs.said("problems")[-1]
    assert problems[0] == "Nothing was imported from bad.json."
    assert problems[1:] == ["Priorities:", "    Priority 1, title: required field missing.",
                            "    Priority 2, id: “Y!” is not a valid id (lower-case letters, digits and hyphens, "
                            "starting with a letter or digit)."]
    assert window.store.count() == starter.total
