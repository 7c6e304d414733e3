"""The core never imports Qt: every briefing module imports with PySide6 blocked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter, so modules other tests imported cannot hide a Qt import.
_PROBE = r"""
import importlib, importlib.abc, json, pkgutil, sys

BLOCKED = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
attempts = []

class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            attempts.append(name)
            raise ImportError(f"{name} is blocked: briefing must not import Qt")
        return None

sys.meta_path.insert(0, BlockQt())
import briefing
names = ["briefing"] + [info.name for info in pkgutil.walk_packages(briefing.__path__, "briefing.")]
failures = {}
for name in names:
    try:
        importlib.import_module(name)
    except BaseException as exc:
        failures[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps({"modules": names, "failures": failures, "attempts": attempts,
                  "qt_loaded": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)}))
"""


def test_every_briefing_module_imports_without_qt() -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["failures"] == {}
    assert result["attempts"] == [] and result["qt_loaded"] == []
    # The walk really covered the package, not just its top.
    assert {"briefing.cli", "briefing.library.store", "briefing.library.importer",
            "briefing.exporters"} <= set(result["modules"])
