"""Bookmarks with Word-valid names made from anchors, and fields for headers and footers."""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable

from lxml import etree

from briefing.exporters.docx.markup import append_markup, field_char, instruction, run

_INVALID = re.compile(r"[^A-Za-z0-9_]")
MAX_BOOKMARK = 40


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


class Bookmarks:
    """Anchor → bookmark name: ≤ 40 characters of [A-Za-z0-9_], a letter first; unique.

    Names are assigned in document order, so the same document always gets the same names.
    """

    def __init__(self, anchors: Iterable[str]) -> None:
        self._names: dict[str, str] = {}
        used: set[str] = set()
        for anchor in anchors:
            if anchor and anchor not in self._names:
                self._names[anchor] = _unique_name(anchor, used)
        self._placed: set[str] = set()
        self._next_id = 1

    def name(self, anchor: str) -> str | None:
        """The bookmark name for `anchor`, or None if the document has no such target."""
        return self._names.get(anchor)

    def markup(self, anchor: str) -> tuple[str, str]:
        """Bookmark start and end markup for `anchor`; empty the second time or if unknown."""
        name = self._names.get(anchor)
        if name is None or name in self._placed:
            return "", ""
        self._placed.add(name)
        mark_id = self._next_id
        self._next_id += 1
        return (f'<w:bookmarkStart w:id="{mark_id}" w:name="{name}"/>',
                f'<w:bookmarkEnd w:id="{mark_id}"/>')


def _unique_name(anchor: str, used: set[str]) -> str:
    base = _INVALID.sub("_", anchor)
    if not base or base[0] not in string.ascii_letters:
        base = "a_" + base
    name, salt = base, 0
    while len(name) > MAX_BOOKMARK or name in used:
        # 31 + 1 + 8 = 40 characters; salted again in the unlikely case of a clash.
        name = f"{base[:MAX_BOOKMARK - 9]}_{_hash(f'{anchor}|{salt}')}"
        salt += 1
    used.add(name)
    return name


def simple_field(parent: etree._Element, code: str, shown: str) -> None:
    """Append a complete field (e.g. PAGE) whose result reads `shown` until it is updated."""
    append_markup(parent, field_char("begin") + instruction(code) + field_char("separate")
                  + run(shown) + field_char("end"))
