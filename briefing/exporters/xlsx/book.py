"""Excel workbook assembly, and a save that gives the same bytes for the same input."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import Element

from briefing.docmodel import BriefingDocument
from briefing.exporters import ExportOptions
from briefing.exporters.xlsx.cells import header_names, sheet_titles, table_name
from briefing.exporters.xlsx.rows import SheetRows
from briefing.exporters.xlsx.sheet import (
    RegisterStyles,
    SheetPlan,
    cut_warnings,
    plan_rows,
    write_sheet,
)

ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can carry


class Register:
    """A workbook laid out by openpyxl, with each sheet's rows serialised separately."""

    def __init__(self) -> None:
        self.workbook = Workbook()
        self.rows: dict[str, SheetRows] = {}  # by sheet title
        self.warnings: list[str] = []
        self.total = 1


def build_register(document: BriefingDocument, options: ExportOptions) -> Register:
    """Lay out every sheet of the document, in order, reporting progress by rows."""
    register = Register()
    titles, register.warnings = sheet_titles([sheet.name for sheet in document.sheets])
    register.total = sum(len(sheet.rows) for sheet in document.sheets) + 1
    styles = RegisterStyles(register.workbook.active, document.style)
    tables: set[str] = set()
    done = 0
    for index, (sheet, title) in enumerate(zip(document.sheets, titles)):
        options.report(done, register.total)
        headers = header_names([column.header for column in sheet.columns])
        plan = SheetPlan(sheet, title, table_name(title, tables), headers, plan_rows(sheet))
        register.warnings.extend(cut_warnings(plan))
        ws = register.workbook.active if index == 0 else register.workbook.create_sheet()
        ws.title = title
        base = done
        register.rows[ws.title] = write_sheet(
            ws, plan, styles, document, lambda rows: options.report(base + rows, register.total)
        )
        done += len(sheet.rows)
    options.report(done, register.total)
    return register


def save_register(register: Register, target: Path, stamp: dt.datetime) -> None:
    """Save to `target` with every zip entry dated `stamp`, so equal input gives equal bytes."""
    with _StableZip(target, max(stamp, ZIP_EPOCH)) as archive:
        _RegisterWriter(register, archive).save()


class _RegisterWriter(ExcelWriter):
    """openpyxl's package writer, with the rows of each sheet taken from the register."""

    def __init__(self, register: Register, archive: zipfile.ZipFile) -> None:
        super().__init__(register.workbook, archive)
        self._register_rows = register.rows

    def write_worksheet(self, ws: Any) -> None:
        """Write one worksheet part (as openpyxl does, less the cell-by-cell rows)."""
        rows = self._register_rows[ws.title]
        writer = _SheetWriter(ws, rows)
        writer.write()
        ws._rels = writer._rels
        xml = writer.out.getvalue()
        # The rows go where openpyxl left an empty sheetData; nothing before it holds user text.
        xml = xml.replace(b"<sheetData/>", rows.xml, 1)
        self._archive.writestr(ws.path[1:], _quiet_number_warnings(xml, rows.dimension))
        self.manifest.append(ws)


class _SheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer, given the rows' links and range instead of cells."""

    def __init__(self, ws: Any, rows: SheetRows) -> None:
        super().__init__(ws, out=io.BytesIO())
        self._rows = rows

    def write_dimensions(self) -> None:
        """The used range, which openpyxl would compute from cells it does not hold here."""
        self.xf.send(SheetDimension(self._rows.dimension).to_tree())

    def write_rows(self) -> None:
        """An empty sheetData (filled in afterwards); the links for openpyxl's hyperlink part."""
        self.ws._hyperlinks.extend(Hyperlink(ref=ref, target=url) for ref, url in self._rows.links)
        self.xf.send(Element("sheetData"))


def _quiet_number_warnings(xml: bytes, dimension: str) -> bytes:
    """Tell Excel that text such as the year '2022' is meant as text (no green warning triangles).

    openpyxl cannot write `ignoredErrors`; it follows the header/footer and precedes the
    drawing and table parts, the last elements openpyxl writes here.
    """
    element = (
        f'<ignoredErrors><ignoredError sqref="{dimension}" numberStoredAsText="1"/>'
        "</ignoredErrors>"
    ).encode()
    for anchor in (b"<drawing ", b"<legacyDrawing ", b"<tableParts", b"</worksheet>"):
        at = xml.rfind(anchor)
        if at != -1:
            return xml[:at] + element + xml[at:]
    return xml


class _StableZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time (openpyxl would stamp each with 'now')."""

    def __init__(self, target: Path, stamp: dt.datetime) -> None:
        # The lightest compression: four times faster than the default for a third more bytes.
        super().__init__(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1)
        self._date_time = stamp.timetuple()[:6]

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        """Add an entry, dated with the fixed time and compressed like every other."""
        if isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zinfo_or_arcname
            info.date_time = self._date_time
        else:
            info = zipfile.ZipInfo(zinfo_or_arcname, self._date_time)
            info.external_attr = 0o600 << 16
        super().writestr(info, data, zipfile.ZIP_DEFLATED, self.compresslevel)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        """Add a file's content under the fixed time (openpyxl writes some parts from files)."""
        self.writestr(arcname or str(filename), Path(filename).read_bytes())
