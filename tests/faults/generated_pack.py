"""A small pack and library whose every text field is generated, and what each output must show."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from briefing.build import prepare_document
from briefing.exporters import ExportOptions, get_exporter
from briefing.library.jsonio import content_from_object
from briefing.packs import pack_from_data
from briefing.text import clean, clean_optional

# Characters the bundled PDF fonts cover (Latin, Greek, Hangul), markup and formula
# characters included: for these the PDF's extracted text is compared too.
COVERED = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n\t"
    "<>&\"'=+-@{}[]()/\\;:.,!?#%*_|~^`$"
    "àáâäçèéêëíîïñóôöøúûüßÀÉÖÜ€–—…“”‘’"
    "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώΑΒΓΔΕΖΗΘΚΛΜΝΞΠΡΣΤΥΦΧΨΩ"
    "한국디지털파트너십협력회의장관"
)
COVERED_SET = frozenset(COVERED)
# Every code point, controls and lone surrogates included (JSON's "\ud800" escapes give those).
_ANY = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
               min_size=1, max_size=20)
_COVERED = st.text(st.sampled_from(COVERED), min_size=1, max_size=20)
FIELD_TEXT = st.one_of(_COVERED, _ANY).filter(lambda text: bool(clean(text).strip()))

PACK_FIELDS = ("title", "subtitle", "meeting", "location", "audience", "author", "objective",
               "requested_by", "contact_name", "contact_email", "contact_phone", "attendee",
               "revision", "section", "intro", "note_p", "note_r", "note_q")
ITEM_FIELDS = ("name", "short_name", "summary", "level", "status", "title_r", "summary_r",
               "text", "speaker", "role", "organisation", "translation", "context", "language",
               "source_title", "publisher")
# Library list entries are stripped as well as cleaned; pack lists keep their spaces.
LIST_ENTRIES = ("partner", "key_fact", "tag", "line", "defensive")
FIELDS = PACK_FIELDS + ITEM_FIELDS + LIST_ENTRIES
RAW_FIELDS = st.fixed_dictionaries(dict.fromkeys(FIELDS, FIELD_TEXT))


def expected(raw: dict[str, str]) -> dict[str, str]:
    """Each field as it must come out: cleaned (NFC, XML-illegal characters removed)."""
    shown = {name: clean_optional(raw[name]) or "" for name in PACK_FIELDS + ITEM_FIELDS}
    shown.update({name: clean(raw[name]).strip() for name in LIST_ENTRIES})
    return shown


def pack_object(raw: dict[str, str]) -> dict[str, Any]:
    """The pack as its .briefpack JSON holds it."""
    return {
        "format": "briefing-pack", "version": 1, "title": raw["title"], "subtitle": raw["subtitle"],
        "meeting": {"name": raw["meeting"], "date": "2024-03-26", "location": raw["location"]},
        "audience": raw["audience"], "author": raw["author"], "objectives": [raw["objective"]],
        "marking": "OFFICIAL", "requested_by": raw["requested_by"],
        "contact": {"name": raw["contact_name"], "email": raw["contact_email"],
                    "phone": raw["contact_phone"]},
        "attendees": [raw["attendee"]], "revision": raw["revision"], "draft": True,
        "sections": [{"title": raw["section"], "intro": raw["intro"], "items": [
            {"kind": "partnership", "id": "gen-p", "note": raw["note_p"]},
            {"kind": "priority", "id": "gen-r", "note": raw["note_r"]},
            {"kind": "quote", "id": "gen-q", "note": raw["note_q"]},
        ]}],
    }


def library_object(raw: dict[str, str]) -> dict[str, Any]:
    """The library as an interchange file holds it: one item of each kind, linked."""
    source = {"title": raw["source_title"], "publisher": raw["publisher"],
              "url": "https://example.org/source", "date": "2023-05"}
    return {
        "format": "briefing-library", "version": 1,
        "partnerships": [{
            "id": "gen-p", "name": raw["name"], "short_name": raw["short_name"],
            "partners": [raw["partner"]], "established": "2022-11-28", "level": raw["level"],
            "status": raw["status"], "summary": raw["summary"], "key_facts": [raw["key_fact"]],
            "priorities": ["gen-r"], "tags": [raw["tag"]], "sources": [source],
        }],
        "priorities": [{
            "id": "gen-r", "title": raw["title_r"], "summary": raw["summary_r"],
            "lines_to_take": [raw["line"]], "defensive_lines": [raw["defensive"]], "sources": [source],
        }],
        "quotes": [{
            "id": "gen-q", "text": raw["text"], "speaker": raw["speaker"], "role": raw["role"],
            "organisation": raw["organisation"], "date": "2024-03-26", "language": raw["language"],
            "translation": raw["translation"], "context": raw["context"], "partnerships": ["gen-p"],
            "sources": [source],
        }],
    }


@dataclass(frozen=True)
class Built:
    """The three files built from one generated input."""

    docx: Path
    pdf: Path
    xlsx: Path


def build_all(raw: dict[str, str], folder: Path, template: str = "ministerial-brief") -> Built:
    """Read the generated pack and library the way files are read, and export all three."""
    pack = pack_from_data(pack_object(raw), origin="generated.briefpack")
    library = content_from_object(library_object(raw), where="generated.json").content
    document = prepare_document(pack, template=template, library=library)
    paths = {fmt: folder / f"generated.{fmt}" for fmt in ("docx", "pdf", "xlsx")}
    for fmt, path in paths.items():
        get_exporter(fmt).export(document, path, ExportOptions())
    return Built(**paths)
