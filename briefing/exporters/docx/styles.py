"""Style set-up: resolve style ids once, create what is missing, set fonts (East Asian too)."""

from __future__ import annotations

from lxml import etree

from briefing.exporters.docx.numbering import Numbering
from briefing.exporters.docx.ooxml import W, border, shading, sub
from briefing.exporters.docx.palette import WordPalette
from briefing.exporters.docx.stylespecs import SPECS, StyleSpec

EAST_ASIAN_LANG = "ko-KR"


class StyleSheet:
    """Maps our style keys to the style ids in this document; lookups are dict hits."""

    def __init__(self, root: etree._Element, palette: WordPalette, numbering: Numbering,
                 *, keep_existing: bool) -> None:
        self._root = root
        self._palette = palette
        self._numbering = numbering
        self.ids: dict[str, str] = {}
        self.created: list[str] = []
        found = _existing_styles(root)
        taken = {el.get(W + "styleId") for el in root.iter(W + "style")}
        for spec in SPECS:
            existing = found.get((spec.kind, spec.name.casefold()))
            if existing is not None and keep_existing:
                self.ids[spec.key] = existing.get(W + "styleId") or ""  # found only with an id
                continue
            if existing is not None:
                taken.discard(existing.get(W + "styleId"))
                root.remove(existing)
            else:
                self.created.append(spec.name)
            self.ids[spec.key] = _free_id(spec.style_id, taken)
            root.append(self._build(spec))
        set_east_asian_font(root, palette, own_fonts=not keep_existing)

    def id(self, key: str) -> str:
        """The style id for one of our style keys (see stylespecs.SPECS)."""
        return self.ids[key]

    def _build(self, spec: StyleSpec) -> etree._Element:
        attrs = {W + "type": spec.kind, W + "styleId": self.ids[spec.key]}
        style = self._root.makeelement(W + "style", attrs)
        if spec.custom:
            style.set(W + "customStyle", "1")
        if spec.key == "normal":
            style.set(W + "default", "1")
        sub(style, "name", val=spec.name)
        if spec.based_on:
            sub(style, "basedOn", val=self.ids[spec.based_on])
        if spec.key.startswith("h") and spec.key[1:].isdigit():
            sub(style, "next", val=self.ids["normal"])
        sub(style, "qFormat")
        if spec.kind == "table":
            self._table_props(style)
            return style
        if spec.kind == "paragraph":
            self._paragraph_props(style, spec)
        self._run_props(style, spec)
        return style

    def _paragraph_props(self, style: etree._Element, spec: StyleSpec) -> None:
        ppr = sub(style, "pPr")
        if spec.keep_next:
            sub(ppr, "keepNext")
            sub(ppr, "keepLines")
        if spec.numbering:
            num_pr = sub(ppr, "numPr")
            sub(num_pr, "numId", val=self._numbering.num_id(spec.numbering))
        if spec.border:
            side, colour, size, space = spec.border
            border(sub(ppr, "pBdr"), side, self._palette.colour(colour), size, space)
        if spec.fill:
            shading(ppr, self._palette.colour(spec.fill))
        if spec.tab:
            sub(sub(ppr, "tabs"), "tab", val="left", pos=str(spec.tab))
        self._spacing(ppr, spec)
        if spec.left or spec.right or spec.hanging:
            ind = sub(ppr, "ind", left=str(spec.left), right=str(spec.right))
            if spec.hanging:
                ind.set(W + "hanging", str(spec.hanging))
        if spec.outline is not None:
            sub(ppr, "outlineLvl", val=str(spec.outline))

    def _spacing(self, ppr: etree._Element, spec: StyleSpec) -> None:
        """Space before and after (twentieths of a point) and line spacing, tightened in a
        compact style."""
        p = self._palette
        line = min(spec.line, p.max_line) if p.max_line else spec.line
        sub(ppr, "spacing", before=str(round(spec.before * p.spacing * 20)),
            after=str(round(spec.after * p.spacing * 20)), line=str(round(line * 240)),
            lineRule="auto")

    def _run_props(self, style: etree._Element, spec: StyleSpec) -> None:
        p = self._palette
        rpr = sub(style, "rPr")
        if spec.kind == "paragraph":
            font = p.heading_font if spec.font == "heading" else p.body_font
            sub(rpr, "rFonts", ascii=font, hAnsi=font, cs=font, eastAsia=p.east_asian_font)
        for flag, tags in ((spec.bold, ("b", "bCs")), (spec.italic, ("i", "iCs"))):
            for tag in tags if flag else ():
                sub(rpr, tag)
        sub(rpr, "color", val=p.colour(spec.colour))
        if spec.letter_spacing:
            sub(rpr, "spacing", val=str(spec.letter_spacing))
        if spec.kind == "paragraph":
            half_points = str(round(p.body_size * spec.scale * 2))
            sub(rpr, "sz", val=half_points)
            sub(rpr, "szCs", val=half_points)
        if spec.kind == "character":
            sub(rpr, "u", val="single")

    def _table_props(self, style: etree._Element) -> None:
        ppr = sub(style, "pPr")
        sub(ppr, "spacing", before="0", after="0")
        tbl_pr = sub(style, "tblPr")
        borders = sub(tbl_pr, "tblBorders")
        for side in ("top", "bottom", "insideH"):
            border(borders, side, self._palette.rule, 4)
        margins = sub(tbl_pr, "tblCellMar")
        for side, size in (("top", "57"), ("left", "85"), ("bottom", "57"), ("right", "85")):
            sub(margins, side, w=size, type="dxa")


