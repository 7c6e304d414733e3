"""Properties of briefing.text over arbitrary Unicode, lone surrogates and controls included."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.text import clean, clean_optional, fold, truncate
from tests.faults import tally

# Every code point, surrogates included: JSON's "\ud800" escapes reach the core as such.
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()))
# Letters in the scripts briefs are written in, for the case- and accent-folding checks.
SCRIPTS = st.text(st.sampled_from(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿ"
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ"
    "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ"
    "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΆΈΉΊΌΎΏ -"), max_size=30)
DEFAULT = settings(max_examples=200, deadline=None)
SLOW = settings(max_examples=5000, deadline=None)


def xml_legal(ch: str) -> bool:
    """XML 1.0's Char production, less every C0/C1 control other than tab and LF (NEL too)."""
    code = ord(ch)
    return ch in "\t\n" or (0x20 <= code <= 0xD7FF and not 0x7F <= code <= 0x9F) or (
        0xE000 <= code <= 0xFFFD) or code >= 0x10000


def reference_clean(text: str) -> str:
    """What clean must do, written independently: CRLF to LF, drop the rest, then NFC."""
    kept = "".join(ch for ch in text.replace("\r\n", "\n") if xml_legal(ch))
    return unicodedata.normalize("NFC", kept)


def check_clean(text: str) -> None:
    tally.count("generated inputs")
    result = clean(text)
    assert result == reference_clean(text)
    assert all(xml_legal(ch) for ch in result) and "\r" not in result
    assert unicodedata.is_normalized("NFC", result)
    assert clean(result) == result


@DEFAULT
@given(ANY_TEXT)
# A removed control between a letter and its accent (or Hangul jamo) must not leave the
# pair uncomposed: found by this property, fixed in briefing/text.py.
@example("e\x00\u0301")
@example("\u1100\x01\u1161")
@example("a\r\nb\rc\ud800\udfff\ufffe\uffff\x85\x9f")
def test_clean_matches_its_definition(text: str) -> None:
    check_clean(text)


@pytest.mark.slow
@SLOW
@given(ANY_TEXT)
def test_clean_matches_its_definition_at_length(text: str) -> None:
    check_clean(text)


@DEFAULT
@given(ANY_TEXT)
def test_clean_optional_is_none_exactly_for_blank_text(text: str) -> None:
    tally.count("generated inputs")
    result = clean_optional(text)
    if clean(text).strip():
        assert result == clean(text)
    else:
        assert result is None


@DEFAULT
@given(SCRIPTS)
def test_fold_ignores_case_accents_and_normal_form(text: str) -> None:
    tally.count("generated inputs")
    folded = fold(text)
    assert fold(text.upper()) == fold(text.lower()) == folded
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text)) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)


@DEFAULT
@given(ANY_TEXT)
def test_fold_never_fails_and_drops_every_combining_mark(text: str) -> None:
    tally.count("generated inputs")
    folded = fold(clean(text))
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert fold(folded) == fold(folded.lower())


@DEFAULT
@given(ANY_TEXT, st.integers(min_value=1, max_value=60))
def test_truncate_keeps_the_limit_and_marks_every_cut(text: str, limit: int) -> None:
    tally.count("generated inputs")
    cut = truncate(text, limit)
    assert len(cut) <= limit
    if len(text) <= limit:
        assert cut == text
    else:
        assert cut.endswith("…") and text.startswith(cut[:-1])
