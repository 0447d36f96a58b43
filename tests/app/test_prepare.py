"""Preparing a contest in tables: checked edits, logged, undone and redone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.prepare.view import PrepareView
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import gettext_in
from clar_desktop.labels import TIE_BREAK_CRITERION, TIE_BREAK_WORDS
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def view(tmp_path: Path, qtbot: QtBot) -> PrepareView:
    service = ContestService(open_database(str(tmp_path / "prep.sqlite3"), create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    prepare = PrepareView(LiveContest(service, CONTEST))
    qtbot.addWidget(prepare)
    return prepare


def _column(model: object, key: str) -> int:
    return [f.key for f in model.fields].index(key)  # type: ignore[attr-defined]


def test_an_edit_is_checked_logged_and_undone(view: PrepareView) -> None:
    model = view.proposals
    cell = model.index(0, _column(model, "requested"))
    assert model.setData(cell, "15 000") is False  # not an amount: nothing changes
    assert model.setData(cell, "14,000.50")
    assert model.data(cell) == "14000.50"
    service = view.live.service
    assert service.events(CONTEST)[-1]["kind"] == "proposal.edited"
    view.undo.undo()
    assert model.data(model.index(0, _column(model, "requested"))) == "14500.00"
    view.undo.redo()
    assert model.data(model.index(0, _column(model, "requested"))) == "14000.50"
    kinds = [e["kind"] for e in service.events(CONTEST)[-3:]]
    assert kinds == ["proposal.edited"] * 3  # the undo is itself in the log


def test_an_edit_the_rules_refuse_changes_nothing(view: PrepareView, qtbot: QtBot) -> None:
    model = view.jurors
    before = view.live.service.export_bundle(CONTEST)
    # j4 scores only the public phase; giving them no phase would orphan their scores.
    cell = model.index(3, _column(model, "phases"))
    with qtbot.waitSignal(view.live.refused):
        assert model.setData(cell, ["campo"]) is False
    assert view.live.service.export_bundle(CONTEST) == before
    assert model.data(cell) == "Evaluación pública"
    assert model.data(cell, Qt.ItemDataRole.EditRole) == ["publico"]
    assert not view.undo.canUndo()


def test_ids_are_not_editable(view: PrepareView) -> None:
    from PySide6.QtCore import Qt

    model = view.proposals
    assert not model.flags(model.index(0, _column(model, "id"))) & Qt.ItemFlag.ItemIsEditable


def test_a_contest_is_prepared_from_nothing_through_the_forms(tmp_path: Path,
                                                              qtbot: QtBot) -> None:
    from clar_desktop.app.prepare.new_item import NewItemDialog

    service = ContestService(open_database(str(tmp_path / "new.sqlite3"), create=True))
    service.create_contest({"id": "nuevo-2027", "title": "Concurso 2027",
                            "date": "2027-03-15"})
    service.apply("nuevo-2027", "phase.added", {"phase": {
        "id": "publico", "name": {"es": "Evaluación pública"}, "criteria": []}})
    prepare = PrepareView(LiveContest(service, "nuevo-2027"))
    qtbot.addWidget(prepare)

    def add(model: object, values: dict[str, str]) -> str | None:
        dialog = NewItemDialog(None, "new", model)
        dialog.fill(values)
        return dialog.submit()

    assert add(prepare.categories, {"name.es": "Planes de negocio",
                                    "name.qu": "Qhatuy llamk'aykuna",
                                    "budget": "50,000"}) is None
    assert add(prepare.criteria, {"phase": "publico", "name.es": "Claridad",
                                  "max": "10"}) is None
    # A criterion of a phase that does not exist is refused in one sentence.
    assert add(prepare.criteria, {"phase": "campo", "name.es": "X", "max": "5"})
    # An id may still be typed, under "Advanced".
    assert add(prepare.jurors, {"id": "j1", "name": "Rosa Huamán Quispe",
                                "document": "24681357", "role": "Presidenta",
                                "phases": ["publico"]}) is None
    assert add(prepare.proposals, {"order": "1", "organization": "Asociación",
                                   "title": "Cuyes", "category": "planes-de-negocio",
                                   "requested": "S/ 12,000"}) is None
    assert add(prepare.proposals, {"order": "2", "organization": "Otra",
                                   "title": "Truchas", "category": "planes-de-negocio",
                                   "requested": "mucho"}) is not None
    assert prepare.categories.data(prepare.categories.index(
        0, _column(prepare.categories, "name.qu"))) == "Qhatuy llamk'aykuna"
    assert prepare.proposals.rowCount() == 1 and prepare.criteria.rowCount() == 1
    assert [p["id"] for p in prepare.proposals.items] == ["asociacion"]
    service.enter_score("nuevo-2027", "j1", "asociacion", "claridad", "8")
    from clar_desktop.domain.bundle import parse_bundle as parse
    from clar_desktop.domain.verify import verify

    bundle = parse(service.export_bundle("nuevo-2027"))
    assert verify(bundle).ok
    assert bundle.contest.categories[0].budget == 50000


def test_the_contest_data_and_rules_form(view: PrepareView) -> None:
    form = view.contest_form
    child = form.form.child
    assert child("titleEdit").text().startswith("Primer concurso")
    child("passEdit").setText("75")
    child("allocationBox").setCurrentIndex(child("allocationBox").findData("stop"))
    child("districtEdit").setText("Colquemarca")
    assert form.apply()
    contest = view.live.state.contest
    assert contest is not None
    assert contest.rules.pass_score == 75 and contest.rules.allocation == "stop"
    kinds = [e["kind"] for e in view.live.service.events(CONTEST)[-1:]]
    assert kinds == ["rules.changed"]  # the place did not change: only the rules are logged
    child("passEdit").setText("setenta")
    assert not form.apply()
    assert child("problemLabel").text()  # one sentence saying why
    assert view.live.state.contest.rules.pass_score == 75


def test_the_tie_break_chain_is_chosen_in_words(view: PrepareView) -> None:
    form = view.contest_form
    child = form.form.child
    shown = [child("tieBreakList").item(i).text() for i in range(child("tieBreakList").count())]
    contest = view.live.state.contest
    assert contest is not None
    found = contest.criterion("participacion_publica")
    assert found is not None
    assert shown == [gettext_in("es", TIE_BREAK_CRITERION).format(criterion=found[1].name["es"]),
                     gettext_in("es", TIE_BREAK_WORDS["requested_asc"]),
                     gettext_in("es", TIE_BREAK_WORDS["draw"])]
    while child("tieBreakList").count():
        child("tieBreakList").setCurrentRow(0)
        child("removeTieBreakButton").click()
    choice = child("tieBreakChoice")
    choices = [choice.itemText(i) for i in range(choice.count())]
    assert gettext_in("es", TIE_BREAK_WORDS["requested_asc"]) in choices
    assert not any(":" in text or "_" in text for text in choices)  # no code is shown
    choice.setCurrentIndex(choice.findData("draw"))
    child("addTieBreakButton").click()
    choice.setCurrentIndex(choice.findData("requested_asc"))
    child("addTieBreakButton").click()
    assert choice.findData("draw") == -1  # a key is in the chain once
    child("upTieBreakButton").click()  # "requested_asc" is the current row
    assert form.apply()
    assert view.live.state.contest.rules.tie_break == ("requested_asc", "draw")


def test_a_photo_shows_beside_the_proposal_in_the_live_screen(tmp_path: Path,
                                                              qtbot: QtBot) -> None:
    from PySide6.QtGui import QColor, QImage

    from clar_desktop.app.main_window import MainWindow

    service = ContestService(open_database(str(tmp_path / "img.sqlite3"), create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    window = MainWindow(LiveContest(service, CONTEST))
    qtbot.addWidget(window)
    picture = tmp_path / "mapa.png"
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    assert image.save(str(picture))
    assert window.prepare_view.set_image("p02", picture)
    window.view.show_proposal("p02")
    assert not window.view.form.child("proposalImage").pixmap().isNull()
    bad = tmp_path / "notes.png"
    bad.write_text("not a picture", encoding="utf-8")
    with qtbot.waitSignal(window.live.refused):
        assert not window.prepare_view.set_image("p02", bad)


def test_a_row_added_by_mistake_is_removed_and_the_removal_undone(tmp_path: Path,
                                                                   qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    bundle = example_bundle()
    bundle["contest"]["scores"] = []
    bundle["contest"]["recusals"] = []
    service = ContestService(open_database(str(tmp_path / "remove.sqlite3"), create=True))
    service.import_bundle(parse_bundle(bundle))
    view = PrepareView(LiveContest(service, CONTEST))
    qtbot.addWidget(view)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    model = view.proposals
    assert model.add({"order": "11", "id": "p11", "organization": "Por error",
                      "title": "Duplicada", "category": "pdn", "requested": "900"}) is None
    assert model.rowCount() == 11
    view.undo.undo()  # undoing the addition records its removal
    assert model.rowCount() == 10
    assert service.events(CONTEST)[-1]["kind"] == "proposal.removed"
    view.undo.redo()
    assert model.rowCount() == 11
    # The Delete key on the selected row, confirmed.
    table = view.form.child("proposalsTable")
    row = [p["id"] for p in model.items].index("p11")
    view.form.child("tables").setCurrentWidget(view.form.child("proposalsPage"))
    table.setCurrentIndex(model.index(row, 0))
    table.setFocus()
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def yes(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    original = QMessageBox.question
    QMessageBox.question = yes  # type: ignore[method-assign, assignment]
    try:
        qtbot.keyClick(table, Qt.Key.Key_Delete)
    finally:
        QMessageBox.question = original  # type: ignore[method-assign]
    assert asked and "Por error" in asked[0] and "p11" not in asked[0]  # named, not by id
    assert "p11" not in [p["id"] for p in model.items]
    view.undo.undo()  # adds it back
    assert "p11" in [p["id"] for p in model.items]


def test_a_proposal_with_scores_cannot_be_removed(view: PrepareView) -> None:
    from clar_desktop.i18n import _

    problem = view.proposals.remove_row(0)
    assert problem is not None
    # Said with the organization's name, never the id nor a path into the data.
    said = _("proposal {id} already has scores, recusals or draws: it cannot be removed"
             ).format(id="Asociación de Productores de Cuyes Sumaq Kawsay")
    assert str(problem) == said[:1].upper() + said[1:]
    assert view.proposals.rowCount() == 10 and not view.undo.canUndo()


def test_clicking_a_row_of_every_table_is_safe(view: PrepareView, qtbot: QtBot) -> None:
    """A click makes the row current, and views then call the model's ``submit()`` virtual:
    a model method of that name taking arguments crashed the whole program."""
    from PySide6.QtCore import Qt

    view.show()
    tabs = view.form.child("tables")
    for name in ("proposalsTable", "jurorsTable", "categoriesTable", "criteriaTable"):
        table = view.form.child(name)
        tabs.setCurrentWidget(table.parentWidget())
        rect = table.visualRect(table.model().index(0, 1))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert table.currentIndex().row() == 0
