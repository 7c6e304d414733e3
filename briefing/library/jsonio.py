"""The JSON interchange format: `{"format": "briefing-library", "version": 1, ...}`, both directions."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from briefing import atomic, files, photos
from briefing.errors import ValidationError
from briefing.jsonload import loads_strict
from briefing.library.validate import (
    PLURALS,
    Findings,
    KnownIds,
    RawItem,
    Validated,
    check_item_count,
    union_links,
    validate_items,
)
from briefing.markings import Markings
from briefing.models import KINDS, Item, LibraryContent, Source, interchange_fields
from briefing.text import quoted, shown

# The largest library file read (as the importer).
MAX_FILE_BYTES = 40 * 2**20
FORMAT = "briefing-library"
VERSION = 1
_TOP_LEVEL = {"format", "version", *PLURALS.values()}


def read_json(path: str | os.PathLike[str], *, known: KnownIds | None = None,
              markings: Markings | None = None) -> Validated:
    """Read and check a JSON library file; ValidationError lists every problem."""
    return content_from_object(load_json(path), where=str(path), known=known, markings=markings)


def load_json(path: str | os.PathLike[str]) -> Any:
    """Parse a JSON file, turning unreadable, empty, binary or malformed files into one clear line."""
    name = str(path)
    data = files.read_regular(path, limit=MAX_FILE_BYTES, what="library file")
    if not data.strip():
        raise ValidationError(f"{name}: the file is empty")
    try:
        if b"\x00" in data:
            raise UnicodeDecodeError("utf-8", data, 0, 1, "NUL byte")
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(f"{name}: not a JSON file (binary content, or not UTF-8 text)") from None
    return loads_strict(text, name)


def content_from_object(obj: Any, *, where: str, known: KnownIds | None = None,
                        markings: Markings | None = None) -> Validated:
    """Check a parsed interchange object (a file, or a pack's embedded library) and build its items."""
    check_header(obj, where)
    lists = [obj.get(plural) for plural in PLURALS.values()]
    check_item_count(sum(len(entries) for entries in lists if isinstance(entries, list)), where)
    findings = Findings()
    raw_items: list[RawItem] = []
    for key in obj:
        if key not in _TOP_LEVEL:
            findings.warn(where, shown(key), "unknown field, ignored")
    for kind in KINDS:
        plural = PLURALS[kind]
        entries = obj.get(plural)
        if entries is None:
            continue
        if not isinstance(entries, list):
            findings.error(where, plural, "must be a list of objects")
            continue
        for index, entry in enumerate(entries):
            locator = f"{where}:{plural}[{index}]"
            if isinstance(entry, Mapping):
                raw_items.append(RawItem(kind, entry, locator))
            else:
                findings.error(locator, None, "must be an object")
    return validate_items(raw_items, findings=findings, known=known, markings=markings)


def check_header(obj: Any, where: str) -> None:
    """Refuse anything but a JSON object marked `briefing-library`, version 1."""
    if not isinstance(obj, Mapping):
        raise ValidationError(f"{where}: not a briefing library (expected a JSON object)")
    marker = obj.get("format")
    if marker != FORMAT:
        found = "no format marker" if marker is None else f"format {quoted(marker)}"
        raise ValidationError(f"{where}:format: not a briefing library file ({found}; "
                              f"expected {FORMAT!r})")
    version = obj.get("version")
    if type(version) is not int or version != VERSION:
        found = "missing" if version is None else quoted(version)
        raise ValidationError(f"{where}:version: unknown version {found} "
                              f"(this program reads version {VERSION})")


def content_to_object(content: LibraryContent) -> dict[str, Any]:
    """The interchange object: items sorted by id within kind, links on both sides, empties omitted."""
    content = union_links(content)
    obj: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for kind, items in zip(KINDS, content.groups(), strict=True):
        obj[PLURALS[kind]] = [item_to_object(item) for item in sorted(items, key=lambda i: i.id)]
    return obj


def item_to_object(item: Item) -> dict[str, Any]:
    """One item as a JSON object in interchange field order; absent and empty fields left out."""
    obj: dict[str, Any] = {}
    for name in interchange_fields(item.kind):
        value = getattr(item, name)
        if name == "sources":
            value = [_source_to_object(source) for source in value]
        elif name == "photo" and value is not None:
            value = photos.to_data_uri(value)
        elif isinstance(value, tuple):
            value = list(value)
        if value is not None and value != []:
            obj[name] = value
    return obj


def _source_to_object(source: Source) -> dict[str, str]:
    fields = {"title": source.title, "publisher": source.publisher, "url": source.url,
              "date": source.date, "note": source.note}
    return {name: value for name, value in fields.items() if value is not None}


def dumps(content: LibraryContent) -> str:
    """The JSON text of a library file (UTF-8 characters kept as they are, two-space indent)."""
    return json.dumps(content_to_object(content), ensure_ascii=False, indent=2) + "\n"


def write_json(content: LibraryContent, path: str | os.PathLike[str]) -> None:
    """Write a library file atomically: the target is replaced only by a complete file."""
    atomic.write_text(path, dumps(content))
