"""One agenda for the session: edited in one place (the minutes' details, reached from
Audience ▸ Edit the agenda too), logged, and the same on the projector and in the acta."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.documents.record import record_from_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import gettext_in, set_language
from clar_desktop.labels import DEFAULT_AGENDA
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    service = ContestService(open_database(str(tmp_path / "c.sqlite3"), create=True),
                             actor="test")
    service.import_bundle(parse_bundle(example_bundle()))
    service.open_session(CONTEST)
    main = MainWindow(LiveContest(service, CONTEST))
    qtbot.addWidget(main)
    return main


def _edit_agenda(window: MainWindow, text: str | None) -> str:
    """Audience ▸ Edit the agenda…, typing ``text`` (None: leave it as shown) and OK;
    returns what the agenda box showed when the dialog opened."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        box = dialog.findChild(QPlainTextEdit, "agendaEdit")
        seen.append(box.toPlainText())
        seen.append(str(dialog.focusWidget() is box))  # the cursor starts in the agenda
        if text is not None:
            box.setPlainText(text)
        dialog.findChild(QDialogButtonBox, "buttons").accepted.emit()
        if dialog.isVisible():  # refused: say so in the test, never hang
            seen.append("still open")
            dialog.reject()

    QTimer.singleShot(0, answer)
    window.audience.edit_agenda()
    assert seen[1:] == ["True"], seen
    return seen[0]


def _projected(window: MainWindow) -> list[list[str]]:
    return window.audience.window.agenda_items()


def _printed(window: MainWindow) -> tuple[str, ...]:
    live = window.live
    bundle = parse_bundle(live.service.export_bundle(live.contest_id))
    return record_from_bundle(bundle).minutes.agenda


def test_the_projector_and_the_acta_show_the_one_agenda_edited_from_the_audience_menu(
        window: MainWindow) -> None:
    set_language("es")
    live = window.live
    # None recorded: both read the usual agenda, the projector in its languages.
    assert _printed(window) == ()
    assert _projected(window)[0] == [gettext_in("es", DEFAULT_AGENDA[0])]
    # The dialog starts from the usual agenda in the secretary's language; left as it is,
    # it stays the usual one (translated for every reader), not a Spanish copy of it.
    shown = _edit_agenda(window, None)
    assert shown.splitlines() == [gettext_in("es", m) for m in DEFAULT_AGENDA]
    assert _printed(window) == ()
    window.audience.window.set_language("qu")
    assert _projected(window)[0] == [gettext_in("qu", DEFAULT_AGENDA[0])]
    # Typed: logged once, and the same items on the projector and in the acta.
    before = len(live.service.events(CONTEST))
    _edit_agenda(window, "Instalación del CLAR\n\nCalificación pública\nFirma del acta")
    events = live.service.events(CONTEST)
    assert len(events) == before + 1
    assert events[-1]["kind"] == "minutes.details_set"
    assert events[-1]["data"]["agenda"] == ["Instalación del CLAR", "Calificación pública",
                                            "Firma del acta"]
    assert _printed(window) == ("Instalación del CLAR", "Calificación pública",
                                "Firma del acta")
    assert [item for [item] in _projected(window)] == list(_printed(window))
    # Opened again, the dialog shows the recorded agenda.
    assert _edit_agenda(window, None).splitlines() == list(_printed(window))
