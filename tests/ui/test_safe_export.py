"""Export never replaces a file without asking, naming it; each pack remembers its export folder."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from briefing.resources import sample_pack_path
from ui.main_window import MainWindow

NAMES = ["rok-eu-dpc.docx", "rok-eu-dpc.pdf", "rok-eu-dpc.xlsx"]


@pytest.fixture
def sample_window(window: MainWindow) -> MainWindow:
    assert window.files.load(sample_pack_path())
    return window


@pytest.fixture
def earlier(tmp_path: Path) -> Path:
    """A folder holding an earlier export of another brief under the same names."""
    folder = tmp_path / "earlier"
    folder.mkdir()
    for name in NAMES:
        (folder / name).write_bytes(b"an earlier brief")
    return folder


def test_cancel_at_the_replace_prompt_keeps_the_old_files(sample_window: MainWindow, dialogs, earlier: Path) -> None:
    dialogs.folder = str(earlier)
    dialogs.replace = ["cancel"]
    assert not sample_window.exports.export("all")
    assert dialogs.said("replace") == [(str(earlier), NAMES)]  # one prompt naming them all
    assert all((earlier / name).read_bytes() == b"an earlier brief" for name in NAMES)


def test_choose_another_folder_asks_again(sample_window: MainWindow, dialogs, earlier: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    answers = iter([str(earlier), str(fresh)])
    asked: list[str] = []

    def pick_folder(parent, caption, start):
        asked.append(start)
        return next(answers)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(pick_folder))
    dialogs.replace = ["another"]
    targets = sample_window.exports.choose_targets("all")
    assert [path for _fmt, path in targets] == [fresh / name for name in NAMES]
    assert asked[1] == str(earlier)  # the second dialog starts where the first ended
    assert len(dialogs.said("replace")) == 1  # the fresh folder holds nothing to replace


def test_replace_writes_the_new_file(sample_window: MainWindow, dialogs, earlier: Path, qtbot) -> None:
    dialogs.save_file = str(earlier / "rok-eu-dpc.xlsx")
    with qtbot.waitSignal(sample_window.exports.finished, timeout=120_000):
        assert sample_window.exports.export("xlsx")
    assert dialogs.said("replace") == [(str(earlier), ["rok-eu-dpc.xlsx"])]
    book = openpyxl.load_workbook(earlier / "rok-eu-dpc.xlsx")
    assert "Overview" in book.sheetnames
    assert (earlier / "rok-eu-dpc.docx").read_bytes() == b"an earlier brief"  # not asked about, not touched


def test_each_pack_remembers_its_export_folder(window: MainWindow, dialogs, tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "first.briefpack", tmp_path / "b" / "second.briefpack"
    for path in (first, second):
        path.parent.mkdir()
        assert window.files.write(path)
    out = tmp_path / "out-first"
    out.mkdir()
    assert window.files.load(first)
    dialogs.folder = str(out)
    assert window.exports.choose_targets("all")
    assert window.files.load(second)
    starts = _starts(window, dialogs, "all")
    assert starts == str(second.parent)  # never exported: its own folder, not the other pack's
    assert window.files.load(first)
    assert _starts(window, dialogs, "all") == str(out)


def _starts(window: MainWindow, dialogs, format_id: str) -> str:
    """The folder the export dialog opens in."""
    seen: list[str] = []
    original = QFileDialog.getExistingDirectory
    QFileDialog.getExistingDirectory = staticmethod(lambda parent, caption, start: seen.append(start) or "")
    try:
        window.exports.choose_targets(format_id)
    finally:
        QFileDialog.getExistingDirectory = original
    return seen[0]
