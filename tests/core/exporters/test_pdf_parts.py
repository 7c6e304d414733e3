"""PDF exporter parts: script runs, paragraph shapes, pieces of long text, drawing, fitting."""

from __future__ import annotations

import io
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as RLParagraph

from briefing.docmodel import BriefingDocument, Paragraph, Properties, Span, Style
from briefing.exporters.pdf import canvas_text, chunks, fonts
from briefing.exporters.pdf.flowables import (
    AnchoredParagraph,
    BriefParagraph,
    HeadingParagraph,
    JoinedRuledParagraph,
    RuledParagraph,
    SquareBulletParagraph,
)
from briefing.exporters.pdf.lines import OneLine, PlainLines
from briefing.exporters.pdf.markup import MarkupWriter
from briefing.exporters.pdf.styles import build_styles, palette
from tests.core.exporters.pdfread import export, squash
from tests.core.exporters.sample import HOSTILE, KOREAN

TEXT = st.text(alphabet=st.sampled_from(
    list("abcXYZ019 &<>\"'=+-@{}/\\;:()[]#\t\n") + list("ΨηφιακήЖизнь") + list("한국디지털")),
    max_size=60)


def _writer() -> tuple[MarkupWriter, dict]:
    styles = build_styles(palette(Style()))
    return MarkupWriter(fonts.ScriptSplitter(), "#2E74B5", frozenset({"src-1"})), styles


def _frag_text(paragraph) -> str:
    return "".join(f.text for f in paragraph.frags)


def test_runs_put_hangul_in_nanum_and_keep_spaces_with_their_run() -> None:
    runs = fonts.ScriptSplitter().runs("EU 한국 디지털 café → 😀")
    assert runs == [(False, "EU "), (True, "한국 디지털 "), (False, "café "), (True, "→ "),
                    (False, "😀")]
    assert fonts.ScriptSplitter().runs("plain ascii") == [(False, "plain ascii")]


def test_hostile_text_is_never_read_as_markup() -> None:
    writer, styles = _writer()
    para = writer.paragraph(writer.text(HOSTILE + " \ue0001\ue001"), styles["body"])
    assert _frag_text(para) == HOSTILE + " \ue0001\ue001"
    assert {f.fontName for f in para.frags} == {"NotoSans-Regular"}


def test_shapes_are_reused_with_each_paragraphs_own_text_and_links() -> None:
    writer, styles = _writer()
    first = writer.paragraph(writer.inline((Span("See "), Span("[1]", href="#src-1"))), styles["meta"])
    second = writer.paragraph(writer.inline((Span("Voir "), Span("<1>", href="#src-1"))), styles["meta"])
    assert len(writer._shapes) == 1
    assert [(f.text, f.link) for f in first.frags] == [("See ", []), ("[1]", [(0, "#src-1")])]
    assert [(f.text, f.link) for f in second.frags] == [("Voir ", []), ("<1>", [(0, "#src-1")])]


def test_bold_hangul_gets_the_bold_hangul_face() -> None:
    writer, styles = _writer()
    para = writer.paragraph(writer.inline((Span("EU ", bold=True), Span(KOREAN, bold=True))),
                            styles["body"])
    assert {f.fontName for f in para.frags} == {"NotoSans-Bold", "NanumGothicBold"}


def test_line_breaks_and_tabs() -> None:
    writer, styles = _writer()
    para = writer.paragraph(writer.text("one\ntwo\tthree"), styles["body"])
    assert [f.text for f in para.frags] == ["one", "", "two\u00a0\u00a0\u00a0 three"]
    assert getattr(para.frags[1], "lineBreak", False)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_any_text_becomes_exactly_its_own_fragments(text: str) -> None:
    writer, styles = _writer()
    para = writer.paragraph(writer.text(text), styles["body"])
    lines = unicodedata.normalize("NFC", text).replace("\t", "\u00a0\u00a0\u00a0 ").split("\n")
    assert _frag_text(para) == "".join(re.sub(r"[^\S\u00a0]+", " ", line) for line in lines)


