"""open_library: a new library starts from the starter content; cloud-synced folders are warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import resources
from briefing.errors import ValidationError
from briefing.library import cloud_sync_warning, jsonio, open_library
from tests.core.library.interchange_sample import sample_ids, sample_object, write_sample


@pytest.fixture
def small_starter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_sample(tmp_path / "starter.json")
    monkeypatch.setattr(resources, "starter_library_path", lambda: path)
    return path


def _keys(store) -> set[tuple[str, str]]:
    return {(item.kind, item.id) for item in store.content().items()}


def test_new_library_is_created_with_its_folder_and_the_starter_content(
        small_starter: Path, tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "library.sqlite"
    with open_library(target) as store:
        assert store.path == target and _keys(store) == sample_ids()
        store.delete("quote", "lee-jong-ho")
    with open_library(target) as store:  # an existing library is never filled again
        assert ("quote", "lee-jong-ho") not in _keys(store) and len(_keys(store)) == 6


def test_default_location_follows_briefing_library(small_starter: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_LIBRARY", str(tmp_path / "env" / "lib.sqlite"))
    with open_library() as store:
        assert store.path == tmp_path / "env" / "lib.sqlite" and store.count() == 7


def test_a_broken_starter_leaves_no_library_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = sample_object()
    broken["quotes"][0]["date"] = "someday"
    starter = write_sample(tmp_path / "starter.json", broken)
    monkeypatch.setattr(resources, "starter_library_path", lambda: starter)
    target = tmp_path / "lib.sqlite"
    with pytest.raises(ValidationError) as caught:
        open_library(target)
    assert caught.value.problems == [f"{starter}:quotes[0]:date: 'someday' is not an ISO date "
                                     "(YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999)"]
    assert list(tmp_path.glob("lib.sqlite*")) == []


def test_the_bundled_starter_library_loads_whole(tmp_path: Path) -> None:
    expected = jsonio.read_json(resources.starter_library_path()).content
    with open_library(tmp_path / "lib.sqlite") as store:
        assert jsonio.dumps(store.content()) == jsonio.dumps(expected)
        assert store.count() == len(expected.items()) > 0


@pytest.mark.parametrize("folder", [
    "OneDrive", "OneDrive - Contoso Ltd", "Dropbox", "Dropbox (Personal)", "Google Drive",
    "My Drive", "iCloud Drive", "iCloudDrive", "Library/Mobile Documents/com~apple~CloudDocs",
    "Library/CloudStorage/GoogleDrive-me@example.org",
])
def test_cloud_synced_folders_are_warned_about(small_starter: Path, tmp_path: Path, folder: str) -> None:
    target = tmp_path / folder / "briefing" / "lib.sqlite"
    warnings: list[str] = []
    open_library(target, warnings=warnings).close()
    assert warnings == [cloud_sync_warning(target)]
    assert warnings[0].startswith(f"{target}: the library is inside a folder synced by ")


@pytest.mark.parametrize("path", ["/home/me/Documents/lib.sqlite", "C:/Users/me/drivers/lib.sqlite",
                                  "/srv/dropboxes-archive/lib.sqlite"])
def test_ordinary_folders_get_no_warning(path: str) -> None:
    assert cloud_sync_warning(path) is None


def test_an_empty_file_is_filled_like_a_new_library(small_starter: Path, tmp_path: Path) -> None:
    target = tmp_path / "lib.sqlite"
    target.touch()
    with open_library(target) as store:
        assert store.count() == 7
