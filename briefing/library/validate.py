"""Raw interchange records (from JSON or XLSX) → frozen library items, one line per problem."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from briefing import dates, photos
from briefing.errors import ValidationError
from briefing.limits import ENTRIES, ITEM_TEXT, SOURCE_TEXT, too_long, too_many
from briefing.markings import Markings
from briefing.models import (
    DATE_FIELDS,
    ID_PATTERN,
    ITEM_CLASSES,
    KINDS,
    LINK_FIELDS,
    LIST_FIELDS,
    REF_FIELDS,
    REQUIRED_FIELDS,
    Item,
    LibraryContent,
    Source,
    interchange_fields,
)
from briefing.text import clean, clean_optional, quoted, shown

_ID = re.compile(ID_PATTERN)
SOURCE_FIELDS = ("title", "publisher", "url", "date", "note")
# Plural names, as used by the JSON arrays and the XLSX sheets.
PLURALS = {"partnership": "partnerships", "priority": "priorities", "quote": "quotes",
           "person": "people"}
# The most items one file may hold: every item is held in memory while the whole file is
# checked (about 1.5 KB each), so a larger file is refused rather than exhaust the machine.
MAX_ITEMS = 100_000
# Whitespace around these list entries carries no meaning, and repeats are dropped.
_SET_LIKE = {"tags"}

# Per kind: fields in interchange order, the same as a set, and the fields that must be given.
_FIELDS: dict[str, tuple[str, ...]] = {kind: interchange_fields(kind) for kind in KINDS}
_ALLOWED: dict[str, frozenset[str]] = {kind: frozenset(fields) for kind, fields in _FIELDS.items()}
_MUST: dict[str, frozenset[str]] = {kind: frozenset(("id", *REQUIRED_FIELDS[kind])) for kind in KINDS}

Key = tuple[str, str]
KnownIds = Callable[[str, str], bool]


@dataclass
class Findings:
    """Problems (errors) and warnings found while reading a file, one line each."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (where, field) of each error, so that one faulty cell is not also reported as missing.
    faulty: set[tuple[str, str | None]] = field(default_factory=set)
    places: set[str] = field(default_factory=set)

    def error(self, where: str, name: str | None, message: str) -> None:
        """Record an error at `where` (and field `name`, when there is one)."""
        self.errors.append(_line(where, name, message))
        self.faulty.add((where, name))
        self.places.add(where)

    def warn(self, where: str, name: str | None, message: str) -> None:
        """Record a warning at `where` (and field `name`, when there is one)."""
        self.warnings.append(_line(where, name, message))

    def raise_if_errors(self) -> None:
        """Raise ValidationError carrying every error line, if there is any."""
        if self.errors:
            raise ValidationError(self.errors)


def check_item_count(count: int, where: str) -> None:
    """Refuse a file holding more than MAX_ITEMS items, before they are all built."""
    if count > MAX_ITEMS:
        raise ValidationError(f"{where}: refused: the file holds more than {MAX_ITEMS:,} items, "
                              "the most one library file may hold (split it into several files)")


def _line(where: str, name: str | None, message: str) -> str:
    return f"{where}:{name}: {message}" if name else f"{where}: {message}"


@dataclass
class RawSource:
    """One source as read, with its own locator (an XLSX source row lives on the Sources sheet)."""

    fields: Mapping[str, Any]
    where: str


@dataclass
class RawItem:
    """One item as read: its fields, and where it was found (e.g. `lib.xlsx:Quotes:7`)."""

    kind: str
    fields: Mapping[str, Any]
    where: str
    # None: sources are JSON-style, under fields["sources"]; a list: rows from a Sources sheet.
    sources: list[RawSource] | None = None


@dataclass(frozen=True)
class Validated:
    """A file's items, its warnings, and where each item was found (for later messages)."""

    content: LibraryContent
    warnings: tuple[str, ...]
    where: Mapping[Key, str]
    # Per kind, fields the file's format never carries (XLSX: photos): an import keeps the
    # stored values of these, and compares items without them.
    kept: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def validate_items(
    raw_items: Iterable[RawItem],
    *,
    findings: Findings | None = None,
    known: KnownIds | None = None,
    markings: Markings | None = None,
) -> Validated:
    """Check every raw item and build frozen items; raise ValidationError listing every problem.

    `known(kind, id)` says whether an id exists outside the file (in the library), so a
    link to it is accepted; a `known` with an `among(keys)` method is asked once for all of
    the file's links that point outside it, and gives the keys it knows.
    """
    findings = findings or Findings()
    checker = _ItemChecker(findings, markings or Markings())
    built: dict[Key, Item] = {}
    where: dict[Key, str] = {}
    # Links are checked for every item with a usable id, faulty or not, so all problems show.
    checked: list[tuple[str, str, Mapping[str, Any]]] = []
    for raw in raw_items:
        values, ok = checker.check(raw)
        item_id = values.get("id")
        if item_id is None:
            continue
        key = (raw.kind, item_id)
        if key in where:
            findings.error(raw.where, "id", f"the {raw.kind} id {quoted(item_id)} appears twice "
                           f"in this file (first at {where[key]})")
            continue
        where[key] = raw.where
        checked.append((raw.where, raw.kind, values))
        if ok:
            built[key] = ITEM_CLASSES[raw.kind](**{k: v for k, v in values.items() if v is not None})
    _check_links(checked, set(where), findings, known)
    findings.raise_if_errors()
    return Validated(_content(built.values()), tuple(findings.warnings), where)


