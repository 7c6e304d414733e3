"""A small interchange library with hostile, multi-script text, for the import/export tests."""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path
from typing import Any

GREEK = "Ψηφιακή συνεργασία Ελλάδας–ΕΕ"
KOREAN = "한-EU 디지털 파트너십"
KOREAN_NFD = unicodedata.normalize("NFD", KOREAN)
EMOJI = "🚀🇪🇺 👩🏽‍💻"
ARABIC = "الشراكة الرقمية"
HEBREW = "שותפות דיגיטלית"
MARKUP = "<b>&amp;</b> {{ name }} {% if %}"
FORMULAS = ("=SUM(A1)", "+1", "-2", "@SUM(A1)")
CONTROL = "bell\x07 null\x00 esc\x1b del\x7f"  # comes back as "bell null esc del"
CONTROL_CLEAN = "bell null esc del"

_SAMPLE: dict[str, Any] = {
    "format": "briefing-library",
    "version": 1,
    "partnerships": [
        {
            "id": "rok-eu",
            "name": KOREAN_NFD,
            "short_name": "ROK-EU DP",
            "partners": ["European Union", "Republic of Korea"],
            "established": "2022-11-28",
            "level": "ministerial council",
            "status": "active",
            "summary": f"{MARKUP} {ARABIC} {HEBREW} {EMOJI}",
            "key_facts": ["Budget: EUR 1.5 million; 36 months", "Path C:\\dir\\ and a \\; too",
                          FORMULAS[0]],
            "priorities": ["semiconductors"],
            "tags": ["asia", "korea"],
            "marking": "official",
            "last_reviewed": "2024-03",
            "review_due": "2027",
            "sources": [
                {"title": "Joint press statement", "publisher": "European Commission",
                 "url": "https://ec.europa.eu/x?a=1&b=2", "date": "2022-11-28"},
                {"title": "Second source, no date"},
            ],
        },
        {
            "id": "ttc-wg4",
            "name": "EU-US TTC Working Group 4",
            "summary": f"{GREEK}. {CONTROL}",
            "priorities": ["five-g-security", "semiconductors"],
        },
    ],
    "priorities": [
        {"id": "semiconductors", "title": "Semiconductors", "summary": "Secure supply of chips.",
         "lines_to_take": list(FORMULAS), "defensive_lines": ["Line; with semicolon"]},
        {"id": "five-g-security", "title": "5G security", "summary": "The 5G toolbox.",
         "partnerships": ["rok-eu"], "marking": "PUBLIC"},
        {"id": "beyond-5g", "title": "Beyond 5G/6G", "summary": f"{EMOJI} research",
         "tags": ["6g"], "sources": [{"title": "Note: 6G", "url": "javascript:alert(1)"}]},
    ],
    "quotes": [
        {"id": "vestager-2023", "text": f"“Trust” {MARKUP} {FORMULAS[0]}", "speaker": "Margrethe Vestager",
         "role": "Executive Vice-President", "organisation": "European Commission",
         "date": "2023-06", "language": "en", "partnerships": ["ttc-wg4"],
         "priorities": ["semiconductors", "five-g-security"]},
        {"id": "lee-jong-ho", "text": KOREAN_NFD + " " + EMOJI, "speaker": "Lee Jong-Ho",
         "translation": "Korea-EU digital partnership", "language": "ko",
         "context": ARABIC + "\n" + HEBREW},
    ],
}


def sample_object() -> dict[str, Any]:
    """A fresh copy of the sample library as a parsed JSON object."""
    return copy.deepcopy(_SAMPLE)


def write_sample(path: Path, obj: dict[str, Any] | None = None) -> Path:
    """Write `obj` (default: the sample) as a JSON library file and return its path."""
    path.write_text(json.dumps(obj if obj is not None else sample_object(), ensure_ascii=False),
                    encoding="utf-8")
    return path


def sample_ids() -> set[tuple[str, str]]:
    """The (kind, id) keys of every sample item."""
    kinds = {"partnerships": "partnership", "priorities": "priority", "quotes": "quote"}
    return {(kinds[plural], entry["id"]) for plural in kinds for entry in _SAMPLE[plural]}
