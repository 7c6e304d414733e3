"""Pack files (`.briefpack`): read, validate, write, and the self-contained save."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from briefing import atomic, dates
from briefing.errors import ValidationError
from briefing.files import read_regular
from briefing.jsonload import loads_strict
from briefing.markings import Markings
from briefing.models import (
    ID_PATTERN,
    PACK_KINDS,
    Contact,
    Entry,
    ItemRef,
    LibraryContent,
    Meeting,
    Pack,
    Section,
    TextBlock,
)
from briefing.text import clean, clean_optional, quoted, shown

if TYPE_CHECKING:
    from briefing.templates import Template

FORMAT = "briefing-pack"
VERSION = 1
EXTENSION = ".briefpack"
TEMPLATE_NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

_ID = re.compile(ID_PATTERN)
_TEMPLATE_NAME = re.compile(TEMPLATE_NAME_PATTERN)
# Keys in the order they are written, so that saved packs diff cleanly.
_TOP_KEYS = (
    "format", "version", "title", "subtitle", "meeting", "audience", "author", "objectives",
    "marking", "template", "requested_by", "contact", "attendees", "revision", "draft",
    "sections", "library",
)
_MEETING_KEYS = ("name", "date", "location")
_CONTACT_KEYS = ("name", "email", "phone")
_SECTION_KEYS = ("title", "intro", "items")
_REF_KEYS = ("kind", "id", "note")
_TEXT_KEYS = ("kind", "title", "text", "bullets")
TEXT_KIND = TextBlock.kind
# A pack names a few dozen items; even a self-contained one with thousands stays far below
# this. A larger file is refused before it is read, never left to exhaust the machine.
MAX_PACK_BYTES = 40 * 2**20
# Text limits, so that no field can make a build slow or an output unreadable: one-line
# fields (titles, names, cover details, list entries) and long text (intros, notes).
MAX_LINE_CHARS = 1_000
MAX_NOTE_CHARS = 100_000
MAX_LIST_ENTRIES = 1_000  # objectives, attendees
MAX_SECTIONS = 1_000


def read_pack(path: str | os.PathLike[str], *, markings: Markings | None = None) -> Pack:
    """Read and validate a `.briefpack` file; ValidationError lists every problem."""
    data = read_regular(path, limit=MAX_PACK_BYTES, what="pack file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return loads_pack(text, origin=str(path), markings=markings)


def loads_pack(text: str, *, origin: str = "<pack>", markings: Markings | None = None) -> Pack:
    """Parse and validate pack JSON text; `origin` names it in messages."""
    return pack_from_data(loads_strict(text, origin), origin=origin, markings=markings)


def pack_from_data(data: Any, *, origin: str = "<pack>", markings: Markings | None = None) -> Pack:
    """Validate decoded pack JSON and build the Pack; ValidationError lists every problem."""
    reader = _PackReader(origin, markings or Markings())
    pack = reader.read(data)
    if reader.problems:
        raise ValidationError(reader.problems)
    assert pack is not None
    return pack


class _PackReader:
    """Walks decoded pack JSON, recording one problem line per fault."""

    def __init__(self, origin: str, markings: Markings) -> None:
        self.origin = origin
        self.markings = markings
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        """Record a problem at JSON path `where` ('' for the whole file)."""
        self.problems.append(f"{self.origin}:{where}: {message}" if where else f"{self.origin}: {message}")

    def read(self, data: Any) -> Pack | None:
        """The Pack, or None when the file is not a pack at all."""
        if not isinstance(data, dict):
            self.problem("", f"a pack must be a JSON object, not {_type_name(data)}")
            return None
        self._unknown_keys(data, _TOP_KEYS, "")
        if not self._header(data):
            return None
        title = self.text(data, "title", "", required=True)
        sections = self._sections(data.get("sections"))
        return Pack(
            title=title or "",
            sections=sections,
            subtitle=self.text(data, "subtitle", ""),
            meeting=self._meeting(data.get("meeting")),
            audience=self.text(data, "audience", ""),
            author=self.text(data, "author", ""),
            objectives=self.text_list(data, "objectives", ""),
            marking=self._marking(data.get("marking")),
            template=self._template(data.get("template")),
            requested_by=self.text(data, "requested_by", ""),
            contact=self._contact(data.get("contact")),
            attendees=self.text_list(data, "attendees", ""),
            revision=self.text(data, "revision", ""),
            draft=self._draft(data.get("draft")),
            library=self._library(data.get("library")),
        )

    def _header(self, data: dict[str, Any]) -> bool:
        fmt = data.get("format")
        if fmt is None:
            self.problem("format", f'required field missing (expected "{FORMAT}")')
        elif fmt != FORMAT:
            self.problem("format", f'{quoted(fmt)} is not a pack file (expected "{FORMAT}")')
            return False
        version = data.get("version")
        if version is None:
            self.problem("version", "required field missing")
        elif isinstance(version, bool) or not isinstance(version, int):
            self.problem("version", f"must be a whole number, not {_type_name(version)}")
        elif version > VERSION:
            self.problem("version", f"version {shown(version)} is newer than this program reads "
                         f"(up to {VERSION}); update the program")
        elif version < 1:
            self.problem("version", f"{shown(version)} is not a valid version")
        return True

    def _unknown_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.problem(_join(where, shown(key)), "unknown field (a typo?)")

    def text(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = False,
             limit: int = MAX_LINE_CHARS) -> str | None:
        """A cleaned text field of at most `limit` characters; None when absent, null or blank."""
        value = data.get(key)
        path = _join(where, key)
        if value is None:
            if required:
                self.problem(path, "required field missing")
            return None
        if not isinstance(value, str):
            self.problem(path, f"must be text, not {_type_name(value)}")
            return None
        text = clean_optional(value)
        if text is None and required:
            self.problem(path, "must not be empty")
        return self.within(path, text, limit)

    def within(self, path: str, text: str | None, limit: int) -> str | None:
        """`text` when it is at most `limit` characters long; else a problem naming field and limit."""
        if text is not None and len(text) > limit:
            self.problem(path, f"refused: {len(text):,} characters, more than the {limit:,} "
                         "this field may hold")
            return None
        return text

    def text_list(self, data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        """A list of cleaned lines, blank ones dropped."""
        value = data.get(key)
        path = _join(where, key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, f"must be a list of text, not {_type_name(value)}")
            return ()
        if len(value) > MAX_LIST_ENTRIES:
            self.problem(path, f"refused: {len(value):,} entries, more than the {MAX_LIST_ENTRIES:,} "
                         "this list may hold")
            return ()
        lines = []
        for index, entry in enumerate(value):
            if not isinstance(entry, str):
                self.problem(f"{path}[{index}]", f"must be text, not {_type_name(entry)}")
            elif (line := self.within(f"{path}[{index}]", clean_optional(entry), MAX_LINE_CHARS)) is not None:
                lines.append(line)
        return tuple(lines)

    def _object(self, value: Any, key: str, allowed: tuple[str, ...]) -> Mapping[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, f"must be an object, not {_type_name(value)}")
            return None
        self._unknown_keys(value, allowed, key)
        return value

    def _meeting(self, value: Any) -> Meeting:
        data = self._object(value, "meeting", _MEETING_KEYS)
        if data is None:
            return Meeting()
        date = self.text(data, "date", "meeting")
        if date is not None:
            try:
                dates.parse(date)
                date = date.strip()
            except ValueError:
                self.problem("meeting.date", f"{quoted(date)} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
                date = None
        return Meeting(name=self.text(data, "name", "meeting"), date=date,
                       location=self.text(data, "location", "meeting"))

    def _contact(self, value: Any) -> Contact:
        data = self._object(value, "contact", _CONTACT_KEYS)
        if data is None:
            return Contact()
        return Contact(**{key: self.text(data, key, "contact") for key in _CONTACT_KEYS})

    def _marking(self, value: Any) -> str | None:
        text = self.text({"marking": value}, "marking", "")
        if not self.markings.is_known(text):
            self.problem("marking", f"unknown marking {quoted(text)} (known: {', '.join(self.markings.names)})")
            return None
        return self.markings.canonical(text)

    def _template(self, value: Any) -> str | None:
        name = self.text({"template": value}, "template", "")
        if name is not None and not _TEMPLATE_NAME.match(name):
            self.problem("template", f"{quoted(name)} is not a template name (lower-case letters, digits "
                         "and hyphens; never a path)")
            return None
        return name

    def _draft(self, value: Any) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem("draft", f"must be true or false, not {_type_name(value)}")
            return False
        return value

    def _sections(self, value: Any) -> tuple[Section, ...]:
        if value is None:
            self.problem("sections", "required field missing")
            return ()
        if not isinstance(value, list):
            self.problem("sections", f"must be a list of sections, not {_type_name(value)}")
            return ()
        if len(value) > MAX_SECTIONS:
            self.problem("sections", f"refused: {len(value):,} sections, more than the "
                         f"{MAX_SECTIONS:,} a pack may hold")
            return ()
        sections = (self._section(entry, f"sections[{i}]") for i, entry in enumerate(value))
        return tuple(section for section in sections if section is not None)

    def _section(self, value: Any, where: str) -> Section | None:
        if not isinstance(value, dict):
            self.problem(where, f"a section must be an object, not {_type_name(value)}")
            return None
        self._unknown_keys(value, _SECTION_KEYS, where)
        title = self.text(value, "title", where, required=True)
        items = value.get("items")
        refs: list[Entry] = []
        if items is not None and not isinstance(items, list):
            self.problem(f"{where}.items", f"must be a list of items, not {_type_name(items)}")
        for index, entry in enumerate(items if isinstance(items, list) else ()):
            ref = self._entry(entry, f"{where}.items[{index}]")
            if ref is not None:
                refs.append(ref)
        intro = self.text(value, "intro", where, limit=MAX_NOTE_CHARS)
        return Section(title=title or "", intro=intro, items=tuple(refs))

    def _entry(self, value: Any, where: str) -> Entry | None:
        """A library item reference, or the officer's text block (kind "text")."""
        if not isinstance(value, dict):
            self.problem(where, f"an item must be an object with kind and id, not {_type_name(value)}")
            return None
        if value.get("kind") == TEXT_KIND:
            return self._text_block(value, where)
        self._unknown_keys(value, _REF_KEYS, where)
        kind = self.text(value, "kind", where, required=True)
        if kind is not None and kind not in PACK_KINDS:
            self.problem(f"{where}.kind", f"unknown kind {quoted(kind)} (expected {', '.join(PACK_KINDS)} "
                         f"or {TEXT_KIND})")
            kind = None
        item_id = self.text(value, "id", where, required=True)
        if item_id is not None and not _ID.match(item_id):
            self.problem(f"{where}.id", f"{quoted(item_id)} is not a valid id (lower-case letters, digits "
                         "and hyphens, starting with a letter or digit)")
            item_id = None
        note = self.text(value, "note", where, limit=MAX_NOTE_CHARS)
        if kind is None or item_id is None:
            return None
        return ItemRef(kind=kind, id=item_id, note=note)

    def _text_block(self, value: Mapping[str, Any], where: str) -> TextBlock | None:
        """A text block: an optional heading, paragraphs and bullets; at least one of them."""
        self._unknown_keys(value, _TEXT_KEYS, where)
        count = len(self.problems)
        block = TextBlock(title=self.text(value, "title", where),
                          text=self.text(value, "text", where, limit=MAX_NOTE_CHARS),
                          bullets=self.text_list(value, "bullets", where))
        if len(self.problems) > count:
            return None
        if block.is_empty:
            self.problem(where, "a text block needs a title, a text or bullets (all are empty)")
            return None
        return block

    def _library(self, value: Any) -> LibraryContent | None:
        if value is None:
            return None
        from briefing.library.jsonio import content_from_object

        try:
            # A pack embeds a part of a library: links may name items it leaves out.
            return content_from_object(value, where=f"{self.origin}:library",
                                       known=lambda kind, id: True, markings=self.markings).content
        except ValidationError as exc:
            self.problems.extend(exc.problems)
            return None


