"""The one place where user text is cleaned: NFC, and characters XML cannot hold removed."""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
# CR is dropped as well: line ends inside the library are plain "\n"; so is every other C0
# and C1 control (U+0085 "next line" included), as the README promises.
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Return `text` in NFC with control and XML-illegal characters removed (tab, LF kept)."""
    if not text:
        return text
    text = text.replace("\r\n", "\n")
    if text.isascii():  # most library text: ASCII is already NFC
        return _ILLEGAL.sub("", text)
    # Remove first, then compose: a removed character between a letter and its accent
    # would otherwise leave the pair uncomposed (and the result not NFC).
    return unicodedata.normalize("NFC", _ILLEGAL.sub("", text))


def clean_optional(text: str | None) -> str | None:
    """`clean` for an optional field: None and blank-only text become None."""
    if text is None:
        return None
    text = clean(text)
    return text if text.strip() else None


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _strip_marks(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group() if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case and strip accents (Greek tonos too): how search compares words."""
    # Indexing a library folds every text field: ASCII (most text) takes a fast path, and
    # only runs of other characters are looked at one by one. Same result either way.
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _NON_ASCII.sub(_strip_marks, decomposed)


def truncate(text: str, limit: int, marker: str = "…") -> str:
    """Cut `text` to at most `limit` characters, ending with `marker` when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(marker))] + marker


# How messages show controls and line breaks, so that every message stays on one line.
_VISIBLE = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
_VISIBLE.update({9: "\\t", 10: "\\n", 13: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"})
SHOWN_LIMIT = 60


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """`value` as a short one-line excerpt for a message: cut at `limit` characters with "…",
    line breaks and controls written as escapes (`\\n`), so a huge or multi-line key or
    value is never echoed whole."""
    text = value if isinstance(value, str) else _short_repr(value, limit)
    visible = text[:limit].translate(_VISIBLE)  # escapes make it longer: cut again after
    if len(text) > limit or len(visible) > limit:
        return visible[: max(limit - 1, 0)] + "…"  # at most `limit` characters in all
    return visible


def quoted(value: object, limit: int = SHOWN_LIMIT) -> str:
    """A text value as `repr` shows it (quoted; backslashes, quotes and controls escaped),
    cut at `limit` characters with "…"; any other value as `shown` gives it."""
    if not isinstance(value, str):
        return shown(value, limit)
    written = repr(value[:limit])
    mark, inner = written[0], written[1:-1]
    if len(value) > limit or len(inner) > limit:  # escapes make it longer: cut again after
        inner = inner[: max(limit - 1, 0)] + "…"
    return mark + inner + mark


def _short_repr(value: object, limit: int) -> str:
    if isinstance(value, int) and value.bit_length() > 4 * limit:
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    if isinstance(value, (list, tuple, dict, set)) and len(value) > limit:
        return f"{type(value).__name__} of {len(value):,} entries"
    try:
        return repr(value)
    except ValueError:  # e.g. Python's limit on the digits of an int
        return type(value).__name__


# Excel stores characters XML cannot carry as "_xHHHH_" inside strings, and a literal
# "_xHHHH_" typed by a user as "_x005F_xHHHH_". openpyxl neither writes nor reads these
# escapes, so the XLSX readers and writers apply them here.
_OOXML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_OOXML_LITERAL = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def ooxml_escape(text: str) -> str:
    """Protect a literal `_xHHHH_` in `text` so Excel shows it as typed."""
    return _OOXML_LITERAL.sub("_x005F_", text) if "_x" in text else text


def ooxml_unescape(text: str) -> str:
    """Decode Excel's `_xHHHH_` escapes in a string read from a workbook."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
