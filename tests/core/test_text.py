"""Tests for briefing.text: the one place where user text is cleaned."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from briefing.text import clean, clean_optional, fold, truncate

XML_OK = set("\t\n")


def _xml_legal(ch: str) -> bool:
    code = ord(ch)
    return ch in XML_OK or (0x20 <= code <= 0xD7FF and not 0x7F <= code <= 0x9F) or (
        0xE000 <= code <= 0xFFFD) or code >= 0x10000


def test_clean_removes_control_characters_but_keeps_tab_and_newline() -> None:
    assert clean("a\x00b\x07c\td\ne\x1bf\x7fg") == "abc\td\nefg"


def test_clean_turns_crlf_into_lf() -> None:
    assert clean("one\r\ntwo\rthree") == "one\ntwothree"


def test_clean_normalises_nfd_korean_and_greek_to_nfc() -> None:
    korean = unicodedata.normalize("NFD", "한국")
    greek = unicodedata.normalize("NFD", "Ψηφιακή")
    assert clean(korean) == "한국"
    assert clean(greek) == "Ψηφιακή"


def test_clean_keeps_markup_and_formula_text_as_typed() -> None:
    hostile = "<b>&amp;</b> {{ x }} =SUM(A1) +1 -2 @x 🙂 שלום مرحبا"
    assert clean(hostile) == hostile


def test_clean_removes_lone_surrogates_and_nonchars() -> None:
    assert clean("a\ud800b\ufffec\uffff") == "abc"


def test_clean_optional_maps_blank_to_none() -> None:
    assert clean_optional(None) is None
    assert clean_optional(" \x00 ") is None
    assert clean_optional(" x ") == " x "


def test_fold_ignores_case_and_accents_including_greek_tonos() -> None:
    assert fold("Ψηφιακή") == fold("ΨΗΦΙΑΚΗ") == "ψηφιακη"
    assert fold("Café") == "cafe"


def test_truncate_marks_cut_text_within_limit() -> None:
    assert truncate("abcdef", 10) == "abcdef"
    cut = truncate("abcdefghijkl", 5)
    assert cut == "abcd…" and len(cut) == 5


@given(st.text())
def test_clean_output_is_always_xml_legal_nfc(text: str) -> None:
    result = clean(text)
    assert all(_xml_legal(ch) for ch in result)
    assert "\r" not in result
    assert clean(result) == result  # idempotent


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_clean_keeps_printable_text_up_to_normalisation(text: str) -> None:
    expected = unicodedata.normalize("NFC", text).replace("\ufffe", "").replace("\uffff", "")
    assert clean(text) == expected


def test_clean_removes_every_c1_control_next_line_included() -> None:
    assert clean("a\x85b" + "".join(map(chr, range(0x80, 0xA0))) + "c") == "abc"


def test_shown_keeps_a_message_on_one_short_line() -> None:
    from briefing.text import quoted, shown

    assert shown("key\nwith\tbreaks") == "key\\nwith\\tbreaks"
    huge = shown("x" * 10_000_000)
    assert huge == "x" * 59 + "…" and len(huge) == 60  # at most the limit, ellipsis included
    assert quoted("a\u2028b", limit=10) == "'a\\u2028b'"
    assert "\n" not in shown("\n" * 1000) and len(shown("\n" * 1000)) < 200
    assert "digits" in shown(10**5000)
