"""An applicant who did not come: Session ▸ Withdraw this proposal (Ctrl+Shift+X) records it
with its reason, and from then on nothing waits for its sheets — the running order, the
counters and the results say so (a withdrawn proposal once kept the results provisional)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import _, set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import confirmations, example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    set_language("es")
    bundle = example_bundle()
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if s["proposal"] != "p03"]  # p03 never came
    service = ContestService(open_database(str(tmp_path / "w.sqlite3"), create=True),
                             actor="test")
    service.import_bundle(parse_bundle(bundle))
    service.open_session(CONTEST)
    main = MainWindow(LiveContest(service, CONTEST))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def _withdraw(qtbot: QtBot, window: MainWindow, reasons: list[str]) -> list[str]:
    """Ctrl+Shift+X, then each reason in turn with OK; what the dialog said each time."""
    said: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(10, answer)
            return
        for reason in reasons:
            dialog.findChild(QLineEdit, "reasonEdit").setText(reason)
            dialog.findChild(QDialogButtonBox, "buttons").accepted.emit()
            said.append(dialog.findChild(QLabel, "problemLabel").text())
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, answer)
    qtbot.keyClick(window, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    return said


def test_a_proposal_that_did_not_come_is_withdrawn_and_waited_for_no_more(
        window: MainWindow, qtbot: QtBot) -> None:
    view, live = window.view, window.live
    view.show_proposal("p03", "campo")
    for kind, data in confirmations(live.state):  # every other sheet read back
        assert live.apply(kind, data)
    assert any(p.item == "p03" for p in view.checklist.points)
    said = _withdraw(qtbot, window, ["", "La organización no se presentó a la sesión"])
    assert said[0] == _("Say why the proposal is withdrawn: the minutes print it.")
    contest = live.state.contest
    assert contest is not None and contest.is_withdrawn("p03")
    assert live.service.events(CONTEST)[-1]["data"]["reason"] == \
        "La organización no se presentó a la sesión"
    row = view.order.row_of("p03")
    line = view.order.data(view.order.index(row))
    assert "La organización no se presentó a la sesión" in line and "0 de" not in line
    assert view.form.child("resultLabel").text() == _(
        "Withdrawn: {reason}. Not ranked; no sheet is waited for.").format(
            reason="La organización no se presentó a la sesión")
    done, total = view.order.total_progress()
    assert done == total  # 23 of 23, not 23 of 32
    assert view.checklist.points == []
    window.tabs.setCurrentWidget(window.results_view)
    assert not any(window.results_view.model.is_pending(line)
                   for line in window.results_view.model.lines)


def test_a_withdrawn_proposal_is_not_presented_and_its_grid_says_why(
        window: MainWindow, qtbot: QtBot) -> None:
    view, live = window.view, window.live
    view.show_proposal("p03", "campo")
    assert live.apply("proposal.withdrawn", {"proposal": "p03", "reason": "No vino"})
    assert not view.form.child("presentButton").isEnabled()
    assert not live.apply("presentation.started", {"proposal": "p03"})
    assert live.state.presenting != "p03"
    grid = view.grid
    for row in range(grid.rowCount()):
        cell = grid.index(row, 0)
        assert grid.data(cell) == "—"
        assert grid.data(cell, Qt.ItemDataRole.ToolTipRole) == _(
            "Withdrawn: {reason}").format(reason="No vino")
        assert not grid.flags(cell) & Qt.ItemFlag.ItemIsEditable
    # A log read back is replayed as written: an older log that presented it verifies.
    from clar_desktop.domain.state import ContestState

    replayed = ContestState()
    events = live.service.events(CONTEST)
    list(replayed.apply_events(events, lambda seq: f"events[{seq}]"))
    replayed.apply("presentation.started", {"proposal": "p03"}, logged=True)
