"""A first start on an empty database offers what a secretary can do without a terminal:
prepare a new contest, or import a bundle; neither ends the program, having said so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from clar_desktop.app import main as app_main
from clar_desktop.app.prepare import wizard as wizard_module
from clar_desktop.i18n import _, set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database


def _answer(choice: str | None, seen: list[str]) -> None:
    """Press the button whose text is ``choice`` (None: Close) in the next message box."""
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press)
            return
        seen.append(box.text())
        seen.extend(b.text() for b in box.buttons())
        for button in box.buttons():
            if (choice is None and box.buttonRole(button) == QMessageBox.ButtonRole.RejectRole) \
                    or button.text() == choice:
                button.click()
                return
        raise AssertionError(f"no button {choice!r} in {seen}")

    QTimer.singleShot(0, press)


@pytest.fixture
def service(tmp_path: Path) -> ContestService:
    set_language("es")
    return ContestService(open_database(str(tmp_path / "empty.sqlite3"), create=True))


def test_a_new_contest_can_be_prepared_on_an_empty_database(
        service: ContestService, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []

    class Wizard:  # the real wizard is tested in test_wizard.py
        def __init__(self, parent: object, given: ContestService,
                     current: str | None = None) -> None:
            assert given is service and current is None
            self.created: str | None = "concurso-nuevo-2026"
            made.append(self)

        def exec(self) -> int:
            return 1

        def deleteLater(self) -> None:  # noqa: N802
            pass

    monkeypatch.setattr(wizard_module, "NewContestWizard", Wizard)
    seen: list[str] = []
    _answer(_("&New contest…"), seen)
    assert app_main.import_first_bundle(service) == "concurso-nuevo-2026"
    assert len(made) == 1
    assert _("&Import a bundle…") in seen
    assert not any("clar-desktop" in text for text in seen)  # no command asked of anyone


def test_closing_the_question_ends_without_a_contest(service: ContestService,
                                                     qtbot: QtBot) -> None:
    seen: list[str] = []
    _answer(None, seen)
    assert app_main.import_first_bundle(service) is None
