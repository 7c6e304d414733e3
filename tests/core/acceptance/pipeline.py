"""Driving the real pipeline for the acceptance tests: environment, command line, templates."""

from __future__ import annotations

import contextlib
import io
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing import resources
from briefing.cli import main

TEMPLATES = ("ministerial-brief", "meeting-one-pager", "lines-to-take", "partnership-overview")
FORMATS = ("docx", "pdf", "xlsx")
EPOCH = 1_711_411_200  # 2024-03-26T00:00:00Z, for reproducible builds
TODAY = "2026-11-21"  # BRIEFING_TODAY, as tests/conftest.py sets it for each test


@dataclass(frozen=True)
class CliRun:
    """What one command-line run returned and printed."""

    code: int
    out: str
    err: str

    def warnings(self) -> list[str]:
        """The `warning: ` lines printed on stderr, without the prefix."""
        return [line.removeprefix("warning: ") for line in self.err.splitlines()
                if line.startswith("warning: ")]


def run_cli(args: Sequence[str]) -> CliRun:
    """Run `briefing.cli.main(args)` in-process, capturing stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return CliRun(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def isolated_env(base: Path, **extra: str) -> Iterator[None]:
    """Environment for fixtures wider than one test (the per-test autouse one is not active yet)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_LIBRARY", str(base / "default-library.sqlite"))
        patch.setenv("BRIEFING_TEMPLATES", str(base / "user-templates"))
        patch.setenv("BRIEFING_STATE", str(base / "state"))
        patch.setenv("BRIEFING_TODAY", TODAY)
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        for name, value in extra.items():
            patch.setenv(name, value)
        yield


def template_toml(name: str) -> dict:
    """A built-in template's settings, read straight from its template.toml."""
    with open(resources.templates_dir() / name / "template.toml", "rb") as handle:
        return tomllib.load(handle)


def margins_mm(name: str) -> list[float]:
    """[top, right, bottom, left] page margins of a built-in template, in millimetres."""
    margins = template_toml(name)["page"]["margins_mm"]
    return list(margins) if isinstance(margins, list) else [margins] * 4


def outputs(folder: Path, stem: str) -> dict[str, Path]:
    """The three output paths for `stem` in `folder`, by format."""
    return {fmt: folder / f"{stem}.{fmt}" for fmt in FORMATS}


def leftovers(folder: Path) -> list[str]:
    """Names of temporary files an export might have left behind in `folder`."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or p.name.startswith("."))