def _content(items: Iterable[Item]) -> LibraryContent:
    return content_of(items)


def content_of(items: Iterable[Item]) -> LibraryContent:
    """The items sorted into their kinds, each kind in the order given."""
    return LibraryContent.of(items)


def _targets(value: Any) -> tuple[str, ...]:
    """The ids a link field names: a list of ids, or one id (a single link) or None."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _link_fields(kind: str) -> Iterable[tuple[str, str]]:
    """(field, kind it names) of every link of `kind`, lists and single links alike."""
    return (*LINK_FIELDS[kind].items(), *REF_FIELDS[kind].items())


_I = TypeVar("_I", bound=Item)
# `dataclasses.replace` for field names known only at run time (the link fields of a kind).
_REPLACE: Callable[..., object] = replace


def with_changes(item: _I, changes: Mapping[str, object]) -> _I:
    """`item` with the fields named in `changes` replaced (same class)."""
    return cast(_I, _REPLACE(item, **changes))


def _check_links(items: list[tuple[str, str, Mapping[str, Any]]], in_file: set[Key],
                 findings: Findings, known: KnownIds | None) -> None:
    outside = {(target_kind, target) for _where, kind, values in items
               for name, target_kind in _link_fields(kind) for target in _targets(values.get(name))
               if (target_kind, target) not in in_file}
    found = in_file | _known_among(known, outside)
    for where, kind, values in items:
        for name, target_kind in _link_fields(kind):
            for target in _targets(values.get(name)):
                if (target_kind, target) not in found:
                    findings.error(where, name, f"links to {target_kind} {quoted(target)}, which is "
                                   "neither in this file nor in the library")


def _known_among(known: KnownIds | None, keys: set[Key]) -> set[Key]:
    """The keys `known` knows: asked all at once when it can be (`known.among`), else one by one."""
    if known is None or not keys:
        return set()
    among = getattr(known, "among", None)
    if among is not None:
        return set(among(keys))
    return {key for key in keys if known(*key)}


class _Role(enum.Enum):
    """How one interchange field is checked."""

    SOURCES = "sources"
    ID = "id"
    LIST = "list"
    LINKS = "links"
    DATE = "date"
    MARKING = "marking"
    REF = "ref"
    PHOTO = "photo"
    TEXT = "text"


@dataclass(frozen=True)
class _Spec:
    """One field of a kind: its role, whether it must be given, its value when absent."""

    name: str
    role: _Role
    required: bool
    absent: Any


def _spec(kind: str, name: str) -> _Spec:
    if name == "sources":
        role = _Role.SOURCES
    elif name == "id":
        role = _Role.ID
    elif name in LIST_FIELDS[kind]:
        role = _Role.LINKS if name in LINK_FIELDS[kind] else _Role.LIST
    elif name in DATE_FIELDS[kind]:
        role = _Role.DATE
    elif name in REF_FIELDS[kind]:
        role = _Role.REF
    elif name == "photo":
        role = _Role.PHOTO
    else:
        role = _Role.MARKING if name == "marking" else _Role.TEXT
    absent = () if role in (_Role.LIST, _Role.LINKS) else None
    return _Spec(name, role, name in _MUST[kind], absent)


_STR_ONLY = {str}
# Worked out once per kind rather than once per field of every item (a file may hold 100,000).
_SPECS: dict[str, tuple[_Spec, ...]] = {kind: tuple(_spec(kind, name) for name in _FIELDS[kind])
                                        for kind in KINDS}


def _plain(text: str) -> bool:
    """Printable ASCII, not blank: what `clean_optional` returns unchanged (most text)."""
    return text.isascii() and text.isprintable() and not text.isspace() and text != ""


def _clean_text(text: str) -> str | None:
    """`clean_optional` of a string, quicker for plain text."""
    return text if type(text) is str and _plain(text) else clean_optional(text)


def _all_text(values: list[Any] | tuple[Any, ...]) -> bool:
    # A set of types is quick for the usual plain strings; subclasses of str count as text too.
    return set(map(type, values)) <= _STR_ONLY or all(isinstance(v, str) for v in values)


def _clean_entry(text: str) -> str:
    """`clean(text).strip()`, quicker for printable ASCII."""
    return text.strip() if text.isascii() and text.isprintable() else clean(text).strip()


class _ItemChecker:
    """Turns one RawItem into an item, recording every fault in `findings`."""

    def __init__(self, findings: Findings, markings: Markings) -> None:
        self.findings = findings
        self.markings = markings
        self._dates: dict[str, bool] = {}  # date text -> valid; files repeat their dates

    def check(self, raw: RawItem) -> tuple[dict[str, Any], bool]:
        """The item's cleaned field values, and whether they are free of faults."""
        before = len(self.findings.errors)
        fields, where, allowed = raw.fields, raw.where, _ALLOWED[raw.kind]
        for name in fields:
            if name not in allowed:
                self.findings.warn(where, shown(name), "unknown field, ignored")
        values: dict[str, Any] = {}
        for spec in _SPECS[raw.kind]:
            value = fields.get(spec.name)
            if spec.role is _Role.SOURCES:
                values[spec.name] = self._sources(raw)
            elif value is None and (not spec.required or (where, spec.name) in self.findings.faulty):
                values[spec.name] = spec.absent  # the common case: absent (or already refused)
            elif spec.role is _Role.TEXT and type(value) is str and _plain(value):
                values[spec.name] = value  # the other common case: nothing to check or clean
            else:
                values[spec.name] = self._field(spec, where, value)
        self._check_lengths(raw.kind, where, values)
        # An error recorded while the row was read (an unusable cell) counts as well.
        return values, len(self.findings.errors) == before and where not in self.findings.places

    def _check_lengths(self, kind: str, where: str, values: dict[str, Any]) -> None:
        """Refuse (never cut) a text over its bound in briefing.limits, one line per field."""
        for name, bound in ITEM_TEXT[kind].items():
            value = values.get(name)
            if not value:
                continue
            if isinstance(value, str):
                if len(value) <= bound:
                    continue
                problem = too_long(value, bound)
            elif len(value) <= ENTRIES and all(len(entry) <= bound for entry in value):
                continue
            else:
                problem = too_many(len(value), ENTRIES) or next(
                    f"an entry is {p}" for entry in value if (p := too_long(entry, bound)))
            if problem:
                self.findings.error(where, name, problem)
                values[name] = None if isinstance(value, str) else ()

    def _field(self, spec: _Spec, where: str, value: Any) -> Any:
        name = spec.name
        if spec.role in (_Role.LIST, _Role.LINKS):
            return self._list(where, name, value, is_link=spec.role is _Role.LINKS)
        if spec.role is _Role.ID:
            return self._id(where, value)
        if spec.role is _Role.PHOTO:
            return self._photo(where, value)
        text = self._text(where, name, value)
        if text is None:
            if spec.required and (value is None or isinstance(value, str)):
                self.findings.error(where, name, "required field missing")
            return None
        if spec.role is _Role.DATE:
            return self._date(where, name, text)
        if spec.role is _Role.MARKING:
            return self._marking(where, text)
        if spec.role is _Role.REF:
            return self._ref(where, name, text)
        return text

    def _ref(self, where: str, name: str, text: str) -> str | None:
        # A linked id is only stripped, never cleaned: a faulty id is refused, not rewritten.
        entry = text.strip()
        if _ID.fullmatch(entry):
            return entry
        self.findings.error(where, name, f"{quoted(entry)} is not a valid id")
        return None

    def _photo(self, where: str, value: Any) -> bytes | None:
        """A `data:` URI (JSON) or the image's bytes, checked once here (briefing.photos)."""
        try:
            if isinstance(value, str):
                return photos.from_data_uri(value)
            if isinstance(value, bytes):
                found = photos.problem(value)
                if found is None:
                    return value
                raise ValueError(found)
        except ValueError as exc:
            self.findings.error(where, "photo", str(exc))
            return None
        self.findings.error(where, "photo", f"must be a data: URI, not {_type_name(value)}")
        return None

    def _text(self, where: str, name: str, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.findings.error(where, name, f"must be text, not {_type_name(value)}")
            return None
        return _clean_text(value)

    def _id(self, where: str, value: Any) -> str | None:
        # Ids are checked as given, never cleaned: an id is refused, not rewritten.
        if value is None or (isinstance(value, str) and not value.strip()):
            self.findings.error(where, "id", "required field missing")
        elif not isinstance(value, str):
            self.findings.error(where, "id", f"must be text, not {_type_name(value)}")
        elif not _ID.fullmatch(value):
            self.findings.error(where, "id", f"{quoted(value)} is not a valid id (lower-case letters, "
                                "digits and hyphens, starting with a letter or digit)")
        else:
            return value
        return None

    def _date(self, where: str, name: str, text: str) -> str | None:
        valid = self._dates.get(text)
        if valid is None:
            valid = self._dates[text] = dates.is_iso(text)
        if not valid:
            self.findings.error(where, name, f"{quoted(text)} is not an ISO date "
                                "(YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999)")
            return None
        return text.strip()

    def _marking(self, where: str, text: str) -> str | None:
        try:
            return self.markings.canonical(text)
        except ValueError:
            # Named here, not from the exception: the value is quoted short, on one line.
            self.findings.error(where, "marking", f"unknown marking {quoted(text)} "
                                f"(known: {', '.join(self.markings.names)})")
            return None

    def _list(self, where: str, name: str, value: Any, *, is_link: bool) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, (list, tuple)) or not _all_text(value):
            self.findings.error(where, name, "must be a list of text")
            return ()
        if not is_link:
            entries = [entry for entry in map(_clean_entry, value) if entry]
            return tuple(dict.fromkeys(entries) if name in _SET_LIKE else entries)
        # Link ids are only stripped, never cleaned: a faulty id is refused, not rewritten.
        kept = []
        for entry in dict.fromkeys(v.strip() for v in value):
            if _ID.fullmatch(entry):
                kept.append(entry)
            elif entry:
                self.findings.error(where, name, f"{quoted(entry)} is not a valid id")
        return tuple(kept)

    def _sources(self, raw: RawItem) -> tuple[Source, ...]:
        rows = raw.sources
        if rows is None:
            rows = self._json_sources(raw)
        return tuple(source for row in rows if (source := self._source(row)) is not None)

    def _json_sources(self, raw: RawItem) -> list[RawSource]:
        value = raw.fields.get("sources")
        if value is None:
            return []
        if not isinstance(value, list):
            self.findings.error(raw.where, "sources", "must be a list of sources")
            return []
        rows = []
        for index, entry in enumerate(value):
            where = f"{raw.where}:sources[{index}]"
            if isinstance(entry, Mapping):
                rows.append(RawSource(entry, where))
            else:
                self.findings.error(where, None, "a source must be an object with a title")
        return rows

    def _source(self, row: RawSource) -> Source | None:
        before = len(self.findings.errors)
        for name in row.fields:
            if name not in SOURCE_FIELDS:
                self.findings.warn(row.where, shown(name), "unknown source field, ignored")
        values = {name: self._text(row.where, name, row.fields.get(name)) for name in SOURCE_FIELDS}
        for name, value in values.items():
            if value is not None and (problem := too_long(value, SOURCE_TEXT[name])):
                self.findings.error(row.where, name, problem)
        if values["title"] is None and len(self.findings.errors) == before:
            self.findings.error(row.where, "title", "required field missing (a source needs a title)")
        if values["date"] is not None:
            values["date"] = self._date(row.where, "date", values["date"])
        if values["url"] is not None:
            values["url"] = values["url"].strip()
        title = values["title"]
        if len(self.findings.errors) > before or title is None:
            return None
        return Source(title=title, publisher=values["publisher"], url=values["url"],
                      date=values["date"], note=values["note"])


