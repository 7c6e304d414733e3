"""List numbering: our own bullet and decimal definitions, added beside any the template has."""

from __future__ import annotations

from lxml import etree

from briefing.exporters.docx.ooxml import W, sub
from briefing.exporters.docx.palette import WordPalette

# (number format, text, colour key) per list role; the glyphs are in every body font we name.
_KINDS = {
    "bullet": ("bullet", "\u2022", "accent"),
    "lines": ("bullet", "\u2022", "heading"),
    "defensive": ("bullet", "\u2013", "defensive"),
    "numbered": ("decimal", "%1.", "text"),
}


def _max_id(root: etree._Element, tag: str, attr: str) -> int:
    values = [el.get(W + attr, "") for el in root.iter(W + tag)]
    return max((int(v) for v in values if v.isdigit()), default=0)


class Numbering:
    """numIds for each list role; numbered lists get a fresh num each so they restart at 1."""

    def __init__(self, root: etree._Element, palette: WordPalette) -> None:
        self._root = root
        self._palette = palette
        self._next_abstract = _max_id(root, "abstractNum", "abstractNumId") + 1
        self._next_num = _max_id(root, "num", "numId") + 1
        self._abstract = {role: self._add_abstract(role) for role in _KINDS}
        self._shared = {role: self._add_num(self._abstract[role]) for role in _KINDS}

    def num_id(self, role: str) -> str:
        """The numId shared by every list of `role` (bullet, lines, defensive, numbered)."""
        return self._shared[role]

    def restart(self, role: str) -> str:
        """A new numId for one numbered list, so that it counts from 1 again."""
        if role != "numbered":
            return self._shared[role]
        return self._add_num(self._abstract[role], restart=True)

    def _add_abstract(self, role: str) -> str:
        fmt, text, colour = _KINDS[role]
        abstract_id = str(self._next_abstract)
        self._next_abstract += 1
        node = self._root.makeelement(W + "abstractNum", {W + "abstractNumId": abstract_id})
        sub(node, "multiLevelType", val="singleLevel")
        lvl = sub(node, "lvl", ilvl="0")
        sub(lvl, "start", val="1")
        sub(lvl, "numFmt", val=fmt)
        sub(lvl, "lvlText", val=text)
        sub(lvl, "lvlJc", val="left")
        ppr = sub(lvl, "pPr")
        sub(ppr, "ind", left="397", hanging="284")
        rpr = sub(lvl, "rPr")
        font = self._palette.body_font
        sub(rpr, "rFonts", ascii=font, hAnsi=font, cs=font, hint="default")
        sub(rpr, "color", val=self._palette.colour(colour))
        first_num = self._root.find(W + "num")
        if first_num is not None:
            first_num.addprevious(node)  # every abstractNum must precede every num
        else:
            self._root.append(node)
        return abstract_id

    def _add_num(self, abstract_id: str, restart: bool = False) -> str:
        num_id = str(self._next_num)
        self._next_num += 1
        num = self._root.makeelement(W + "num", {W + "numId": num_id})
        cleanup = self._root.find(W + "numIdMacAtCleanup")
        if cleanup is not None:
            cleanup.addprevious(num)  # the schema keeps this element last
        else:
            self._root.append(num)
        sub(num, "abstractNumId", val=abstract_id)
        if restart:
            override = sub(num, "lvlOverride", ilvl="0")
            sub(override, "startOverride", val="1")
        return num_id
