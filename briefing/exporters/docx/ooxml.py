"""WordprocessingML element helpers on lxml, for styles, numbering, headers and footers."""

from __future__ import annotations

from lxml import etree

from briefing.text import clean

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """Append a w:`tag` child with w:-namespaced attributes (`val="x"` → w:val="x")."""
    child = etree.SubElement(parent, W + tag)
    for key, value in attrs.items():
        child.set(W + key, value)
    return child


def run_properties(r: etree._Element, *, bold: bool = False, colour: str | None = None) -> None:
    """Give run `r` a w:rPr (schema order); nothing when no property is set."""
    if not (bold or colour):
        return
    rpr = sub(r, "rPr")
    if bold:
        sub(rpr, "b")
        sub(rpr, "bCs")
    if colour:
        sub(rpr, "color", val=colour.lstrip("#").upper())


def add_text(r: etree._Element, text: str) -> None:
    """Append `text` to run `r` literally: tabs become w:tab, newlines w:br."""
    text = clean(text)
    for line_no, line in enumerate(text.split("\n")):
        if line_no:
            sub(r, "br")
        for chunk_no, chunk in enumerate(line.split("\t")):
            if chunk_no:
                sub(r, "tab")
            if chunk:
                t = etree.SubElement(r, W + "t")
                t.set(XML_SPACE, "preserve")
                t.text = chunk


def text_run(parent: etree._Element, text: str, *, bold: bool = False,
             colour: str | None = None) -> etree._Element:
    """Append a w:r holding `text` to `parent`."""
    r = sub(parent, "r")
    run_properties(r, bold=bold, colour=colour)
    add_text(r, text)
    return r


def border(parent: etree._Element, side: str, colour: str, size_eighths: int = 4,
           space: int = 0, val: str = "single") -> etree._Element:
    """Append a border element (w:top, w:left, w:bottom, w:insideH, ...) to a borders group."""
    return sub(parent, side, val=val, sz=str(size_eighths), space=str(space),
               color=colour.lstrip("#").upper())


def shading(parent: etree._Element, fill: str) -> etree._Element:
    """Append a solid w:shd with `fill` colour."""
    return sub(parent, "shd", val="clear", color="auto", fill=fill.lstrip("#").upper())
