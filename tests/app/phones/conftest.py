"""A session in the secretary's window, on its own data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.app.places import Places
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def main(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    service = ContestService(open_database(str(tmp_path / "hall.sqlite3"), create=True),
                             actor="test")
    bundle = parse_bundle(example_bundle())
    service.import_bundle(bundle)
    service.open_session(bundle.contest.id)
    window = MainWindow(LiveContest(service, bundle.contest.id), places=Places())
    qtbot.addWidget(window)
    window.ask_before_quitting = False
    return window
