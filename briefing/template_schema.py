"""The keys a `template.toml` may hold, their defaults, and the checks on each value."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.docmodel import (
    Style,
    style_body_size,
    style_colour,
    style_margins,
    style_page_size,
)
from briefing.errors import ValidationError
from briefing.files import describe_os_error, open_regular
from briefing.packs import MAX_LINE_CHARS, MAX_NOTE_CHARS
from briefing.text import clean_optional, quoted

# Families bundled in assets/fonts: the only ones the PDF exporter can embed.
FONT_FAMILIES = ("Noto Sans", "Noto Serif", "NanumGothic")
COVER_FIELDS = ("meeting", "date", "location", "audience", "requested_by", "contact",
                "attendees", "author", "revision")
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "partnership": ("glance", "summary", "key_facts", "priorities", "quotes", "note", "sources"),
    "priority": ("summary", "lines_to_take", "defensive_lines", "partnerships", "quotes",
                 "note", "sources"),
    "quote": ("text", "context", "note", "sources"),
    "person": ("photo", "role", "biography", "pronunciation", "languages", "partnerships",
               "quotes", "note", "sources"),
}
_COMMON_COLUMNS = ("tags", "marking", "last_reviewed", "review_due", "sources", "note")
REGISTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "Overview": ("title", "subtitle", "meeting", "date", "location", "audience", "author",
                 "requested_by", "contact", "attendees", "objectives", "marking", "revision",
                 "draft", "template", "items"),
    "Partnerships": ("id", "name", "short_name", "partners", "established", "level", "status",
                     "summary", "key_facts", "priorities", *_COMMON_COLUMNS),
    "Priorities": ("id", "title", "summary", "lines_to_take", "defensive_lines",
                   "partnerships", *_COMMON_COLUMNS),
    "Quotes": ("id", "text", "speaker", "role", "organisation", "date", "language",
               "translation", "context", "partnerships", "priorities", *_COMMON_COLUMNS),
    "People": ("id", "name", "role", "organisation", "country", "biography", "pronunciation",
               "languages", "partnerships", *_COMMON_COLUMNS),
    "Sources": ("number", "title", "publisher", "date", "url", "cited_by"),
}
# The Overview sheet is a list of label/value rows; the others are tables of columns.
REGISTER_KEY = {sheet: "rows" if sheet == "Overview" else "columns" for sheet in REGISTER_COLUMNS}

Check = Callable[[Any, Path], Any]
DEFAULT_STYLE = Style()  # the one source of the style defaults
# Shown in one line by `templates` and in the app's list.
MAX_DESCRIPTION_CHARS = 200
# Files a template names: far above any real letterhead or logo, far below a disk's worth.
FILE_LIMITS = {".docx": 20 * 2**20, ".png": 20 * 2**20, ".jpg": 20 * 2**20, ".jpeg": 20 * 2**20}


class Invalid(ValueError):
    """A value that a check refused; the message says why."""


def text(value: Any, folder: Path) -> str:
    """Non-empty text."""
    cleaned = clean_optional(value) if isinstance(value, str) else None
    if cleaned is None:
        raise Invalid("must be non-empty text")
    return cleaned


def line(limit: int) -> Check:
    """Non-empty text on one line, of at most `limit` characters."""
    def check(value: Any, folder: Path) -> str:
        cleaned = text(value, folder).strip()
        if "\n" in cleaned:
            raise Invalid("must be one line (it holds a line break)")
        if len(cleaned) > limit:
            raise Invalid(f"refused: {len(cleaned):,} characters, more than the {limit:,} it may hold")
        return cleaned
    return check


def boolean(value: Any, folder: Path) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise Invalid("must be true or false")
    return value


def style_value(check: Callable[[Any], Any]) -> Check:
    """A page or type value, checked and normalised by the rule `Style` itself holds."""
    def checked(value: Any, folder: Path) -> Any:
        try:
            return check(value)
        except ValueError as exc:
            raise Invalid(str(exc)) from None
    return checked


def font(value: Any, folder: Path) -> str:
    """A bundled font family."""
    if value not in FONT_FAMILIES:
        raise Invalid("must be one of the bundled fonts: " + ", ".join(f'"{f}"' for f in FONT_FAMILIES))
    return str(value)


def subset(allowed: tuple[str, ...]) -> Check:
    """An ordered list drawn from `allowed`, without repeats."""
    def check(value: Any, folder: Path) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Invalid("must be a list of names from: " + ", ".join(allowed))
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise Invalid(f"unknown {'names' if len(unknown) > 1 else 'name'} "
                          f"{_some(unknown)} (choose from: {', '.join(allowed)})")
        repeated = sorted({v for v in value if value.count(v) > 1})
        if repeated:
            raise Invalid(f"{_some(repeated)} listed twice")
        return tuple(value)
    return check


def section_list(value: Any, folder: Path) -> tuple[tuple[str, str | None], ...]:
    """A list of {title, intro} tables: the sections a new pack starts with."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise Invalid("must be a list of tables with a title and an optional intro")
    sections = []
    for index, entry in enumerate(value):
        extra = sorted(set(entry) - {"title", "intro"})
        if extra:
            raise Invalid(f"[{index}]: unknown key {quoted(extra[0])} (a section has title and intro)")
        title = clean_optional(entry.get("title")) if isinstance(entry.get("title"), str) else None
        intro = entry.get("intro")
        if title is None:
            raise Invalid(f"[{index}].title: must be non-empty text")
        if intro is not None and not isinstance(intro, str):
            raise Invalid(f"[{index}].intro: must be text")
        intro = clean_optional(intro)
        # The limits a pack's sections have: a new pack starts with these.
        for key, field, limit in (("title", title, MAX_LINE_CHARS), ("intro", intro, MAX_NOTE_CHARS)):
            if field is not None and len(field) > limit:
                raise Invalid(f"[{index}].{key}: refused: {len(field):,} characters, more than the "
                              f"{limit:,} it may hold")
        sections.append((title, intro))
    return tuple(sections)


