"""Every question and message the app puts to the user, in one place (tests replace these)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ui.wording import TitleOf, plain_line, plain_problems

# More lines than this go to "Show Details…", so the box stays on screen.
_SHOWN_LINES = 12


def readable(line: str, title_of: TitleOf) -> str:
    """A core warning for people: items named by title, not by id, as a sentence."""
    return plain_line(line, None, title_of)


def ask_breach(parent: QWidget | None, pack_marking: str | None, items: Sequence[tuple[str, str]],
               raise_to: str) -> str:
    """Items marked above the pack: 'raise' (the pack's marking to `raise_to`), 'export' or 'cancel'."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Marking above the pack's",
                      f"{len(items)} item{'s are' if len(items) != 1 else ' is'} marked above this pack's "
                      f"marking ({pack_marking or 'none'}). The documents would say "
                      f"{pack_marking or 'no marking'} on every page.", QMessageBox.StandardButton.NoButton, parent)
    _list_lines(box, [f"“{title}”: {marking}" for title, marking in items])
    raise_button = box.addButton(f"Raise pack marking to {raise_to}", QMessageBox.ButtonRole.AcceptRole)
    export_button = box.addButton(f"Export as {pack_marking or 'unmarked'}", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(raise_button)
    box.exec()
    clicked = box.clickedButton()
    return "raise" if clicked is raise_button else "export" if clicked is export_button else "cancel"


def problem_lines(exc: Exception, file: str | Path | None = None, title_of: TitleOf | None = None,
                  what: str = "a briefing pack") -> list[str]:
    """What to show of a failure, for people: a BriefingError's own lines as sentences (the file
    named by the caller, not on every line), else one line naming the surprise."""
    from briefing.errors import BriefingError

    if not isinstance(exc, BriefingError):
        return [f"Unexpected error: {exc}"]
    return plain_problems(exc.problems, file, title_of, what)


def _list_lines(box: QMessageBox, lines: Sequence[str]) -> None:
    """The first lines in the box, the whole list under "Show Details…" when there are more."""
    box.setInformativeText("\n".join(lines[:_SHOWN_LINES])
                           + (f"\n… and {len(lines) - _SHOWN_LINES} more" if len(lines) > _SHOWN_LINES else ""))
    if len(lines) > _SHOWN_LINES:
        box.setDetailedText("\n".join(lines))


def show_problems(parent: QWidget | None, title: str, summary: str, lines: Sequence[str]) -> None:
    """A warning listing problems, one line each (the same lines the command line prints)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, summary, QMessageBox.StandardButton.Ok, parent)
    _list_lines(box, lines)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str, details: Sequence[str] = ()) -> None:
    """A plain message, with optional detail lines (e.g. warnings)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setInformativeText("\n".join(details[:_SHOWN_LINES]))
        if len(details) > _SHOWN_LINES:
            box.setDetailedText("\n".join(details))
    box.exec()


def ask_unsaved(parent: QWidget | None, name: str) -> str:
    """'save', 'discard' or 'cancel' for a pack with unsaved changes."""
    buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
               | QMessageBox.StandardButton.Cancel)
    answer = QMessageBox.question(parent, "Unsaved changes",
                                  f"“{name}” has changes that are not saved. Save them first?",
                                  buttons, QMessageBox.StandardButton.Save)
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    return "discard" if answer == QMessageBox.StandardButton.Discard else "cancel"


def confirm(parent: QWidget | None, title: str, text: str, lines: Sequence[str], accept: str) -> bool:
    """Ask before going on despite `lines` (warnings); True when the user chose `accept`."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    _list_lines(box, lines)
    go = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def ask_recover(parent: QWidget | None, name: str, when: str) -> bool:
    """Offer to recover an autosaved pack that a crash left behind."""
    answer = QMessageBox.question(
        parent, "Recover unsaved work",
        f"Briefing Pack Builder did not close properly. Unsaved changes to “{name}” were "
        f"autosaved at {when}.\n\nRecover them?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def ask_conflict(parent: QWidget | None, lines: Sequence[str]) -> str | None:
    """The import met items that differ from stored ones: 'skip', 'replace', or None to cancel."""
    choices = ["Skip them (keep the library's items)", "Replace them with the file's items"]
    text = ("Some items in the file differ from items with the same id in the library:\n"
            + "\n".join(lines[:8]) + (f"\n… and {len(lines) - 8} more" if len(lines) > 8 else "")
            + "\n\nWhat should the import do with them?")
    choice, ok = QInputDialog.getItem(parent, "Import: conflicting items", text, choices, 0, False)
    if not ok:
        return None
    return "skip" if choice == choices[0] else "replace"


def confirm_delete(parent: QWidget | None, labels: Sequence[str], in_pack: int, links: Sequence[str] = ()) -> bool:
    """Ask before deleting library items, naming them, the links it removes and how many the
    open pack uses."""
    text = (f"Delete {len(labels)} item{'s' if len(labels) != 1 else ''} from the library?\n\n"
            + "\n".join(f"“{label}”" for label in labels[:8])
            + (f"\n… and {len(labels) - 8} more" if len(labels) > 8 else ""))
    if in_pack:
        text += (f"\n\nThe open pack uses {in_pack} of them; it will show them as missing "
                 "until you remove them from it.")
    text += "\n\nEdit ▸ Undo brings them back."
    box = QMessageBox(QMessageBox.Icon.Question, "Delete library items", text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    if links:
        box.setInformativeText("Links removed:\n" + "\n".join(links[:_SHOWN_LINES])
                               + (f"\n… and {len(links) - _SHOWN_LINES} more" if len(links) > _SHOWN_LINES else ""))
        if len(links) > _SHOWN_LINES:
            box.setDetailedText("\n".join(links))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_replace(parent: QWidget | None, folder: str, names: Sequence[str]) -> str:
    """Files of these names exist: 'replace', 'another' (choose another folder) or 'cancel'."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Replace existing files?",
                      f"{'These files already exist' if len(names) != 1 else 'This file already exists'} "
                      f"in {folder}:", QMessageBox.StandardButton.NoButton, parent)
    _list_lines(box, list(names))
    replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
    another = box.addButton("Choose another folder…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(another)
    box.exec()
    clicked = box.clickedButton()
    return "replace" if clicked is replace else "another" if clicked is another else "cancel"
