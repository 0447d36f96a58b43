"""The pre-close checklist in the live session, as the secretary uses it: always on screen,
in her language, one Enter from what resolves a line, and Session ▸ Close refused with the
first open point named while any is left (the acta printed then would be final)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import gettext_in, set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import confirmations, example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    bundle = example_bundle()
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if not (s["proposal"] == "p01" and s["juror"] == "j2")]
    service = ContestService(open_database(str(tmp_path / "c.sqlite3"), create=True),
                             actor="test")
    service.import_bundle(parse_bundle(bundle))
    service.open_session(CONTEST)
    main = MainWindow(LiveContest(service, CONTEST))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def lines(window: MainWindow) -> list[str]:
    model = window.view.checklist
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def test_the_checklist_names_people_and_items_and_follows_each_confirmation(
        window: MainWindow, qtbot: QtBot) -> None:
    set_language("es")
    view = window.view
    shown = lines(window)
    title = view.form.child("checklistTitle").text()
    assert str(len(shown)) in title
    # Names, not ids: the juror's name, "1. Organization", the phase's name.
    contest = window.live.state.contest
    assert contest is not None
    p01 = contest.proposal("p01")
    assert p01 is not None
    first = shown[0]
    assert contest.jurors[0].name in first and f"{p01.order}. {p01.organization}" in first
    assert "j1" not in first.split() and "p01" not in first
    # The sheets of one proposal still to read back are one line, each sheet in its tool
    # tip; each confirmation counts down at once, and the last takes the line off.
    model = view.checklist
    p02 = contest.proposal("p02")
    assert p02 is not None
    row = next(r for r, line in enumerate(shown) if line.startswith(f"{p02.order}. "))
    sheets = [p for p in model.points if p.kind == "unconfirmed" and p.item == "p02"]
    assert len(sheets) > 1 and str(len(sheets)) in shown[row]
    assert model.data(model.index(row), Qt.ItemDataRole.ToolTipRole).count("\n") == \
        len(sheets) - 1
    before = len(shown)
    for done, sheet in enumerate(sheets, start=1):
        view.show_proposal("p02", sheet.phase)
        juror_row = [j.id for j in view.grid.jurors].index(sheet.juror)
        view.grid_view.setCurrentIndex(view.grid.index(juror_row, 0))
        qtbot.keyClick(view.grid_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        now = lines(window)
        left = len(sheets) - done
        if left > 1:
            assert len(now) == before and str(left) in now[row]
        elif left == 1:  # one sheet left: its own line, naming its juror
            juror = contest.juror(sheets[-1].juror)
            assert juror is not None and now[row].startswith(juror.name)
    assert len(lines(window)) == before - 1
    assert str(before - 1) in view.form.child("checklistTitle").text()


def test_enter_on_a_line_goes_to_that_sheet_and_row(window: MainWindow, qtbot: QtBot) -> None:
    view = window.view
    model = view.checklist
    row = next(r for r in range(model.rowCount())
               if model.lines[r][0].kind == "unconfirmed" and model.lines[r][0].item == "p03")
    point = model.lines[row][0]
    view.show_proposal("p01", "campo")
    view.checklist_view.setFocus()
    view.checklist_view.setCurrentIndex(model.index(row))
    qtbot.keyClick(view.checklist_view, Qt.Key.Key_Return)
    assert view.proposal == "p03" and view.current_phase() == point.phase
    juror = view.grid.jurors[view.grid_view.currentIndex().row()]
    assert juror.id == point.juror


def test_close_is_refused_while_a_point_is_open_and_says_the_first(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("qu")
    said: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text, *a, **k: said.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (
        asked.append("asked"), QMessageBox.StandardButton.Yes)[1])
    window.close_session()
    assert not asked and len(said) == 1
    assert window.live.state.session == "open"
    count = len(lines(window))
    assert str(count) in said[0] and lines(window)[0] in said[0]
    assert "The session" not in said[0]  # said in Quechua
    assert window.view.checklist_view.hasFocus()
    # p01 was never scored by j2: withdraw it, read back every other sheet, then close.
    window.live.apply("proposal.withdrawn", {"proposal": "p01", "reason": "No vino"})
    for kind, data in confirmations(window.live.state):
        assert window.live.apply(kind, data)
    assert lines(window) == []
    assert window.view.form.child("checklistTitle").text() == gettext_in(
        "qu", "Before closing: nothing is pending. The session can be closed.")
    window.close_session()
    assert asked == ["asked"] and window.live.state.session == "closed"
    set_language("es")


def test_retyping_a_value_on_an_open_sheet_does_not_rebuild_the_list(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """A keystroke on a sheet still open changes no point: sorting every open point on each
    one cost a 3,000-proposal session tens of milliseconds a value."""
    model = window.view.checklist
    built: list[int] = []
    real = type(model.open).points
    monkeypatch.setattr(type(model.open), "points",
                        lambda self: (built.append(1), real(self))[1])
    before, count = list(model.lines), len(model.points)
    score = next(s for s in window.live.state.contest.scores.values()  # type: ignore[union-attr]
                 if s.proposal == "p02")
    assert window.live.apply("score.changed", {
        "juror": score.juror, "proposal": "p02", "criterion": score.criterion,
        "value": "1" if str(score.value) != "1" else "2"})
    assert built == [] and model.lines == before
    # A confirmation takes a point off: then the list is rebuilt.
    for kind, data in confirmations(window.live.state)[:1]:
        assert window.live.apply(kind, data)
    assert built == [1] and len(model.points) == count - 1


def test_the_open_sheets_of_an_absent_juror_are_one_line(window: MainWindow) -> None:
    set_language("es")
    live, model = window.live, window.view.checklist
    assert live.apply("attendance.marked", {"juror": "j2", "present": False})
    absent = [p for p in model.points if p.kind == "absent"]
    assert len(absent) > 1
    contest = live.state.contest
    assert contest is not None
    name = contest.juror("j2").name  # type: ignore[union-attr]
    lines_of_j2 = [line for line in model.lines if line[0].kind == "absent"]
    assert len(lines_of_j2) == 1 and len(lines_of_j2[0]) == len(absent)
    said = model.describe_line(lines_of_j2[0])
    assert said.startswith(name) and str(len(absent)) in said
