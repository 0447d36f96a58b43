"""The live session window driven with the keyboard only, as the secretary works."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import _
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


def type_value(qtbot: QtBot, grid: QWidget, text: str) -> None:
    """Type where the keyboard focus is, as a person does: the first key opens the cell's
    editor unless Enter already opened the next one."""
    for key in text:
        qtbot.keyClick(QApplication.focusWidget() or grid, key)
    qtbot.keyClick(QApplication.focusWidget() or grid, Qt.Key.Key_Return)
    qtbot.wait(5)


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    bundle = example_bundle()
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if s["proposal"] != "p01"]
    service = ContestService(open_database(str(tmp_path / "ui.sqlite3"), create=True),
                             actor="test")
    service.import_bundle(parse_bundle(bundle))
    service.open_session(CONTEST)
    main = MainWindow(LiveContest(service, CONTEST))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_a_sheet_is_typed_with_digits_and_enter(window: MainWindow, qtbot: QtBot) -> None:
    view = window.view
    view.show_proposal("p01", "publico")
    grid = view.grid_view
    grid.setFocus()
    for value in ("7", "8", "6", "9", "5"):
        type_value(qtbot, grid, value)
    qtbot.wait(10)
    model = view.grid
    assert [model.data(model.index(0, c)) for c in range(5)] == ["7", "8", "6", "9", "5"]
    assert model.data(model.index(0, 5)) == "35"
    # The cursor has moved on to the next juror's first value.
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (1, 0)
    kinds = [e["kind"] for e in window.live.service.events(CONTEST)[-5:]]
    assert kinds == ["score.entered"] * 5


def test_confirming_locks_the_sheet_and_counts_it(window: MainWindow, qtbot: QtBot) -> None:
    view = window.view
    view.show_proposal("p02", "publico")
    view.grid_view.setCurrentIndex(view.grid.index(0, 0))
    qtbot.keyClick(view.grid_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.grid.is_confirmed(0)
    assert view.grid_view.currentIndex().row() == 1
    assert "1 " in view.form.child("progressLabel").text()
    assert "pending" in view.form.child("resultLabel").text().lower() or \
        "pendiente" in view.form.child("resultLabel").text().lower()


def test_an_out_of_range_value_keeps_the_cell_in_edit_framed_with_the_reason(
        window: MainWindow, qtbot: QtBot) -> None:
    """11 on a max-10 criterion is not dropped while the cursor moves on: the editor stays
    on it, framed, the sentence just below it in the secretary's language; put right, it
    goes in and the cursor moves on."""
    from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit

    from clar_desktop.i18n import gettext_in

    view = window.view
    view.show_proposal("p01", "publico")
    grid = view.grid_view
    grid.setFocus()
    type_value(qtbot, grid, "12")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "12"
    assert grid.state() == QAbstractItemView.State.EditingState
    assert "b3261e" in editor.styleSheet()  # framed
    message = grid.findChild(QLabel, "scoreProblem")
    assert message is not None and message.isVisible()
    criterion = view.grid.criteria[0]
    expected = gettext_in("es", "{criterion}: the value must lie between {min} and {max}")
    assert message.text() == expected.format(
        criterion=criterion.name["es"], min="0", max="10")
    assert message.geometry().top() >= editor.mapTo(grid, editor.rect().bottomLeft()).y()
    assert view.grid.data(view.grid.index(0, 0)) == ""
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (0, 0)
    # Put right: it goes in, the frame and the sentence go, the cursor moves on.
    editor.selectAll()
    type_value(qtbot, grid, "7")
    assert view.grid.data(view.grid.index(0, 0)) == "7"
    assert not message.isVisible()
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (0, 1)


def test_delete_clears_a_value_not_yet_read_back(window: MainWindow, qtbot: QtBot) -> None:
    view = window.view
    view.show_proposal("p02", "publico")
    grid = view.grid_view
    grid.setFocus()
    grid.setCurrentIndex(view.grid.index(1, 2))
    before = view.grid.data(view.grid.index(1, 2))
    assert before != ""
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert view.grid.data(view.grid.index(1, 2)) == ""
    last = window.live.service.events(CONTEST)[-1]
    assert last["kind"] == "score.removed" and "reason" not in last["data"]
    # Backspace too, and F2 + erase + Enter.
    grid.setCurrentIndex(view.grid.index(1, 3))
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)
    assert view.grid.data(view.grid.index(1, 3)) == ""
    grid.setCurrentIndex(view.grid.index(1, 4))
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.grid.data(view.grid.index(1, 4)) == ""
    kinds = [e["kind"] for e in window.live.service.events(CONTEST)[-3:]]
    assert kinds == ["score.removed"] * 3


def test_delete_on_a_confirmed_value_asks_the_reason_and_unconfirms_the_sheet(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from clar_desktop.app.session import live_view

    view = window.view
    view.show_proposal("p02", "publico")
    grid = view.grid_view
    grid.setCurrentIndex(view.grid.index(0, 0))
    qtbot.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.grid.is_confirmed(0)
    opened: list[object] = []

    def answer(dialog: live_view.CorrectionDialog) -> int:
        opened.append(dialog)
        assert dialog.form.child("valueEdit").text() == ""
        dialog.form.child("reasonEdit").setText("El jurado tachó ese valor")
        assert dialog.submit() is None
        return 1

    monkeypatch.setattr(live_view.CorrectionDialog, "exec", answer)
    grid.setFocus()
    grid.setCurrentIndex(view.grid.index(0, 1))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert len(opened) == 1
    assert view.grid.data(view.grid.index(0, 1)) == ""
    last = window.live.service.events(CONTEST)[-1]
    assert last["kind"] == "score.removed"
    assert last["data"]["reason"] == "El jurado tachó ese valor"
    assert not view.grid.is_confirmed(0)


def test_a_confirmed_value_is_corrected_with_a_reason(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from clar_desktop.app.session import dialogs

    view = window.view
    view.show_proposal("p02", "publico")
    view.grid_view.setCurrentIndex(view.grid.index(0, 0))
    view.confirm_current_sheet()
    view.grid_view.setCurrentIndex(view.grid.index(0, 2))
    attempts: list[str | None] = []

    def answer(self: dialogs.CorrectionDialog) -> bool:
        self.fill("7", "")
        attempts.append(self.submit())  # no reason: refused, the dialog stays
        self.fill("7", "the juror wrote 7; it was typed as 9")
        attempts.append(self.submit())
        return attempts[-1] is None

    monkeypatch.setattr(dialogs.CorrectionDialog, "exec", answer)
    qtbot.keyClick(view.grid_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert attempts[0]  # one sentence asking for the reason
    assert attempts[1] is None
    assert view.grid.data(view.grid.index(0, 2)) == "7"
    last = window.live.service.events(CONTEST)[-1]
    assert last["kind"] == "score.corrected" and last["data"]["reason"].startswith("the juror")


def test_a_recusal_is_recorded_from_the_grid(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from clar_desktop.app.session import dialogs

    view = window.view
    view.show_proposal("p01", "publico")
    view.grid_view.setCurrentIndex(view.grid.index(3, 0))

    def answer(self: dialogs.RecusalDialog) -> bool:
        self.fill("Es socio de la asociación")
        return self.submit() is None

    monkeypatch.setattr(dialogs.RecusalDialog, "exec", answer)
    qtbot.keyClick(view.grid_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert view.grid.data(view.grid.index(3, 0)) == "—"
    assert window.live.service.events(CONTEST)[-1]["kind"] == "recusal.recorded"


def test_a_recusal_after_values_says_which_it_takes_off_and_records_them(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A conflict of interest found once the juror has scored: Ctrl+R shows the values the
    recusal will take off (in the secretary's language), records it with them, and the row
    reads "recused: reason"."""
    from clar_desktop.app.session import dialogs
    from clar_desktop.i18n import set_language

    set_language("qu")
    view = window.view
    view.show_proposal("p02", "publico")
    row = 2
    juror = view.grid.jurors[row].id
    values = window.live.state.juror_values(juror, "p02")
    assert values
    shown: list[str] = []

    def answer(self: dialogs.RecusalDialog) -> bool:
        shown.append(self.form.child("cellLabel").text())
        self.fill("Es pariente del presidente")
        return self.submit() is None

    monkeypatch.setattr(dialogs.RecusalDialog, "exec", answer)
    view.grid_view.setFocus()
    view.grid_view.setCurrentIndex(view.grid.index(row, 0))
    qtbot.keyClick(view.grid_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert len(shown) == 1
    assert str(len(values)) in shown[0]
    assert all(f": {v}" in shown[0] for v in map(str, values.values()))
    assert "taken off" not in shown[0]  # said in Quechua
    event = window.live.service.events(CONTEST)[-1]
    assert event["kind"] == "recusal.recorded" and len(event["data"]["removed"]) == len(values)
    assert window.live.state.juror_values(juror, "p02") == {}
    assert view.grid.data(view.grid.index(row, 0)) == "—"
    assert "Es pariente del presidente" in view.grid.data(
        view.grid.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    set_language("es")


def test_a_juror_who_leaves_is_out_of_the_tally_from_that_proposal_on(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unticking a juror asks from which proposal on; her sheets from there that were not
    confirmed get an absence each (her values on them taken off, as the dialog says before),
    her totals leave the results, the quorum follows; ticking her again brings her back
    where nothing was confirmed yet."""
    from clar_desktop.app.session import leaving

    view = window.view
    state = window.live.state
    attendance = view.attendance
    # p02's public sheet of j4 (she scores only that phase) was read back before she
    # left; p03 on were not.
    assert window.live.apply("sheet.confirmed", {"juror": "j4", "proposal": "p02",
                                                 "phase": "publico"})
    before = state.tally.result("p03").final_score if state.tally else None
    seen: list[str] = []

    def answer(self: leaving.LeavingDialog) -> bool:
        self.fill("p03", "Emergencia familiar")
        seen.append(self.form.child("effectLabel").text())
        return self.submit() is None

    monkeypatch.setattr(leaving.LeavingDialog, "exec", answer)
    row = next(i for i, j in enumerate(attendance.jurors) if j.id == "j4")
    attendance.setData(attendance.index(row), Qt.CheckState.Unchecked.value,
                       Qt.ItemDataRole.CheckStateRole)
    assert state.is_absent("j4")
    expected = leaving.leaving_sheets(state, "j4", "p03")
    assert expected == []  # all recorded now
    absences = {(a.proposal, a.phase) for a in state.contest.absences if a.juror == "j4"}
    assert ("p02", "publico") not in absences and ("p03", "publico") in absences
    assert all(phase == "publico" for _item, phase in absences)
    assert state.juror_values("j4", "p03") == {}
    assert state.juror_values("j4", "p02")  # confirmed before she left: kept
    after = state.tally.result("p03").final_score if state.tally else None
    assert after != before
    # The dialog said how many sheets, and listed the values it would take off.
    sheets_line, values_line = seen[0].split("\n")
    assert str(len(absences)) in sheets_line and "(" in values_line
    events = window.live.service.events(CONTEST)
    assert events[-1]["data"] == {"juror": "j4", "present": False}
    assert events[-2]["kind"] == "absence.recorded"
    assert events[-2]["data"]["reason"] == "Emergencia familiar"
    view.show_proposal("p03", "publico")
    row_in_grid = next(i for i, j in enumerate(view.grid.jurors) if j.id == "j4")
    assert view.grid.unavailable_reason(row_in_grid) is not None
    assert "4" in view.form.child("quorumLabel").text()
    # She comes back: her absences where nobody confirmed anything yet are withdrawn.
    monkeypatch.setattr(leaving.QMessageBox, "question",
                        lambda *a, **k: leaving.QMessageBox.StandardButton.Yes)
    attendance.setData(attendance.index(row), Qt.CheckState.Checked.value,
                       Qt.ItemDataRole.CheckStateRole)
    assert not state.is_absent("j4")
    assert not [a for a in state.contest.absences if a.juror == "j4"]


def test_cancelling_the_leaving_dialog_changes_nothing(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from clar_desktop.app.session import leaving

    monkeypatch.setattr(leaving.LeavingDialog, "exec", lambda self: False)
    events = len(window.live.service.events(CONTEST))
    attendance = window.view.attendance
    attendance.setData(attendance.index(0), Qt.CheckState.Unchecked.value,
                       Qt.ItemDataRole.CheckStateRole)
    assert len(window.live.service.events(CONTEST)) == events
    assert attendance.data(attendance.index(0), Qt.ItemDataRole.CheckStateRole) == \
        Qt.CheckState.Checked


def test_now_presenting_starts_the_timer_and_marks_the_running_order(
        window: MainWindow, qtbot: QtBot) -> None:
    view = window.view
    view.show_proposal("p03")
    qtbot.keyClick(view.grid_view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.live.state.presenting == "p03"
    assert window.live.service.load_state(CONTEST).presenting == "p03"
    assert view.timer.running
    row = view.order.row_of("p03")
    assert "▶" in view.order.data(view.order.index(row))
    qtbot.keyClick(view.grid_view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert not view.timer.running
    paused_at = view.timer.seconds
    qtbot.wait(1100)
    assert view.timer.seconds == paused_at
    view.show_proposal("p04")
    view.present_current_proposal()
    assert view.timer.running and view.timer.seconds == 0
    assert "▶" not in view.order.data(view.order.index(row))


def test_switching_language_retranslates_the_open_window(window: MainWindow) -> None:
    from clar_desktop.i18n import set_language

    confirm = window.view.form.child("confirmButton")
    menu = window.menuBar().actions()[0]
    before = (confirm.text(), menu.text(), window.tabs.tabText(1))
    set_language("qu")
    after = (confirm.text(), menu.text(), window.tabs.tabText(1))
    assert after[0] != before[0] and after[2] != before[2]
    set_language("en")
    assert confirm.text() == "Juror confirms the sheet"
    assert window.tabs.tabText(1) == "Live session"


def test_the_timer_shows_beside_the_presenting_proposal_only_and_stops_at_close(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.helpers import confirmations

    view = window.view
    view.show_proposal("p03")
    view.present_current_proposal()
    label = view.form.child("timerLabel")
    assert label.text() != "" and view.form.child("timerButton").isEnabled()
    view.show_proposal("p05")  # another proposal on screen: not its timer
    assert label.text() == "" and not view.form.child("timerButton").isEnabled()
    view.show_proposal("p03")
    assert label.text() != ""
    # Close the session (every sheet read back, p01 — never scored — withdrawn).
    window.live.apply("proposal.withdrawn", {"proposal": "p01", "reason": "No vino"})
    for kind, data in confirmations(window.live.state):
        assert window.live.apply(kind, data)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.close_session()
    assert window.live.state.session == "closed"
    assert not view.timer.running
    stopped_at = view.timer.seconds
    qtbot.wait(1100)
    assert view.timer.seconds == stopped_at and label.text() == ""


def test_the_keyboard_moves_through_items_phases_and_jurors(
        window: MainWindow, qtbot: QtBot) -> None:
    view = window.view
    view.show_proposal("p02", "campo")
    grid = view.grid_view
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert view.proposal == "p03"
    qtbot.keyClick(QApplication.focusWidget() or grid, Qt.Key.Key_PageUp)
    qtbot.keyClick(QApplication.focusWidget() or grid, Qt.Key.Key_PageUp)
    assert view.proposal == "p01"
    qtbot.keyClick(QApplication.focusWidget() or grid, Qt.Key.Key_PageDown,
                   Qt.KeyboardModifier.ControlModifier)
    assert view.current_phase() == "publico"
    qtbot.keyClick(QApplication.focusWidget() or grid, Qt.Key.Key_3,
                   Qt.KeyboardModifier.AltModifier)
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (2, 0)
    # Ctrl+End: the last cell a value can go in, not the juror's total; a recused last
    # juror's row is skipped.
    window.live.apply("recusal.recorded", {"juror": view.grid.jurors[-1].id,
                                           "proposal": "p01", "reason": "Pariente"})
    qtbot.keyClick(grid, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert grid.currentIndex().row() == view.grid.rowCount() - 2
    assert grid.currentIndex().column() == len(view.grid.criteria) - 1


@pytest.mark.parametrize("language", ["es", "qu"])
def test_no_grid_header_cuts_a_word(window: MainWindow, language: str) -> None:
    """Every criterion title is drawn whole-worded in its column (smaller type when a long
    word such as "Cofinanciamiento" or "Kawsayninchik" would not fit), for every phase."""
    from PySide6.QtGui import QFontMetrics

    from clar_desktop.app.session.wrapping_header import MARGIN, WrappingHeader, fitting_font
    from clar_desktop.i18n import set_language

    set_language(language)
    window.resize(1366, 768)
    view = window.view
    header = view.grid_view.horizontalHeader()
    assert isinstance(header, WrappingHeader)
    for phase in view.phases:
        view.show_proposal("p02", phase)
        QApplication.processEvents()
        for section in range(view.grid.columnCount()):
            text = view.grid.headerData(section, Qt.Orientation.Horizontal)
            width = header.sectionSize(section) - 2 * MARGIN
            font = fitting_font(header.font(), text, width, header.height() - 2 * MARGIN)
            metrics = QFontMetrics(font)
            assert all(metrics.horizontalAdvance(word) <= width for word in text.split()), (
                phase, text, width)
            assert "\n" in text or section == view.grid.columnCount() - 1
            tip = view.grid.headerData(section, Qt.Orientation.Horizontal,
                                       Qt.ItemDataRole.ToolTipRole)
            assert section == view.grid.columnCount() - 1 or tip in text
    set_language("es")


def test_the_results_tab_wraps_names_instead_of_cutting_them(window: MainWindow) -> None:
    from clar_desktop.app.session.results import ResultsView

    results = window.findChild(ResultsView)
    assert results is not None
    table = results.form.child("resultsTable")
    assert table.wordWrap() and table.textElideMode() == Qt.TextElideMode.ElideNone
    model = table.model()
    tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    name = model.data(model.index(0, 2))
    assert name in tip and " — " in tip


def test_a_returning_jurors_earlier_absence_stays_marked_in_the_grid(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Back after proposal 3 was read back by others: her absence there stays, and her row
    reads "—" with the reason, read-only — not empty cells with a total of 0 that refuse
    typing with a line in the status bar."""
    from clar_desktop.app.session import leaving

    view, state = window.view, window.live.state
    attendance = view.attendance

    def answer(self: leaving.LeavingDialog) -> bool:
        self.fill("p03", "Emergencia familiar")
        return self.submit() is None

    monkeypatch.setattr(leaving.LeavingDialog, "exec", answer)
    row = next(i for i, j in enumerate(attendance.jurors) if j.id == "j4")
    attendance.setData(attendance.index(row), Qt.CheckState.Unchecked.value,
                       Qt.ItemDataRole.CheckStateRole)
    other = next(j.id for j in state.contest.jurors  # type: ignore[union-attr]
                 if j.id != "j4" and "publico" in j.phases)
    assert window.live.apply("sheet.confirmed", {"juror": other, "proposal": "p03",
                                                 "phase": "publico"})
    monkeypatch.setattr(leaving.QMessageBox, "question",
                        lambda *a, **k: leaving.QMessageBox.StandardButton.Yes)
    attendance.setData(attendance.index(row), Qt.CheckState.Checked.value,
                       Qt.ItemDataRole.CheckStateRole)
    assert not state.is_absent("j4")
    assert ("j4", "p03", "publico") in {(a.juror, a.proposal, a.phase)
                                        for a in state.contest.absences}  # type: ignore[union-attr]
    view.show_proposal("p03", "publico")
    grid = view.grid
    juror_row = [j.id for j in grid.jurors].index("j4")
    cell = grid.index(juror_row, 0)
    assert grid.data(cell) == "—"
    assert grid.data(cell, Qt.ItemDataRole.ToolTipRole) == _("Absent: {reason}").format(
        reason="Emergencia familiar")
    assert not grid.flags(cell) & Qt.ItemFlag.ItemIsEditable
