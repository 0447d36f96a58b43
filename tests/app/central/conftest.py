"""Fixtures of the central office window's tests: one programme database per module (made
once: ingesting 30 bundles), copied for each test that changes it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop.app.central.window import CentralWindow
from clar_desktop.central.database import open_central
from tests.app.central.helpers import programme_database


@pytest.fixture(scope="module")
def programme_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("programme")
    programme_database(folder)
    return folder / "central.sqlite3"


@pytest.fixture
def programme_url(programme_file: Path, tmp_path: Path) -> str:
    copy = tmp_path / "central.sqlite3"
    shutil.copyfile(programme_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def window(programme_url: str, qtbot: QtBot) -> Iterator[CentralWindow]:
    shown = CentralWindow(open_central(programme_url))
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    yield shown
    shown.inbox.wait()
