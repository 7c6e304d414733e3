"""PDF exporter: atomic writes, cancel, errors, progress, reproducible bytes, lazy fonts, logo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.docmodel import BriefingDocument, Cover, Heading, Paragraph, Properties, Span, Style
from briefing.errors import Cancelled, ExportError
from briefing.exporters import ExportOptions, get_exporter
from briefing.exporters.pdf import PdfExporter
from tests.core.exporters.pdfread import all_fonts, base_name, export
from tests.core.exporters.sample import sample_document

REPO = Path(__file__).resolve().parents[3]
EPOCH = 1_700_000_000


def test_registry_gives_the_pdf_exporter() -> None:
    exporter = get_exporter("pdf")
    assert isinstance(exporter, PdfExporter)
    assert (exporter.format_id, exporter.extension, exporter.label) == ("pdf", ".pdf", "PDF")


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    PdfExporter().export(sample_document(), tmp_path / "p.pdf",
                         ExportOptions(progress=lambda d, t: calls.append((d, t))))
    assert len(calls) > 20
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert calls[-1][0] == calls[-1][1]


def test_cancel_leaves_no_file_and_keeps_an_earlier_one(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 10

    with pytest.raises(Cancelled):
        PdfExporter().export(sample_document(), target, ExportOptions(cancelled=cancelled))
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"earlier")
    calls.clear()
    with pytest.raises(Cancelled):
        PdfExporter().export(sample_document(), target, ExportOptions(cancelled=cancelled))
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_folder_that_cannot_be_written_gives_export_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(ExportError) as error:
        PdfExporter().export(sample_document(), not_a_folder / "brief.pdf")
    assert str(not_a_folder / "brief.pdf") in str(error.value)


def test_target_that_cannot_be_replaced_stays_intact(tmp_path: Path) -> None:
    folder_in_the_way = tmp_path / "brief.pdf"
    (folder_in_the_way / "inside").mkdir(parents=True)
    with pytest.raises(ExportError):
        PdfExporter().export(sample_document(), folder_in_the_way)
    assert (folder_in_the_way / "inside").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def _reproducible(document: BriefingDocument) -> BriefingDocument:
    created = dt.datetime.fromtimestamp(EPOCH, dt.UTC)
    return dataclasses.replace(
        document, properties=dataclasses.replace(document.properties, created=created))


def test_same_input_gives_identical_bytes_with_source_date_epoch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    doc = _reproducible(sample_document(draft=True))
    PdfExporter().export(doc, tmp_path / "a.pdf")
    PdfExporter().export(doc, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    # A fresh process (fonts parsed anew, nothing cached) writes the same bytes too.
    script = (
        "import dataclasses, datetime as dt, sys; from pathlib import Path\n"
        "from briefing.exporters.pdf import PdfExporter\n"
        "from tests.core.exporters.sample import sample_document\n"
        f"created = dt.datetime.fromtimestamp({EPOCH}, dt.timezone.utc)\n"
        "doc = sample_document(draft=True)\n"
        "doc = dataclasses.replace(doc, properties=dataclasses.replace(doc.properties, created=created))\n"
        "PdfExporter().export(doc, Path(sys.argv[1]))\n"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "c.pdf")], cwd=REPO,
                   check=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)})
    assert (tmp_path / "c.pdf").read_bytes() == (tmp_path / "a.pdf").read_bytes()


def test_hangul_font_is_loaded_only_for_documents_with_hangul(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path\n"
        "from briefing.docmodel import *\n"
        "from briefing.exporters.pdf import PdfExporter\n"
        "from briefing.exporters.pdf import fonts\n"
        "doc = BriefingDocument(properties=Properties(title='Ελλάδα'), blocks=(\n"
        "    Heading('Greek and Latin', 1, 'a'), Paragraph((Span('Ψηφιακή — café 😀'),)),))\n"
        "PdfExporter().export(doc, Path(sys.argv[1]))\n"
        "print(sorted(fonts._registered))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "latin.pdf")], cwd=REPO,
                         check=True, capture_output=True, text=True).stdout
    assert "Nanum" not in out and "NotoSans-Regular" in out
    names = {base_name(f) for f in all_fonts(export(sample_document(), tmp_path / "ko.pdf"))}
    assert "NanumGothic" in names


def test_page_streams_are_compressed_and_reportlab_settings_untouched(tmp_path: Path) -> None:
    from reportlab import rl_config

    before = {name: getattr(rl_config, name) for name in dir(rl_config) if not name.startswith("_")}
    reader = export(sample_document(), tmp_path / "s.pdf")
    for page in reader.pages:
        assert "/FlateDecode" in page["/Contents"].get_object()["/Filter"]
    after = {name: getattr(rl_config, name) for name in dir(rl_config) if not name.startswith("_")}
    assert after == before  # process-wide settings (useA85 among them) stay as they were


def test_bad_source_date_epoch_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ExportError, match="SOURCE_DATE_EPOCH"):
        PdfExporter().export(sample_document(), tmp_path / "s.pdf")
    assert list(tmp_path.iterdir()) == []


def test_logo_is_drawn_on_the_cover(tmp_path: Path) -> None:
    from PIL import Image  # pillow comes with reportlab

    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 80), (31, 56, 100)).save(logo)
    doc = sample_document()
    with_logo = dataclasses.replace(doc, cover=dataclasses.replace(doc.cover, logo=logo))
    reader = export(with_logo, tmp_path / "logo.pdf")
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
    # (An unreadable logo never reaches an exporter: tests/faults/test_bad_logo.py.)


def test_unknown_font_family_falls_back_to_noto_sans(tmp_path: Path) -> None:
    doc = BriefingDocument(properties=Properties(title="Fonts"), style=Style(body_font="Comic Sans"),
                           cover=Cover(title="Fonts"),
                           blocks=(Heading("H", 1, "h"), Paragraph((Span("text"),))))
    names = {base_name(f) for f in all_fonts(export(doc, tmp_path / "f.pdf"))}
    assert names and all(n.startswith("NotoSans") for n in names)
