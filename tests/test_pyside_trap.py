"""Regression guard for the PySide6 pin in pyproject.toml (PySide6-Essentials <6.12).

PySide6 6.12.0 on CPython 3.11 decrements None's reference count on every
QPainter.setPen/setBrush/fillRect call; after about 5000 calls the interpreter aborts in
``none_dealloc``. The audience board paints that often within seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys

CALLS = 100_000

PAINT_MANY_TIMES = f"""
from PySide6.QtCore import QRect
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPen

app = QGuiApplication([])
image = QImage(64, 64, QImage.Format.Format_ARGB32)
painter = QPainter(image)
pen, brush = QPen(QColor("black")), QBrush(QColor("red"))
color, rect = QColor("blue"), QRect(0, 0, 8, 8)
for _ in range({CALLS}):
    painter.setPen(pen)
for _ in range({CALLS}):
    painter.setBrush(brush)
for _ in range({CALLS}):
    painter.fillRect(rect, color)
painter.end()
print("painted")
"""


def test_painting_many_times_does_not_abort_the_interpreter() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PAINT_MANY_TIMES],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "none_dealloc" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert "painted" in done.stdout
