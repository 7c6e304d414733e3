"""Hostile text through the real build: it comes out exactly as typed in Word, PDF and Excel."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from briefing.library.store import LibraryStore
from tests.core.acceptance import hostile
from tests.core.acceptance.hostile import ITEM_TEXT, LONG_QUOTE, PACK_TEXT, TITLE, shown
from tests.core.acceptance.pipeline import (
    CliRun,
    isolated_env,
    leftovers,
    margins_mm,
    outputs,
    run_cli,
)
from tests.core.acceptance.readback import (
    PdfOut,
    WordOut,
    cell_values,
    docx_field_codes,
    external_targets,
    first_missing_in_order,
    font_embedded,
    font_name,
    formula_cells,
    hyperlinks,
    pdf_actions,
    pdf_fonts,
    pdf_uris,
    read_docx,
    read_pdf,
    read_xlsx,
    records,
    squash,
)

# What XML cannot hold, and C0/C1 controls: none may reach any output.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
SAFE_SCHEMES = ("http://", "https://", "mailto:")
WORD_PROPERTY_LIMIT = 255
EXCEL_CELL_LIMIT = 32_767
EVERY_KEY = [*PACK_TEXT, *ITEM_TEXT]
NOT_IN_REGISTER = {"intro"}  # section intros belong to the brief, not to the register
NFD_KEYS = ["audience", "fact nfd", "translation"]  # typed decomposed, shown composed


@dataclass(frozen=True)
class HostileBuild:
    """The hostile pack built through the command line, and its three files read back."""

    run: CliRun
    paths: dict[str, Path]
    word: WordOut
    pdf: PdfOut
    book: Any


@pytest.fixture(scope="module")
def built(starter_library_file: Path, tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    """Hostile items stored as typed, a hostile .briefpack, `build` run once for every test here."""
    base = tmp_path_factory.mktemp("hostile")
    library = base / "library.sqlite"
    shutil.copyfile(starter_library_file, library)
    with LibraryStore(library) as store:
        for item in hostile.items():
            store.put(item)
    pack = base / "hostile.briefpack"
    pack.write_text(json.dumps(hostile.pack(), ensure_ascii=False, indent=2), encoding="utf-8")
    with isolated_env(base):
        run = run_cli(["build", str(pack), "--out", str(base / "out"), "--library", str(library)])
    assert run.code == 0, run.err
    paths = outputs(base / "out", "hostile")
    return HostileBuild(run, paths, read_docx(paths["docx"]),
                        read_pdf(paths["pdf"], margins_mm("ministerial-brief")), read_xlsx(paths["xlsx"]))


def test_build_writes_all_three_and_warns_on_stderr(built: HostileBuild) -> None:
    assert built.run.out.splitlines() == [str(path) for path in built.paths.values()]
    assert "Traceback" not in built.run.err
    assert all(line.startswith("warning: ") for line in built.run.err.splitlines())
    warnings = built.run.warnings()
    assert [w for w in warnings if "hostile-partnership" in w and "SENSITIVE" in w and "OFFICIAL" in w]
    assert [w for w in warnings if "hostile-priority" in w and "review" in w and "1 January 2020" in w]
    assert any("32,767" in w and "40,000" in w for w in warnings), warnings  # the Excel cut
    assert leftovers(built.paths["docx"].parent) == []


def test_word_shows_every_text_as_typed(built: HostileBuild) -> None:
    text = built.word.all_text()
    assert [key for key in EVERY_KEY if shown(key) not in text] == []
    paragraphs = {t for _, t in built.word.blocks}
    exact = ["partnership summary", "priority summary", "line plus", "line minus", "line at",
             "line markup", "defensive formula", "fact formula", "fact at", "fact nfd", "fact control",
             "objective formula", "objective plus", "objective control", "intro"]
    assert [key for key in exact if shown(key) not in paragraphs] == []
    assert TITLE in paragraphs and any(LONG_QUOTE in t for t in paragraphs)


def test_word_headings_are_the_texts_as_typed(built: HostileBuild) -> None:
    headings = built.word.headings(2)
    assert (1, shown("section one")) in headings and (1, shown("section two")) in headings
    assert (2, shown("priority title")) in headings and (2, shown("partnership name")) in headings
    assert [text for level, text in headings if level == 2 and text.startswith(shown("speaker"))]


def test_word_text_is_clean_nfc(built: HostileBuild) -> None:
    every = "\n".join([built.word.all_text(), *(t for _, t in built.word.furniture)])
    assert CONTROL.findall(every) == []
    assert unicodedata.is_normalized("NFC", every)
    assert [key for key in NFD_KEYS if hostile.typed(key) in every] == []


def test_word_properties_cut_at_the_limit_with_a_marker(built: HostileBuild) -> None:
    props = built.word.properties
    assert len(props.title) <= WORD_PROPERTY_LIMIT and props.title.endswith("…")
    assert TITLE.startswith(props.title[:-1]) and len(props.title) >= WORD_PROPERTY_LIMIT - 1
    assert props.author == shown("author") and props.category == "OFFICIAL"


def test_pdf_shows_every_text_as_typed(built: HostileBuild) -> None:
    body = built.pdf.body()
    assert [key for key in EVERY_KEY if squash(shown(key)) not in body] == []
    assert squash(TITLE) in body
    assert squash(LONG_QUOTE) in body  # 40,000 characters across pages, whole


def test_pdf_reads_like_the_word_file(built: HostileBuild) -> None:
    missing = first_missing_in_order(built.word.flowing(), built.pdf.body())
    assert missing is None, f"Word text missing from the PDF, or out of order: {missing[:120]!r}"


def test_pdf_text_is_clean_nfc(built: HostileBuild) -> None:
    every = "".join(built.pdf.pages)
    assert CONTROL.findall(every) == []
    assert [key for key in NFD_KEYS if squash(hostile.typed(key)) in squash(every)] == []


def test_pdf_metadata_keeps_the_long_title(built: HostileBuild) -> None:
    meta = built.pdf.reader.metadata
    assert meta.title == TITLE and meta.author == shown("author")


def test_pdf_embeds_a_hangul_font_for_the_korean_text(built: HostileBuild) -> None:
    fonts = pdf_fonts(built.pdf.reader)
    assert [font_name(f) for f in fonts if not font_embedded(f)] == []
    assert [font_name(f) for f in fonts if font_name(f).startswith("NanumGothic")]


def test_excel_shows_every_text_as_typed(built: HostileBuild) -> None:
    values = [v for v in cell_values(built.book) if isinstance(v, str)]
    parts = set(values) | {part for v in values for part in re.split(r"\n|; ", v)}
    missing = [key for key in EVERY_KEY if key not in NOT_IN_REGISTER and shown(key) not in parts]
    assert missing == []
    overview = {r["Field"]: r["Value"] for r in records(built.book["Overview"])}
    assert overview["Title"] == TITLE and overview["Audience"] == shown("audience")
    assert CONTROL.findall("".join(values)) == []
    assert all(unicodedata.is_normalized("NFC", v) for v in values)


def test_excel_never_holds_a_formula(built: HostileBuild) -> None:
    assert formula_cells(built.book, built.paths["xlsx"]) == []
    risky = [c for ws in built.book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert len(risky) >= 10 and {c.data_type for c in risky} == {"s"}


def test_excel_cuts_the_long_quote_with_a_visible_marker(built: HostileBuild) -> None:
    quote = {r["ID"]: r["Quote"] for r in records(built.book["Quotes"])}["hostile-long-quote"]
    assert len(quote.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT and quote != LONG_QUOTE
    kept = next(n for n, (a, b) in enumerate(zip(quote, LONG_QUOTE)) if a != b)
    assert kept > EXCEL_CELL_LIMIT - 100 and "…" in quote[kept:]


def test_excel_properties_fit_their_limits(built: HostileBuild) -> None:
    props = built.book.properties  # the same package properties as Word's, with the same limit
    assert props.title == TITLE or (len(props.title) <= WORD_PROPERTY_LIMIT and props.title.endswith("…")
                                    and TITLE.startswith(props.title[:-1]))
    assert props.creator == shown("author") and props.category == "OFFICIAL"


def test_only_safe_links_are_live_in_word(built: HostileBuild) -> None:
    targets = external_targets(built.paths["docx"])
    assert hostile.SAFE_URL in targets and hostile.QUOTE_URL in targets
    assert [t for t in targets if not t.startswith(SAFE_SCHEMES)] == []
    fields = docx_field_codes(built.paths["docx"])
    assert [c for c in fields if "HYPERLINK" in c and "script" in c.lower()] == []


def test_only_safe_links_are_live_in_the_pdf(built: HostileBuild) -> None:
    uris = pdf_uris(built.pdf.reader)
    assert hostile.SAFE_URL in uris and hostile.QUOTE_URL in uris
    assert [u for u in uris if not u.startswith(SAFE_SCHEMES)] == []
    assert {str(a.get("/S")) for a in pdf_actions(built.pdf.reader)} <= {"/URI", "/GoTo"}


def test_only_safe_links_are_live_in_excel(built: HostileBuild) -> None:
    links = hyperlinks(built.book)
    assert hostile.SAFE_URL in links and hostile.QUOTE_URL in links
    assert [u for u in links if not u.startswith(SAFE_SCHEMES)] == []
    assert [t for t in external_targets(built.paths["xlsx"]) if not t.startswith(SAFE_SCHEMES)] == []
    urls = {r["URL"] for r in records(built.book["Sources"])}
    assert "javascript:alert(1)" in urls  # shown as plain text, never as a link
