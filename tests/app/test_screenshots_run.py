"""`python -m tests.screenshots` keeps working: it is how every new screen is looked at in
es and qu (issue 13), and it once hung on a dialog that a change of attendance had made
modal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def test_the_screenshots_are_made_in_both_languages(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "tests.screenshots", str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=240,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    made = {p.name for p in tmp_path.glob("*.png")}
    for screen in ("live-session", "checklist-and-preview", "value-out-of-range",
                   "juror-leaves", "recusal-with-values", "second-entry",
                   "entries-comparison", "correction", "log", "results",
                   "second-tranche-items", "second-tranche-sheets",
                   "second-tranche-review-refused"):
        for language in ("es", "qu"):
            name = f"{screen}-{language}.png"
            assert name in made, name
            image = QImage(str(tmp_path / name))
            assert image.width() > 300 and image.height() > 150, name
    assert len(made) > 100
