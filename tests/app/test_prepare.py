"""Preparing a contest in tables: checked edits, logged, undone and redone."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.prepare import PrepareView
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def view(tmp_path: Path, qtbot: QtBot) -> PrepareView:
    service = ContestService(open_database(str(tmp_path / "prep.sqlite3")))
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
        assert model.setData(cell, "campo") is False
    assert view.live.service.export_bundle(CONTEST) == before
    assert model.data(cell) == "publico"
    assert not view.undo.canUndo()


def test_ids_are_not_editable(view: PrepareView) -> None:
    from PySide6.QtCore import Qt

    model = view.proposals
    assert not model.flags(model.index(0, _column(model, "id"))) & Qt.ItemFlag.ItemIsEditable


def test_a_contest_is_prepared_from_nothing_through_the_forms(tmp_path: Path,
                                                              qtbot: QtBot) -> None:
    from clar_desktop.app.new_item import NewItemDialog

    service = ContestService(open_database(str(tmp_path / "new.sqlite3")))
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

    assert add(prepare.categories, {"id": "pdn", "name.es": "Planes de negocio",
                                    "name.qu": "Qhatuy llamk'aykuna",
                                    "budget": "50,000"}) is None
    assert add(prepare.criteria, {"phase": "publico", "id": "claridad",
                                  "name.es": "Claridad", "max": "10"}) is None
    # A criterion of a phase that does not exist is refused in one sentence.
    assert add(prepare.criteria, {"phase": "campo", "id": "x", "name.es": "X", "max": "5"})
    assert add(prepare.jurors, {"id": "j1", "name": "Rosa Huamán Quispe",
                                "document": "24681357", "role": "Presidenta",
                                "phases": "publico"}) is None
    assert add(prepare.proposals, {"order": "1", "id": "p01", "organization": "Asociación",
                                   "title": "Cuyes", "category": "pdn",
                                   "requested": "S/ 12,000"}) is None
    assert add(prepare.proposals, {"order": "2", "id": "p02", "organization": "Otra",
                                   "title": "Truchas", "category": "pdn",
                                   "requested": "mucho"}) is not None
    assert prepare.categories.data(prepare.categories.index(0, 2)) == "Qhatuy llamk'aykuna"
    assert prepare.proposals.rowCount() == 1 and prepare.criteria.rowCount() == 1
    service.enter_score("nuevo-2027", "j1", "p01", "claridad", "8")
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
    child("tieBreakEdit").setText("criterion:nope")
    assert not form.apply()
    assert "nope" in child("problemLabel").text()
    assert view.live.state.contest.rules.tie_break != ("criterion:nope",)


def test_a_photo_shows_beside_the_proposal_in_the_live_screen(tmp_path: Path,
                                                              qtbot: QtBot) -> None:
    from PySide6.QtGui import QColor, QImage

    from clar_desktop.app.main_window import MainWindow

    service = ContestService(open_database(str(tmp_path / "img.sqlite3")))
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
