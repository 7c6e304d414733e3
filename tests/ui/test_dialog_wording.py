"""The app's own question boxes, opened for real: what they say and which choice comes first."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def _answer(button_text: str, seen: list[dict]) -> None:
    """Click `button_text` in the next message box, noting its texts and buttons first."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        buttons = [b.text() for b in box.buttons()]
        seen.append({"text": box.text(), "informative": box.informativeText(), "buttons": buttons,
                     "default": box.defaultButton().text() if box.defaultButton() else None})
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, click)


def test_the_breach_question_offers_raising_the_marking_first(qtbot, dialogs) -> None:
    seen: list[dict] = []
    _answer("Raise pack marking to OFFICIAL-SENSITIVE", seen)
    answer = dialogs.real["ask_breach"](None, "PUBLIC", [("Semiconductors", "OFFICIAL"),
                                                         ("5G security", "OFFICIAL-SENSITIVE")], "OFFICIAL-SENSITIVE")
    assert answer == "raise"
    shown = seen[0]
    assert shown["buttons"][0] == "Raise pack marking to OFFICIAL-SENSITIVE" == shown["default"]
    assert "Export as PUBLIC" in shown["buttons"]
    assert shown["informative"].splitlines() == ["“Semiconductors”: OFFICIAL", "“5G security”: OFFICIAL-SENSITIVE"]
    assert "2 items are marked above this pack's marking (PUBLIC)" in shown["text"]


def test_the_replace_question_names_the_files(qtbot, dialogs) -> None:
    seen: list[dict] = []
    _answer("Choose another folder…", seen)
    answer = dialogs.real["ask_replace"](None, "/tmp/out", ["brief.docx", "brief.pdf"])
    assert answer == "another"
    assert seen[0]["informative"].splitlines() == ["brief.docx", "brief.pdf"]
    assert set(seen[0]["buttons"]) >= {"Replace", "Choose another folder…", "Cancel"}
    assert seen[0]["default"] == "Choose another folder…"  # Return does not replace anything