def _existing_styles(root: etree._Element) -> dict[tuple[str, str], etree._Element]:
    """Styles by (type, case-folded name); the first definition wins, as in Word."""
    found: dict[tuple[str, str], etree._Element] = {}
    for style in root.iter(W + "style"):
        name = style.find(W + "name")
        if name is None or not style.get(W + "styleId"):
            continue
        key = (style.get(W + "type", "paragraph"), (name.get(W + "val") or "").casefold())
        found.setdefault(key, style)
    return found


def _free_id(wanted: str, taken: set[str | None]) -> str:
    """`wanted`, or `wanted` with a number, whichever is not yet a style id."""
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}{n}"
    taken.add(candidate)
    return candidate


def set_east_asian_font(root: etree._Element, palette: WordPalette, *, own_fonts: bool) -> None:
    """Name the East Asian font wherever styles used a theme's, and on the document defaults.

    Theme East Asian fonts win over explicit ones in Word, so they are replaced, not added to.
    """
    for fonts in root.iter(W + "rFonts"):
        if fonts.get(W + "eastAsiaTheme") is not None:
            del fonts.attrib[W + "eastAsiaTheme"]
            fonts.set(W + "eastAsia", palette.east_asian_font)
    rpr = _default_run_props(root)
    defaults = rpr.find(W + "rFonts")
    if defaults is None:
        defaults = rpr.makeelement(W + "rFonts", {})
        rpr.insert(0, defaults)
    if own_fonts:
        defaults.attrib.clear()
        for attr in ("ascii", "hAnsi", "cs"):
            defaults.set(W + attr, palette.body_font)
    defaults.set(W + "eastAsia", palette.east_asian_font)
    lang = rpr.find(W + "lang")
    if lang is None:
        lang = sub(rpr, "lang")
    lang.set(W + "eastAsia", EAST_ASIAN_LANG)


def _default_run_props(root: etree._Element) -> etree._Element:
    """docDefaults/rPrDefault/rPr, created (first in styles.xml) when the template lacks it."""
    defaults = root.find(W + "docDefaults")
    if defaults is None:
        defaults = root.makeelement(W + "docDefaults", {})
        root.insert(0, defaults)
    rpr_default = defaults.find(W + "rPrDefault")
    if rpr_default is None:
        rpr_default = defaults.makeelement(W + "rPrDefault", {})
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(W + "rPr")
    if rpr is None:
        rpr = sub(rpr_default, "rPr")
    return rpr