@settings(max_examples=12, deadline=None)
@given(TEXT.filter(lambda t: t.strip()))
def test_any_text_reads_back_from_the_pdf(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("prop") / "t.pdf"
    doc = BriefingDocument(properties=Properties(title="T"), style=Style(page_numbers=False),
                           blocks=(Paragraph((Span(text),)),))
    extracted = squash(export(doc, path).pages[0].extract_text())
    assert squash(unicodedata.normalize("NFC", text)) in extracted


def _drawn(cls: type) -> list[tuple[str, float, float]]:
    """(text, x, y) of every text run when sample paragraphs are drawn as `cls`."""
    writer, styles = _writer()
    cases = [(writer.text("word " * 40 + "(paren) back\\slash"), styles["body"], None),
             (writer.text("bullet item " * 9), styles["bullet"], "•"),
             (writer.text("numbered " * 12), styles["numbered"], "10."),
             (writer.text("Heading text", bold=True), styles["h2"], None),
             (writer.inline((Span("EU "), Span(KOREAN, bold=True))), styles["cell"], None)]
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    y = 750.0
    for rich, style, bullet in cases:
        para = writer.paragraph(rich, style, cls, bullet=bullet)
        _, height = para.wrap(400, 800)
        para.drawOn(canvas, 72, y - height)
        y -= height + 20
    canvas.save()
    runs: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list, tm: list, _font: object, _size: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            runs.append((text.strip(), round(x, 1), round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1)))

    PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text(visitor_text=visit)
    return runs


def test_brief_paragraph_draws_what_reportlab_draws() -> None:
    ours = _drawn(BriefParagraph)
    assert len(ours) > 10
    assert ours == _drawn(RLParagraph)


PIECE_TEXT = st.text(alphabet=st.sampled_from(list("ab .\n\u0301é한")), max_size=400)


@settings(max_examples=200, deadline=None)
@given(PIECE_TEXT, st.integers(5, 40), st.integers(1, 6))
def test_pieces_of_a_text_put_together_give_the_text(text: str, most: int, breaks: int) -> None:
    pieces = chunks.text_pieces(text, most, breaks)
    spans = tuple(Span(text[i:i + 7], bold=i % 2 == 0) for i in range(0, len(text), 7))
    span_pieces = chunks.span_pieces(spans, most, breaks)
    assert all(len(p) <= most and p.count("\n") <= breaks for p in pieces)
    assert ["".join(s.text for s in piece) for piece in span_pieces] == pieces
    # Between two pieces at most one character is left out: the line break or space
    # (or the space after a full stop) that the paragraph break stands for.
    if len(pieces) > 1:
        at = 0
        for (start, end), piece in zip(chunks.ranges(text, most, breaks), pieces):
            assert start - at <= 1 and text[at:start] in ("", "\n", " ")
            assert text[start:end] == piece
            # A cut never parts a letter from its accents (unless a piece is all accents).
            assert (start in (0, end) or not unicodedata.combining(text[start])
                    or text[start - 1] in " \n" or unicodedata.combining(text[start - 1]))
            at = end
        assert at == len(text)


def test_fit_cuts_a_line_with_an_ellipsis() -> None:
    splitter = fonts.ScriptSplitter()
    name = fonts.face_name("Noto Sans")
    runs = canvas_text.fit(splitter, "word " * 80 + KOREAN, name, 10, 200)
    text = "".join(t for _, t in runs)
    assert text.endswith("…") and canvas_text.width(runs, 10) <= 200
    assert canvas_text.fit(splitter, "short\nline", name, 10, 200) == ((name, "short line"),)


def test_fonts_bundle_holds_every_face() -> None:
    for stem in ("NotoSans", "NotoSerif"):
        for face in ("Regular", "Bold", "Italic", "BoldItalic"):
            assert (fonts.fonts_dir() / f"{stem}-{face}.ttf").is_file()
    assert (fonts.fonts_dir() / "NanumGothic.ttf").is_file()


