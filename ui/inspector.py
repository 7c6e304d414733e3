"""The "Item" tab: the selected item's details, its note in the pack, the selected section,
or the officer's text block."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from briefing.models import Item
from briefing.text import clean, clean_optional
from ui.item_html import item_html
from ui.pack_editor import PackEditor

ItemFetcher = Callable[[str, str], "Item | None"]
_EMPTY, _ITEM, _SECTION, _TEXT = 0, 1, 2, 3


class ItemInspector(QStackedWidget):
    """Shows what is selected in the library or the pack; edits notes and sections via the editor."""

    editItemRequested = Signal(str, str)

    def __init__(self, editor: PackEditor, fetch: ItemFetcher, parent: QWidget | None = None,
                 title_of: Callable[[str, str], str] | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._fetch = fetch
        self._title_of = title_of
        self._key: tuple[str, str] | None = None
        self._pack_index = QPersistentModelIndex()
        self._syncing = False
        hint = QLabel("Select an item in the library or the pack to see its details here.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.addWidget(hint)
        self.addWidget(self._item_page())
        self.addWidget(self._section_page())
        self.addWidget(self._text_page())
        editor.model.dataChanged.connect(self._model_changed)
        editor.model.modelReset.connect(self.clear)

    def _item_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.details = QTextBrowser(openExternalLinks=True)
        self.details.setAccessibleName("Item details")
        layout.addWidget(self.details, 1)
        row = QHBoxLayout()
        self.edit_button = QPushButton("Edit in library…")
        self.edit_button.setAccessibleName("Edit in library")
        self.edit_button.setToolTip("Change this item in the library (every pack that uses it sees the change)")
        self.edit_button.clicked.connect(self._request_edit)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.note_label = QLabel("Note for this pack (printed with the item):")
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note for this pack")
        self.note.setToolTip("Your note on this item, for this pack only")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.note.textChanged.connect(self._note_edited)
        self.note_label.setBuddy(self.note)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        return page

    def _section_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.section_title = QLineEdit()
        self.section_title.setAccessibleName("Section title")
        self.section_title.setToolTip("The section's heading in the pack")
        self.section_title.editingFinished.connect(self._title_edited)
        self.section_intro = QPlainTextEdit()
        self.section_intro.setAccessibleName("Section introduction")
        self.section_intro.setToolTip("A short paragraph printed under the section heading")
        self.section_intro.setTabChangesFocus(True)
        self.section_intro.textChanged.connect(self._intro_edited)
        form.addRow("Title:", self.section_title)
        form.addRow("Introduction:", self.section_intro)
        return page

    def _text_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        hint = QLabel("Your own text, printed where it stands in the pack: a steer, a handling note, "
                      "a paragraph of background. Plain text: what you type is what prints.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        form.addRow(hint)
        self.text_title = QLineEdit()
        self.text_title.setAccessibleName("Text block heading")
        self.text_title.setToolTip("An optional heading, printed like an item's")
        self.text_title.setPlaceholderText("Optional")
        self.text_title.textEdited.connect(self._text_title_edited)
        self.text_body = QPlainTextEdit()
        self.text_body.setAccessibleName("Text block text")
        self.text_body.setToolTip("Paragraphs; leave a blank line between two paragraphs")
        self.text_body.setTabChangesFocus(True)
        self.text_body.textChanged.connect(self._text_body_edited)
        self.text_bullets = QPlainTextEdit()
        self.text_bullets.setAccessibleName("Text block bullets")
        self.text_bullets.setToolTip("Optional bullet points, one per line, printed after the text")
        self.text_bullets.setTabChangesFocus(True)
        self.text_bullets.setFixedHeight(self.text_bullets.fontMetrics().lineSpacing() * 5 + 12)
        self.text_bullets.textChanged.connect(self._text_bullets_edited)
        form.addRow("&Heading:", self.text_title)
        form.addRow("&Text:", self.text_body)
        form.addRow("&Bullets:", self.text_bullets)
        return page

    def text_fields(self) -> list[QWidget]:
        """Every text field whose own undo the toolbar follows."""
        return [self.note, self.section_intro, self.text_title, self.text_body, self.text_bullets]

    # --- what to show ----------------------------------------------------------------------

    def clear(self) -> None:
        """Show the hint: nothing is selected."""
        self._key, self._pack_index = None, QPersistentModelIndex()
        self.setCurrentIndex(_EMPTY)

    def show_item(self, kind: str, item_id: str) -> None:
        """Show a library item (selected in the library list)."""
        self._pack_index = QPersistentModelIndex()
        self._show(kind, item_id)
        self.note_label.hide()
        self.note.hide()

    def show_pack_index(self, index: QPersistentModelIndex | QModelIndex) -> None:
        """Show what is current in the pack tree: a section, or an item with its note."""
        section_row, row = self.editor.model.position(index)
        if section_row < 0:
            self.clear()
            return
        self._pack_index = QPersistentModelIndex(index)
        if row < 0:
            self._show_section(section_row)
            return
        if self.editor.model.text_block(section_row, row) is not None:
            self._show_text(section_row, row)
            return
        ref = self.editor.model.ref(section_row, row)
        self._show(ref.kind, ref.id)
        self.note_label.show()
        self.note.show()
        self._set_text(self.note, ref.note or "")

    def shown(self) -> tuple[tuple[str, str] | None, bool]:
        """The (kind, id) of the item shown (None for none), and whether it is shown from the pack."""
        if self.currentIndex() != _ITEM:
            return None, False
        return self._key, self._pack_index.isValid()

    def refresh(self) -> None:
        """Re-read the shown item (it was edited in the library)."""
        if self._pack_index.isValid():
            self.show_pack_index(self._pack_index)
        elif self._key is not None:
            self.show_item(*self._key)

    def _show(self, kind: str, item_id: str) -> None:
        self._key = (kind, item_id)
        item = self._fetch(kind, item_id)
        if item is None:
            self.details.setHtml(f"<h3>Missing {kind}</h3><p>The library has no {kind} with the id "
                                 f"<code>{escape(item_id)}</code>. Remove it from the pack, or import it.</p>")
        else:
            self.details.setHtml(item_html(item, self._title_of))
        self.edit_button.setEnabled(item is not None)
        self.setCurrentIndex(_ITEM)

    def _show_section(self, section_row: int) -> None:
        self._key = None
        section = self.editor.model.section(section_row)
        self._syncing = True
        self.section_title.setText(section.title)
        self._syncing = False
        self._set_text(self.section_intro, section.intro or "")
        self.setCurrentIndex(_SECTION)

    def _show_text(self, section_row: int, row: int) -> None:
        self._key = None
        block = self.editor.model.text_block(section_row, row)
        assert block is not None
        if self.text_title.text().strip() != (block.title or ""):
            self._syncing = True
            self.text_title.setText(block.title or "")
            self._syncing = False
        self._set_text(self.text_body, block.text or "")
        if _bullets(self.text_bullets.toPlainText()) != block.bullets:
            self._syncing = True
            self.text_bullets.setPlainText("\n".join(block.bullets))
            self._syncing = False
        self.setCurrentIndex(_TEXT)

    # --- edits -----------------------------------------------------------------------------

    def _set_text(self, edit: QPlainTextEdit, text: str) -> None:
        if (clean_optional(edit.toPlainText()) or "") != text:
            self._syncing = True
            edit.setPlainText(text)
            self._syncing = False

    def _note_edited(self) -> None:
        section_row, row = self.editor.model.position(self._pack_index)
        if self._syncing or row < 0:
            return
        self.editor.set_note(section_row, row, clean_optional(self.note.toPlainText()))

    def _intro_edited(self) -> None:
        section_row, row = self.editor.model.position(self._pack_index)
        if self._syncing or section_row < 0 or row >= 0:
            return
        self.editor.set_section_intro(section_row, clean_optional(self.section_intro.toPlainText()))

    def _title_edited(self) -> None:
        section_row, row = self.editor.model.position(self._pack_index)
        if self._syncing or section_row < 0 or row >= 0:
            return
        self.editor.rename_section(section_row, self.section_title.text())

    def _text_position(self) -> tuple[int, int] | None:
        section_row, row = self.editor.model.position(self._pack_index)
        if self._syncing or row < 0 or self.editor.model.text_block(section_row, row) is None:
            return None
        return section_row, row

    def _text_title_edited(self) -> None:
        if (position := self._text_position()) is not None:
            self.editor.set_text_field(*position, "title", clean_optional(self.text_title.text()))

    def _text_body_edited(self) -> None:
        if (position := self._text_position()) is not None:
            self.editor.set_text_field(*position, "text", clean_optional(self.text_body.toPlainText()))

    def _text_bullets_edited(self) -> None:
        if (position := self._text_position()) is not None:
            self.editor.set_text_field(*position, "bullets", _bullets(self.text_bullets.toPlainText()))

    def _model_changed(self, top_left: QModelIndex, _bottom_right: QModelIndex, _roles=()) -> None:
        # Undo/redo of a note, intro, title or text block: show the restored text.
        if self._pack_index.isValid() and self.editor.model.position(top_left) == self.editor.model.position(self._pack_index):
            section_row, row = self.editor.model.position(self._pack_index)
            if row >= 0 and self.editor.model.text_block(section_row, row) is not None:
                self._show_text(section_row, row)
            elif row >= 0:
                self._set_text(self.note, self.editor.model.ref(section_row, row).note or "")
            else:
                self._show_section(section_row)

    def _request_edit(self) -> None:
        if self._key is not None:
            self.editItemRequested.emit(*self._key)


def _bullets(text: str) -> tuple[str, ...]:
    """Bullet lines as typed, one per line, blank lines left out."""
    return tuple(clean(line).strip() for line in text.splitlines() if clean(line).strip())
