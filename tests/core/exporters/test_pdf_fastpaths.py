"""PDF exporter quick paths give what reportlab gives: drawing, links, the story, fonts, import."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Spacer

from briefing.docmodel import Span, Style
from briefing.exporters.pdf import fonts
from briefing.exporters.pdf.fastpara import FastParagraph
from briefing.exporters.pdf.markup import MarkupWriter
from briefing.exporters.pdf.page import DeferredCanvas
from briefing.exporters.pdf.story import Story
from briefing.exporters.pdf.styles import build_styles, palette

STYLES = build_styles(palette(Style()))
KOREAN = "디지털 파트너십은 중요합니다"


def _writer() -> MarkupWriter:
    return MarkupWriter(fonts.ScriptSplitter(), "#2E74B5", frozenset({"src-1"}))


def _cases(writer: MarkupWriter) -> list[tuple]:
    """(content, style, bullet): one run, several runs, links within and across lines."""
    inline = writer.inline
    return [
        (inline((Span("Priority 12: cross reference to another item " * 3, href="#src-1"),)),
         STYLES["bullet"], "•"),
        (inline((Span("Source: "), Span("[1]", href="#src-1"))), STYLES["meta"], None),
        (inline((Span("Bold start ", bold=True), Span("plain words " * 9), Span(KOREAN),
                 Span(" linked words " * 7, href="#src-1"), Span(" and an end (x)", italic=True))),
         STYLES["body"], None),
        (inline((Span("Policy paper 1", href="#src-1"), Span(". European Commission. "),
                 Span("https://example.org/papers/1", href="https://example.org/papers/1"))),
         STYLES["source"], "[1]"),  # an underlined web link: reportlab draws it on both sides
        (inline((Span("EU "), Span(KOREAN, bold=True))), STYLES["cell"], None),
    ]


def _squeezed_width(writer: MarkupWriter, rich, style) -> float:
    """A width at which reportlab squeezes a line (spaces shrink to fit it)."""
    for tenth in range(2000, 4500):
        para = writer.paragraph(rich, style, RLParagraph)
        para.wrap(tenth / 10, 1000)
        lines = para.blPara.lines
        extras = [line[0] if para.blPara.kind == 0 else line.extraSpace for line in lines]
        if any(extra < -1e-8 for extra in extras[:-1]):
            return tenth / 10
    raise AssertionError("no squeezed line found")


def _render(cls: type) -> tuple[list, list, list]:
    """Text runs (text, x, y), links (rect, target) and word spacings when the cases are
    drawn as `cls`, some in a table-like translated frame."""
    writer = _writer()
    buffer = io.BytesIO()
    canvas = DeferredCanvas(buffer)
    canvas.bookmarkHorizontal("src-1", 0, 800)
    y = 800.0
    plain = writer.text("squeeze these words a little bit more " * 6)
    cases = _cases(writer) + [(plain, STYLES["body"], None)]
    for n, (rich, style, bullet) in enumerate(cases):
        width = _squeezed_width(writer, rich, style) if n == len(cases) - 1 else 400
        para = writer.paragraph(rich, style, cls, bullet=bullet)
        para.wrap(width, 800)
        # The mixed paragraph is split as at a page foot: its parts carry runs already
        # broken into words, and the link goes on from one part to the next.
        for part in para.split(width, 40) if n == 2 else [para]:
            _, height = part.wrap(width, 800)
            canvas.saveState()
            canvas.translate(5 * n, 0)  # links must follow the current transformation
            part.drawOn(canvas, 72, y - height)
            canvas.restoreState()
            y -= height + 16
    canvas.save()
    page = PdfReader(io.BytesIO(buffer.getvalue())).pages[0]
    runs: list = []

    def visit(text: str, cm: list, tm: list, _font: object, _size: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            runs.append((text.strip(), x, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    links = [([round(float(v), 2) for v in a.get_object()["/Rect"]],
              str(a.get_object().get("/A", {}).get("/URI", "")) or "internal")
             for a in page["/Annots"]]
    spacing = re.findall(rb"(-?[\d.]+) Tw", page.get_contents().get_data())
    return runs, links, [round(float(v), 4) for v in spacing if float(v)]


def _close(ours: list, theirs: list) -> bool:
    """Same texts, positions within 0.01 pt (reportlab moves by leading, we set each line)."""
    return len(ours) == len(theirs) and all(
        a[0] == b[0] and abs(a[1] - b[1]) < 0.011 and abs(a[2] - b[2]) < 0.011
        for a, b in zip(ours, theirs))


def test_quick_drawing_matches_reportlab_text_links_and_spacing() -> None:
    (runs, links, spacing), (their_runs, their_links, their_spacing) = (
        _render(FastParagraph), _render(RLParagraph))
    assert len(runs) > 15 and len(links) >= 8 and spacing
    assert _close(runs, their_runs)
    assert (links, spacing) == (their_links, their_spacing)


def test_story_behaves_as_the_list_platypus_expects() -> None:
    items = [Spacer(1, n) for n in range(6)]
    story, model = Story(items), list(items)
    for s in (story, model):
        del s[0]
        s.insert(0, items[5])
        s[0:0] = [items[3], items[4]]
        s[1] = None
        del s[:2]
    assert len(story) == len(model)
    assert [story[i] for i in range(len(story))] == model
    assert story[:3] == model[:3] and story[-1] is model[-1]


def test_quick_links_read_back_like_reportlabs() -> None:
    buffer = io.BytesIO()
    canvas = DeferredCanvas(buffer)
    canvas.bookmarkHorizontal("there", 0, 700)
    canvas.drawString(72, 700, "target")
    canvas.showPage()
    canvas.linkRect("", "there", (72, 600, 200, 620), relative=1)
    canvas.linkURL("https://example.org/a?b=(1)", (72, 500, 200, 520), relative=1)
    canvas.linkURL("https://example.org/ü", (72, 400, 200, 420))
    canvas.drawString(72, 600, "links")
    canvas.save()
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    annots = [a.get_object() for a in reader.pages[1]["/Annots"]]
    dest = annots[0]["/Dest"]
    assert reader.get_page_number(dest[0].get_object()) == 0 and dest[1] == "/XYZ"
    assert [float(v) for v in annots[0]["/Rect"]] == [72, 600, 200, 620]
    assert [a["/A"]["/URI"] for a in annots[1:]] == ["https://example.org/a?b=(1)",
                                                     "https://example.org/ü"]
    assert all(list(a["/Border"]) == [0, 0, 0] for a in annots)


def test_subset_names_are_reportlabs_and_stay_with_their_document() -> None:
    font, other = fonts.register("NotoSans-Italic"), fonts.register("NotoSans-Bold")
    first, second = DeferredCanvas(io.BytesIO()), DeferredCanvas(io.BytesIO())
    other.getSubsetInternalName(0, second._doc)  # so the documents number fonts differently
    for canvas in (first, second, first, second):
        font.splitString("Ψηφιακή partnership", canvas._doc)
        name = font.getSubsetInternalName(0, canvas._doc)
        assert name == TTFont.getSubsetInternalName(font, 0, canvas._doc)
    assert font.getSubsetInternalName(0, first._doc) != font.getSubsetInternalName(0, second._doc)


def test_reportlab_is_imported_with_its_url_pattern_compiled_on_first_use() -> None:
    script = (
        "import re\n"
        "from briefing.exporters.pdf.rlimport import LazyPattern, import_platypus\n"
        "import_platypus()\n"
        "from reportlab.platypus import paragraph\n"
        "lazy = paragraph.uri_pat\n"
        "assert isinstance(lazy, LazyPattern)\n"
        "assert re.compile is not None and re.compile('a+').match('aa')\n"
        "for text in ('https://example.org/a?b=1', 'www.example.org', 'ftp://x.y', 'no'):\n"
        "    print(bool(lazy.match(text)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[3])
    from reportlab.platypus import paragraph  # this process: compiled the ordinary way

    expected = [str(bool(paragraph.uri_pat.match(t))) for t in
                ("https://example.org/a?b=1", "www.example.org", "ftp://x.y", "no")]
    assert done.stdout.split() == expected
