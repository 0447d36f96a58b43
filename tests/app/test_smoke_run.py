"""`clar-desktop demo --smoke` opens both windows, waits until they have painted and exits 0 —
every time, on a fresh home folder and on one that remembers a language (it used to hang at
random: Qt asked the audience window to close first, which it refuses, and the quit was
called off)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

RUNS = 10
TIMEOUT = 60  # seconds; a start takes 1–3 s on this machine


def _environment(home: Path, tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("XDG_") and key != "CLAR_LANG"}
    env.update(HOME=str(home), TMPDIR=str(tmp), QT_QPA_PLATFORM="offscreen")
    return env


def _remember_language(home: Path, language: str) -> None:
    """What choosing a language from the Language menu leaves in the settings file."""
    settings = home / ".local" / "share" / "clar-desktop" / "places.ini"
    assert settings.exists(), "the first run did not write its settings where expected"
    text = settings.read_text(encoding="utf-8")
    assert "[ui]" not in text
    settings.write_text(text.rstrip("\n") + f"\n\n[ui]\nlanguage={language}\n",
                        encoding="utf-8")


def _smoke(home: Path, tmp: Path) -> tuple[int, float, str]:
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "clar_desktop", "demo", "--smoke"],
                              env=_environment(home, tmp), capture_output=True, text=True,
                              timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"demo --smoke still running after {TIMEOUT} s (home {home})")
    return done.returncode, time.monotonic() - started, done.stderr


def test_demo_smoke_exits_every_time(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    runs: list[tuple[str, int, float]] = []
    for i in range(RUNS // 2):
        home = tmp_path / f"home{i}"
        home.mkdir()
        code, seconds, stderr = _smoke(home, tmp)  # a fresh home folder
        assert "Traceback" not in stderr
        runs.append(("fresh", code, seconds))
        language = ("qu", "es")[i % 2]
        _remember_language(home, language)
        code, seconds, stderr = _smoke(home, tmp)
        assert "Traceback" not in stderr
        runs.append((f"remembers {language}", code, seconds))
    assert [code for _kind, code, _seconds in runs] == [0] * RUNS, runs
