"""The "Pack details" form: title, meeting, audience, objectives, marking, template and cover fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from briefing.markings import DEFAULT_MARKINGS
from briefing.text import clean, clean_optional
from ui.breaches import Breach, highest
from ui.date_field import DateField
from ui.icons import MISSING_COLOUR
from ui.lazy_combo import LazyCombo
from ui.pack_editor import PackEditor

# (detail name, label, tooltip) of the one-line text fields, in form order.
_LINES = (
    ("title", "Title", "The pack's title, on the cover and in the document properties"),
    ("subtitle", "Subtitle", "A line under the title"),
    ("meeting.name", "Meeting", "The meeting the pack is for"),
    ("meeting.date", "Meeting date", "The meeting's date: YYYY-MM-DD (or YYYY-MM, YYYY)"),
    ("meeting.location", "Location", "Where the meeting takes place"),
    ("audience", "Audience", "Who the brief is for"),
    ("author", "Author", "Who prepared the brief"),
    ("requested_by", "Requested by", "Who asked for the brief"),
)
_CONTACT = (
    ("contact.name", "Contact name", "Who to contact about the brief"),
    ("contact.email", "Contact email", "The contact's email address"),
    ("contact.phone", "Contact phone", "The contact's phone number"),
)
_LISTS = (
    ("objectives", "Objectives", "What we want out of the meeting, one per line"),
    ("attendees", "Attendees", "Who attends, one per line"),
)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for raw in text.split("\n") if (line := clean(raw).strip()))


class PackDetailsForm(QScrollArea):
    """Edits the pack's details through the editor; undo and redo update the fields."""

    def __init__(self, editor: PackEditor, template_names: Callable[[], Sequence[tuple[str, ...]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._template_names = template_names
        # name → (read the widget's value, write a value into the widget)
        self._fields: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]] = {}
        self.widgets: dict[str, QWidget] = {}
        self._refreshing = False  # True while a field shows the editor's value: not an edit
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(self._form())
        editor.detailChanged.connect(self._refresh)
        editor.packLoaded.connect(self.refresh_all)
        self.refresh_all()

    def _form(self) -> QWidget:
        body = QWidget()
        outer = QVBoxLayout(body)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, tip in _LINES[:6]:
            form.addRow(f"{label}:", self._date(name, label, tip) if name == "meeting.date"
                        else self._line(name, label, tip))
        form.addRow("Objectives:", self._list(*_LISTS[0]))
        marking = QWidget()
        column = QVBoxLayout(marking)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._marking())
        self.marking_note = QLabel()
        self.marking_note.setWordWrap(True)
        self.marking_note.setAccessibleName("Items marked above the pack")
        self.marking_note.setStyleSheet(f"color: {MISSING_COLOUR};")
        self.marking_note.hide()
        column.addWidget(self.marking_note)
        form.addRow("Marking:", marking)
        template = QWidget()
        column = QVBoxLayout(template)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._template())
        self.template_note = QLabel()
        self.template_note.setWordWrap(True)
        self.template_note.setAccessibleName("What the template is for")
        self.template_note.setEnabled(False)  # the palette's muted text
        column.addWidget(self.template_note)
        form.addRow("Template:", template)
        form.addRow("", self._draft())
        for name, label, tip in _LINES[6:] + _CONTACT:
            form.addRow(f"{label}:", self._line(name, label, tip))
        form.addRow("Attendees:", self._list(*_LISTS[1]))
        form.addRow("Revision:",
                    self._line("revision", "Revision", "The document's own version label, e.g. v2"))
        outer.addLayout(form)
        outer.addStretch(1)
        return body

    def _register(self, name: str, widget: QWidget, label: str, tip: str,
                  read: Callable[[], Any], write: Callable[[Any], None]) -> QWidget:
        widget.setAccessibleName(label)
        widget.setToolTip(tip)
        self.widgets[name] = widget
        self._fields[name] = (read, write)
        return widget

    def _line(self, name: str, label: str, tip: str, edit: QLineEdit | None = None) -> QWidget:
        edit = edit or QLineEdit()
        edit.textEdited.connect(lambda _text: self._commit(name))
        return self._register(name, edit, label, tip, lambda: clean_optional(edit.text()),
                              lambda value: _set_line(edit, value))

    def _date(self, name: str, label: str, tip: str) -> QWidget:
        self.date_field = DateField(label)
        self._line(name, label, tip, self.date_field.edit)
        self.date_field.picked.connect(lambda _text: self._commit(name))
        return self.date_field

    def _list(self, name: str, label: str, tip: str) -> QWidget:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText("One per line")
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 5 + 12)
        edit.textChanged.connect(lambda: self._commit(name))
        return self._register(name, edit, label, tip, lambda: _lines(edit.toPlainText()),
                              lambda value: edit.setPlainText("\n".join(value)))

    def _marking(self) -> QWidget:
        combo = QComboBox()
        combo.addItem("(none)", None)
        for marking in DEFAULT_MARKINGS:
            combo.addItem(marking, marking)
        combo.activated.connect(lambda _i: self._commit("marking"))
        return self._register("marking", combo, "Marking", "The pack's handling marking, printed on every page",
                              combo.currentData, lambda value: _choose(combo, value))

    def _template(self) -> QWidget:
        # Reading every template takes a while: only when the user reaches for the list.
        combo = LazyCombo("(default)", self._template_names, "Template",
                          "How the pack is laid out: cover, contents, which fields each item shows")
        combo.activated.connect(lambda _i: self._commit("template"))
        combo.currentIndexChanged.connect(lambda _index: self._show_template_note())
        return self._register("template", combo, "Template", combo.toolTip(), combo.currentData, combo.choose)

    def _draft(self) -> QWidget:
        box = QCheckBox("Draft (prints a DRAFT watermark)")
        box.toggled.connect(lambda _on: self._commit("draft"))
        return self._register("draft", box, "Draft", "Mark the exported documents as a draft",
                              box.isChecked, lambda value: box.setChecked(bool(value)))

    # --- syncing with the editor -----------------------------------------------------------

    def _commit(self, name: str) -> None:
        if self._refreshing:
            return
        read, _write = self._fields[name]
        value = read()
        if name == "title" and value is None:
            value = ""  # a pack always has a title; saving names the problem
        self.editor.set_detail(name, value)

    def _refresh(self, name: str) -> None:
        if name not in self._fields:
            return
        read, write = self._fields[name]
        value = self.editor.detail(name)
        # Compare values, not text: the field may hold a trailing space or an empty line
        # that the stored value leaves out, and rewriting it would move the cursor.
        if read() != value and not (name == "title" and read() is None and not value):
            self._refreshing = True
            try:
                write(value)
            finally:
                self._refreshing = False

    def showEvent(self, event) -> None:
        # The template list (every template file read) is needed once the form is on screen.
        template = self.widgets["template"]
        if isinstance(template, LazyCombo):
            template.load()
            self._show_template_note()
        super().showEvent(event)

    def _show_template_note(self) -> None:
        combo = self.widgets["template"]
        if isinstance(combo, QComboBox):
            self.template_note.setText(str(combo.currentData(Qt.ItemDataRole.ToolTipRole) or ""))
            self.template_note.setVisible(bool(self.template_note.text()))

    def text_fields(self) -> list[QWidget]:
        """The fields typed into, each keystroke an edit of the pack."""
        return [w for w in self.widgets.values() if isinstance(w, QLineEdit | QPlainTextEdit)]

    def show_breaches(self, breaches: Sequence[Breach], pack_marking: str | None) -> None:
        """Name the items marked above the pack's marking, under the marking field."""
        combo = self.widgets["marking"]
        if not breaches:
            self.marking_note.hide()
            combo.setProperty("invalid", False)
        else:
            names = ", ".join(f"“{b.title}” ({b.marking})" for b in breaches[:4])
            more = f" and {len(breaches) - 4} more" if len(breaches) > 4 else ""
            count = f"{len(breaches)} item{'s are' if len(breaches) != 1 else ' is'}"
            self.marking_note.setText(f"⚠ {count} marked above {pack_marking or 'no marking'}: {names}{more}. "
                                      f"Raise the marking to {highest(breaches)}, or remove them.")
            self.marking_note.show()
            combo.setProperty("invalid", True)
        combo.style().unpolish(combo)
        combo.style().polish(combo)

    def refresh_all(self) -> None:
        """Show every detail of the pack (it was opened or replaced)."""
        for name in self._fields:
            self._refresh(name)


def _set_line(edit: QLineEdit, value: str | None) -> None:
    edit.setText(value or "")
    edit.setCursorPosition(0)  # a long subtitle shows its start, not its end


def _choose(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index < 0 and value:  # a template or marking this installation does not know
        combo.addItem(f"{value} (not found)", value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))
