"""Messages in the app are for people: whole sentences, places counted from 1, no flags, files named once."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from briefing.models import ItemRef
from briefing.resources import sample_pack_path
from ui.main_window import PREVIEW_TAB, MainWindow


def test_a_damaged_pack_is_described_in_a_sentence(window: MainWindow, dialogs, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.briefpack"
    damaged.write_text('{"format": "briefing-pack", "version": 1,\n  "title": "Unclosed\n}', encoding="utf-8")
    assert not window.files.open(damaged)
    assert dialogs.said("problems")[-1] == ["Cannot open damaged.briefpack.",
                                            "The pack file is damaged at line 2, column 21: a text is not closed."]


def test_a_pdf_renamed_as_a_pack_is_not_a_pack(window: MainWindow, dialogs, tmp_path: Path) -> None:
    fake = tmp_path / "minutes.briefpack"
    fake.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    assert not window.files.open(fake)
    assert dialogs.said("problems")[-1] == ["Cannot open minutes.briefpack.",
                                            "This is not a briefing pack: it is not text."]


def test_positions_are_counted_from_one_and_named(window: MainWindow, dialogs, tmp_path: Path) -> None:
    data = json.loads(sample_pack_path().read_text(encoding="utf-8"))
    data["sections"][1]["items"][4]["id"] = "Not An Id"
    bad = tmp_path / "bad.briefpack"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert not window.files.open(bad)
    lines = dialogs.said("problems")[-1]
    assert lines[1].startswith("Section 2, item 5, id: “Not An Id” is not a valid id")
    assert str(tmp_path) not in "\n".join(lines)


def test_import_problems_are_grouped_by_sheet_in_row_order(window: MainWindow, dialogs, qtbot,
                                                          tmp_path: Path) -> None:
    workbook = tmp_path / "library.xlsx"
    with qtbot.waitSignal(window.library_actions.exportFinished, timeout=30_000):
        window.library_actions.export_file(str(workbook))
    book = openpyxl.load_workbook(workbook)
    book["Quotes"]["B2"] = None  # text
    book["Partnerships"]["B5"] = None  # name
    book["Partnerships"]["A3"] = "Not An Id"
    book.save(workbook)
    with qtbot.waitSignal(window.library_actions.importFailed, timeout=30_000):
        window.library_actions.import_file(str(workbook))
    lines = dialogs.said("problems")[-1]
    assert lines[0] == "Nothing was imported from library.xlsx."
    body = lines[1:]
    assert all(str(tmp_path) not in line for line in body)  # the file is named once, above
    headings = [line for line in body if not line.startswith(" ")]
    assert headings[:2] == ["Partnerships sheet:", "Quotes sheet:"]
    partnerships = body[1:body.index("Quotes sheet:")]
    rows = [int(line.split(",")[0].split()[-1]) for line in partnerships]
    assert rows == sorted(rows) and rows[:2] == [3, 5]
    assert partnerships[1] == "    Row 5, name: required field missing."
    assert all(line.strip()[0].isupper() and line.endswith(".") for line in body if line.startswith(" "))


def test_the_preview_names_places_from_one_and_clears_old_pages(window: MainWindow, qtbot) -> None:
    window.files.load(sample_pack_path())
    with qtbot.waitSignal(window.preview.rendered, timeout=60_000):
        window.tabs.setCurrentIndex(PREVIEW_TAB)
    assert window.preview.document.pageCount() > 0
    window.editor.add_items([ItemRef(kind="priority", id="not-in-library")], 1, 0)
    with qtbot.waitSignal(window.preview.failed, timeout=60_000) as blocker:
        window.preview.refresh()
    assert "Section 2, item 1: priority “not-in-library” is not in the library." in blocker.args[0]
    assert "sections[" not in window.preview.status.text()
    assert window.preview.document.pageCount() == 0  # no old pages under the error
