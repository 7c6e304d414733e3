"""PDF exporter (reportlab): embedded fonts, contents with page numbers, outline, links."""

from __future__ import annotations

from pathlib import Path

from briefing.atomic import atomic_path
from briefing.docmodel import BriefingDocument
from briefing.errors import Cancelled, ExportError
from briefing.exporters import ExportOptions


class PdfExporter:
    """Renders a BriefingDocument as a PDF; reportlab is imported only when exporting."""

    format_id = "pdf"
    extension = ".pdf"
    label = "PDF"

    def export(self, document: BriefingDocument, path: Path,
               options: ExportOptions | None = None) -> tuple[str, ...]:
        """Write `document` to `path` atomically; returns warnings.

        Raises ExportError when the file cannot be written or laid out, Cancelled when
        the user stops it; either way an earlier file at `path` stays as it was.
        """
        from briefing.exporters.pdf.layout import write_pdf  # heavy: reportlab

        options = options or ExportOptions()
        path = Path(path)
        try:
            with atomic_path(path) as tmp:
                warnings = write_pdf(document, tmp, options)
        except (ExportError, Cancelled):
            raise
        except OSError as exc:
            raise ExportError(f"{path}: cannot write the PDF: {exc.strerror or exc}") from exc
        except Exception as exc:
            raise ExportError(f"{path}: the PDF could not be laid out: {exc}") from exc
        return tuple(warnings)
