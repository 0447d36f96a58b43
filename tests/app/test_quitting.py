"""Quitting while the session is open asks first (Ctrl+Q, File ▸ Quit, the window's X): the
projector goes dark with the main window. Preparing or closed, the program quits at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from clar_desktop.app import quitting
from clar_desktop.app.live import LiveContest
from clar_desktop.app.main import application
from clar_desktop.app.main_window import MainWindow
from clar_desktop.demo import demo_session_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import gettext_in, set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

ASKING = quitting.confirm_quit  # before tests/app/conftest.py answers it for the other tests


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(quitting, "confirm_quit", ASKING)
    application()  # Qt's own words (Cancel) in our language, as in the program


def _window(tmp_path: Path, qtbot: QtBot, session: str) -> MainWindow:
    service = ContestService(open_database(str(tmp_path / "quit.sqlite3"), create=True))
    # A session closed as it must be (every sheet read back): the demo's whole session.
    bundle = parse_bundle(demo_session_bundle() if session == "closed" else example_bundle())
    service.import_bundle(bundle)
    if session == "open":
        service.open_session(bundle.contest.id)
    live = LiveContest(service, bundle.contest.id)
    assert live.state.session == session
    window = MainWindow(live)
    # A test that failed half-way must not leave a question up for pytest-qt's closing.
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "ask_before_quitting",
                                                                False))
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.audience.set_visible(True)
    assert window.audience.window.isVisible()
    return window


class Answer:
    """Answers the next message box with its Quit button or its Cancel, once it is up, and
    keeps what it said."""

    def __init__(self, quit: bool) -> None:
        self.quit = quit
        self.asked: list[QMessageBox] = []
        self.said: list[str] = []
        self.buttons: list[str] = []
        QTimer.singleShot(0, self._answer)

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, self._answer)
            return
        self.asked.append(box)
        self.said = [box.windowTitle(), box.text(), box.informativeText()]
        self.buttons = [button.text() for button in box.buttons()]
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        assert box.defaultButton() is cancel  # Enter does not take the projector away
        if self.quit:
            [button] = [b for b in box.buttons()
                        if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
            button.click()
        else:
            cancel.click()


def _ctrl_q(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitActive(window):  # the keyboard is back with her after a message box
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def _file_menu_quit(window: MainWindow, _qtbot: QtBot) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    [action] = [a for a in file_menu.actions()  # type: ignore[union-attr]
                if a.text() == gettext_in("es", "&Quit")]
    action.trigger()


def _the_x(window: MainWindow, _qtbot: QtBot) -> None:
    window.close()  # what the window manager's X does: a close event to the window


WAYS: dict[str, Callable[[MainWindow, QtBot], None]] = {
    "ctrl+q": _ctrl_q, "file menu": _file_menu_quit, "x": _the_x}


@pytest.mark.parametrize("way", WAYS)
def test_quitting_an_open_session_asks_and_cancel_keeps_everything_open(
        tmp_path: Path, qtbot: QtBot, way: str) -> None:
    window = _window(tmp_path, qtbot, "open")
    answer = Answer(quit=False)
    WAYS[way](window, qtbot)
    assert len(answer.asked) == 1
    assert window.isVisible() and window.audience.window.isVisible()
    assert window.live.state.session == "open"
    # Asked again, and this time she quits: both windows go.
    answer = Answer(quit=True)
    WAYS[way](window, qtbot)
    assert len(answer.asked) == 1
    assert not window.isVisible() and not window.audience.window.isVisible()


@pytest.mark.parametrize("language", ["es", "qu"])
def test_the_question_says_the_session_is_open_and_the_projector_goes_dark(
        tmp_path: Path, qtbot: QtBot, language: str) -> None:
    set_language(language)
    window = _window(tmp_path, qtbot, "open")
    answer = Answer(quit=False)
    _ctrl_q(window, qtbot)
    title, text, informative = answer.said
    assert title == gettext_in(language, "Quit CLAR Desktop")
    assert text == gettext_in(
        language, "The session is still open. If you quit now, the projector goes dark.")
    assert informative == gettext_in(
        language, "Nothing is lost: every score is already saved. Opening CLAR Desktop again "
                  "brings the session back where it stands.")
    assert gettext_in(language, "Quit") in answer.buttons
    if language == "qu":
        assert "session" not in text.lower() and "Quit" not in answer.buttons
        assert "Cancel" not in answer.buttons
    else:
        assert "sesión" in text and "proyector" in text
        assert "Cancelar" in answer.buttons


@pytest.mark.parametrize("session", ["preparing", "closed"])
@pytest.mark.parametrize("way", WAYS)
def test_quitting_before_or_after_the_session_asks_nothing(
        tmp_path: Path, qtbot: QtBot, session: str, way: str) -> None:
    window = _window(tmp_path, qtbot, session)
    answer = Answer(quit=False)  # would keep the window open, if anything asked
    WAYS[way](window, qtbot)
    qtbot.wait(50)  # time for a question to come up
    assert not answer.asked
    assert not window.isVisible() and not window.audience.window.isVisible()


def test_the_application_quits_whichever_window_qt_asks_first(tmp_path: Path,
                                                               qtbot: QtBot) -> None:
    """`demo --smoke` quits by closing the main window first: then nothing is left for the
    audience window to refuse (it only hides when asked to close)."""
    window = _window(tmp_path, qtbot, "open")
    assert window.close_without_asking()
    assert not window.isVisible() and not window.audience.window.isVisible()
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
