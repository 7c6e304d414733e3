"""Finds the bundled templates/, assets/ and starter library, in a checkout and in a wheel."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "briefing-pack-builder"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_root() -> Path:
    # In a wheel the data folders are installed inside the package (briefing/_data);
    # in a checkout they sit beside the package at the repository root.
    packaged = _PACKAGE_DIR / "_data"
    return packaged if packaged.is_dir() else _PACKAGE_DIR.parent


def templates_dir() -> Path:
    """Folder of the built-in templates."""
    return _data_root() / "templates"


def assets_dir() -> Path:
    """Folder of fonts, icons and the logo."""
    return _data_root() / "assets"


def fonts_dir() -> Path:
    """Folder of the bundled fonts."""
    return assets_dir() / "fonts"


def starter_library_path() -> Path:
    """The bundled starter library (interchange JSON)."""
    return assets_dir() / "library" / "starter-library.json"


def sample_pack_path() -> Path:
    """The bundled sample pack that `demo` builds."""
    return assets_dir() / "samples" / "rok-eu-dpc.briefpack"


def user_templates_dir() -> Path:
    """Folder for the user's own templates; BRIEFING_TEMPLATES moves it."""
    forced = os.environ.get("BRIEFING_TEMPLATES")
    return Path(forced) if forced else Path(platformdirs.user_data_dir(APP_NAME)) / "templates"


def default_library_path() -> Path:
    """The library file: BRIEFING_LIBRARY, else library.sqlite in the user data folder."""
    forced = os.environ.get("BRIEFING_LIBRARY")
    return Path(forced) if forced else Path(platformdirs.user_data_dir(APP_NAME)) / "library.sqlite"


def user_state_dir() -> Path:
    """Folder for autosave and recovery files; BRIEFING_STATE moves it (tests)."""
    forced = os.environ.get("BRIEFING_STATE")
    return Path(forced) if forced else Path(platformdirs.user_state_dir(APP_NAME))
