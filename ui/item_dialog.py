"""Add or edit one library item: a form per kind, checked by the core's validation before saving."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefing import dates
from briefing.errors import BriefingError, ConflictError
from briefing.library.store import LibraryStore
from briefing.library.validate import RawItem, validate_items
from briefing.markings import DEFAULT_MARKINGS
from briefing.models import (
    DATE_FIELDS,
    ID_PATTERN,
    LINK_FIELDS,
    LIST_FIELDS,
    REQUIRED_FIELDS,
    Item,
    interchange_fields,
)
from briefing.text import fold
from ui.link_picker import LinkPicker
from ui.photo_field import PhotoField
from ui.sources_model import SourcesModel
from ui.summaries import KIND_LABELS
from ui.wording import plain_problems

_LONG_TEXT = {"summary", "text", "translation", "context", "biography"}
_REVIEW = ("tags", "marking", "last_reviewed", "review_due")
_TIPS = {
    "id": "A stable short name: lower-case letters, digits and hyphens (e.g. rok-eu-dpc). Packs refer to it.",
    "marking": "Handling marking; exporting warns when it is above the pack's",
    "review_due": "When this item should be checked again; after it, the item is flagged as stale",
    "biography": "Paragraphs separated by a blank line",
    "languages": "The languages the person speaks, one per line",
}


# The fields an id is proposed from, per kind; a quote's from its speaker and first words.
_TITLE_FIELDS = {"partnership": ("name",), "priority": ("title",), "quote": ("speaker", "text"),
                 "person": ("name",)}
_QUOTE_WORDS = 4
_ID_LENGTH = 48
_EVERY = 1_000_000
_ERROR_COLOUR = "#B3261E"


def propose_id(title: str, taken: Callable[[str], bool]) -> str:
    """A free id from a title: 'ROK–EU Digital Partnership' → 'rok-eu-digital-partnership'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:_ID_LENGTH].strip("-")
    if not slug:
        return ""
    candidate, number = slug, 2
    while taken(candidate):
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def _status_label(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.hide()
    return label


def field_label(name: str) -> str:
    """'lines_to_take' → 'Lines to take'."""
    return name.replace("_", " ").capitalize()


class ItemDialog(QDialog):
    """Edits one item; `saved_item` holds the stored item after a successful save."""

    def __init__(self, kind: str, store: LibraryStore, item: Item | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.store = store
        self.original = item
        self.saved_item: Item | None = None
        self.inputs: dict[str, QWidget] = {}
        self.id_status = _status_label("Id check")
        self.id_status.show()
        self.id_ok = True
        self._id_typed = False
        verb = "Edit" if item else "New"
        self.setWindowTitle(f"{verb} {KIND_LABELS[kind].lower()}")
        self.resize(640, 620)
        layout = QVBoxLayout(self)
        tabs = QTabWidget()
        details = self._form([n for n in interchange_fields(kind)
                              if n not in _REVIEW and n not in ("sources", "photo")])
        if "photo" in interchange_fields(kind):  # beside the fields, so it is seen without scrolling
            self.resize(820, 660)
            details = self._beside(details, self._photo_column())
        tabs.addTab(self._scrolling(details), "Details")
        tabs.addTab(self._sources_page(), "Sources")
        tabs.addTab(self._scrolling(self._form(list(_REVIEW))), "Tags and review")
        layout.addWidget(tabs, 1)
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setAccessibleName("Problems")
        self.errors.setStyleSheet("color: #B3261E;")
        self.errors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors.hide()
        layout.addWidget(self.errors)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if item is not None:
            self._fill(item)
        self._watch_id()
        self.check_id(self._id_edit().text())

    # --- building --------------------------------------------------------------------------

    def _scrolling(self, body: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(body)
        return area

    def _photo_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Photo:"))
        layout.addWidget(self._input("photo"))
        layout.addStretch(1)
        return column

    def _beside(self, form: QWidget, column: QWidget) -> QWidget:
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form, 1)
        layout.addWidget(column)
        return body

    def _form(self, names: list[str]) -> QWidget:
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in names:
            star = " *" if name == "id" or name in REQUIRED_FIELDS[self.kind] else ""
            form.addRow(f"{field_label(name)}{star}:", self._input(name))
            if name == "id":
                form.addRow("", self.id_status)
            elif name in DATE_FIELDS[self.kind]:
                form.addRow("", self._date_status(name))
        return body

    def _input(self, name: str) -> QWidget:
        lists, links = LIST_FIELDS[self.kind], LINK_FIELDS[self.kind]
        if name == "photo":
            widget: QWidget = PhotoField()
        elif name in links:
            widget = LinkPicker(field_label(name), self._choices(links[name]))
        elif name == "marking":
            widget = QComboBox()
            widget.addItem("(none)", None)
            for marking in DEFAULT_MARKINGS:
                widget.addItem(marking, marking)
        elif name in lists or name in _LONG_TEXT:
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            lines = 6 if name == "biography" else 5 if name in _LONG_TEXT else 3
            widget.setFixedHeight(widget.fontMetrics().lineSpacing() * lines + 12)
            if name in lists:
                widget.setPlaceholderText("One per line")
        else:
            widget = QLineEdit()
            if name in DATE_FIELDS[self.kind]:
                widget.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY")
            if name == "speaker":
                widget.setCompleter(QCompleter([], self))
                widget.installEventFilter(self)  # the speakers are read when the field is first used
        widget.setAccessibleName(field_label(name))
        widget.setToolTip(_TIPS.get(name, f"{field_label(name)}"
                                    + (" (required)" if name in REQUIRED_FIELDS[self.kind] else "")))
        self.inputs[name] = widget
        return widget

    def _choices(self, kind: str) -> list[tuple[str, str]]:
        """(id, title) of every item of `kind`, by title."""
        return [(hit.id, hit.label) for hit in self.store.search("", kinds=[kind], limit=_EVERY)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched is self.inputs.get("speaker"):
            watched.removeEventFilter(self)
            self._load_speakers()
        return super().eventFilter(watched, event)

    def _load_speakers(self) -> None:
        """Offer the speakers of the library's quotes as the speaker is typed."""
        speaker = self.inputs["speaker"]
        assert isinstance(speaker, QLineEdit)
        speakers = sorted({str(getattr(quote, "speaker", "")) for quote in self.store.items("quote")},
                          key=str.casefold)
        completer = QCompleter(speakers, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        speaker.setCompleter(completer)

    def _date_status(self, name: str) -> QLabel:
        """A line under a date field saying, as it is typed, whether it reads as a date."""
        status = _status_label(f"{field_label(name)} check")
        edit = self.inputs[name]
        assert isinstance(edit, QLineEdit)

        def check(text: str) -> None:
            bad = bool(text.strip()) and not dates.is_iso(text.strip())
            status.setText(f"“{text.strip()}” is not a date: write 2026-03-26, 2026-03 or 2026." if bad else "")
            status.setVisible(bad)
            edit.setProperty("invalid", bad)
            edit.style().unpolish(edit)
            edit.style().polish(edit)

        edit.textChanged.connect(check)
        return status

    # --- the id: proposed from the title, checked as it is typed -------------------------------

    def _watch_id(self) -> None:
        id_edit = self._id_edit()
        id_edit.textEdited.connect(lambda text: setattr(self, "_id_typed", bool(text.strip())))
        id_edit.textChanged.connect(self.check_id)
        for name in _TITLE_FIELDS[self.kind]:
            widget = self.inputs[name]
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.textChanged.connect(self._propose_id)

    def _id_edit(self) -> QLineEdit:
        edit = self.inputs["id"]
        assert isinstance(edit, QLineEdit)
        return edit

    def _title_text(self) -> str:
        parts = []
        for name in _TITLE_FIELDS[self.kind]:
            widget = self.inputs[name]
            text = (widget.toPlainText() if isinstance(widget, QPlainTextEdit)
                    else widget.text() if isinstance(widget, QLineEdit) else "")
            parts.append(" ".join(text.split()[:_QUOTE_WORDS]) if name == "text" else text)
        return " ".join(parts)

    def _propose_id(self) -> None:
        if self.original is not None or self._id_typed:
            return
        proposal = propose_id(self._title_text(), lambda item_id: self.store.get(self.kind, item_id) is not None)
        self._id_edit().setText(proposal)

    def check_id(self, text: str) -> None:
        """Say under the id whether it can be used (only for a new item: an id never changes)."""
        text = text.strip()
        if self.original is not None:
            message, ok = "The id cannot change: packs refer to it.", True
        elif not text:
            message, ok = "Packs refer to the item by its id; it is proposed from the title.", True
        elif not re.match(ID_PATTERN, text):
            message, ok = "Use lower-case letters, digits and hyphens (e.g. rok-eu-dpc).", False
        elif (taken := self.store.get(self.kind, text)) is not None:
            message, ok = f"Taken by “{taken.label}”: choose another.", False
        else:
            message, ok = "Available.", True
        self.id_status.setText(message)
        self.id_status.setStyleSheet("" if ok else f"color: {_ERROR_COLOUR};")
        self.id_ok = ok

    def _sources_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.sources = SourcesModel((), self)
        self.sources_view = QTableView()
        self.sources_view.setModel(self.sources)
        self.sources_view.setAccessibleName("Sources")
        self.sources_view.setToolTip("Where the item's facts come from; only the title is required")
        self.sources_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sources_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.sources_view.verticalHeader().hide()
        layout.addWidget(self.sources_view, 1)
        row = QHBoxLayout()
        add = QPushButton("Add source")
        add.setToolTip("Add a row for a new source")
        add.clicked.connect(self.add_source)
        remove = QPushButton("Remove source")
        remove.setToolTip("Remove the selected source")
        remove.clicked.connect(self._remove_source)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def add_source(self) -> None:
        """Add an empty source row and start editing its title."""
        row = self.sources.rowCount()
        self.sources.insertRows(row, 1)
        index = self.sources.index(row, 0)
        self.sources_view.setCurrentIndex(index)
        self.sources_view.edit(index)

    def _remove_source(self) -> None:
        rows = sorted({index.row() for index in self.sources_view.selectionModel().selectedRows()}, reverse=True)
        for row in rows or ([self.sources_view.currentIndex().row()] if self.sources_view.currentIndex().isValid() else []):
            self.sources.removeRows(row, 1)

    # --- values ----------------------------------------------------------------------------

    def _fill(self, item: Item) -> None:
        for name in self.inputs:
            self.set_value(name, getattr(item, name))
        self.inputs["id"].setReadOnly(True)  # packs refer to the id: it never changes
        self.inputs["id"].setToolTip("The id cannot change: packs refer to it")
        self.sources = SourcesModel(item.sources, self)
        self.sources_view.setModel(self.sources)

    def set_value(self, name: str, value: Any) -> None:
        """Put a field's value into its input (lists one per line)."""
        widget = self.inputs[name]
        if isinstance(widget, LinkPicker):
            widget.set_value(value or ())
        elif isinstance(widget, PhotoField):
            widget.set_value(value)
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(index if index >= 0 else 0)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText("\n".join(value) if isinstance(value, tuple) else (value or ""))
        else:
            widget.setText(value or "")

    def raw_fields(self) -> dict[str, Any]:
        """The form as an interchange record, as the importer would read it from a file."""
        fields: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, LinkPicker):
                fields[name] = list(widget.value())
            elif isinstance(widget, PhotoField):
                fields[name] = widget.value()
            elif isinstance(widget, QComboBox):
                fields[name] = widget.currentData()
            elif name in LIST_FIELDS[self.kind]:
                fields[name] = [line for line in widget.toPlainText().split("\n") if line.strip()]
            else:
                text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
                fields[name] = text if text.strip() else None
        fields["sources"] = self.sources.raw()
        return fields

    def validated_item(self) -> Item:
        """The item the form describes, checked by the core (ValidationError lists problems)."""
        raw = RawItem(self.kind, self.raw_fields(), KIND_LABELS[self.kind])

        def known(kind: str, item_id: str) -> bool:
            return self.store.get(kind, item_id) is not None

        validated = validate_items([raw], known=known)
        return validated.content.items()[0]

    def try_save(self) -> bool:
        """Validate and write the item; on a problem show it in the dialog and return False."""
        try:
            item = self.validated_item()
            if self.original is None:
                self.saved_item = self.store.add(item)
            else:
                self.saved_item = self.store.update(item, expected_updated=self.original.updated)
        except ConflictError as exc:
            taken = self.store.get(self.kind, self._id_edit().text().strip()) if self.original is None else None
            problems = ([f"The id “{taken.id}” is taken by “{taken.label}”: choose another."] if taken is not None
                        else plain_problems(exc.problems, KIND_LABELS[self.kind]))
            self.errors.setText("Please fix:\n" + "\n".join(problems))
            self.errors.show()
            return False
        except BriefingError as exc:
            self.errors.setText("Please fix:\n" + "\n".join(plain_problems(exc.problems, KIND_LABELS[self.kind])))
            self.errors.show()
            return False
        return True

    def accept(self) -> None:
        if self.try_save():
            super().accept()
