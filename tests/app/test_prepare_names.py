"""The Preparation tab speaks in names: tables show categories and phases by their names,
references are chosen by name, a new item's id is made from its name, and a refusal keeps
everything typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.prepare.definitions import DefinitionTable
from clar_desktop.app.prepare.editors import PhasesList
from clar_desktop.app.prepare.new_item import NewItemDialog
from clar_desktop.app.prepare.view import PrepareView
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import N_, _, gettext_in, ngettext, set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"
NAMES = {"es": {"pdn": "Planes de negocio", "campo": "Evaluación de campo",
                "publico": "Evaluación pública"},
         "qu": {"pdn": "Qhatuy llamk'aykuna", "campo": "Chakrapi qhawariy",
                "publico": "Llapanpa qhawarisqan"}}


@pytest.fixture
def view(tmp_path: Path, qtbot: QtBot) -> PrepareView:
    service = ContestService(open_database(str(tmp_path / "names.sqlite3"), create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    prepare = PrepareView(LiveContest(service, CONTEST))
    qtbot.addWidget(prepare)
    prepare.resize(1200, 700)
    prepare.show()
    return prepare


def _column(model: DefinitionTable, key: str) -> int:
    return [f.key for f in model.fields].index(key)


def _shown(model: DefinitionTable, row: int, key: str) -> str:
    return str(model.data(model.index(row, _column(model, key))))


def _new(view: PrepareView, model: DefinitionTable, title: str) -> NewItemDialog:
    dialog = NewItemDialog(view, title, model)
    dialog.show()
    return dialog


@pytest.mark.parametrize("language", ["es", "qu"])
def test_the_tables_show_names_never_ids(view: PrepareView, language: str) -> None:
    set_language(language)
    names = NAMES[language]
    assert _shown(view.proposals, 0, "category") == names["pdn"]
    criteria = view.criteria
    assert _shown(criteria, 0, "phase") == names["campo"]
    assert _shown(view.jurors, 0, "phases") == f"{names['campo']}, {names['publico']}"
    assert _shown(view.jurors, 3, "phases") == names["publico"]
    ids = {"pdn", "pgrn", "campo", "publico", "j1", "p01"}
    for model in (view.proposals, view.jurors, view.categories, view.criteria):
        # The id is last, read-only, and said to be advanced.
        last = model.columnCount() - 1
        assert model.fields[last].key == "id"
        assert model.headerData(last, Qt.Orientation.Horizontal) == gettext_in(
            language, "Id (advanced)")
        assert not model.flags(model.index(0, last)) & Qt.ItemFlag.ItemIsEditable
        for row in range(model.rowCount()):
            for column in range(last):
                for part in str(model.data(model.index(row, column))).split(", "):
                    assert part not in ids, (model.kind, row, column)


def test_the_names_follow_a_switch_of_language(view: PrepareView) -> None:
    assert _shown(view.proposals, 0, "category") == NAMES["es"]["pdn"]
    set_language("qu")
    assert _shown(view.proposals, 0, "category") == NAMES["qu"]["pdn"]
    header = view.jurors.headerData(_column(view.jurors, "phases"), Qt.Orientation.Horizontal)
    assert header == gettext_in("qu", "Phases")


def test_a_category_chosen_in_the_combo_is_logged_and_undone(view: PrepareView) -> None:
    model, table = view.proposals, view.form.child("proposalsTable")
    view.form.child("tables").setCurrentWidget(view.form.child("proposalsPage"))
    cell = model.index(0, _column(model, "category"))
    table.setCurrentIndex(cell)
    table.edit(cell)
    combo = table.indexWidget(cell)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Planes de negocio", "Planes de gestión de recursos naturales"]
    assert combo.currentText() == "Planes de negocio"
    combo.setCurrentIndex(1)
    combo.activated.emit(1)  # as a click on the name does
    assert _shown(model, 0, "category") == "Planes de gestión de recursos naturales"
    event = view.live.service.events(CONTEST)[-1]
    assert event["kind"] == "proposal.edited"
    assert event["data"]["proposal"]["category"] == "pgrn"
    assert table.indexWidget(cell) is None  # the choice closed the editor
    current = table.currentIndex()  # and the cursor stays where it was
    assert (current.row(), current.column()) == (cell.row(), cell.column())
    view.undo.undo()
    assert _shown(model, 0, "category") == "Planes de negocio"
    assert view.live.service.events(CONTEST)[-1]["data"]["proposal"]["category"] == "pdn"
    view.undo.redo()
    assert _shown(model, 0, "category") == "Planes de gestión de recursos naturales"


def test_a_jurors_phases_are_ticked_in_the_table(view: PrepareView, qtbot: QtBot) -> None:
    model, table = view.jurors, view.form.child("jurorsTable")
    view.form.child("tables").setCurrentWidget(view.form.child("jurorsPage"))
    cell = model.index(3, _column(model, "phases"))  # j4: the public phase only
    table.setCurrentIndex(cell)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(cell)
    assert isinstance(editor, PhasesList)
    assert [editor.item(i).text() for i in range(editor.count())] == [
        "Evaluación de campo", "Evaluación pública"]
    assert editor.ticked() == ["publico"]
    assert editor.height() >= editor.whole_height()  # both phases in view
    editor.setCurrentRow(0)
    qtbot.keyClick(editor, Qt.Key.Key_Space)
    assert editor.ticked() == ["campo", "publico"]
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # taken once the event loop runs
    qtbot.waitUntil(lambda: table.indexWidget(cell) is None)
    assert _shown(model, 3, "phases") == "Evaluación de campo, Evaluación pública"
    assert view.live.state.contest.juror("j4").phases == ("campo", "publico")
    view.undo.undo()
    assert view.live.state.contest.juror("j4").phases == ("publico",)


def test_a_juror_is_added_by_name_with_phases_ticked(view: PrepareView) -> None:
    dialog = _new(view, view.jurors, N_("New juror"))
    assert not any(isinstance(w, QComboBox) for w in dialog.inputs.values())
    assert not dialog.id_edit.isVisible()  # the id is under "Advanced", folded
    boxes = [w for w in dialog.findChildren(QCheckBox) if w.isVisible()]
    assert [b.text() for b in boxes] == ["Evaluación de campo", "Evaluación pública"]
    assert all(b.isChecked() for b in boxes)  # most jurors score every phase
    dialog.inputs["name"].setText("Lucía Mamani Condori")
    dialog.inputs["document"].setText("40 517 293")
    dialog.inputs["role"].setText("Miembro")
    boxes[0].setChecked(False)
    assert dialog.id_edit.placeholderText() == "lucia-mamani-condori"
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    juror = view.live.state.contest.juror("lucia-mamani-condori")
    assert juror is not None
    assert (juror.name, juror.document, juror.role, juror.phases) == (
        "Lucía Mamani Condori", "40517293", "Miembro", ("publico",))
    assert view.live.service.events(CONTEST)[-1]["kind"] == "juror.added"
    # A namesake gets an id of her own.
    again = _new(view, view.jurors, N_("New juror"))
    again.inputs["name"].setText("Lucía Mamani Condori")
    assert again.id_edit.placeholderText() == "lucia-mamani-condori-2"
    view.undo.undo()
    assert view.live.state.contest.juror("lucia-mamani-condori") is None


def test_a_bad_dni_is_refused_at_its_field_and_nothing_typed_is_lost(
        view: PrepareView) -> None:
    dialog = _new(view, view.jurors, N_("New juror"))
    dialog.inputs["name"].setText("Lucía Mamani Condori")
    dialog.inputs["document"].setText("4051729")
    dialog.inputs["role"].setText("Miembro")
    dialog.phase_boxes[1][1].setChecked(False)
    jurors = view.jurors.rowCount()
    problem = dialog.submit()
    seven = ngettext("A DNI has 8 digits; this one has {count}.",
                     "A DNI has 8 digits; this one has {count}.", 7).format(count=7)
    assert problem == _("{field}: {problem}").format(field=_("DNI"), problem=seven)
    assert dialog.problem_labels["document"].isVisible()
    assert dialog.problem_labels["document"].text() == seven
    assert not dialog.problem_labels["name"].isVisible()
    assert dialog.focusWidget() is dialog.inputs["document"]  # the first field wrong
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()  # still open, with what was typed
    assert dialog.values() == {"name": "Lucía Mamani Condori", "document": "4051729",
                               "role": "Miembro", "phases": ["campo"], "id": ""}
    assert view.jurors.rowCount() == jurors
    # The problem follows the typing: another juror's DNI is named, then a good one clears.
    dialog.inputs["document"].setText("24681357")
    assert dialog.problem_labels["document"].text() == _("{name} has the same DNI.").format(
        name="Rosa Huamán Quispe")
    dialog.inputs["document"].setText("40517293")
    assert not dialog.problem_labels["document"].isVisible()
    assert dialog.submit() is None
    assert view.jurors.rowCount() == jurors + 1


def test_a_problem_is_said_again_in_the_new_language(view: PrepareView) -> None:
    dialog = _new(view, view.jurors, N_("New juror"))
    dialog.phase_boxes[0][1].setChecked(False)
    dialog.phase_boxes[1][1].setChecked(False)
    assert dialog.submit() is not None
    set_language("qu")
    assert dialog.problem_labels["phases"].text() == gettext_in(
        "qu", "Tick the phases this juror scores: at least one.")
    assert dialog.phase_boxes[0][1].text() == "Chakrapi qhawariy"


def test_an_id_typed_under_advanced_is_checked(view: PrepareView) -> None:
    dialog = _new(view, view.jurors, N_("New juror"))
    dialog.fill({"name": "Eloy Pari", "id": "j 1"})
    assert dialog.submit() is not None
    assert dialog.id_edit.isVisible()  # unfolded to show where the problem is
    assert dialog.problem_labels["id"].text() == _(
        "An id may hold only letters without accents, digits, - and _ (at most 64 of them).")
    dialog.id_edit.setText("j1")
    assert dialog.problem_labels["id"].text() == _("Another juror has this id.")
    dialog.id_edit.setText("j9")
    assert dialog.submit() is None
    assert view.live.state.contest.juror("j9").name == "Eloy Pari"


def test_a_proposal_is_added_by_names(view: PrepareView) -> None:
    dialog = _new(view, view.proposals, N_("New proposal"))
    combo = dialog.inputs["category"]
    assert isinstance(combo, QComboBox)
    assert combo.currentIndex() == -1  # two categories: none is taken for the secretary
    assert dialog.inputs["order"].text() == "11"  # presented last
    dialog.fill({"organization": "Comunidad Campesina de Pallpata", "title": "Qochas",
                 "requested": "16,000"})
    problem = dialog.submit()
    assert problem == _("{field}: {problem}").format(field=_("Category"),
                                                     problem=_("Choose one from the list."))
    assert dialog.problem_labels["category"].isVisible()
    combo.setCurrentIndex(combo.findText("Planes de gestión de recursos naturales"))
    assert dialog.submit() is None
    added = view.live.state.contest.proposal("comunidad-campesina-de-pallpata")
    assert added is not None and added.category == "pgrn" and added.order == 11


def test_a_criterion_and_a_category_get_ids_from_their_spanish_names(
        view: PrepareView) -> None:
    dialog = _new(view, view.criteria, N_("New criterion"))
    phase = dialog.inputs["phase"]
    assert [phase.itemText(i) for i in range(phase.count())] == [
        "Evaluación de campo", "Evaluación pública"]
    dialog.fill({"phase": "publico", "name.es": "Innovación", "name.qu": "Musuq",
                 "max": "10"})
    assert dialog.submit() is None
    found = view.live.state.contest.criterion("innovacion")
    assert found is not None and found[0].id == "publico"
    dialog = _new(view, view.categories, N_("New category"))
    dialog.fill({"name.es": "Planes de negocio", "budget": "10,000"})
    assert dialog.id_edit.placeholderText() == "planes-de-negocio"
    assert dialog.submit() is None
    assert view.live.state.contest.category("planes-de-negocio") is not None
