"""Parsing untrusted JSON text: duplicate keys, oversized integers and non-JSON constants refused."""

from __future__ import annotations

import json
from typing import Any

from briefing.errors import ValidationError
from briefing.text import quoted

# No field of a pack or a library holds a number anywhere near this long; Python itself
# refuses to convert more than 4,300 digits (with a traceback), so the limit stops far below.
MAX_INTEGER_DIGITS = 100


class _Refused(ValueError):
    """Raised from inside the decoder; the message says what was refused."""


def loads_strict(text: str, where: str) -> Any:
    """Decoded JSON `text`; one ValidationError line naming `where` for anything refused.

    Besides broken JSON: a key repeated in one object (JSON parsers keep only the last,
    silently dropping the others), an integer of more than MAX_INTEGER_DIGITS digits,
    NaN and Infinity (not JSON), and nesting too deep for the parser.
    """
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_int=_integer,
                          parse_float=_decimal, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{where}: line {exc.lineno}, column {exc.colno}: broken JSON: {exc.msg}") from None
    except _Refused as exc:
        raise ValidationError(f"{where}: refused: {exc}") from None
    except RecursionError:
        raise ValidationError(f"{where}: broken JSON: nested too deeply") from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _Refused(f"the key {quoted(key)} appears twice in one object (only one "
                               "may be given)")
            seen.add(key)
    return result


def _integer(digits: str) -> int:
    count = len(digits.lstrip("-"))
    if count > MAX_INTEGER_DIGITS:
        raise _Refused(f"a number of {count:,} digits (at most {MAX_INTEGER_DIGITS} are read)")
    return int(digits)


def _decimal(digits: str) -> float:
    if len(digits) > MAX_INTEGER_DIGITS:
        raise _Refused(f"a number of {len(digits):,} characters (at most {MAX_INTEGER_DIGITS} are read)")
    return float(digits)


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON value")