def union_links(content: LibraryContent) -> LibraryContent:
    """The same items with each partnership–priority link named on both sides, links sorted.

    The library holds a link once whichever side names it; files name it on both sides.
    """
    pairs = {(p.id, x) for p in content.partnerships for x in p.priorities}
    pairs |= {(p, x.id) for x in content.priorities for p in x.partnerships}
    by_partnership: dict[str, set[str]] = {}
    by_priority: dict[str, set[str]] = {}
    for partnership, priority in pairs:
        by_partnership.setdefault(partnership, set()).add(priority)
        by_priority.setdefault(priority, set()).add(partnership)
    return LibraryContent(
        partnerships=tuple(_with_links(p, priorities=by_partnership.get(p.id, ()))
                           for p in content.partnerships),
        priorities=tuple(_with_links(x, partnerships=by_priority.get(x.id, ()))
                         for x in content.priorities),
        quotes=tuple(_with_links(q, partnerships=q.partnerships, priorities=q.priorities)
                     for q in content.quotes),
        people=tuple(_with_links(p, partnerships=p.partnerships) for p in content.people),
    )


def _with_links(item: _I, **links: Iterable[str]) -> _I:
    # `replace` is slow enough to matter for large files: only call it when something changes.
    ordered = {name: tuple(sorted(set(ids))) for name, ids in links.items()}
    if all(getattr(item, name) == ids for name, ids in ordered.items()):
        return item
    return with_changes(item, ordered)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
