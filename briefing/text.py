"""The one place where user text is cleaned: NFC, and characters XML cannot hold removed."""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
# CR is dropped as well: line ends inside the library are plain "\n".
_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


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
