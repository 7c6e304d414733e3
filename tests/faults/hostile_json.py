"""Hostile pack JSON: a valid pack, and text generators for repeated keys, long numbers and values."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from briefing.packs import MAX_LINE_CHARS, MAX_NOTE_CHARS

Path_ = tuple[str | int, ...]


def pack_object(*, embedded: bool = True) -> dict[str, Any]:
    """A valid pack touching every object a pack may hold, with an embedded library."""
    data: dict[str, Any] = {
        "format": "briefing-pack", "version": 1, "title": "Brief", "subtitle": "For the Council",
        "meeting": {"name": "Council", "date": "2024-03-26", "location": "Seoul"},
        "audience": "Minister", "author": "Desk officer", "objectives": ["Agree the plan"],
        "marking": "OFFICIAL", "requested_by": "Private office",
        "contact": {"name": "A. Officer", "email": "a@example.org", "phone": "0123"},
        "attendees": ["Minister"], "revision": "1", "draft": True,
        "sections": [{"title": "Priorities", "intro": "Why these matter.", "items": [
            {"kind": "priority", "id": "chips", "note": "Open with this."}]}],
    }
    if embedded:
        data["library"] = {"format": "briefing-library", "version": 1, "priorities": [
            {"id": "chips", "title": "Semiconductors", "summary": "Supply chains.",
             "tags": ["tech"], "sources": [{"title": "Statement", "date": "2024-03"}]}]}
    return data


def objects(value: Any, where: Path_ = ()) -> Iterator[Path_]:
    """The path of every JSON object inside `value`, itself included."""
    if isinstance(value, dict):
        yield where
        for key, child in value.items():
            yield from objects(child, (*where, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from objects(child, (*where, index))


def scalars(value: Any, where: Path_ = ()) -> Iterator[Path_]:
    """The path of every string, number or boolean inside `value`."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from scalars(child, (*where, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from scalars(child, (*where, index))
    else:
        yield where


def at(value: Any, where: Path_) -> Any:
    for step in where:
        value = value[step]
    return value


def dumps_with_repeat(value: Any, target: Path_, key: str, repeat: Any, where: Path_ = ()) -> str:
    """JSON text of `value` in which the object at `target` names `key` a second time."""
    if isinstance(value, dict):
        parts = [f"{json.dumps(k)}: {dumps_with_repeat(v, target, key, repeat, (*where, k))}"
                 for k, v in value.items()]
        if where == target:
            parts.append(f"{json.dumps(key)}: {json.dumps(repeat)}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dumps_with_repeat(v, target, key, repeat, (*where, i))
                               for i, v in enumerate(value)) + "]"
    return json.dumps(value)


def dumps_with_raw(value: Any, target: Path_, raw: str) -> str:
    """JSON text of `value` with the scalar at `target` replaced by the literal text `raw`."""
    marker = "\x00raw\x00"
    data = json.loads(json.dumps(value))
    parent = at(data, target[:-1])
    parent[target[-1]] = marker
    return json.dumps(data).replace(json.dumps(marker), raw, 1)


def json_path(where: Path_) -> str:
    """`where` as messages name a field: sections[0].items[0].note."""
    text = ""
    for step in where:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


# Each text field of a pack with its limit, as the paths messages give.
LIMITED_FIELDS: dict[Path_, int] = {
    ("title",): MAX_LINE_CHARS, ("subtitle",): MAX_LINE_CHARS, ("meeting", "name"): MAX_LINE_CHARS,
    ("meeting", "location"): MAX_LINE_CHARS, ("audience",): MAX_LINE_CHARS, ("author",): MAX_LINE_CHARS,
    ("requested_by",): MAX_LINE_CHARS, ("contact", "name"): MAX_LINE_CHARS, ("revision",): MAX_LINE_CHARS,
    ("objectives", 0): MAX_LINE_CHARS, ("attendees", 0): MAX_LINE_CHARS,
    ("sections", 0, "title"): MAX_LINE_CHARS, ("sections", 0, "intro"): MAX_NOTE_CHARS,
    ("sections", 0, "items", 0, "note"): MAX_NOTE_CHARS,
}