def inside_file(*suffixes: str, must_be_zip: bool = False) -> Check:
    """A relative path to a readable file inside the template folder (symlinks resolved)."""
    def check(value: Any, folder: Path) -> Path:
        if not isinstance(value, str) or not value.strip():
            raise Invalid("must be a file name inside the template folder")
        return checked_file(folder, value, suffixes, must_be_zip)
    return check


def checked_file(folder: Path, relative: str, suffixes: tuple[str, ...], must_be_zip: bool) -> Path:
    """`folder/relative`, refused unless it stays inside `folder` and is a readable regular file."""
    name = quoted(relative)
    if Path(relative).is_absolute() or re.match(r"^[A-Za-z]:", relative):
        raise Invalid(f"{name}: must be relative to the template folder, not an absolute path")
    target = resolved(folder / relative, name)
    if not target.is_relative_to(resolved(folder, "the template folder")):
        raise Invalid(f"{name} is outside the template folder")
    if suffixes and target.suffix.lower() not in suffixes:
        raise Invalid(f"{name}: must be a {' or '.join(suffixes)} file")
    if not os.path.lexists(target):
        raise Invalid(f"{name} does not exist in the template folder")
    try:
        with open_regular(target, limit=FILE_LIMITS.get(target.suffix.lower(), 20 * 2**20),
                          what="file") as handle:
            head = handle.read(4)
    except ValidationError as exc:
        # The message names the resolved path; the key and the name as written say enough.
        raise Invalid(f"{name}: {exc.problems[0].split(': ', 1)[-1]}") from None
    except OSError as exc:
        raise Invalid(f"{name} cannot be read: {describe_os_error(exc)}") from None
    if must_be_zip and (head != b"PK\x03\x04" or not zipfile.is_zipfile(target)):
        raise Invalid(f"{name} is not a Word document (.docx)")
    return target


# The template keys that make the Style, and the Style field each one sets.
STYLE_KEYS = {
    "page.size": "page_size", "page.margins_mm": "margins_mm", "fonts.body": "body_font",
    "fonts.heading": "heading_font", "fonts.east_asian": "east_asian_font",
    "fonts.size_pt": "body_size_pt", "colours.heading": "heading_colour",
    "colours.accent": "accent_colour", "colours.text": "text_colour",
    "marking.header": "marking_in_header", "marking.footer": "marking_in_footer",
    "layout.page_numbers": "page_numbers", "layout.section_page_breaks": "section_page_breaks",
    "layout.compact": "compact",
}


def resolved(path: Path, name: str) -> Path:
    """`path` with symbolic links followed; a loop (or a link that cannot be followed) refused."""
    try:
        return path.resolve()
    except RuntimeError:  # Python before 3.13 reports a loop this way
        raise Invalid(f"{name} is a symbolic link that loops") from None
    except OSError as exc:
        raise Invalid(f"{name} cannot be followed: {describe_os_error(exc)}") from None


def _some(names: list[str]) -> str:
    """A few of `names`, quoted and cut short, for a one-line message."""
    listed = ", ".join(quoted(n) for n in names[:3])
    return listed + (f" and {len(names) - 3} more" if len(names) > 3 else "")


# Every key a template.toml may hold, by dotted path, with its check and its default.
SCHEMA: dict[str, tuple[Check, Any]] = {
    "template.name": (text, None),
    "template.title": (line(MAX_DESCRIPTION_CHARS), None),
    "template.description": (line(MAX_DESCRIPTION_CHARS), None),
    "template.reference_docx": (inside_file(".docx", must_be_zip=True), None),
    "template.logo": (inside_file(".png", ".jpg", ".jpeg"), None),
    **{key: (check, getattr(DEFAULT_STYLE, STYLE_KEYS[key])) for key, check in (
        ("page.size", style_value(style_page_size)),
        ("page.margins_mm", style_value(style_margins)),
        ("fonts.body", font), ("fonts.heading", font), ("fonts.east_asian", font),
        ("fonts.size_pt", style_value(style_body_size)),
        ("colours.heading", style_value(style_colour)),
        ("colours.accent", style_value(style_colour)),
        ("colours.text", style_value(style_colour)),
        ("marking.header", boolean), ("marking.footer", boolean),
        ("layout.section_page_breaks", boolean), ("layout.page_numbers", boolean),
        ("layout.compact", boolean),
    )},
    "cover.enabled": (boolean, True),
    "cover.fields": (subset(COVER_FIELDS), COVER_FIELDS),
    "contents.enabled": (boolean, True),
    "sections.default": (section_list, ()),
    **{f"items.{kind}.fields": (subset(fields), fields) for kind, fields in ITEM_FIELDS.items()},
    **{f"register.{sheet}.{REGISTER_KEY[sheet]}": (subset(columns), columns)
       for sheet, columns in REGISTER_COLUMNS.items()},
}
REQUIRED = ("template.description",)
# Tables that may appear on the way to a key (e.g. "items" and "items.quote").
TABLES = {".".join(key.split(".")[:n]) for key in SCHEMA for n in range(1, key.count(".") + 1)}


def style_from(values: dict[str, Any]) -> Style:
    """The template's Style from its checked values (every style key present, defaults filled)."""
    return Style(**{field: values[key] for key, field in STYLE_KEYS.items()})
