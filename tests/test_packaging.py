"""The wheel carries the forms, the compiled catalogs, the resources and the command."""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a build reads; copied so that building leaves the work tree untouched.
BUILD_INPUTS = (
    "pyproject.toml",
    "hatch_build.py",
    "README.md",
    "clar_desktop",
    "ui",
    "locale",
    "resources",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in BUILD_INPUTS:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=ignore)
        else:
            shutil.copy2(origin, source / name)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("clar_desktop-*.whl")
    return zipfile.ZipFile(built)


@pytest.mark.slow
def test_wheel_carries_the_data_folders_inside_the_package(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert "clar_desktop/ui/README.md" in names
    assert "clar_desktop/resources/README.md" in names
    assert "clar_desktop/locale/clar_desktop.pot" in names
    assert not any(name.startswith(("ui/", "locale/", "resources/")) for name in names)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["es", "qu"])
def test_wheel_carries_compiled_catalogs(wheel: zipfile.ZipFile, language: str) -> None:
    data = wheel.read(f"clar_desktop/locale/{language}/LC_MESSAGES/clar_desktop.mo")
    catalog = gettext.GNUTranslations(io.BytesIO(data))
    source = "Unknown language “{language}”. Choose one of: {choices}."
    assert catalog.gettext(source) != source


@pytest.mark.slow
def test_wheel_installs_the_command(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "clar-desktop = clar_desktop.cli:main" in text
    assert "clar_ui = clar_desktop.tools.ui_extract:extract_ui" in text


@pytest.mark.slow
def test_installed_wheel_runs_outside_the_checkout(wheel: zipfile.ZipFile,
                                                   tmp_path: Path) -> None:
    """A plain install (not editable) finds its migrations and catalogs inside the package."""
    target = tmp_path / "site"
    assert wheel.filename is not None
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                           "--target", str(target), wheel.filename],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    import sysconfig

    env = {"PYTHONPATH": f"{target}:{sysconfig.get_paths()['purelib']}",
           "PATH": "/usr/bin:/bin", "CLAR_LANG": "es", "HOME": str(tmp_path)}
    bundle = ROOT / "tests" / "data" / "colquemarca.json"
    command = [sys.executable, "-I", "-c",
               "import sys; sys.path[:0] = sys.argv[1].split(':');"
               "from clar_desktop.cli import main; sys.exit(main(sys.argv[2:]))",
               env["PYTHONPATH"], "import", str(bundle), "--db", str(tmp_path / "w.sqlite3")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "colquemarca-2026-1" in done.stdout
    assert "Importado" in done.stdout or "importado" in done.stdout.lower()


@pytest.mark.slow
def test_wheel_carries_the_central_office_migrations(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for name in ("env.py", "script.py.mako", "versions/c0001_central.py"):
        assert f"clar_desktop/central/migrations/{name}" in names
