"""Double entry in the live session, driven with the keyboard: a second person retypes a
sheet in empty fields; a difference is shown cell by cell, resolved against the paper, and
only then is the sheet confirmed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.app.session.score_grid import DIFFERENT_BACKGROUND
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.model import text_in
from clar_desktop.i18n import _
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"
PUBLIC = ["mapa_potencial", "mapa_colectivo", "claridad", "identidad", "participacion_publica"]
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    service = ContestService(open_database(str(tmp_path / "ui.sqlite3"), create=True),
                             actor="test")
    service.import_bundle(parse_bundle(example_bundle()))
    service.open_session(CONTEST)
    main = MainWindow(LiveContest(service, CONTEST))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.view.show_proposal("p02", "publico")
    main.view.grid_view.setCurrentIndex(main.view.grid.index(0, 0))  # juror j1
    return main


def confirm(window: MainWindow, qtbot: QtBot) -> None:
    """Ctrl+Enter on the grid, once the main window has the keyboard back."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.view.grid_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def first_values(window: MainWindow) -> list[str]:
    return [window.view.grid.data(window.view.grid.index(0, c)) for c in range(len(PUBLIC))]


def when_open(qtbot: QtBot, act: Callable[[QDialog], None]) -> None:
    """Act on the next modal dialog once it is shown and has the keyboard (closing it if the
    act fails)."""
    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        if not isinstance(dialog, QDialog) or focus is None or not dialog.isAncestorOf(focus):
            if isinstance(dialog, QDialog):
                dialog.activateWindow()
            QTimer.singleShot(10, attempt)
            return
        try:
            act(dialog)
        except BaseException:
            dialog.reject()
            raise

    QTimer.singleShot(0, attempt)


def retype(qtbot: QtBot, values: list[str], seen: list[list[str]]) -> Callable[[QDialog], None]:
    """The second person: the fields they find (kept in ``seen``), then the values typed,
    Tab between fields, Enter at the end."""
    def act(dialog: QDialog) -> None:
        seen.append([edit.text() for edit in dialog.findChildren(QLineEdit)])
        for text in values:
            focus = QApplication.focusWidget()
            assert isinstance(focus, QLineEdit)
            qtbot.keyClicks(focus, text)
            qtbot.keyClick(focus, Qt.Key.Key_Tab)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    return act


def test_an_agreeing_second_entry_is_said_in_the_status_bar(window: MainWindow,
                                                             qtbot: QtBot) -> None:
    seen: list[list[str]] = []
    when_open(qtbot, retype(qtbot, first_values(window), seen))
    qtbot.keyClick(window.view.grid_view, Qt.Key.Key_E, CTRL_SHIFT)
    assert seen == [[""] * len(PUBLIC)]  # empty fields: the first entry is never shown
    assert window.statusBar().currentMessage() == _("The second entry agrees with the first.")
    last = window.live.service.events(CONTEST)[-1]
    assert last["kind"] == "sheet.second_entry"
    assert [v["value"] for v in last["data"]["values"]] == first_values(window)
    confirm(window, qtbot)
    assert window.view.grid.is_confirmed(0)


