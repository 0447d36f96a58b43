"""Automatic backups in the app: when the session closes, and on a timer while it is open."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop.app.backups import AutoBackup, BackupSettings
from clar_desktop.app.live import LiveContest
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import confirmations, example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def test_closing_the_session_writes_a_backup(tmp_path: Path, qtbot: QtBot) -> None:
    service = ContestService(open_database(str(tmp_path / "b.sqlite3"), create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    live = LiveContest(service, CONTEST)
    settings = BackupSettings()
    settings.folder = tmp_path / "usb"
    auto = AutoBackup(live, settings)
    assert not auto.timer.isActive()
    live.apply("session.opened", {})
    assert auto.timer.isActive() and auto.timer.interval() == 10 * 60_000
    for kind, data in confirmations(live.state):  # every sheet read back first
        live.apply(kind, data)
    with qtbot.waitSignal(auto.done):
        live.apply("session.closed", {})
    assert not auto.timer.isActive()
    (copy,) = (tmp_path / "usb").glob("colquemarca-2026-1-*.sqlite3")
    state = ContestService(open_database(str(copy))).load_state(CONTEST)
    assert state.session == "closed"


def test_a_missing_folder_is_reported_not_fatal(tmp_path: Path, qtbot: QtBot) -> None:
    service = ContestService(open_database(str(tmp_path / "c.sqlite3"), create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    live = LiveContest(service, CONTEST)
    settings = BackupSettings()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the stick's folder should be", encoding="utf-8")
    settings.folder = blocker / "backups"
    auto = AutoBackup(live, settings)
    with qtbot.waitSignal(auto.failed):
        assert auto.backup_now() is None
