"""Link annotations written straight to bytes.

A brief has several links per item (contents entries, "[n]" source references, cross
references, source URLs). reportlab keeps each as an annotation object that, at save time,
builds a dictionary of PDF objects and formats it element by element: about a fifth of the
save. `LinkMaker` (a canvas mixin) makes the plain borderless links the exporter uses as
`QuickLink`s instead, which format themselves in one step into the same dictionary.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import (
    Destination,
    PDFDestinationXYZ,
    PDFObject,
    PDFString,
)
from reportlab.pdfbase.pdfdoc import (
    format as pdf_format,
)


class QuickLink(PDFObject):
    """A borderless link annotation to a destination in the document or to a URI."""

    def __init__(self, rect: tuple[float, float, float, float], *,
                 destination: Destination | None = None, uri: str | None = None) -> None:
        self.rect = rect
        self.destination = destination
        self.uri = uri

    def format(self, document: Any) -> bytes:
        """The annotation dictionary, as reportlab would write it."""
        rect = fp_str(*self.rect).encode("ascii")
        if self.uri is not None:
            uri = PDFString(self.uri).format(document)
            return (b"<<\n/A <<\n/S /URI /Type /Action /URI " + uri + b"\n>> /Border [ 0 0 0 ] "
                    b"/Rect [ " + rect + b" ] /Subtype /Link /Type /Annot\n>>")
        dest = _destination(self.destination, document)
        return (b"<<\n/Border [ 0 0 0 ] /Contents () /Dest " + dest + b" /Rect [ " + rect
                + b" ] /Subtype /Link /Type /Annot\n>>")


def _destination(dest: Destination | None, document: Any) -> bytes:
    """`[page /XYZ left top zoom]` for a bound destination; anything else (and the error
    for an unbound one) as reportlab formats it."""
    fmt, page = getattr(dest, "fmt", None), getattr(dest, "page", None)
    if (type(fmt) is PDFDestinationXYZ and page is not None
            and None not in (fmt.left, fmt.top, fmt.zoom)):
        page_ref = document.Reference(page).format(document)
        return b"[ " + page_ref + b" /XYZ " + fp_str(fmt.left, fmt.top, fmt.zoom).encode() + b" ]"
    return pdf_format(dest, document)


class LinkMaker:
    """Canvas mixin: plain links (no border, colour, name or contents) become QuickLinks;
    anything else goes to reportlab's own methods."""

    def linkRect(self, contents: str, destinationname: str, Rect: Any = None,  # noqa: N803
                 addtopage: int = 1, name: str | None = None, relative: int = 1,
                 thickness: float = 0, color: Any = None, dashArray: Any = None,  # noqa: N803
                 **kw: Any) -> None:
        """A link to the named destination (which may be defined later)."""
        if contents or not addtopage or name or thickness or color or dashArray or kw:
            super().linkRect(contents, destinationname, Rect, addtopage, name,  # type: ignore[misc]
                             relative, thickness, color, dashArray, **kw)
            return
        rect = self._absRect(Rect, relative)  # type: ignore[attr-defined]
        destination = self._bookmarkReference(destinationname)  # type: ignore[attr-defined]
        self._addAnnotation(QuickLink(rect, destination=destination))  # type: ignore[attr-defined]

    def linkURL(self, url: str, rect: Any, relative: int = 0, thickness: float = 0,
                color: Any = None, dashArray: Any = None, kind: str = "URI",  # noqa: N803
                **kw: Any) -> None:
        """A link to a URI."""
        if kind != "URI" or thickness or color or dashArray or kw:
            super().linkURL(url, rect, relative, thickness, color,  # type: ignore[misc]
                            dashArray, kind, **kw)
            return
        self._addAnnotation(QuickLink(self._absRect(rect, relative), uri=url))  # type: ignore[attr-defined]
