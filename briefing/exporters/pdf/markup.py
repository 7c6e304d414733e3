"""User text -> reportlab Paragraphs, split into per-script font runs, never read as markup.

A paragraph is described by its *shape*: reportlab mini-markup (<b>, <i>, <font>, <a>,
<br/>) in which every user string, and every link target, is a placeholder. reportlab's
parser reads each distinct shape once per export; each paragraph of that shape gets copies
of the parsed fragments with its own strings put in. User text therefore never passes
through the markup parser at all: `<para>`, `<img src="...">`, `&amp;` and `{{ }}` print
exactly as typed, with nothing to escape. (Parsing costs 80-250 µs a paragraph; a copy
of the fragments, made with reportlab's own `clone`, about 10.)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.geomutils import normalizeTRBL
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from briefing.docmodel import Inline, Span
from briefing.exporters.pdf import chunks
from briefing.exporters.pdf.flowables import BoxPiece, BriefParagraph, RuledParagraph
from briefing.exporters.pdf.fonts import ScriptSplitter, east_name, ensure
from briefing.exporters.pdf.lines import one_line, plain_lines
from briefing.links import ascii_uri, safe_url

_TAB = "\u00a0\u00a0\u00a0 "  # a tab keeps its width but may still break the line
_SLOT = re.compile("\ue000(\\d+)\ue001")  # private-use marks: only shapes contain them
_SPACES = re.compile("[^\\S\u00a0]+")  # whitespace runs, as reportlab collapses them


@dataclass
class Rich:
    """One paragraph's content: its shape and the strings that fill the shape's slots."""

    shape: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)

    def tag(self, markup: str) -> None:
        """Append literal markup (never user text)."""
        self.shape.append(markup)

    def slot(self, value: str) -> str:
        """Keep `value` apart and return the placeholder standing for it."""
        self.values.append(value)
        return f"\ue000{len(self.values) - 1}\ue001"

    def text(self, value: str) -> None:
        """Append user text: line breaks become <br/>, whitespace runs one space."""
        if not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        for i, line in enumerate(value.split("\n")):
            if i:
                self.shape.append("<br/>")
            if not line:
                continue
            # Printable text holds no whitespace but single ASCII spaces unless it has
            # two in a row: most lines need no regular expression.
            if not line.isprintable() or "  " in line:
                line = _SPACES.sub(" ", line.replace("\t", _TAB))
            self.shape.append(self.slot(line))

    def plain(self) -> str:
        """The text without markup (for reportlab's debugging output)."""
        return "".join(self.values)


class MarkupWriter:
    """Builds paragraphs for one export: knows the main font family, when Hangul needs
    NanumGothic, which internal link targets exist, and caches parsed shapes."""

    def __init__(self, splitter: ScriptSplitter, link_colour: str,
                 anchors: frozenset[str] = frozenset()) -> None:
        self.splitter = splitter
        self.link_colour = link_colour
        self.anchors = anchors  # internal link targets that exist in the document
        self._shapes: dict[tuple[Any, str], list[Any]] = {}
        self._urls: dict[str, str | None] = {}
        self._styles: dict[str, tuple[ParagraphStyle, ...]] = {}

    def text(self, text: str, *, bold: bool = False, italic: bool = False) -> Rich:
        """Content of one plain string; `bold`/`italic` give the style's own weight/slant
        (Nanum runs must name their face themselves: <b> does not reach a <font name>)."""
        rich = Rich()
        self._runs(rich, text, bold, bold, italic)
        return rich

    def inline(self, spans: Inline, *, bold: bool = False) -> Rich:
        """Content of a sequence of spans with bold, italic and links."""
        rich = Rich()
        for span in spans:
            self.span(rich, span, base_bold=bold)
        return rich

    def span(self, rich: Rich, span: Span, *, base_bold: bool = False) -> None:
        """Append one span, as a link when its href is an existing anchor or a safe URL."""
        target = self._target(span.href)
        if target is None:
            self._runs(rich, span.text, span.bold, base_bold or span.bold, span.italic)
            return
        underline = "" if target.startswith("#") else ' underline="1"'
        rich.tag(f'<a href="{rich.slot(target)}" color="{self.link_colour}"{underline}>')
        self._runs(rich, span.text, span.bold, base_bold or span.bold, span.italic)
        rich.tag("</a>")

    def _target(self, href: str | None) -> str | None:
        if not href:
            return None
        if href.startswith("#"):
            # A link to a target the document lacks would break the whole file.
            return href if href[1:] in self.anchors else None
        if href not in self._urls:  # a pack cites the same sources again and again
            safe = safe_url(href)  # never a live link for javascript:, file:...
            self._urls[href] = ascii_uri(safe) if safe else None
        return self._urls[href]

    def _runs(self, rich: Rich, text: str, tag_bold: bool, east_bold: bool,
              italic: bool) -> None:
        for east, run in self.splitter.runs(text):
            if east:
                closing = "</font>"
                rich.tag(f'<font name="{east_name(east_bold)}">')
            else:
                opening = ("<b>" if tag_bold else "") + ("<i>" if italic else "")
                closing = ("</i>" if italic else "") + ("</b>" if tag_bold else "")
                rich.tag(opening)
            rich.text(run)
            rich.tag(closing)

    def text_paragraphs(self, text: str, style: ParagraphStyle, cls: type = BriefParagraph,
                        bullet: str | None = None, *, bold: bool = False,
                        italic: bool = False, width: float | None = None) -> list[Any]:
        """Paragraphs of one plain string (one, unless it is very long: see chunks.py)."""
        return self.paragraphs([self.text(piece, bold=bold, italic=italic)
                                for piece in chunks.text_pieces(text)], style, cls, bullet,
                               width=width)

    def inline_paragraphs(self, spans: Inline, style: ParagraphStyle, cls: type = BriefParagraph,
                          bullet: str | None = None, *, bold: bool = False,
                          width: float | None = None) -> list[Any]:
        """Paragraphs of a sequence of spans (one, unless it is very long)."""
        return self.paragraphs([self.inline(piece, bold=bold)
                                for piece in chunks.span_pieces(spans)], style, cls, bullet,
                               width=width)

    def paragraphs(self, parts: list[Rich], style: ParagraphStyle, cls: type = BriefParagraph,
                   bullet: str | None = None, *, width: float | None = None) -> list[Any]:
        """Paragraphs of one text cut into pieces (see chunks.py) that read as one: the
        first of class `cls` with the bullet, no space between the pieces, and one box
        around them all when the style draws a box. With the `width` the text will be laid
        out at, a text that fits on one line becomes a OneLine (see lines.py)."""
        if len(parts) == 1:
            return [self.paragraph(parts[0], style, cls, bullet, width=width)]
        boxed = bool(style.backColor or (style.borderWidth and style.borderColor))
        if boxed and cls is BriefParagraph:
            cls = BoxPiece
        rest_cls = cls if issubclass(cls, RuledParagraph | BoxPiece) else BriefParagraph
        first, middle, last = self._continued(style)
        out = [self.paragraph(parts[0], first, cls, bullet)]
        out += [self.paragraph(part, middle, rest_cls) for part in parts[1:-1]]
        out.append(self.paragraph(parts[-1], last, rest_cls))
        if cls is BoxPiece:
            border = (style.borderColor, style.borderWidth) if style.borderWidth else None
            for n, piece in enumerate(out):
                piece.border = border
                piece.box_top, piece.box_bottom = n == 0, n == len(out) - 1
        return out

    def _continued(self, style: ParagraphStyle) -> tuple[ParagraphStyle, ...]:
        """`style` without the space below, without space either side, without above; for
        a boxed style, the box's padding likewise, and its border left to BoxPiece."""
        found = self._styles.get(style.name)
        if found is None or found[0].parent is not style:
            top, right, bottom, left = normalizeTRBL(style.borderPadding)
            box = {"borderWidth": 0} if style.borderWidth else {}
            found = self._styles[style.name] = (
                ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0,
                               borderPadding=(top, right, 0, left), **box),
                ParagraphStyle(f"{style.name}-middle", parent=style, spaceBefore=0,
                               spaceAfter=0, borderPadding=(0, right, 0, left), **box),
                ParagraphStyle(f"{style.name}-last", parent=style, spaceBefore=0,
                               borderPadding=(0, right, bottom, left), **box))
        return found

    def paragraph(self, rich: Rich, style: ParagraphStyle, cls: type = BriefParagraph,
                  bullet: str | None = None, *, width: float | None = None) -> Any:
        """A paragraph (of class `cls`) of `rich` content in `style`; given the `width` it
        is laid out at, a OneLine (the class's counterpart) when it fits on one line."""
        shape = "".join(rich.shape)
        key = (style, shape)
        frags = self._shapes.get(key)
        if frags is None:
            frags = self._shapes[key] = Paragraph(shape, style).frags
            for frag in frags:
                ensure(frag.fontName)
        values = rich.values
        own = [(frag, _fill(frag.text, values),
                [(n, _fill(target, values)) for n, target in frag.link] if frag.link else [])
               for frag in frags]
        if width is not None:
            line = one_line(own, style, cls, bullet, width) or plain_lines(own, style, cls,
                                                                        bullet, width)
            if line is not None:
                return line
        filled = [frag.clone(text=text, link=link) if link else frag.clone(text=text)
                  for frag, text, link in own]
        return cls(rich.plain(), style, bulletText=bullet, frags=filled)


def cell(parts: list[Paragraph]) -> Paragraph | list[Paragraph]:
    """A table cell's content: one paragraph, or the pieces of a very long one."""
    return parts[0] if len(parts) == 1 else parts


def _fill(template: str, values: list[str]) -> str:
    """A shape's text with the paragraph's own strings put in its slots."""
    if template.startswith("\ue000") and template.find("\ue000", 1) < 0:
        end = template.find("\ue001")
        if end == len(template) - 1:  # the whole text is one slot: the usual case
            return values[int(template[1:end])]
    return _SLOT.sub(lambda m: values[int(m.group(1))], template)
