"""WordprocessingML element helpers on lxml, for styles and numbering (text runs: markup.py)."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = f"{{{W_NS}}}"


def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """Append a w:`tag` child with w:-namespaced attributes (`val="x"` → w:val="x")."""
    child = etree.SubElement(parent, W + tag)
    for key, value in attrs.items():
        child.set(W + key, value)
    return child


def border(parent: etree._Element, side: str, colour: str, size_eighths: int = 4,
           space: int = 0, val: str = "single") -> etree._Element:
    """Append a border element (w:top, w:left, w:bottom, w:insideH, ...) to a borders group."""
    return sub(parent, side, val=val, sz=str(size_eighths), space=str(space),
               color=colour.lstrip("#").upper())


def shading(parent: etree._Element, fill: str) -> etree._Element:
    """Append a solid w:shd with `fill` colour."""
    return sub(parent, "shd", val="clear", color="auto", fill=fill.lstrip("#").upper())
