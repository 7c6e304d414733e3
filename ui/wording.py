"""The core's problem lines (`FILE:PLACE:FIELD: message`, made for the command line) as sentences
for people: places counted from 1 and named, files named once, import problems grouped by sheet."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

TitleOf = Callable[[str, str], str]

# Singular names of the lists a path can index into.
_SINGULAR = {"sections": "section", "items": "item", "partnerships": "partnership", "priorities": "priority",
             "quotes": "quote", "sources": "source", "objectives": "objective", "attendees": "attendee",
             "partners": "partner", "key_facts": "key fact", "lines_to_take": "line to take",
             "defensive_lines": "defensive line", "tags": "tag"}
_SHEET_ORDER = ("Partnerships", "Priorities", "Quotes", "Sources")
_LIST_TITLES = {"partnerships": "Partnerships", "priorities": "Priorities", "quotes": "Quotes"}
_STEP = re.compile(r"^(?P<name>[A-Za-z_]+)(?:\[(?P<index>\d+)\])?$")
_SHEET_ROW = re.compile(r"^(?P<sheet>[A-Z][A-Za-z ]*):(?P<row>\d+):(?P<rest>.*)$")
_LIST_ENTRY = re.compile(r"^(?P<list>partnerships|priorities|quotes)\[(?P<index>\d+)\](?P<rest>[:.].*)$")
_PLACE = re.compile(r"^(?P<place>[A-Za-z_]+(?:\[\d+\])?(?:[.:][A-Za-z_]+(?:\[\d+\])?)*): (?P<message>.*)$")
_ITEM_NAME = re.compile(r"\b(partnership|priority|quote) '([^']+)'")
_QUOTED = re.compile(r"(?<![\w])'([^'\n]+)'(?![\w])")
_FLAG = re.compile(r"\s*\((?:use|try) --[^)]*\)")
_JSON_DAMAGE = re.compile(r"line (?P<line>\d+), column (?P<column>\d+):? (?:broken JSON: )?(?P<what>.*?)\)?$")
_JSON_WHAT = (("Unterminated string", "a text is not closed"), ("Invalid control character", "a text is not closed"),
              ("Expecting ',' delimiter", "a comma is missing"), ("Expecting ':' delimiter", "a colon is missing"),
              ("Expecting property name", "a field name is missing or not in double quotes"),
              ("Expecting value", "a value is missing"), ("Extra data", "there is more after the end"))


def sentence(text: str) -> str:
    """A capital first letter and a full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?:…”" else text + "."


def place(path: str) -> str:
    """`sections[1].items[4].id` → 'section 2, item 5, id' (positions counted from 1)."""
    parts: list[str] = []
    named = False  # the last part is a plain field name: "meeting" + "date" read "meeting date"
    for step in re.split(r"[.:]", path):
        match = _STEP.match(step)
        if match is None or match["index"] is None:
            text = (step if match is None else match["name"]).replace("_", " ")
            if named and parts:
                parts[-1] += f" {text}"
            else:
                parts.append(text)
            named = True
            continue
        name = match["name"]
        parts.append(f"{_SINGULAR.get(name, name.replace('_', ' '))} {int(match['index']) + 1}")
        named = False
    return ", ".join(part for part in parts if part)


def _message(text: str, title_of: TitleOf | None) -> str:
    """Flags out, items named by title, ids and values in curly quotes."""
    text = _FLAG.sub("", text)
    if title_of is not None:
        text = _ITEM_NAME.sub(lambda m: f"{m[1]} “{title_of(m[1], m[2])}”", text)
    return _QUOTED.sub(lambda m: f"“{m[1]}”", text)


_DAMAGED = {"a briefing pack": "The pack file", "a library file": "The library file", "a template": "The template"}


def _whole_file(message: str, what: str) -> str | None:
    """A sentence for a file that cannot be read at all, or None when the problem is elsewhere."""
    name = _DAMAGED.get(what, "The file")
    if "not UTF-8 text" in message or "binary content" in message:
        return f"This is not {what}: it is not text."
    if message.startswith("not a JSON file") or "is not a pack file" in message:
        return f"This is not {what}."
    damage = _JSON_DAMAGE.search(message)
    if damage and ("JSON" in message or "Expecting" in message):
        said = next((plain for raw, plain in _JSON_WHAT if damage["what"].startswith(raw)), "the text is not valid")
        return f"{name} is damaged at line {damage['line']}, column {damage['column']}: {said}."
    if "nested too deeply" in message:
        return f"{name} is damaged: it is nested too deeply to be read."
    return None


def _strip_file(line: str, file: str | Path | None) -> str:
    """The line without its leading file name (the message names the file once)."""
    if file is not None:
        for prefix in (str(file), Path(file).name):
            if line.startswith(prefix + ":"):
                return line[len(prefix) + 1:].lstrip()
    return line


def plain_line(line: str, file: str | Path | None = None, title_of: TitleOf | None = None,
               what: str = "a briefing pack") -> str:
    """One core problem line as a sentence."""
    rest = _strip_file(line, file)
    whole = _whole_file(rest, what)
    if whole is not None:
        return whole
    sheet = _SHEET_ROW.match(rest)
    if sheet:
        inner = _PLACE.match(sheet["rest"])
        where = f"row {sheet['row']}" + (f", {place(inner['place'])}" if inner else "")
        return sentence(f"{where}: {_message(inner['message'] if inner else sheet['rest'], title_of)}")
    match = _PLACE.match(rest)
    if match:
        return sentence(f"{place(match['place'])}: {_message(match['message'], title_of)}")
    return sentence(_message(rest, title_of))


def _group(line: str, file: str | Path | None) -> tuple[int, str, int, str] | None:
    """(group order, heading, row, the line within the group) for a sheet row or list entry."""
    rest = _strip_file(line, file)
    sheet = _SHEET_ROW.match(rest)
    if sheet:
        name = sheet["sheet"]
        order = _SHEET_ORDER.index(name) if name in _SHEET_ORDER else len(_SHEET_ORDER)
        return order, f"{name} sheet", int(sheet["row"]), rest
    entry = _LIST_ENTRY.match(rest)
    if entry:
        name = entry["list"]
        order = list(_LIST_TITLES).index(name)
        return order, _LIST_TITLES[name], int(entry["index"]), rest
    return None


def plain_problems(lines: Sequence[str], file: str | Path | None = None, title_of: TitleOf | None = None,
                   what: str = "a briefing pack") -> list[str]:
    """Problem lines for people: the file named by the caller once, not on every line; sheet
    rows (and entries of a JSON library's lists) grouped under their sheet, in row order."""
    loose: list[str] = []
    grouped: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    for number, line in enumerate(lines):
        group = _group(line, file)
        if group is None:
            loose.append(plain_line(line, file, title_of, what))
            continue
        order, heading, row, rest = group
        grouped.setdefault((order, heading), []).append((row, number, rest))
    shown = list(dict.fromkeys(loose))
    for (_order, heading), entries in sorted(grouped.items()):
        shown.append(f"{heading}:")
        shown += [f"    {plain_line(rest, None, title_of, what)}" for _row, _n, rest in sorted(entries)]
    return shown