def test_a_title_keeps_a_few_line_breaks_and_all_its_text() -> None:
    title = "first\n" + "\n" * 40 + "x\ny\nlast"
    kept = chunks.title_text(title)
    assert kept.count("\n") == chunks.TITLE_LINE_BREAKS
    assert squash(kept) == squash(title) and kept.startswith("first\n")
    assert chunks.title_text("a\nb") == "a\nb"


def _one_line_cases(writer: MarkupWriter, styles: dict) -> list[tuple]:
    """(content, style, paragraph class, bullet) of lines as a brief has them."""
    return [
        (writer.text("Heading text", bold=True), styles["h2"], HeadingParagraph, None),
        (writer.text("Key facts", bold=True), styles["h3"], HeadingParagraph, None),
        (writer.inline((Span("Source: "), Span("[1]", href="#src-1"))), styles["meta"],
         BriefParagraph, None),
        (writer.inline((Span("Priority 1: a cross reference", href="#src-1"),)), styles["bullet"],
         BriefParagraph, "•"),
        (writer.inline((Span("EU "), Span(KOREAN, bold=True), Span(" and "),
                        Span("linked " + KOREAN, href="#src-1"))), styles["cell"],
         BriefParagraph, None),
        (writer.text("numbered item"), styles["numbered"], BriefParagraph, "10."),
        (writer.text("a line to take"), styles["lines"], SquareBulletParagraph, " "),
        (writer.text("— Attribution, Minister"), styles["attribution"], JoinedRuledParagraph,
         None),
        (writer.inline((Span("Policy paper", href="https://example.org/p"),
                        Span(". Publisher, 2024. "),
                        Span("https://example.org/p", href="https://example.org/p"))),
         styles["source"], AnchoredParagraph, "[12]"),
        (writer.inline((Span("all of it a link", href="mailto:a@example.org"),)), styles["body"],
         BriefParagraph, None),
    ]


def _drawn_with_links(one_line_width: float | None) -> tuple[list, list, bytes, str]:
    """Text runs (text, x, y), link rectangles, the marks' drawing and the text a reader
    extracts of the sample lines, as OneLines (laid out for `one_line_width`) or as
    reportlab's Paragraphs (None)."""
    writer, styles = _writer()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    y = 750.0
    kinds = set()
    for rich, style, cls, bullet in _one_line_cases(writer, styles):
        para = writer.paragraph(rich, style, cls, bullet=bullet, width=one_line_width)
        kinds.add(isinstance(para, OneLine))
        _, height = para.wrap(400, 800)
        para.drawOn(canvas, 72, y - height)
        y -= height + 20
    assert kinds == {one_line_width is not None}
    canvas.bookmarkPage("src-1")
    canvas.save()
    page = PdfReader(io.BytesIO(buffer.getvalue())).pages[0]
    runs: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list, tm: list, _font: object, _size: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            runs.append((text.strip(), round(x, 2), round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 2)))

    page.extract_text(visitor_text=visit)
    rects = [[round(float(v), 2) for v in a.get_object()["/Rect"]] for a in page["/Annots"]]
    marks = re.findall(rb"[\d.\s-]+(?:re f|l S|m [\d.\s-]+l S)", page.get_contents().get_data())
    return runs, rects, b"".join(sorted(marks)), page.extract_text()


def test_one_line_draws_what_reportlabs_paragraph_draws() -> None:
    ours, theirs = _drawn_with_links(400), _drawn_with_links(None)
    assert len(ours[0]) >= 10 and len(ours[1]) == 6
    assert ours[2].count(b"l S") == 4  # the three URI links' underlines, the quote's rule
    assert ours == theirs


