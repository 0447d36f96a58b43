"""Starting the app: the contest and the exact place the secretary left, after a crash too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from clar_desktop.app.main import choose_contest, open_window
from clar_desktop.app.places import Places
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def _service(tmp_path: Path) -> ContestService:
    service = ContestService(open_database(str(tmp_path / "start.sqlite3"), create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    return service


def test_the_window_reopens_where_the_secretary_was(tmp_path: Path, qtbot: QtBot) -> None:
    service = _service(tmp_path)
    places = Places()
    first = open_window(service, CONTEST, places)
    assert first is not None
    first.view.show_proposal("p07", "publico")
    first.close()  # deletes itself
    assert choose_contest(service, Places().last_contest(str(service.engine.url))) == CONTEST
    second = open_window(service, CONTEST, Places())
    assert second is not None
    try:
        assert second.view.proposal == "p07" and second.view.current_phase() == "publico"
    finally:
        second.close()


def test_a_database_changed_behind_its_back_opens_read_only_and_says_so(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import text

    from clar_desktop.domain.errors import ChangeRefused

    service = _service(tmp_path)
    with service.engine.begin() as connection:
        connection.execute(text("UPDATE scores SET value = '1' WHERE proposal_id = 'p03'"))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[2]))
    window = open_window(ContestService(service.engine), CONTEST, Places())
    assert window is not None
    try:
        assert len(said) == 1 and "solo para lectura" in said[0] and "p03" in said[0]
        assert "solo lectura" in window.windowTitle()
        with pytest.raises(ChangeRefused, match="read-only"):
            window.live.service.add_observation(CONTEST, "nada")
    finally:
        window.close()


def test_a_crash_keeps_the_place_and_every_confirmed_value(tmp_path: Path,
                                                          own_data_folder: Path) -> None:
    """A separate process moves, confirms a sheet and is killed; a new one finds both."""
    bundle = example_bundle()
    db = str(tmp_path / "crash.sqlite3")
    service = ContestService(open_database(db, create=True))
    service.import_bundle(parse_bundle(bundle))
    service.open_session(CONTEST)
    script = f"""
import os, signal
from clar_desktop.app.main import application, open_window
from clar_desktop.app.places import Places
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
application()
window = open_window(ContestService(open_database({db!r})), {CONTEST!r}, Places())
window.view.show_proposal("p04", "publico")
window.view.grid_view.setCurrentIndex(window.view.grid.index(2, 0))
window.view.confirm_current_sheet()
os.kill(os.getpid(), signal.SIGKILL)
"""
    env = {**os.environ, "XDG_DATA_HOME": str(own_data_folder), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], env=env, timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    reopened = ContestService(open_database(db))
    assert ("j3", "p04", "publico") in reopened.load_state(CONTEST).confirmed
    assert Places().last_sheet(str(reopened.engine.url), CONTEST) == ("p04", "publico")


def test_ctrl_n_opens_the_wizard_and_the_new_contest_in_its_own_window(
        tmp_path: Path, qtbot: QtBot) -> None:
    """File ▸ New contest… (Ctrl+N): a copy of this contest, and Finish opens it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication, QWizard

    from clar_desktop.app.prepare.wizard import NewContestWizard

    service = _service(tmp_path)
    opened: list[str] = []
    window = open_window(service, CONTEST, Places())
    assert window is not None
    window.opener = opened.append
    action = next(a for a in window.findChildren(QAction)
                  if a.shortcut() == QKeySequence("Ctrl+N"))
    assert action.text() == "&Nuevo concurso…"
    seen: list[str] = []

    def drive() -> None:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, NewContestWizard):
            QTimer.singleShot(10, drive)
            return
        start = wizard.currentPage()
        seen.append(start.child("copyList").currentItem().text())  # this contest, first
        start.child("copyRadio").setChecked(True)
        wizard.next()
        wizard.currentPage().child("titleEdit").setText("Concurso 2027")
        while wizard.currentId() != wizard.pageIds()[-1]:
            wizard.next()
        wizard.button(QWizard.WizardButton.FinishButton).click()

    try:
        QTimer.singleShot(0, drive)
        action.trigger()
    finally:
        window.close()
    assert seen and seen[0].startswith("Primer concurso de iniciativas rurales 2026")
    assert len(opened) == 1 and opened[0].startswith("concurso-2027")
    state = service.load_state(opened[0])
    assert state.contest is not None and len(state.contest.phases) == 2
    assert state.contest.place is not None
    assert state.contest.place.community == "Colquemarca"