def pack_to_data(pack: Pack, *, embed: LibraryContent | None = None) -> dict[str, Any]:
    """The pack as JSON-ready data, absent optional fields left out; `embed` adds a library."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "title": pack.title}
    optional: dict[str, Any] = {
        "subtitle": pack.subtitle,
        "meeting": _drop_absent({k: getattr(pack.meeting, k) for k in _MEETING_KEYS}),
        "audience": pack.audience,
        "author": pack.author,
        "objectives": list(pack.objectives),
        "marking": pack.marking,
        "template": pack.template,
        "requested_by": pack.requested_by,
        "contact": _drop_absent({k: getattr(pack.contact, k) for k in _CONTACT_KEYS}),
        "attendees": list(pack.attendees),
        "revision": pack.revision,
        "draft": pack.draft or None,
    }
    data.update(_drop_absent(optional))
    data["sections"] = [_section_data(section) for section in pack.sections]
    if embed is not None or pack.library is not None:
        from briefing.library.jsonio import content_to_object
        from briefing.lookup import items_used, lookup_for

        # What a build would show: items already embedded win, as they do at build time.
        data["library"] = content_to_object(items_used(pack, lookup_for(pack, embed)))
    return data


def dumps_pack(pack: Pack, *, embed: LibraryContent | None = None) -> str:
    """Deterministic pack JSON: indent 2, UTF-8 text kept as typed, trailing newline."""
    return json.dumps(pack_to_data(pack, embed=embed), indent=2, ensure_ascii=False) + "\n"


def write_pack(pack: Pack, path: str | os.PathLike[str], *, embed: LibraryContent | None = None) -> None:
    """Write `pack` atomically; with `embed`, save it self-contained with the items it uses."""
    atomic.write_text(path, dumps_pack(pack, embed=embed))


def new_pack(title: str, *, template: Template | None = None) -> Pack:
    """A new, empty pack; a Template gives it its default sections and its name."""
    if template is None:
        return Pack(title=clean(title), sections=())
    sections = tuple(Section(title=s.title, intro=s.intro) for s in template.sections)
    return Pack(title=clean(title), sections=sections, template=template.name)


def _section_data(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {"title": section.title}
    if section.intro is not None:
        data["intro"] = section.intro
    # An empty text block (added in the app, never typed in) holds nothing, and a reader
    # refuses one: it is left out rather than written.
    data["items"] = [_entry_data(entry) for entry in section.items
                     if not (isinstance(entry, TextBlock) and entry.is_empty)]
    return data


def _entry_data(entry: Entry) -> dict[str, Any]:
    if isinstance(entry, TextBlock):
        return _drop_absent({"kind": entry.kind, "title": entry.title, "text": entry.text,
                             "bullets": list(entry.bullets)})
    return _drop_absent({"kind": entry.kind, "id": entry.id, "note": entry.note})


def _drop_absent(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != [] and v != {}}


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "text" if isinstance(value, str) else type(value).__name__