def test_what_does_not_fit_or_is_not_plain_stays_a_paragraph() -> None:
    writer, styles = _writer()
    long = writer.inline((Span("word " * 40), Span("[1]", href="#src-1")))
    assert isinstance(writer.paragraph(long, styles["body"], width=400), BriefParagraph)
    assert isinstance(writer.paragraph(writer.text("word " * 5 + "end"), styles["body"], width=400),
                      OneLine)
    for rich in (writer.text("two\nlines"), writer.text("double  space\t"),
                 writer.text("zero\u200bwidth"), writer.text(" leading space")):
        assert not isinstance(writer.paragraph(rich, styles["body"], width=400), OneLine)
    assert not isinstance(writer.paragraph(writer.text("boxed"), styles["note"], width=400),
                          OneLine)
    assert not isinstance(writer.paragraph(writer.text("x"), styles["body"]), OneLine)


WORDS = st.lists(st.text(alphabet=st.sampled_from(list("abcdefghijWXYZ.,;()-ΨηφΖЖи")),
                         min_size=1, max_size=14), min_size=1, max_size=60)


def _drawn_plain(text: str, style_name: str, bullet: str | None, width: float,
                 ours: bool) -> tuple[list, str, list[str]]:
    """Text runs (text, x, y), extracted text and kinds of flowable of one paragraph
    drawn at `width`: by PlainLines/OneLine (`ours`) or by reportlab's Paragraph."""
    writer, styles = _writer()
    style = styles[style_name]
    cls = {"lines": SquareBulletParagraph, "quote": RuledParagraph}.get(style_name,
                                                                        BriefParagraph)
    para = writer.paragraph(writer.text(text), style, cls, bullet=bullet,
                            width=width if ours else None)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    _, height = para.wrap(width, 800)
    para.drawOn(canvas, 40, 800 - height)
    canvas.save()
    page = PdfReader(io.BytesIO(buffer.getvalue())).pages[0]
    runs: list[tuple[str, float, float]] = []

    def visit(part: str, cm: list, tm: list, _font: object, _size: object) -> None:
        if part.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            runs.append((part.strip(), round(x, 2), round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 2)))

    page.extract_text(visitor_text=visit)
    marks = re.findall(rb"[\d.\s-]+(?:re f|l S)", page.get_contents().get_data())
    return runs, page.extract_text(), [type(para).__name__, *map(bytes.decode, marks)]


@settings(max_examples=120, deadline=None)
@given(WORDS, st.sampled_from(["body", "bullet", "lines", "quote", "cell"]),
       st.integers(60, 420))
def test_plain_lines_break_and_draw_as_reportlab_does(words: list[str], style_name: str,
                                                      width: int) -> None:
    text = " ".join(words)
    bullet = {"bullet": "•", "lines": " "}.get(style_name)
    ours = _drawn_plain(text, style_name, bullet, width, ours=True)
    theirs = _drawn_plain(text, style_name, bullet, width, ours=False)
    assert ours[:2] == theirs[:2]
    assert ours[2][1:] == theirs[2][1:]  # the marks (square, rule) too


def test_long_plain_paragraphs_are_plain_lines_and_split_as_paragraphs() -> None:
    writer, styles = _writer()
    para = writer.paragraph(writer.text("word " * 60 + "end"), styles["body"], width=300)
    assert isinstance(para, PlainLines)
    _, height = para.wrap(300, 800)
    parts = para.split(300, height / 2)
    assert len(parts) == 2 and all(isinstance(p, BriefParagraph) for p in parts)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for part in parts:
        part.wrap(300, 800)
        part.drawOn(canvas, 40, 400)
        canvas.showPage()
    canvas.save()
    pages = PdfReader(io.BytesIO(buffer.getvalue())).pages
    assert squash("".join(page.extract_text() for page in pages)) == squash("word " * 60 + "end")
    linked = writer.inline((Span("word " * 60, href="#src-1"),))
    assert not isinstance(writer.paragraph(linked, styles["body"], width=300), PlainLines)
