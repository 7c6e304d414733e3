"""Bundled fonts for the PDF: lazy, cached registration and splitting text into runs per script.

Noto Sans / Noto Serif cover Latin, Greek and Cyrillic; NanumGothic covers Hangul (and
Hanja, kana). Each font is parsed and registered with reportlab once per process, and only
when a document needs it: NanumGothic is 4.6 MB and costs about a tenth of a second.
reportlab's font registry is the process's: registering holds a lock, so two exports in
two threads register each face once and see it whole.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing.resources import fonts_dir

# Family name as templates give it -> file name stem.
FAMILIES = {"Noto Sans": "NotoSans", "Noto Serif": "NotoSerif"}
DEFAULT_FAMILY = "Noto Sans"
_FACES = {(False, False): "Regular", (True, False): "Bold",
          (False, True): "Italic", (True, True): "BoldItalic"}
EAST = "NanumGothic"
EAST_BOLD = "NanumGothicBold"

_lock = threading.RLock()
_registered: dict[str, TTFont] = {}


def register(name: str) -> TTFont:
    """Register the bundled font `name` (e.g. 'NotoSans-Bold') once per process."""
    font = _registered.get(name)
    if font is not None:
        return font
    with _lock:
        if name not in _registered:
            font = TTFont(name, str(fonts_dir() / f"{name}.ttf"))
            pdfmetrics.registerFont(font)
            stem, _, face = name.partition("-")
            if face == "Regular":
                # registerFont maps the whole family to this one face; name all four so
                # that <b> and <i> find theirs (each registered when first used).
                pdfmetrics.registerFontFamily(
                    name, normal=name, bold=f"{stem}-Bold", italic=f"{stem}-Italic",
                    boldItalic=f"{stem}-BoldItalic")
            _registered[name] = font
        return _registered[name]


def face_name(family: str, bold: bool = False, italic: bool = False) -> str:
    """Registered font name of one face of a Noto family (registering it and Regular)."""
    stem = FAMILIES.get(family, FAMILIES[DEFAULT_FAMILY])
    register(f"{stem}-Regular")
    name = f"{stem}-{_FACES[(bold, italic)]}"
    register(name)
    return name


def ensure(name: str) -> None:
    """Register `name` if it is one of the bundled faces and not registered yet.

    Faces are registered when first used: <b>/<i> in a paragraph reach a face through
    the family mapping alone, so a document without bold italic never parses that file.
    """
    if name not in _registered and (name.split("-")[0] in FAMILIES.values()
                                    or name in (EAST, EAST_BOLD)):
        register(name)


def east_name(bold: bool = False) -> str:
    """Registered name of the Hangul font (regular or bold), registering it on first use."""
    name = EAST_BOLD if bold else EAST
    register(name)
    return name


def is_east_asian(cp: int) -> bool:
    """True for Hangul, CJK ideographs, kana and CJK punctuation/full-width forms."""
    return (0x1100 <= cp <= 0x11FF or 0x2E80 <= cp <= 0x9FFF or 0xA960 <= cp <= 0xA97F
            or 0xAC00 <= cp <= 0xD7FF or 0xF900 <= cp <= 0xFAFF or 0xFE30 <= cp <= 0xFE4F
            or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF)


@dataclass
class ScriptSplitter:
    """Splits text into runs for the main Noto family and for NanumGothic, by glyph coverage."""

    family: str = DEFAULT_FAMILY

    def __post_init__(self) -> None:
        self._main = register(face_name(self.family)).face.charToGlyph
        self._east: dict[int, int] | None = None
        self._choice: dict[str, bool] = {}  # character -> needs the East Asian font
        self._main_only = set(" \n\t")  # characters known to stay in the main font's runs

    def runs(self, text: str) -> list[tuple[bool, str]]:
        """(east, text) runs in order; `east` runs need NanumGothic."""
        if text.isascii() or self._main_only.issuperset(text):
            return [(False, text)]
        out: list[tuple[bool, str]] = []
        start, current = 0, False
        for i, ch in enumerate(text):
            # Spaces and line breaks stay with the run they are in: fewer font switches.
            east = current if ch in " \n\t" else self._needs_east(ch)
            if east != current and i > start:
                out.append((current, text[start:i]))
                start = i
            current = east
        out.append((current, text[start:]))
        return out

    def _needs_east(self, ch: str) -> bool:
        choice = self._choice.get(ch)
        if choice is None:
            choice = self._choice[ch] = self._decide(ord(ch))
            if not choice:
                self._main_only.add(ch)
        return choice

    def _decide(self, cp: int) -> bool:
        if cp in self._main:
            return False
        # Load NanumGothic only for characters it may have: East Asian text above all, and
        # symbols such as arrows and squares; emoji and the like are in neither font.
        if cp >= 0x1F000 and not is_east_asian(cp):
            return False
        if self._east is None:
            self._east = register(EAST).face.charToGlyph
        return cp in self._east
