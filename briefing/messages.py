"""Values echoed in messages: one short line whatever the value holds."""

from __future__ import annotations

from typing import Any

SHOWN_LIMIT = 60
# Line breaks and other controls are shown escaped, so an echoed value never splits a line.
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def shown(value: Any, limit: int = SHOWN_LIMIT) -> str:
    """`value` as text for a message: at most `limit` characters (cut with "…"), controls escaped."""
    text = value if isinstance(value, str) else str(value)
    # Cut first (with room for escapes to double the length), so a 10 MB value costs nothing.
    text = text[: limit + 1]
    out = "".join(_ESCAPES.get(ch, f"\\x{ord(ch):02x}") if _is_control(ch) else ch for ch in text)
    if len(out) <= limit and len(text) <= limit:
        return out
    return out[: max(0, limit - 1)] + "…"


def quoted(value: Any, limit: int = SHOWN_LIMIT) -> str:
    """`value` as Python writes text (quoted, backslashes and controls escaped), cut to `limit`."""
    text = value if isinstance(value, str) else str(value)
    return repr(text if len(text) <= limit else text[: max(0, limit - 1)] + "…")


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029)
