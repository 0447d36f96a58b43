"""The domain layer stands alone: importing all of it pulls in neither Qt nor a database."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("PySide6", "shiboken6", "sqlalchemy", "alembic", "psycopg")

IMPORT_WHOLE_DOMAIN = f"""
import importlib, pkgutil, sys
import clar_desktop.domain as domain

imported = ["clar_desktop.domain"]
for module in pkgutil.walk_packages(domain.__path__, prefix="clar_desktop.domain."):
    importlib.import_module(module.name)
    imported.append(module.name)

loaded = sorted(
    name for name in sys.modules if name.split(".")[0] in {FORBIDDEN!r}
)
print("imported:", ", ".join(imported))
assert not loaded, "the domain imported " + ", ".join(loaded)
"""


def test_domain_imports_neither_qt_nor_a_database() -> None:
    # A fresh interpreter: in this one, other tests may already have imported Qt.
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_WHOLE_DOMAIN], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
