"""Body markup built as text and parsed once: several times faster than one lxml call per element.

Every piece of user text passes through `esc`/`esc_attr` here and nowhere else, so `<`, `&`
and the like always arrive in Word as the characters typed.
"""

from __future__ import annotations

import functools

from lxml import etree

from briefing.exporters.docx.ooxml import R_NS, W_NS
from briefing.text import clean

_OPEN = f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">'


def esc(text: str) -> str:
    """`text` escaped for an XML text node."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(text: str) -> str:
    """`text` escaped for a double-quoted XML attribute."""
    return esc(text).replace('"', "&quot;")


def run_text(text: str) -> str:
    """The w:t / w:tab / w:br content of a run holding `text` literally."""
    text = clean(text)
    if "\t" not in text and "\n" not in text:
        return f'<w:t xml:space="preserve">{esc(text)}</w:t>' if text else ""
    pieces = []
    for line_no, line in enumerate(text.split("\n")):
        if line_no:
            pieces.append("<w:br/>")
        for chunk_no, chunk in enumerate(line.split("\t")):
            if chunk_no:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{esc(chunk)}</w:t>')
    return "".join(pieces)


@functools.lru_cache(maxsize=256)  # few distinct combinations occur; safe across threads
def run_props(style: str | None, bold: bool, italic: bool, colour: str | None) -> str:
    """The w:rPr for these run properties."""
    inner = (
        (f'<w:rStyle w:val="{esc_attr(style)}"/>' if style else "")
        + ("<w:b/><w:bCs/>" if bold else "")
        + ("<w:i/><w:iCs/>" if italic else "")
        + (f'<w:color w:val="{esc_attr(colour)}"/>' if colour else "")
    )
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def run(text: str, *, style: str | None = None, bold: bool = False, italic: bool = False,
        colour: str | None = None) -> str:
    """A complete w:r holding `text`."""
    return f"<w:r>{run_props(style, bold, italic, colour)}{run_text(text)}</w:r>"


def field_char(kind: str) -> str:
    """A run with a field character: begin, separate or end."""
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def instruction(code: str) -> str:
    """A run with a field code such as 'TOC \\o "1-2"'."""
    return f'<w:r><w:instrText xml:space="preserve"> {esc(code)} </w:instrText></w:r>'


def append_markup(parent: etree._Element, markup: str) -> None:
    """Parse markup made here and append its elements to `parent` (a header's paragraph)."""
    for child in list(parse_body([markup])):
        parent.append(child)


def text_run(parent: etree._Element, text: str, *, bold: bool = False,
             colour: str | None = None) -> None:
    """Append a w:r holding `text` to `parent`, built as every run of the body is."""
    append_markup(parent, run(text, bold=bold, colour=colour))


def parse_body(pieces: list[str]) -> etree._Element:
    """Parse body markup into a w:body element whose children can be moved into the document."""
    # A parser per call: an lxml parser must not be used by two threads at once.
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)
    return etree.fromstring("".join((_OPEN, *pieces, "</w:body>")), parser)
