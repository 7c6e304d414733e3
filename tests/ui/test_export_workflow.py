"""Export through the real window: warnings first, the files read back, Open / Show in folder, Cancel."""

from __future__ import annotations

import threading
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices

from briefing.errors import Cancelled
from briefing.resources import sample_pack_path
from ui import tasks
from ui.main_window import MainWindow


@pytest.fixture
def sample_window(window: MainWindow) -> MainWindow:
    assert window.files.load(sample_pack_path())
    return window


def test_export_all_three_formats(sample_window: MainWindow, qtbot, tmp_path: Path, dialogs,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "exports"
    dialogs.folder = str(out)
    with qtbot.waitSignal(sample_window.exports.finished, timeout=120_000) as blocker:
        assert sample_window.exports.export("all")
    outcome = blocker.args[0]
    assert [p.name for p in outcome.paths] == ["rok-eu-dpc.docx", "rok-eu-dpc.pdf", "rok-eu-dpc.xlsx"]

    # The stale items of the starter library were named before anything was written.
    warnings = dialogs.said("confirm")[0]
    assert any("due for review" in line for line in warnings)

    word = "\n".join(p.text for p in Document(str(out / "rok-eu-dpc.docx")).paragraphs)
    assert "ROK-EU Digital Partnership Council" in word and "Semiconductors" in word
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(str(out / "rok-eu-dpc.pdf")).pages)
    assert "Semiconductors" in pdf_text and "OFFICIAL" in pdf_text
    book = openpyxl.load_workbook(out / "rok-eu-dpc.xlsx")
    assert {"Overview", "Partnerships", "Priorities", "Quotes", "Sources"} <= set(book.sheetnames)
    priorities = list(book["Priorities"].iter_rows(values_only=True))
    assert any("Semiconductors" in (cell or "") for row in priorities for cell in row if isinstance(cell, str))

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    box = sample_window.exports.result_box
    assert box is not None and box.isVisible()
    buttons = {button.text(): button for button in box.buttons()}
    buttons["Open"].click()
    assert opened == [str(out / "rok-eu-dpc.docx")]
    qtbot.waitUntil(lambda: sample_window.exports.result_box is None)  # a click closes the message


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_declining_the_warnings_writes_nothing(sample_window: MainWindow, qtbot, out: Path, dialogs) -> None:
    dialogs.confirm = False
    dialogs.save_file = str(out / "brief.pdf")
    with qtbot.waitSignal(sample_window.exports.failed, timeout=60_000) as blocker:
        sample_window.exports.export("pdf")
    assert isinstance(blocker.args[0], Cancelled)
    assert list(out.iterdir()) == []


def test_cancel_during_export_leaves_no_file(sample_window: MainWindow, qtbot, out: Path, dialogs,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real_export = tasks.export
    asked = threading.Event()

    def export_waiting_for_cancel(pack, library_path, targets):
        task = real_export(pack, library_path, targets)

        def run(progress, cancelled):
            def report(done: int, total: int) -> None:
                progress(done, total)
                asked.set()
                # The exporter (in its child process) waits for this report's go-ahead:
                # hold it mid-file until the user's Cancel has landed.
                for _ in range(500):
                    if cancelled():
                        break
                    threading.Event().wait(0.01)
            return task(report, cancelled)
        return run

    monkeypatch.setattr(tasks, "export", export_waiting_for_cancel)
    target = out / "brief.docx"
    target.write_bytes(b"an earlier export")
    dialogs.save_file = str(target)
    sample_window.exports.progressed.connect(lambda done, total: _click_cancel(sample_window))
    with qtbot.waitSignal(sample_window.exports.failed, timeout=60_000) as blocker:
        sample_window.exports.export("docx")
    assert asked.is_set()
    assert isinstance(blocker.args[0], Cancelled)
    assert target.read_bytes() == b"an earlier export"  # untouched, and no partial file beside it
    assert [p.name for p in out.iterdir()] == ["brief.docx"]
    assert sample_window.exports.progress is None and not sample_window.exports.busy()


def test_missing_items_are_named_and_nothing_is_written(window: MainWindow, qtbot, out: Path, dialogs) -> None:
    from briefing.models import ItemRef

    window.editor.add_items([ItemRef(kind="quote", id="nobody-said-this")], 0)
    dialogs.save_file = str(out / "brief.xlsx")
    with qtbot.waitSignal(window.exports.failed, timeout=60_000):
        window.exports.export("xlsx")
    assert any("nobody-said-this" in line for line in dialogs.said("problems")[-1])
    assert list(out.iterdir()) == []


def test_export_menu_asks_for_the_format(sample_window: MainWindow, qtbot, tmp_path: Path, dialogs,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    dialogs.item = "Excel register"
    dialogs.save_file = str(tmp_path / "register")
    with qtbot.waitSignal(sample_window.exports.finished, timeout=60_000) as blocker:
        sample_window.actions.export.trigger()
    assert blocker.args[0].paths == (tmp_path / "register.xlsx",)
    overview = openpyxl.load_workbook(tmp_path / "register.xlsx")["Overview"]
    assert any("ROK-EU Digital Partnership Council" in str(cell) for row in overview.iter_rows(values_only=True)
               for cell in row)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    {b.text(): b for b in sample_window.exports.result_box.buttons()}["Show in folder"].click()
    assert opened == [str(tmp_path)]


def _click_cancel(window: MainWindow) -> None:
    from PySide6.QtWidgets import QPushButton

    dialog = window.exports.progress
    if dialog is not None:
        dialog.findChild(QPushButton).click()  # the dialog's Cancel button, as a user clicks it
