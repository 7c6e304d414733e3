"""Echoed values in messages, and the strict JSON reader."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.errors import ValidationError
from briefing.jsonload import MAX_INTEGER_DIGITS, loads_strict
from briefing.text import SHOWN_LIMIT, quoted, shown


@given(st.text(max_size=200))
def test_shown_is_one_short_line_and_whole_when_short(text: str) -> None:
    result = shown(text)
    assert len(result) <= SHOWN_LIMIT
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029" for ch in result)
    if len(text) <= SHOWN_LIMIT and text.isprintable():
        assert result == text


def test_shown_cuts_with_an_ellipsis_and_escapes_line_breaks() -> None:
    assert shown("a\nb\tc") == "a\\nb\\tc"
    assert shown("x" * 10_000_000) == "x" * (SHOWN_LIMIT - 1) + "…"
    assert quoted("x" * 100) == "'" + "x" * (SHOWN_LIMIT - 1) + "…'"
    assert quoted("a\nb") == "'a\\nb'"


def test_strict_json_reads_ordinary_json() -> None:
    assert loads_strict('{"a": [1, 2.5, true, null, "x"], "b": {"c": -7}}', "f.json") == {
        "a": [1, 2.5, True, None, "x"], "b": {"c": -7}}


@pytest.mark.parametrize(("text", "line"), [
    ('{"a": 1, "a": 2}', "f.json: refused: the key 'a' appears twice in one object (only one may be given)"),
    ('{"b": {"\\u0061": 1, "a": 1}}', "f.json: refused: the key 'a' appears twice in one object (only one may be given)"),
    ("[" + "9" * 5000 + "]", f"f.json: refused: a number of 5,000 digits (at most {MAX_INTEGER_DIGITS} are read)"),
    ("[NaN]", "f.json: refused: NaN is not a JSON value"),
    ("[-Infinity]", "f.json: refused: -Infinity is not a JSON value"),
    ("[" * 100_000, "f.json: broken JSON: nested too deeply"),
    ("{", "f.json: line 1, column 2: broken JSON: Expecting property name enclosed in double quotes"),
])
def test_strict_json_refuses_in_one_line(text: str, line: str) -> None:
    with pytest.raises(ValidationError) as caught:
        loads_strict(text, "f.json")
    assert caught.value.problems == [line]
