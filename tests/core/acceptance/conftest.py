"""Shared, built-once fixtures: a fresh starter library and the sample pack in every template."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing import resources
from briefing.build import build_pack
from briefing.library import open_library
from briefing.library.store import LibraryStore
from tests.core.acceptance.pipeline import EPOCH, TEMPLATES, isolated_env, outputs


@dataclass(frozen=True)
class Built:
    """One build of a pack: its template, output paths by format, and the warnings given."""

    template: str
    paths: dict[str, Path]
    warnings: tuple[str, ...]


@pytest.fixture(scope="session")
def starter_library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library created from the bundled starter library, as on first run; closed."""
    base = tmp_path_factory.mktemp("starter")
    with isolated_env(base):
        store = open_library(base / "library.sqlite")
        store.close()
    return base / "library.sqlite"


@pytest.fixture
def library_copy(starter_library_file: Path, tmp_path: Path) -> Path:
    """A private copy of the starter library, for a test that changes it."""
    copy = tmp_path / "library.sqlite"
    shutil.copyfile(starter_library_file, copy)
    return copy


@pytest.fixture(scope="session")
def sample_builds(starter_library_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """The sample pack built in all three formats with each built-in template (SOURCE_DATE_EPOCH set)."""
    base = tmp_path_factory.mktemp("sample-builds")
    built: dict[str, Built] = {}
    with isolated_env(base, SOURCE_DATE_EPOCH=str(EPOCH)), LibraryStore(starter_library_file) as store:
        for name in TEMPLATES:
            out = base / name
            result = build_pack(resources.sample_pack_path(), out=out, template=name, library=store)
            paths = outputs(out, resources.sample_pack_path().stem)
            assert list(result.paths) == list(paths.values())
            built[name] = Built(name, paths, result.warnings)
    return built
