"""Second-tranche items in the live session and the Results tab (issue 15).

The items of the spec's version 2 example (tests/session_items.py) come after the proposals
in the running order, marked with their tranche; they move among themselves with
Ctrl+Shift+Up/Down, logged; the grid shows the follow-up phases; values are typed, read back,
confirmed and corrected, and recusals, absences and withdrawals work on them as on
proposals; an item not eligible waits for no sheet and says why; the checklist covers them,
and the Results tab has their table, provisional while sheets are open.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.app.session.dialogs import CorrectionDialog, RecusalDialog
from clar_desktop.app.session.leaving import LeavingDialog
from clar_desktop.app.session.withdrawal import WithdrawalDialog
from clar_desktop.domain.checklist import SHORT, UNCONFIRMED
from clar_desktop.domain.state import replay
from clar_desktop.i18n import _, format_money, set_language
from tests.session_items import CONTEST, items_service

ITEMS = ["f1", "f2", "f3", "f4", "f5"]


def make_window(qtbot: QtBot, folder: Path, without_item_scores: bool = False) -> MainWindow:
    set_language("es")
    service = items_service(folder, without_item_scores)
    main = MainWindow(LiveContest(service, CONTEST))
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    return make_window(qtbot, tmp_path)


@pytest.fixture
def blank(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    """The same session with no value typed yet on any item."""
    return make_window(qtbot, tmp_path, without_item_scores=True)


def line_of(window: MainWindow, item: str) -> str:
    order = window.view.order
    return str(order.data(order.index(order.row_of(item))))


def events(window: MainWindow) -> list[dict[str, object]]:
    return window.live.service.events(CONTEST)


def type_value(qtbot: QtBot, grid: QWidget, text: str) -> None:
    for key in text:
        qtbot.keyClick(QApplication.focusWidget() or grid, key)
    qtbot.keyClick(QApplication.focusWidget() or grid, Qt.Key.Key_Return)
    qtbot.wait(5)


def test_items_come_after_the_proposals_marked_with_their_tranche(window: MainWindow) -> None:
    order = window.view.order
    ids = [order.data(order.index(row), Qt.ItemDataRole.UserRole + 1)
           for row in range(order.rowCount())]
    assert ids[:14] == [f"p{n:02d}" for n in range(1, 15)] and ids[14:] == ITEMS
    first = line_of(window, "f1")
    assert first.startswith(_("{order}. {organization} (second tranche)").format(
        order=1, organization="Organización ganadora 1"))
    assert format_money("3524.40", "PEN") in first and "004-2025-CLAR" in first
    assert _("{done} of {total} sheets confirmed").format(done=0, total=8) in first
    # f2 justified nothing of its first tranche: it says so instead of counting sheets.
    second = line_of(window, "f2")
    assert _("not eligible: {justified} of the first tranche justified, {minimum} "
             "required").format(justified="0 %", minimum="70 %") in second
    assert _("{done} of {total} sheets confirmed").format(done=0, total=0) not in second
    assert order.data(order.index(order.row_of("f1")), Qt.ItemDataRole.BackgroundRole) \
        is not None
    assert order.data(order.index(order.row_of("p01")), Qt.ItemDataRole.BackgroundRole) is None


def test_the_grid_of_an_item_shows_the_follow_up_phases(window: MainWindow) -> None:
    view = window.view
    view.show_proposal("f1", "publico2")
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == [
        "Evaluación de avances en campo", "Rendición pública de avances"]
    assert view.current_phase() == "publico2"
    assert [j.id for j in view.grid.jurors] == ["j1", "j3", "j5", "j6", "j7"]
    assert [c.id for c in view.grid.criteria] == ["s4", "s5", "s6"]
    assert view.form.child("proposalTitle").text() == _(
        "{order}. {organization} (second tranche)").format(
            order=1, organization="Organización ganadora 1")
    assert "004-2025-CLAR" in view.form.child("proposalDetails").text()
    assert view.form.child("resultLabel").text() == _(
        "Running result {score} ({pass_mark} to pass) — pending until every sheet is "
        "confirmed").format(score="58.33", pass_mark="52.50")
    # Back on a proposal, the contest's phase again.
    view.show_proposal("p01")
    assert view.phases == ["campo"] and view.grid.criteria[0].id == "c1"


def test_an_item_sheet_is_typed_read_back_confirmed_and_corrected(blank: MainWindow,
                                                                    qtbot: QtBot) -> None:
    view = blank.view
    view.show_proposal("f1", "campo2")
    grid = view.grid_view
    grid.setFocus()
    for value in ("10", "12", "8"):
        type_value(qtbot, grid, value)
    assert [view.grid.data(view.grid.index(0, c)) for c in range(4)] == ["10", "12", "8",
                                                                        "42"]
    view.grid_view.setCurrentIndex(view.grid.index(0, 0))
    qtbot.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.grid.is_confirmed(0)
    assert events(blank)[-1]["kind"] == "sheet.confirmed"
    assert events(blank)[-1]["data"] == {"juror": "j1", "proposal": "f1", "phase": "campo2"}
    assert line_of(blank, "f1").count(_("{done} of {total} sheets confirmed").format(
        done=1, total=8)) == 1
    # A confirmed value changes only through a correction with its reason.
    assert not view.grid.flags(view.grid.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    dialog = CorrectionDialog(view, blank.live, "j1", "f1", view.grid.criteria[1])
    dialog.fill("13", "El jurado leyó 13 en su ficha")
    dialog._submit()
    assert events(blank)[-1]["kind"] == "score.corrected"
    assert view.grid.data(view.grid.index(0, 1)) == "13"
    assert view.grid.data(view.grid.index(0, 3)) == "44"  # 10 + 2 × 13 + 8


def test_recusal_absence_and_withdrawal_work_on_items(window: MainWindow) -> None:
    live = window.live
    view = window.view
    recusal = RecusalDialog(view, live, "j5", "f5", )
    assert "Organización ganadora 5" in recusal.form.child("cellLabel").text()
    recusal.fill("Es socio de la organización")
    recusal._submit()
    assert ("j5", "f5") in live.state.index().recused
    view.show_proposal("f5", "publico2")
    row = [j.id for j in view.grid.jurors].index("j5")
    assert view.grid.unavailable_reason(row) == _("Recused: {reason}").format(
        reason="Es socio de la organización")
    # Jurado 1 leaves during the items: the dialog offers them, and she is absent from
    # f3 on (f4, not eligible, waits for no sheet of hers).
    leaving = LeavingDialog(view, live, "j1", "f3")
    labels = [leaving.box.itemText(i) for i in range(leaving.box.count())]
    assert labels[-1] == _("{order}. {organization} (second tranche)").format(
        order=5, organization="Organización ganadora 5")
    assert leaving.first() == "f3"
    assert {item for item, _phase in leaving.sheets()} == {"f3", "f5"}
    leaving.fill("f3", "Se retiró")
    leaving._submit()
    assert ("j1", "f5", "campo2") in live.state.index().absent
    assert ("j1", "f2", "campo2") not in live.state.index().absent
    withdrawal = WithdrawalDialog(view, live, "f3")
    withdrawal.fill("No se presentó a la sesión")
    withdrawal._submit()
    assert live.state.snapshot().is_withdrawn("f3")
    view.show_proposal("f3")
    assert view.form.child("resultLabel").text() == _(
        "Withdrawn: {reason}. Nothing is released; no sheet is waited for.").format(
            reason="No se presentó a la sesión")
    assert not view.form.child("presentButton").isEnabled()


def test_an_item_moves_among_the_items_with_ctrl_shift_arrows(window: MainWindow,
                                                              qtbot: QtBot) -> None:
    view = window.view
    view.show_proposal("f3", "campo2")
    before = len(events(window))
    qtbot.keyClick(view.order_view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    contest = window.live.state.snapshot()
    assert {i.id: i.order for i in contest.followup_items} == {
        "f1": 1, "f2": 3, "f3": 2, "f4": 4, "f5": 5}
    logged = events(window)[before:]
    assert [e["kind"] for e in logged] == ["followup.edited"] * 3
    # It stays chosen, with its sheet on screen; the running order shows the new order.
    assert view.proposal == "f3" and view.order_view.currentIndex().row() == \
        view.order.row_of("f3") == 15
    assert line_of(window, "f3").startswith(_("{order}. {organization} (second tranche)")
                                            .format(order=2,
                                                    organization="Organización ganadora 3"))
    # The first item goes no higher: it never passes the proposals.
    view.show_proposal("f1")
    count = len(events(window))
    assert not view.form.child("moveUpButton").isEnabled()
    assert view.form.child("moveDownButton").isEnabled()
    view.move_current(-1)
    assert len(events(window)) == count and view.order.row_of("f1") == 14
    # A proposal moves among the proposals, logged as proposal.edited.
    view.show_proposal("p01")
    view.form.child("moveDownButton").click()
    assert [e["kind"] for e in events(window)[count:]] == ["proposal.edited"] * 3
    assert [p.id for p in sorted(window.live.state.snapshot().proposals,
                                 key=lambda p: p.order)][:2] == ["p02", "p01"]
    # The log replays to the same running order (the moves happened in an open session).
    replayed = replay(events(window)).snapshot()
    assert {i.id: i.order for i in replayed.followup_items} == {
        i.id: i.order for i in window.live.state.snapshot().followup_items}
    assert {p.id: p.order for p in replayed.proposals} == {
        p.id: p.order for p in window.live.state.snapshot().proposals}


def test_an_item_not_eligible_waits_for_no_sheet(blank: MainWindow) -> None:
    view = blank.view
    named = {p.item for p in view.checklist.points}
    assert {"f1", "f3", "f5"} <= named and not named & {"f2", "f4"}
    view.show_proposal("f2", "campo2")
    assert view.form.child("resultLabel").text() == _(
        "Not eligible: {justified} of the first tranche justified, {minimum} required. "
        "Nothing is released; no sheet is waited for.").format(justified="0 %",
                                                                minimum="70 %")
    assert all(view.grid.unavailable_reason(row) for row in range(view.grid.rowCount()))
    assert not view.grid.flags(view.grid.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert view.order.progress("f2") == (0, 0)


def test_the_checklist_covers_the_items(window: MainWindow) -> None:
    view = window.view
    points = view.checklist.points
    assert any(p.kind == UNCONFIRMED and p.item == "f1" for p in points)
    short = next(p for p in points if p.kind == SHORT)
    assert (short.item, short.phase) == ("f3", "campo2")
    texts = [view.checklist.data(view.checklist.index(row))
             for row in range(view.checklist.rowCount())]
    label = _("{order}. {organization} (second tranche)").format(
        order=3, organization="Organización ganadora 3")
    assert _("{item}: too few eligible jurors in {phase}; withdraw it or record a juror's "
             "return").format(item=label, phase="Evaluación de avances en campo") in texts
    row = next(r for r, line in enumerate(view.checklist.lines) if line[0] is short)
    view.go_to_point(view.checklist.index(row))
    assert view.proposal == "f3" and view.current_phase() == "campo2"


def test_the_results_tab_has_the_second_tranche_table(window: MainWindow) -> None:
    window.tabs.setCurrentWidget(window.results_view)
    results = window.results_view
    model = results.second
    assert results.form.child("secondTrancheTable").isVisible()
    headers = [model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    assert headers[2:4] == ["Evaluación de avances en campo", "Rendición pública de avances"]
    rows = [model.cells(line) for line in model.lines]
    assert [row[1] for row in rows] == [f"Organización ganadora {n}" for n in range(1, 6)]
    pending = _("pending: {status}")
    assert rows[0][2:7] == ["43.33", "15.00", "(58.33)",
                            pending.format(status=_("approved")),
                            f"({format_money('3524.40', 'PEN')})"]
    assert rows[1][5] == _("not eligible: insufficient justification")
    assert rows[1][7] == _("{justified} of the first tranche justified, {minimum} "
                           "required").format(justified="0 %", minimum="70 %")
    assert rows[2][5] == _("incomplete")
    assert rows[4][5] == pending.format(status=_("not approved"))
    summary = results.form.child("secondTrancheSummary").text()
    assert summary.startswith(_("Second tranche: {released} released of {due} due.").format(
        released=format_money("3524.40", "PEN"), due=format_money("24330.40", "PEN")))
    assert "2" in summary.split(".", 1)[1]
    # Once every sheet of f1 and f5 is read back, they are final.
    live = window.live
    changes = [("sheet.confirmed", {"juror": p.juror, "proposal": p.item, "phase": p.phase})
               for p in window.view.checklist.points
               if p.kind == UNCONFIRMED and p.item in ("f1", "f5")]
    assert live.apply_many(changes) is None
    rows = [model.cells(line) for line in model.lines]
    assert rows[0][4:7] == ["58.33", _("approved"), format_money("3524.40", "PEN")]
    assert rows[4][5] == _("not approved")
    assert _("Provisional") not in results.form.child("secondTrancheSummary").text()


def test_a_contest_without_items_shows_no_second_tranche_table(tmp_path: Path,
                                                               qtbot: QtBot) -> None:
    from clar_desktop.domain.bundle import parse_bundle
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database
    from tests.helpers import example_bundle

    service = ContestService(open_database(str(tmp_path / "v1.sqlite3"), create=True),
                             actor="test")
    service.import_bundle(parse_bundle(example_bundle()))
    main = MainWindow(LiveContest(service, "colquemarca-2026-1"))
    qtbot.addWidget(main)
    main.show()
    main.tabs.setCurrentWidget(main.results_view)
    assert not main.results_view.form.child("secondTrancheTable").isVisible()
    assert main.results_view.form.child("resultsTable").isVisible()


def test_the_items_speak_quechua(window: MainWindow) -> None:
    set_language("qu")
    try:
        line = line_of(window, "f1")
        assert line.startswith(_("{order}. {organization} (second tranche)").format(
            order=1, organization="Organización ganadora 1"))
        assert "(second tranche)" not in line and "sheets" not in line
        window.view.show_proposal("f2")
        assert "Not eligible" not in window.view.form.child("resultLabel").text()
    finally:
        set_language("es")


def test_an_item_sheet_is_entered_twice_when_double_entry_is_required(window: MainWindow,
                                                                      qtbot: QtBot) -> None:
    """The second person retypes an item's sheet as a proposal's, blind; agreeing, the
    sheet is confirmed."""
    from tests.app.test_double_entry_dialogs import CTRL_SHIFT, retype, when_open

    live = window.live
    assert live.apply("session.double_entry_set", {"required": True})
    view = window.view
    view.show_proposal("f1", "campo2")
    view.grid_view.setCurrentIndex(view.grid.index(0, 0))
    first = [view.grid.data(view.grid.index(0, c)) for c in range(3)]
    seen: list[list[str]] = []
    when_open(qtbot, retype(qtbot, first, seen))
    qtbot.keyClick(view.grid_view, Qt.Key.Key_E, CTRL_SHIFT)
    assert seen == [["", "", ""]]
    last = events(window)[-1]
    assert last["kind"] == "sheet.second_entry" and last["data"]["proposal"] == "f1"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(view.grid_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.grid.is_confirmed(0)


def test_a_session_of_items_only_shows_their_table_alone(tmp_path: Path, qtbot: QtBot) -> None:
    """An evaluation session (no contest of its own): the running order is the items, the
    Results tab their table, without an empty ranking above it."""
    from clar_desktop.domain.bundle import parse_bundle
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database
    from tests.session_items import items_bundle

    bundle = items_bundle()
    contest = bundle["contest"]
    contest["proposals"], contest["categories"] = [], []
    for key in ("scores", "absences", "withdrawals"):
        contest[key] = [x for x in contest[key] if x["proposal"].startswith("f")]
    contest["phases"] = []
    for juror in contest["jurors"]:
        juror["phases"] = [p for p in juror["phases"] if p != "campo"]
    contest["jurors"] = [j for j in contest["jurors"] if j["phases"]]
    contest["rules"]["tie_break"], contest["draws"] = ["draw"], []
    set_language("es")
    service = ContestService(open_database(str(tmp_path / "only.sqlite3"), create=True),
                             actor="test")
    service.import_bundle(parse_bundle(bundle))
    service.open_session(CONTEST)
    main = MainWindow(LiveContest(service, CONTEST))
    qtbot.addWidget(main)
    main.show()
    view = main.view
    assert view.order.rowCount() == 5 and view.proposal == "f1"
    assert view.phases == ["campo2", "publico2"]
    main.tabs.setCurrentWidget(main.results_view)
    form = main.results_view.form
    assert form.child("secondTrancheTable").isVisible()
    assert not form.child("resultsTable").isVisible()