def test_a_difference_is_shown_cell_by_cell_resolved_and_then_the_sheet_confirmed(
        window: MainWindow, qtbot: QtBot) -> None:
    first = first_values(window)
    other = str((int(first[2]) + 1) % 11)
    second = [first[0], first[1], other, first[3], ""]  # claridad differs; the last left out
    seen: list[list[str]] = []
    compared: list[dict[str, object]] = []

    def compare(dialog: QDialog) -> None:
        table = dialog.findChild(QTableWidget, "cellsTable")
        rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
        marked = [r for r in range(table.rowCount())
                  if table.item(r, 1).background() == QBrush(DIFFERENT_BACKGROUND)]
        choices = dialog.findChildren(QComboBox)
        compared.append({"rows": rows, "marked": marked, "choices": len(choices)})
        # Enter before choosing: refused, the dialog stays open.
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        compared.append({"problem": dialog.isVisible()
                         and dialog.findChild(QLabel, "problemLabel").text()})
        # claridad: the paper says what the second typed (take the second);
        # participacion_publica: the paper has the first's value (keep the first).
        focus = QApplication.focusWidget()
        assert isinstance(focus, QComboBox)
        qtbot.keyClick(focus, Qt.Key.Key_Down)
        qtbot.keyClick(focus, Qt.Key.Key_Down)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert isinstance(focus, QComboBox)
        qtbot.keyClick(focus, Qt.Key.Key_Down)
        qtbot.keyClick(focus, Qt.Key.Key_Return)

    def second_then_compare(dialog: QDialog) -> None:
        retype(qtbot, second, seen)(dialog)
        when_open(qtbot, compare)

    # The grid marks nothing yet.
    grid = window.view.grid
    assert grid.data(grid.index(0, 2), Qt.ItemDataRole.BackgroundRole) is None
    when_open(qtbot, second_then_compare)
    qtbot.keyClick(window.view.grid_view, Qt.Key.Key_E, CTRL_SHIFT)
    assert seen == [[""] * len(PUBLIC)]
    criteria = [text_row[0] for text_row in compared[0]["rows"]]  # type: ignore[index]
    assert len(criteria) == len(PUBLIC)
    assert compared[0]["rows"][2][1:] == [first[2], other]  # type: ignore[index]
    assert compared[0]["rows"][4][1:] == [first[4], "—"]  # type: ignore[index]
    assert compared[0]["marked"] == [2, 4] and compared[0]["choices"] == 2
    assert compared[1]["problem"]
    events = window.live.service.events(CONTEST)
    assert [e["kind"] for e in events[-3:]] == ["sheet.second_entry", "score.changed",
                                                "sheet.entries_reconciled"]
    assert events[-1]["data"]["kept"] == [{"criterion": "participacion_publica",
                                           "value": first[4]}]
    assert first_values(window)[2] == other
    assert grid.data(grid.index(0, 2), Qt.ItemDataRole.BackgroundRole) is None
    confirm(window, qtbot)
    assert grid.is_confirmed(0)


def test_an_unresolved_sheet_is_marked_and_its_confirmation_refused(
        window: MainWindow, qtbot: QtBot) -> None:
    first = first_values(window)
    second = [first[0], str((int(first[1]) + 1) % 11), *first[2:]]
    def then_put_off(dialog: QDialog) -> None:
        retype(qtbot, second, [])(dialog)
        when_open(qtbot, lambda comparison: comparison.reject())  # resolved later

    when_open(qtbot, then_put_off)
    window.double_entry.second_entry()
    grid = window.view.grid
    assert grid.data(grid.index(0, 1), Qt.ItemDataRole.BackgroundRole) == QBrush(
        DIFFERENT_BACKGROUND)
    assert second[1] in grid.data(grid.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert grid.data(grid.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
    window.view.grid_view.setCurrentIndex(grid.index(0, 0))
    confirm(window, qtbot)
    assert not grid.is_confirmed(0)
    said = window.statusBar().currentMessage()  # the criterion's name, never its id
    criterion = window.live.state.contest.criterion("mapa_colectivo")  # type: ignore[union-attr]
    assert criterion is not None and "mapa_colectivo" not in said
    assert text_in(criterion[1].name, "es") in said
    point = window.view.checklist.points[0]
    assert point.kind == "differs"
    assert window.view.checklist.describe(point).startswith(grid.jurors[0].name)
    # Resolved later (Ctrl+Shift+D): the first value stands.
    def keep(dialog: QDialog) -> None:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # keep the first
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    when_open(qtbot, keep)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.view.grid_view, Qt.Key.Key_D, CTRL_SHIFT)
    assert window.live.service.events(CONTEST)[-1]["kind"] == "sheet.entries_reconciled"
    window.view.confirm_current_sheet()
    assert grid.is_confirmed(0)


def test_double_entry_required_is_a_logged_switch_of_the_session_menu(
        window: MainWindow, qtbot: QtBot) -> None:
    action = window.double_entry.required
    assert action in window.session_menu.actions() and not action.isChecked()
    action.trigger()
    assert action.isChecked()
    assert window.live.service.events(CONTEST)[-1]["data"] == {"required": True}
    window.view.confirm_current_sheet()
    assert not window.view.grid.is_confirmed(0)
    assert window.statusBar().currentMessage()
    shortcuts = {a.shortcut().toString() for a in window.session_menu.actions()}
    assert {"Ctrl+Shift+E", "Ctrl+Shift+D"} <= shortcuts
