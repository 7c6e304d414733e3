"""An unreadable logo is left out of every format with one warning; the build goes on."""

from __future__ import annotations

import io
import os
import random
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from PIL import Image
from pypdf import PdfReader

from briefing.cli import main
from tests.faults import tally

PACK = Path(__file__).resolve().parents[2] / "assets" / "samples" / "rok-eu-dpc.briefpack"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), (31, 56, 100)).save(buffer, "PNG")
    return buffer.getvalue()


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (300, 120), 3).save(buffer, "GIF")
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((300, 120), 60).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


BAD: dict[str, Callable[[], bytes]] = {
    "truncated PNG": lambda: _png()[: len(_png()) * 2 // 3],
    "PNG cut after its header": lambda: _png()[:60],
    "GIF named .png": _gif,
    "truncated JPEG": lambda: _jpeg()[: len(_jpeg()) // 2],
    "random bytes": lambda: random.Random(9).randbytes(5000),
    "empty file": lambda: b"",
}


def _build(data: bytes, tmp_path: Path, library: Path,
           capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, list[str]]:
    folder = Path(os.environ["BRIEFING_TEMPLATES"]) / "with-logo"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text('[template]\ndescription = "x"\nlogo = "logo.png"\n',
                                          encoding="utf-8")
    logo = folder / "logo.png"
    logo.write_bytes(data)
    out = tmp_path / "out"
    capsys.readouterr()
    assert main(["build", str(PACK), "--template", "with-logo", "--out", str(out),
                 "--library", str(library)]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "logo" in line]
    return logo, out, lines


def _images(out: Path) -> tuple[int, int]:
    """Pictures in the Word file, and image objects on the PDF's cover page."""
    [docx_file] = out.glob("*.docx")
    [pdf_file] = out.glob("*.pdf")
    pictures = len(docx.Document(str(docx_file)).inline_shapes)
    xobjects = PdfReader(pdf_file).pages[0]["/Resources"].get("/XObject", {})
    images = sum(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
    return pictures, images


@pytest.mark.parametrize("kind", list(BAD))
def test_an_unreadable_logo_is_left_out_of_every_format_with_one_warning(
        kind: str, tmp_path: Path, starter_library: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    logo, out, lines = _build(BAD[kind](), tmp_path, starter_library, capsys)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"warning: {logo.resolve()}: logo left out")
    assert _images(out) == (0, 0)
    [xlsx_file] = out.glob("*.xlsx")
    assert openpyxl.load_workbook(xlsx_file, read_only=True).sheetnames
    tally.count("faults injected")


def test_a_readable_logo_is_in_word_and_pdf_without_warning(
        tmp_path: Path, starter_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for data in (_png(), _jpeg()):
        _, out, lines = _build(data, tmp_path, starter_library, capsys)
        assert lines == []
        assert _images(out) == (1, 1)
