"""The second-tranche pages of the Preparation tab: the items under evaluation (a justified
percent is recorded with the reference of the office's review, which the log keeps), the
follow-up rules, phases and criteria, the jurors' follow-up phases — and a contest that holds
only items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.app.prepare.new_item import NewItemDialog
from clar_desktop.app.prepare.review_dialog import ReviewDialog
from clar_desktop.app.prepare.view import PrepareView
from clar_desktop.app.session.event_log import EventLogModel
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.verify import verify
from clar_desktop.i18n import gettext_in, set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import v2_bundle

CONTEST = "ejemplo-v2"


def _service(tmp_path: Path, bundle: dict[str, Any]) -> ContestService:
    service = ContestService(open_database(str(tmp_path / "fu.sqlite3"), create=True))
    service.import_bundle(parse_bundle(bundle))
    return service


@pytest.fixture
def view(tmp_path: Path, qtbot: QtBot) -> PrepareView:
    set_language("es")
    prepare = PrepareView(LiveContest(_service(tmp_path, v2_bundle()), CONTEST))
    qtbot.addWidget(prepare)
    return prepare


def _column(model: Any, key: str) -> int:
    return [f.key for f in model.fields].index(key)


def _cell(model: Any, row: int, key: str) -> str:
    return str(model.data(model.index(row, _column(model, key))))


def _last(view: PrepareView) -> dict[str, Any]:
    return view.live.service.events(CONTEST)[-1]


def _add(model: Any, values: dict[str, Any]) -> NewItemDialog:
    dialog = NewItemDialog(None, "new", model)
    dialog.fill(values)
    dialog.problem_text = dialog.submit()  # type: ignore[attr-defined]
    return dialog


def test_the_items_are_listed_in_order_with_their_award_and_tranches(view: PrepareView) -> None:
    model = view.followups
    assert model.rowCount() == 5
    assert _cell(model, 2, "organization") == "Organización ganadora 3"
    assert _cell(model, 2, "award.acta") == "004-2025-CLAR"
    assert _cell(model, 2, "award.proposal") == "p03"
    assert _cell(model, 2, "first_tranche") == "9250.50"
    assert _cell(model, 2, "second_tranche") == "3964.50"
    assert _cell(model, 2, "justified_percent") == "82.5"
    assert _cell(model, 2, "families") == "17" and _cell(model, 2, "women") == "2"
    assert _cell(model, 2, "review") == ""  # imported: no review recorded in this log
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(
        model.columnCount())]
    assert headers[:3] == ["Orden", "Organización", "Plan"]
    assert gettext_in("es", "Office's review") in headers


def test_an_edit_of_an_item_is_logged_shown_and_undone(view: PrepareView) -> None:
    model = view.followups
    assert model.setData(model.index(0, _column(model, "title")), "Crianza de cuyes")
    event = _last(view)
    assert event["kind"] == "followup.edited" and "reason" not in event["data"]
    assert event["data"]["item"]["title"] == "Crianza de cuyes"
    assert _cell(model, 0, "title") == "Crianza de cuyes"
    assert not model.setData(model.index(0, _column(model, "second_tranche")), "mucho")
    view.undo.undo()
    assert _cell(model, 0, "title") == "Plan 1 (segundo desembolso)"
    assert _last(view)["kind"] == "followup.edited"  # the undo is in the log too


def test_a_justified_percent_is_recorded_with_the_offices_review(view: PrepareView) -> None:
    model = view.followups
    asked: list[tuple[int, str]] = []
    answers: list[tuple[str, str] | None] = [None, ("90", "Informe 012-2026-OL")]

    def ask(row: int, share: str) -> tuple[str, str] | None:
        asked.append((row, share))
        return answers.pop(0)

    model.ask_review = ask
    before = len(view.live.service.events(CONTEST))
    cell = model.index(1, _column(model, "justified_percent"))
    assert not model.setData(cell, "90")  # the secretary cancels the review: nothing changes
    assert len(view.live.service.events(CONTEST)) == before
    assert model.setData(cell, "90,0")
    assert asked == [(1, "90"), (1, "90.0")]
    event = _last(view)
    assert event["kind"] == "followup.edited"
    assert event["data"]["reason"] == "Informe 012-2026-OL"
    assert event["data"]["item"]["justified_percent"] == "90"
    assert "review" not in event["data"]["item"]  # the bundle has no field for it
    assert _cell(model, 1, "justified_percent") == "90"
    assert _cell(model, 1, "review") == "Informe 012-2026-OL"
    # The log tab says it in words: the percent in the details, the reference as reason.
    log = EventLogModel(view.live)
    cells = log.cells(log.events[-1])
    assert cells[2] == "iniciativa de seguimiento editada"
    assert cells[3] == "Organización ganadora 2"
    assert "90" in cells[5] and cells[6] == "Informe 012-2026-OL"
    bundle = view.live.service.export_bundle(CONTEST)
    assert verify(parse_bundle(bundle)).ok
    # Undone: the percent as it was, and no reference left behind it.
    view.undo.undo()
    assert _cell(model, 1, "justified_percent") == "0"
    assert _cell(model, 1, "review") == ""
    # A review read back from the log when the contest is opened again.
    view.undo.redo()
    again = PrepareView(LiveContest(view.live.service, CONTEST))
    assert _cell(again.followups, 1, "review") == "Informe 012-2026-OL"
    again.deleteLater()


def test_the_review_dialog_refuses_in_one_sentence(view: PrepareView, qtbot: QtBot) -> None:
    item = view.followups.items[2]
    dialog = ReviewDialog(view, view.live, item["id"], "85", None)
    qtbot.addWidget(dialog.dialog)
    intro = dialog.form.child("itemLabel").text()
    assert "Organización ganadora 3" in intro and "9,250.50" in intro
    assert "7,862.93" in dialog.form.child("amountLabel").text()  # 85 % of 9,250.50
    assert str(dialog.submit()) == gettext_in(
        "es", "Write the reference of the office's review, such as Informe 012-2026-OL: the "
        "log keeps it with the change.")
    dialog.fill("120", "Informe 012-2026-OL")
    assert str(dialog.submit()) == gettext_in("es", "Write a percentage from 0 to 100.")
    dialog.fill("60", "Informe 012-2026-OL")
    assert gettext_in("es", "Below the minimum of {minimum} %, the second tranche cannot be "
                      "approved.").format(minimum=70) in dialog.form.child(
                          "amountLabel").text()
    assert dialog.submit() is None
    assert dialog.answer == ("60", "Informe 012-2026-OL")


def test_the_review_button_records_the_selected_items_review(view: PrepareView,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setattr(ReviewDialog, "ask", lambda self: ("75", "Informe 020-2026-OL"))
    refused: list[str] = []
    view.live.refused.connect(refused.append)
    assert not view.review_selected()
    assert refused == [gettext_in("es", "Select a second-tranche item first.")]
    view.followups_table.setCurrentIndex(view.followups.index(3, 0))
    assert view.review_selected()
    assert _last(view)["data"]["reason"] == "Informe 020-2026-OL"
    assert _cell(view.followups, 3, "justified_percent") == "75"
    assert _cell(view.followups, 3, "review") == "Informe 020-2026-OL"


def test_an_item_is_added_and_removed_through_the_services(view: PrepareView) -> None:
    model = view.followups
    values = {"organization": "Asociación Sumaq Away", "title": "Tejidos",
              "award.acta": "004-2025-CLAR", "first_tranche": "4,000",
              "second_tranche": "6000", "justified_percent": "80", "women": "12"}
    dialog = _add(model, values)
    # A justified share needs the office's review behind it, said at its field.
    assert dialog.problem_text is not None  # type: ignore[attr-defined]
    assert dialog.problem_labels["review"].text() == gettext_in(
        "es", "Write the reference of the office's review that found this share justified.")
    assert model.rowCount() == 5
    dialog.fill({"review": "Informe 013-2026-OL"})
    assert dialog.submit() is None
    event = _last(view)
    assert event["kind"] == "followup.added"
    assert event["data"]["reason"] == "Informe 013-2026-OL"
    added = event["data"]["item"]
    assert added["id"] == "asociacion-sumaq-away" and added["order"] == 6
    assert added["award"] == {"acta": "004-2025-CLAR"} and added["first_tranche"] == "4000.00"
    assert _cell(model, 5, "review") == "Informe 013-2026-OL"
    # An item with scores is not removed: one sentence says why.
    problem = model.remove_row(0)
    assert problem is not None and "Organización ganadora 1" in str(problem)
    assert model.rowCount() == 6
    assert model.remove_row(5) is None
    assert _last(view)["kind"] == "followup.removed" and model.rowCount() == 5
    # An order another item has is refused in a sentence, nothing written.
    before = len(view.live.service.events(CONTEST))
    dialog = _add(model, dict(values, order="2", justified_percent="0"))
    assert dialog.problem_text  # type: ignore[attr-defined]
    assert len(view.live.service.events(CONTEST)) == before


def test_the_rules_form_shows_only_what_applies_and_records_the_rules(view: PrepareView
                                                                      ) -> None:
    page = view.followup_sheets
    child = page.form.child
    view.form.child("tables").setCurrentWidget(page)
    page.show()
    assert child("justifiedEdit").text() == "70" and child("passEdit").text() == "52.5"
    assert not child("trimSpin").isVisibleTo(page)
    box = child("aggregationBox")
    box.setCurrentIndex(box.findData("trimmed_mean"))
    assert child("trimSpin").isVisibleTo(page)
    child("trimSpin").setValue(1)
    child("passEdit").setText("60")
    child("justifiedEdit").setText("75")
    assert page.apply()
    event = _last(view)
    assert event["kind"] == "followup_rules.changed"
    assert event["data"]["rules"] == {"aggregation": "trimmed_mean", "trim": 1,
                                      "pass_score": "60", "min_jurors": 3,
                                      "min_justified_percent": "75"}
    contest = view.live.state.contest
    assert contest is not None and contest.followups is not None
    assert str(contest.followups.rules.min_justified_percent) == "75"
    child("passEdit").setText("80")  # the sheets give 55 + 20 points
    assert not page.apply()
    assert child("rulesProblemLabel").text() == gettext_in(
        "es", "The sheets give at most {total} points: a pass mark of {value} can never be "
        "reached.").format(total=75, value=80)
    child("passEdit").setText("60")
    child("justifiedEdit").setText("120")
    assert not page.apply()
    assert child("rulesProblemLabel").text() == gettext_in(
        "es", "Write a percentage from 0 to 100.")
    assert _last(view)["seq"] == event["seq"]


def test_phases_and_criteria_of_the_second_tranche(view: PrepareView) -> None:
    phases, criteria = view.followup_phases, view.followup_criteria
    assert [p["id"] for p in phases.items] == ["campo2", "publico2"]
    assert _cell(phases, 0, "count") == "3" and _cell(phases, 0, "points") == "55"
    assert criteria.rowCount() == 6 and view.criteria.rowCount() == 3  # the contest's own
    assert _add(phases, {"name.es": "Rendición de cuentas",
                         "name.qu": "Qullqi willakuy"}).problem_text is None  # type: ignore
    event = _last(view)
    assert event["kind"] == "followup_phase.added"
    assert event["data"]["phase"] == {"id": "rendicion-de-cuentas", "criteria": [], "name": {
        "es": "Rendición de cuentas", "qu": "Qullqi willakuy"}}
    assert phases.setData(phases.index(2, _column(phases, "name.qu")), "Qullqimanta willakuy")
    assert _last(view)["kind"] == "followup_phase.edited"
    # Its criteria are chosen among the second-tranche phases only.
    assert [name for _id, name in criteria.choices("phase")] == [
        "Evaluación de avances en campo", "Rendición pública de avances",
        "Rendición de cuentas"]
    assert _add(criteria, {"phase": "rendicion-de-cuentas", "name.es": "Uso de fondos",
                           "max": "10"}).problem_text is None  # type: ignore[attr-defined]
    assert _last(view)["kind"] == "criterion.added"
    assert _cell(phases, 2, "count") == "1" and _cell(phases, 2, "points") == "10"
    assert criteria.setData(criteria.index(6, _column(criteria, "max")), "20")
    assert _cell(phases, 2, "points") == "20"
    # A phase with criteria is not removed; its criterion first, then it.
    assert phases.remove_row(2) is not None
    assert criteria.remove_row(6) is None
    # A juror is given the new phase with the same check boxes as any other.
    jurors = view.jurors
    cell = jurors.index(1, _column(jurors, "phases"))
    assert "rendicion-de-cuentas" in [p for p, _n in jurors.choices("phases")]
    assert jurors.setData(cell, ["campo", "rendicion-de-cuentas"])
    assert _last(view)["kind"] == "juror.edited"
    assert jurors.data(cell) == "Evaluación de campo, Rendición de cuentas"
    assert phases.remove_row(2) is not None  # a juror still scores it: said, not removed
    assert jurors.setData(cell, ["campo"])
    assert phases.remove_row(2) is None
    assert _last(view)["kind"] == "followup_phase.removed"
    assert verify(parse_bundle(view.live.service.export_bundle(CONTEST))).ok


def _only_items() -> dict[str, Any]:
    """The v2 example without proposals or categories: a session of second tranches only."""
    bundle = v2_bundle()
    contest = bundle["contest"]
    proposals = {p["id"] for p in contest["proposals"]}
    contest.update(proposals=[], categories=[], phases=[], draws=[])
    for key in ("scores", "recusals", "absences", "withdrawals"):
        contest[key] = [r for r in contest.get(key, []) if r["proposal"] not in proposals]
    for juror in contest["jurors"]:
        juror["phases"] = [p for p in juror["phases"] if p != "campo"] or ["campo2"]
    contest["rules"]["tie_break"] = ["draw"]
    return bundle


@pytest.mark.parametrize("language", ["es", "qu"])
def test_a_contest_of_items_only_is_prepared_without_errors(tmp_path: Path, qtbot: QtBot,
                                                            language: str) -> None:
    set_language(language)
    try:
        service = _service(tmp_path, _only_items())
        window = MainWindow(LiveContest(service, CONTEST))
        qtbot.addWidget(window)
        window.show()
        prepare = window.prepare_view
        pages = prepare.form.child("tables")
        for i in range(pages.count()):
            pages.setCurrentIndex(i)
        assert prepare.proposals.rowCount() == 0 and prepare.categories.rowCount() == 0
        assert prepare.followups.rowCount() == 5
        form = prepare.contest_form.form.child
        form("titleEdit").setText("Segundo desembolso 2026")
        assert prepare.contest_form.apply()
        assert _add(prepare.jurors, {"name": "Rosa Huamán Quispe", "document": "24681357",
                                     "phases": ["campo2", "publico2"]}).problem_text is None
        assert prepare.followups.setData(prepare.followups.index(0, 1), "Asociación Q'ente")
        assert prepare.followup_sheets.apply()
        kinds = [e["kind"] for e in service.events(CONTEST)[-3:]]
        assert kinds == ["contest.edited", "juror.added", "followup.edited"]
        assert verify(parse_bundle(service.export_bundle(CONTEST))).ok
        window.close()
    finally:
        set_language("es")


def test_the_engine_takes_a_review_reference_only_as_a_text(tmp_path: Path) -> None:
    from clar_desktop.domain.errors import ChangeRefused

    service = _service(tmp_path, v2_bundle())
    item = service.export_bundle(CONTEST)["contest"]["followups"]["items"][1]
    for wrong in (12, "   ", ["Informe"]):
        with pytest.raises(ChangeRefused):
            service.apply(CONTEST, "followup.edited",
                          {"item": dict(item, justified_percent="90"), "reason": wrong})
    service.apply(CONTEST, "followup.edited", {"item": dict(item, justified_percent="90"),
                                               "reason": "Informe 012-2026-OL"})
    bundle = parse_bundle(service.export_bundle(CONTEST))
    assert verify(bundle).ok  # the log with the reason replays to the same contest
    assert bundle.contest.followup_item(item["id"]).justified_percent == 90  # type: ignore


def test_a_juror_ticks_follow_up_phases_in_the_same_list(view: PrepareView,
                                                         qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

    from clar_desktop.app.prepare.editors import ChoiceDelegate, PhasesList

    jurors = view.jurors
    table = view.form.child("jurorsTable")
    assert isinstance(table, QTableView)
    delegate = table.itemDelegate()
    assert isinstance(delegate, ChoiceDelegate)
    cell = jurors.index(1, _column(jurors, "phases"))  # Jurado 2: the field phase only
    editor = delegate.createEditor(table.viewport(), QStyleOptionViewItem(), cell)
    assert isinstance(editor, PhasesList)
    delegate.setEditorData(editor, cell)
    names = [editor.item(row).text() for row in range(editor.count())]
    assert names == ["Evaluación de campo", "Evaluación de avances en campo",
                     "Rendición pública de avances"]
    assert editor.ticked() == ["campo"]
    editor.item(2).setCheckState(Qt.CheckState.Checked)
    delegate.setModelData(editor, jurors, cell)
    assert _last(view)["kind"] == "juror.edited"
    assert _last(view)["data"]["juror"]["phases"] == ["campo", "publico2"]
    assert jurors.data(cell) == "Evaluación de campo, Rendición pública de avances"
    editor.deleteLater()


def test_the_new_item_dialog_says_each_problem_whole(view: PrepareView, qtbot: QtBot) -> None:
    dialog = NewItemDialog(None, "new", view.followups)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.fill({"organization": "Asociación Sumaq Away", "justified_percent": "80"})
    assert dialog.submit() is not None
    # An amount left empty is asked for, not called "not an amount".
    assert dialog.problem_labels["first_tranche"].text() == gettext_in(
        "es", "write something here")
    review = dialog.problem_labels["review"]
    assert review.isVisible() and review.text()
    # The dialog grew: the wrapped sentence under the review's field is not cut off.
    layout = dialog.layout()
    assert dialog.height() >= layout.totalHeightForWidth(dialog.width())
    assert review.height() >= review.heightForWidth(review.width())


def test_a_second_tranche_starts_with_its_phases(tmp_path: Path, qtbot: QtBot) -> None:
    from tests.helpers import example_bundle

    contest = "colquemarca-2026-1"
    prepare = PrepareView(LiveContest(_service(tmp_path, example_bundle()), contest))
    qtbot.addWidget(prepare)
    service = prepare.live.service
    before = len(service.events(contest))
    refused: list[str] = []
    prepare.live.refused.connect(refused.append)
    first = gettext_in("es", "Add a phase to the second-tranche sheets first: the items are "
                       "scored on its criteria.")
    # No item, no rules before a phase: a bundle's second tranche has at least one.
    prepare.add_item(prepare.followups, "new")
    assert refused == [first]
    assert str(prepare.followups.add({"organization": "O", "title": "T",
                                      "first_tranche": "1", "second_tranche": "2"})) == first
    assert not prepare.followup_sheets.apply()
    assert prepare.followup_sheets.form.child("rulesProblemLabel").text() == first
    assert len(service.events(contest)) == before
    assert _add(prepare.followup_phases, {"name.es": "Avances"}).problem_text is None  # type: ignore
    assert prepare.followup_sheets.apply()  # the defaults: nothing to record, nothing said
    assert prepare.followup_sheets.form.child("rulesProblemLabel").text() == ""
    assert _add(prepare.followups, {"organization": "O", "title": "T", "first_tranche": "1",
                                    "second_tranche": "2"}).problem_text is None  # type: ignore
    # The last phase stays while an item is scored on it; without items it takes the second
    # tranche with it, and the contest exports as it was.
    problem = prepare.followup_phases.remove_row(0)
    assert problem is not None and "Avances" in str(problem)
    assert prepare.followups.remove_row(0) is None
    assert prepare.followup_phases.remove_row(0) is None
    bundle = service.export_bundle(contest)
    assert "followups" not in bundle["contest"]
    assert verify(parse_bundle(bundle)).ok


def test_a_double_click_on_the_review_asks_for_a_new_one(view: PrepareView, qtbot: QtBot,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReviewDialog, "ask", lambda self: ("72.5", "Informe 021-2026-OL"))
    view.show()
    table = view.followups_table
    view.form.child("tables").setCurrentIndex(view.form.child("tables").indexOf(
        view.form.child("followupsPage")))
    qtbot.waitExposed(table)
    cell = view.followups.index(4, _column(view.followups, "review"))
    assert view.followups.data(cell, Qt.ItemDataRole.ToolTipRole)
    table.setCurrentIndex(cell)
    table.scrollTo(cell)
    place = table.visualRect(cell).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=place)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=place)
    assert _cell(view.followups, 4, "justified_percent") == "72.5"
    assert _cell(view.followups, 4, "review") == "Informe 021-2026-OL"


def test_the_refusals_are_said_in_quechua(view: PrepareView, qtbot: QtBot) -> None:
    set_language("qu")
    try:
        item = view.followups.items[0]["id"]
        dialog = ReviewDialog(view, view.live, item, "85", None)
        qtbot.addWidget(dialog.dialog)
        dialog.say(dialog.submit() or "")
        said = dialog.form.child("problemLabel").text()
        assert said == gettext_in("qu", "Write the reference of the office's review, such as "
                                  "Informe 012-2026-OL: the log keeps it with the change.")
        assert said.startswith("Oficinaq informenta qillqay")
        set_language("es")  # the sentence follows a change of language
        assert dialog.form.child("problemLabel").text().startswith("Escriba la referencia")
        set_language("qu")
        page = view.followup_sheets
        page.form.child("justifiedEdit").setText("ciento")
        assert not page.apply()
        assert page.form.child("rulesProblemLabel").text() == gettext_in(
            "qu", "Write a percentage from 0 to 100.")
    finally:
        set_language("es")
