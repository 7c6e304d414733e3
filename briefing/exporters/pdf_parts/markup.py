"""User text -> reportlab Paragraph mini-markup: escaped, split into per-script font runs.

Every user string passes through `_escape` before it meets markup, so `<para>`, `<img>`,
`&amp;` and `{{ }}` print exactly as typed. Only this module writes markup around user text.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from briefing.docmodel import Inline, Span
from briefing.exporters.pdf_parts.fonts import ScriptSplitter, east_name
from briefing.links import safe_url

_TAB = "\u00a0\u00a0\u00a0 "  # a tab keeps its width but may still break the line


def _escape(text: str) -> str:
    """Escape &, <, > and quotes; newlines become line breaks, tabs spaces."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    out = escape(text, {'"': "&quot;"})
    if "\n" in out:
        out = out.replace("\n", "<br/>")
    if "\t" in out:
        out = out.replace("\t", _TAB)
    return out


class MarkupWriter:
    """Builds markup for one document; knows the main family and when Hangul needs Nanum."""

    def __init__(self, splitter: ScriptSplitter, link_colour: str,
                 anchors: frozenset[str] = frozenset()) -> None:
        self.splitter = splitter
        self.link_colour = link_colour
        self.anchors = anchors  # internal link targets that exist in the document

    def text(self, text: str, *, bold: bool = False, italic: bool = False) -> str:
        """Markup for one plain string; `bold`/`italic` give the style's own weight/slant
        (Nanum runs must name their face themselves: <b> does not reach a <font name>)."""
        return self._runs(text, bold, bold, italic)

    def inline(self, spans: Inline, *, bold: bool = False) -> str:
        """Markup for a sequence of spans with bold, italic and links."""
        return "".join(self.span(s, base_bold=bold) for s in spans)

    def span(self, span: Span, *, base_bold: bool = False) -> str:
        """Markup for one span, wrapped in a link when its href is internal or safe."""
        body = self._runs(span.text, span.bold, base_bold or span.bold, span.italic)
        href = span.href
        if not href:
            return body
        if href.startswith("#"):
            # A link to a target the document lacks would break the whole file.
            if href[1:] not in self.anchors:
                return body
            return f'<a href="{_escape(href)}" color="{self.link_colour}">{body}</a>'
        url = safe_url(href)
        if url is None:
            return body  # never a live link for javascript:, file: and the like
        return f'<a href="{_escape(url)}" color="{self.link_colour}" underline="1">{body}</a>'

    def _runs(self, text: str, tag_bold: bool, east_bold: bool, italic: bool) -> str:
        parts = []
        for east, run in self.splitter.runs(text):
            esc = _escape(run)
            if east:
                parts.append(f'<font name="{east_name(east_bold)}">{esc}</font>')
            else:
                if italic:
                    esc = f"<i>{esc}</i>"
                if tag_bold:
                    esc = f"<b>{esc}</b>"
                parts.append(esc)
        return "".join(parts)


