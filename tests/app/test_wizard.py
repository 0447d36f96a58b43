"""The wizard for a new contest, driven as a secretary would: typing, ticking, clicking Next
and Back, in Spanish and in Quechua."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget, QWizard
from pytestqt.qtbot import QtBot

from clar_desktop.app.main import application
from clar_desktop.app.prepare.draft import Ids
from clar_desktop.app.prepare.templates import TEMPLATES
from clar_desktop.app.prepare.wizard import NewContestWizard
from clar_desktop.app.prepare.wizard_items import CategoriesPage, JurorsPage
from clar_desktop.app.prepare.wizard_pages import DataPage, OfficePage, RulesPage, StartPage
from clar_desktop.app.prepare.wizard_sheets import PhasesPage
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.verify import verify
from clar_desktop.i18n import _, gettext_in, set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle
from tests.visible_text import Explainer, shown_texts

CONTEST = "colquemarca-2026-1"
NEXT, BACK = QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton


@pytest.fixture
def service(tmp_path: Path) -> ContestService:
    service = ContestService(open_database(str(tmp_path / "wizard.sqlite3"), create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    return service


@pytest.fixture(params=["es", "qu"])
def language(request: pytest.FixtureRequest) -> str:
    set_language(request.param)
    application()
    return str(request.param)


def open_wizard(qtbot: QtBot, service: ContestService) -> NewContestWizard:
    wizard = NewContestWizard(None, service, CONTEST)
    # A question nobody answers would block the test (and its teardown) for ever.
    wizard.ask = lambda *_args: True  # type: ignore[method-assign]
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def type_in(qtbot: QtBot, wizard: NewContestWizard, name: str, text: str) -> None:
    """Select what the field holds and type over it, key by key (a key event for each
    character: QTest's own typing knows no accents)."""
    edit = wizard.currentPage().child(name)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                   character))
    assert edit.text() == text


def click(qtbot: QtBot, widget: QWidget) -> None:
    """A click where a secretary would: on a radio button's circle, a button's middle."""
    where = (QPoint(8, widget.height() // 2) if isinstance(widget, QRadioButton)
             else widget.rect().center())
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)


def press(qtbot: QtBot, wizard: NewContestWizard, which: QWizard.WizardButton) -> None:
    click(qtbot, wizard.button(which))


def on_page(wizard: NewContestWizard, cls: type) -> None:
    assert isinstance(wizard.currentPage(), cls), type(wizard.currentPage()).__name__


def shown(wizard: NewContestWizard, name: str) -> str:
    """The text of a problem label, if it is shown."""
    label = wizard.currentPage().child(name)
    return label.text() if label.isVisible() else ""


def test_a_blank_contest_end_to_end(qtbot: QtBot, service: ContestService,
                                    language: str) -> None:
    wizard = open_wizard(qtbot, service)
    assert wizard.currentPage().child("blankRadio").isChecked()
    press(qtbot, wizard, NEXT)
    on_page(wizard, DataPage)
    type_in(qtbot, wizard, "titleEdit", "Concurso de iniciativas rurales – Llusco")
    wizard.currentPage().child("dateEdit").setDate(QDate(2027, 5, 14))  # the date picker
    for field, text in (("communityEdit", "Llusco"), ("districtEdit", "Llusco"),
                        ("provinceEdit", "Chumbivilcas"), ("regionEdit", "Cusco")):
        type_in(qtbot, wizard, field, text)
    press(qtbot, wizard, NEXT)
    on_page(wizard, OfficePage)
    type_in(qtbot, wizard, "programmeEdit", "Proyecto Sierra Sur II – AGRO RURAL")
    type_in(qtbot, wizard, "officeNameEdit", "Oficina local Chumbivilcas")
    press(qtbot, wizard, NEXT)
    on_page(wizard, PhasesPage)
    page = wizard.currentPage()
    click(qtbot, page.child("addPhaseButton"))
    type_in(qtbot, wizard, "phaseEsEdit", "Evaluación de campo")
    type_in(qtbot, wizard, "phaseQuEdit", "Chakrapi qhawariy")
    for name, top in (("Participación de las familias", "10"), ("Coherencia", "40")):
        click(qtbot, page.child("addCriterionButton"))
        type_in(qtbot, wizard, "criterionEsEdit", name)
        type_in(qtbot, wizard, "maxEdit", top)
    click(qtbot, page.child("addPhaseButton"))
    type_in(qtbot, wizard, "phaseEsEdit", "Evaluación pública")
    click(qtbot, page.child("addCriterionButton"))
    type_in(qtbot, wizard, "criterionEsEdit", "Claridad")
    type_in(qtbot, wizard, "maxEdit", "10")
    type_in(qtbot, wizard, "stepEdit", "0,5")
    press(qtbot, wizard, NEXT)
    on_page(wizard, RulesPage)
    page = wizard.currentPage()
    assert not page.child("trimSpin").isVisible()  # only with the trimmed mean
    assert not page.child("partialEdit").isVisible()  # only with partial funding
    box = page.child("aggregationBox")
    box.setCurrentIndex(box.findData("trimmed_mean"))
    assert page.child("trimSpin").isVisible()
    box = page.child("allocationBox")
    box.setCurrentIndex(box.findData("partial"))
    assert page.child("partialEdit").isVisible()
    type_in(qtbot, wizard, "passEdit", "35")
    type_in(qtbot, wizard, "partialEdit", "60")
    press(qtbot, wizard, NEXT)
    on_page(wizard, CategoriesPage)
    click(qtbot, wizard.currentPage().child("addButton"))
    type_in(qtbot, wizard, "categoryEsEdit", "Planes de negocio")
    type_in(qtbot, wizard, "categoryQuEdit", "Qhatuy llamk'aykuna")
    type_in(qtbot, wizard, "budgetEdit", "S/ 60,000")
    press(qtbot, wizard, NEXT)
    on_page(wizard, JurorsPage)
    page = wizard.currentPage()
    click(qtbot, page.child("addButton"))
    type_in(qtbot, wizard, "nameEdit", "Rosa Huamán Quispe")
    type_in(qtbot, wizard, "documentEdit", "2468 1357")
    type_in(qtbot, wizard, "roleEdit", "Presidenta")
    boxes = page.boxes
    assert [b.text() for b in boxes] == (["Evaluación de campo", "Evaluación pública"]
                                         if language == "es"
                                         else ["Chakrapi qhawariy", "Evaluación pública"])
    assert all(b.isChecked() for b in boxes)  # every phase ticked at first
    click(qtbot, page.child("addButton"))
    type_in(qtbot, wizard, "nameEdit", "Wilber Puma Quispe")
    boxes[0].click()  # he scores the public phase only
    press(qtbot, wizard, NEXT)
    assert "Concurso de iniciativas rurales – Llusco" in \
        wizard.currentPage().child("summaryLabel").text()
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.created == "concurso-de-iniciativas-rurales-llusco-2027"
    assert not wizard.isVisible()
    events = service.events(wizard.created)
    assert [e["kind"] for e in events] == ["contest.created"]  # one logged change
    bundle = parse_bundle(service.export_bundle(wizard.created))
    assert verify(bundle).ok
    contest = bundle.contest
    assert contest.date == "2027-05-14" and contest.place is not None
    assert (contest.place.community, contest.place.region) == ("Llusco", "Cusco")
    assert contest.programme == "Proyecto Sierra Sur II – AGRO RURAL"
    assert contest.office is not None and contest.office.id == "oficina-local-chumbivilcas"
    assert [p.id for p in contest.phases] == ["evaluacion-de-campo", "evaluacion-publica"]
    assert [c.id for p in contest.phases for c in p.criteria] == [
        "participacion-de-las-familias", "coherencia", "claridad"]
    assert str(contest.phases[1].criteria[0].step) == "0.5"
    assert [(j.id, j.document, j.phases) for j in contest.jurors] == [
        ("rosa-huaman-quispe", "24681357", ("evaluacion-de-campo", "evaluacion-publica")),
        ("wilber-puma-quispe", None, ("evaluacion-publica",))]
    rules = contest.rules
    assert (rules.aggregation, rules.allocation, rules.pass_score) == (
        "trimmed_mean", "partial", 35)
    assert rules.partial_min_percent == 60
    assert contest.categories[0].id == "planes-de-negocio"
    assert contest.categories[0].name == {"es": "Planes de negocio", "qu": "Qhatuy llamk'aykuna"}


def _through_start(qtbot: QtBot, wizard: NewContestWizard, kind: str,
                   key: str | None = None) -> None:
    page = wizard.currentPage()
    assert isinstance(page, StartPage)
    click(qtbot, page.child(f"{kind}Radio"))
    if kind == "template":
        box = page.child("templateBox")
        box.setCurrentIndex(box.findData(key))
    press(qtbot, wizard, NEXT)
    on_page(wizard, DataPage)


def test_the_business_plan_template(qtbot: QtBot, service: ContestService,
                                    language: str) -> None:
    wizard = open_wizard(qtbot, service)
    _through_start(qtbot, wizard, "template", "pdn")
    type_in(qtbot, wizard, "titleEdit", "Concurso de planes de negocio")
    wizard.currentPage().child("dateEdit").setDate(QDate(2027, 8, 20))
    for _page in range(4):  # office, phases, rules, categories: the template's
        press(qtbot, wizard, NEXT)
    on_page(wizard, CategoriesPage)
    press(qtbot, wizard, NEXT)  # the template leaves the budget to the secretary
    on_page(wizard, CategoriesPage)
    assert shown(wizard, "budgetProblem") == _("Write the budget of this category, such as "
                                               "150,000.00.")
    type_in(qtbot, wizard, "budgetEdit", "150000")
    assert shown(wizard, "budgetProblem") == ""  # gone as soon as it is right
    press(qtbot, wizard, NEXT)
    press(qtbot, wizard, NEXT)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.created == "concurso-de-planes-de-negocio-2027"
    bundle = parse_bundle(service.export_bundle(wizard.created))
    assert verify(bundle).ok
    field, public = bundle.contest.phases
    assert [int(c.max) for c in field.criteria] == [10, 2, 4, 4, 8, 8, 6, 4, 4]
    assert [int(c.max) for c in public.criteria] == [10] * 5
    assert field.name == {"es": "Evaluación de campo", "qu": "Chakrapi qhawariy"}
    assert field.id == "evaluacion-de-campo"
    assert bundle.contest.rules.pass_score == 70
    assert bundle.contest.rules.aggregation == "mean"


def test_a_copy_of_an_earlier_contest_keeps_its_place(qtbot: QtBot,
                                                      service: ContestService) -> None:
    wizard = open_wizard(qtbot, service)
    copies = wizard.currentPage().child("copyList")
    assert copies.count() == 1 and "Primer concurso de iniciativas rurales 2026" in \
        copies.item(0).text() and "2026" in copies.item(0).text()
    qtbot.mouseClick(copies.viewport(), Qt.MouseButton.LeftButton,
                     pos=copies.visualItemRect(copies.item(0)).center())  # picks the copy
    assert wizard.currentPage().child("copyRadio").isChecked()
    press(qtbot, wizard, NEXT)
    page = wizard.currentPage()
    assert page.child("communityEdit").text() == "Colquemarca"
    assert page.child("provinceEdit").text() == "Chumbivilcas"
    type_in(qtbot, wizard, "titleEdit", "Segundo concurso de iniciativas rurales")
    page.child("dateEdit").setDate(QDate(2027, 4, 10))
    for _page in range(6):
        press(qtbot, wizard, NEXT)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.created == "segundo-concurso-de-iniciativas-rurales-2027"
    old = service.load_state(CONTEST).contest
    new = parse_bundle(service.export_bundle(wizard.created)).contest
    assert old is not None
    assert new.place == old.place
    assert (new.phases, new.categories, new.jurors, new.rules) == (
        old.phases, old.categories, old.jurors, old.rules)
    assert new.proposals == [] and new.scores == {} and new.recusals == []


def _to_jurors(qtbot: QtBot, wizard: NewContestWizard) -> None:
    _through_start(qtbot, wizard, "template", "pgrn")
    type_in(qtbot, wizard, "titleEdit", "Concurso PGRN")
    for _page in range(4):
        press(qtbot, wizard, NEXT)
    type_in(qtbot, wizard, "budgetEdit", "45,000.00")
    press(qtbot, wizard, NEXT)
    on_page(wizard, JurorsPage)


def test_a_bad_dni_and_an_empty_name_are_said_at_their_fields(
        qtbot: QtBot, service: ContestService, language: str) -> None:
    wizard = open_wizard(qtbot, service)
    _to_jurors(qtbot, wizard)
    page = wizard.currentPage()
    click(qtbot, page.child("addButton"))
    type_in(qtbot, wizard, "documentEdit", "4051729")
    press(qtbot, wizard, NEXT)
    on_page(wizard, JurorsPage)  # Next refused
    name_problem = shown(wizard, "nameProblem")
    assert name_problem == _("Write the juror's full name.")
    assert shown(wizard, "documentProblem") == _("A DNI has 8 digits; this one has {count}.") \
        .format(count=7)
    if language == "qu":  # in Quechua, not in English or Spanish
        assert name_problem not in ("Write the juror's full name.",
                                    gettext_in("es", "Write the juror's full name."))
    assert wizard.focusWidget() is page.child("nameEdit")
    assert page.child("nameEdit").styleSheet()  # the field itself is framed
    type_in(qtbot, wizard, "nameEdit", "Lucía Mamani Condori")
    assert shown(wizard, "nameProblem") == ""
    assert shown(wizard, "documentProblem")
    press(qtbot, wizard, NEXT)
    on_page(wizard, JurorsPage)
    assert wizard.focusWidget() is page.child("documentEdit")
    type_in(qtbot, wizard, "documentEdit", "4051729a")
    assert shown(wizard, "documentProblem") == _("A DNI is written with digits only.")
    for box in page.boxes:
        box.click()  # no phase at all
    assert shown(wizard, "phasesProblem")
    page.boxes[1].click()
    type_in(qtbot, wizard, "documentEdit", "40517293")
    assert not any(shown(wizard, f"{n}Problem") for n in ("name", "document", "phases"))
    press(qtbot, wizard, NEXT)
    assert not isinstance(wizard.currentPage(), JurorsPage)


def test_a_problem_on_another_line_is_marked_and_shown_on_next(
        qtbot: QtBot, service: ContestService) -> None:
    wizard = open_wizard(qtbot, service)
    _to_jurors(qtbot, wizard)
    page = wizard.currentPage()
    click(qtbot, page.child("addButton"))
    type_in(qtbot, wizard, "documentEdit", "123")
    click(qtbot, page.child("addButton"))
    type_in(qtbot, wizard, "nameEdit", "Wilber Puma Quispe")
    press(qtbot, wizard, NEXT)
    on_page(wizard, JurorsPage)
    assert page.list.currentRow() == 0  # the juror with the problems is shown
    assert not page.list.item(0).icon().isNull() and page.list.item(1).icon().isNull()
    assert shown(wizard, "documentProblem")


def test_back_and_next_keep_what_was_typed(qtbot: QtBot, service: ContestService) -> None:
    wizard = open_wizard(qtbot, service)
    _through_start(qtbot, wizard, "template", "pdn")
    type_in(qtbot, wizard, "titleEdit", "Concurso de planes de negocio")
    type_in(qtbot, wizard, "districtEdit", "Santo Tomás")
    press(qtbot, wizard, NEXT)
    type_in(qtbot, wizard, "programmeEdit", "Sierra Sur")
    press(qtbot, wizard, NEXT)
    on_page(wizard, PhasesPage)
    page = wizard.currentPage()
    type_in(qtbot, wizard, "phaseEsEdit", "Visita de campo")  # the first phase, renamed
    press(qtbot, wizard, NEXT)
    type_in(qtbot, wizard, "passEdit", "75")
    for _step in range(4):  # back to the start
        press(qtbot, wizard, BACK)
    on_page(wizard, StartPage)
    press(qtbot, wizard, NEXT)  # the same start: nothing is made again
    page = wizard.currentPage()
    assert page.child("titleEdit").text() == "Concurso de planes de negocio"
    assert page.child("districtEdit").text() == "Santo Tomás"
    press(qtbot, wizard, NEXT)
    assert wizard.currentPage().child("programmeEdit").text() == "Sierra Sur"
    press(qtbot, wizard, NEXT)
    assert wizard.currentPage().child("phaseEsEdit").text() == "Visita de campo"
    press(qtbot, wizard, NEXT)
    assert wizard.currentPage().child("passEdit").text() == "75"
    press(qtbot, wizard, NEXT)
    type_in(qtbot, wizard, "budgetEdit", "1000")
    press(qtbot, wizard, NEXT)
    on_page(wizard, JurorsPage)
    click(qtbot, wizard.currentPage().child("addButton"))
    type_in(qtbot, wizard, "nameEdit", "Rosa Huamán Quispe")
    assert wizard.currentPage().boxes[0].text() == "Visita de campo"
    for _step in range(3):
        press(qtbot, wizard, BACK)
    on_page(wizard, PhasesPage)
    for _step in range(3):
        press(qtbot, wizard, NEXT)
    assert wizard.currentPage().child("nameEdit").text() == "Rosa Huamán Quispe"


def test_changing_the_start_asks_first(qtbot: QtBot, service: ContestService) -> None:
    wizard = open_wizard(qtbot, service)
    asked: list[str] = []
    answer = [False]
    wizard.ask = lambda _title, question: asked.append(question) or answer[0]  # type: ignore
    _through_start(qtbot, wizard, "template", "pdn")
    type_in(qtbot, wizard, "titleEdit", "Concurso")
    press(qtbot, wizard, BACK)
    click(qtbot, wizard.currentPage().child("blankRadio"))
    press(qtbot, wizard, NEXT)
    assert len(asked) == 1
    on_page(wizard, StartPage)  # kept the typed work
    assert wizard.draft.title == "Concurso" and len(wizard.draft.phases) == 2
    answer[0] = True
    press(qtbot, wizard, NEXT)
    assert wizard.draft.phases == [] and wizard.currentPage().child("titleEdit").text() == ""


def test_cancel_asks_before_throwing_typed_work_away(qtbot: QtBot,
                                                     service: ContestService) -> None:
    wizard = open_wizard(qtbot, service)
    asked: list[str] = []
    answer = [False]
    wizard.ask = lambda _title, question: asked.append(question) or answer[0]  # type: ignore
    press(qtbot, wizard, NEXT)
    type_in(qtbot, wizard, "titleEdit", "Concurso de setiembre")
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert asked == [_("Throw away what was typed for the new contest?")]
    assert wizard.isVisible() and wizard.draft.title == "Concurso de setiembre"
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert len(asked) == 2 and wizard.isVisible()
    answer[0] = True
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible() and wizard.created is None
    assert service.contest_ids() == [CONTEST]
    untouched = open_wizard(qtbot, service)
    untouched.ask = lambda *_args: pytest.fail("nothing was typed")  # type: ignore
    press(qtbot, untouched, QWizard.WizardButton.CancelButton)
    assert not untouched.isVisible()


def test_ids_are_made_from_names_and_typed_only_under_advanced(
        qtbot: QtBot, service: ContestService) -> None:
    wizard = open_wizard(qtbot, service)
    press(qtbot, wizard, NEXT)
    page = wizard.currentPage()
    assert not page.child("contestIdEdit").isVisible()
    type_in(qtbot, wizard, "titleEdit", "Concurso setiembre")
    page.child("dateEdit").setDate(QDate(2026, 9, 12))
    click(qtbot, wizard.button(QWizard.WizardButton.CustomButton1))
    assert page.child("contestIdEdit").isVisible()
    assert page.child("contestIdEdit").placeholderText() == "concurso-setiembre-2026"
    type_in(qtbot, wizard, "contestIdEdit", "concurso setiembre!")
    press(qtbot, wizard, NEXT)
    on_page(wizard, DataPage)
    assert shown(wizard, "contestIdProblem") == _(
        "An id may hold only letters without accents, digits, - and _ (at most 64 of them).")
    type_in(qtbot, wizard, "contestIdEdit", CONTEST)
    assert shown(wizard, "contestIdProblem") == _(
        "This database already holds a contest with this id.")
    type_in(qtbot, wizard, "contestIdEdit", "")
    assert shown(wizard, "contestIdProblem") == ""
    click(qtbot, wizard.button(QWizard.WizardButton.CustomButton1))
    assert not page.child("contestIdEdit").isVisible()
    press(qtbot, wizard, NEXT)
    on_page(wizard, OfficePage)


def test_every_page_speaks_the_chosen_language(qtbot: QtBot, service: ContestService,
                                               language: str) -> None:
    """Each page, its form for a phase and for a criterion, and its problems: all catalog
    messages of the language, the contest's own data, numbers and dates."""
    wizard = open_wizard(qtbot, service)
    seen = shown_texts(wizard)
    _through_start(qtbot, wizard, "template", "pdn")
    click(qtbot, wizard.button(QWizard.WizardButton.CustomButton1))  # the ids too
    type_in(qtbot, wizard, "titleEdit", "Concurso de planes de negocio")
    for _page in range(3):
        seen += shown_texts(wizard)
        if not isinstance(wizard.currentPage(), PhasesPage):
            press(qtbot, wizard, NEXT)
    page = wizard.currentPage()
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(2))  # a criterion's form
    seen += shown_texts(wizard)
    type_in(qtbot, wizard, "maxEdit", "5")
    type_in(qtbot, wizard, "stepEdit", "2")
    press(qtbot, wizard, NEXT)  # refused: 5 is not a step of 2
    seen += shown_texts(wizard)
    type_in(qtbot, wizard, "maxEdit", "4")
    press(qtbot, wizard, NEXT)
    box = wizard.currentPage().child("allocationBox")
    box.setCurrentIndex(box.findData("partial"))
    type_in(qtbot, wizard, "passEdit", "200")
    press(qtbot, wizard, NEXT)  # refused: the sheets give at most 100 points
    seen += shown_texts(wizard)
    type_in(qtbot, wizard, "passEdit", "70")
    press(qtbot, wizard, NEXT)
    press(qtbot, wizard, NEXT)  # refused: no budget
    seen += shown_texts(wizard)
    type_in(qtbot, wizard, "budgetEdit", "60,000")
    press(qtbot, wizard, NEXT)
    seen += shown_texts(wizard)  # no juror yet
    click(qtbot, wizard.currentPage().child("addButton"))
    type_in(qtbot, wizard, "documentEdit", "123")
    click(qtbot, wizard.currentPage().child("addButton"))
    press(qtbot, wizard, NEXT)  # refused: names, a DNI
    seen += shown_texts(wizard)
    ids = _ids(wizard)
    wizard.draft.jurors.clear()
    wizard.currentPage().load()
    press(qtbot, wizard, NEXT)
    seen += shown_texts(wizard)
    assert len(seen) > 150
    template = TEMPLATES["pdn"][1]()
    # The lines of the tree and the tie-break choices name each sheet in the language.
    named = [s for s in seen if s.where.startswith(("QTreeWidget", "QComboBox#tieBreak"))]
    assert len(named) > 10
    left = Explainer([language], [*_names_in(template, language), "4", "5"]).unexplained(
        named)
    assert not left, f"{len(left)} names are not {language}:\n" + "\n".join(left)
    # Elsewhere: the names in both languages are in their own fields.
    data = [example_bundle()["contest"]["title"], "Concurso de planes de negocio", "123",
            "60,000", "5", "2", "4", "200", "70",
            *_names_in(template, "es"), *_names_in(template, "qu"), *ids]
    left = Explainer([language], data).unexplained(seen)
    assert not left, f"{len(left)} texts are not {language}:\n" + "\n".join(left)


def _names_in(template: dict[str, object], language: str) -> list[str]:
    found = []
    for key in ("phases", "categories"):
        for item in template[key]:  # type: ignore[attr-defined]
            names = [item["name"][language],
                     *(c["name"][language] for c in item.get("criteria", []))]
            # (The explainer cuts "name (note) — 10" at " — " and strips the brackets.)
            found += [*names, *(name.strip(" ()") for name in names)]
    return found


def _ids(wizard: NewContestWizard) -> list[str]:
    """The ids made for the draft: shown (as placeholders) under "Advanced"."""
    ids = Ids(wizard.draft, wizard.contest_ids)
    draft = wizard.draft
    return [ids.contest, ids.office, *(ids.of(item) for item in (
        *draft.phases, *draft.criteria(), *draft.categories, *draft.jurors))]


def test_a_switch_of_language_keeps_what_was_typed(qtbot: QtBot,
                                                   service: ContestService) -> None:
    set_language("es")
    application()
    wizard = open_wizard(qtbot, service)
    _through_start(qtbot, wizard, "template", "pgrn")
    type_in(qtbot, wizard, "titleEdit", "Concurso de gestión de recursos naturales")
    for _page in range(4):
        press(qtbot, wizard, NEXT)
    on_page(wizard, CategoriesPage)
    press(qtbot, wizard, NEXT)  # refused: the budget
    set_language("qu")
    assert wizard.currentPage().title() == gettext_in("qu", "Categories and their budgets")
    assert wizard.buttonText(NEXT) == gettext_in("qu", "&Next >")
    assert shown(wizard, "budgetProblem") == gettext_in(
        "qu", "Write the budget of this category, such as 150,000.00.")
    assert wizard.currentPage().list.item(0).text() == \
        "Pachamamaq kapuyninkunata allinta kamachiy"
    for _page in range(2):
        press(qtbot, wizard, BACK)
    on_page(wizard, PhasesPage)
    assert wizard.currentPage().tree.topLevelItem(0).text(0).startswith("Chakrapi qhawariy")
    for _page in range(2):
        press(qtbot, wizard, BACK)
    on_page(wizard, DataPage)
    assert wizard.currentPage().child("titleEdit").text() == \
        "Concurso de gestión de recursos naturales"
    assert wizard.currentPage().child("timeZoneBox").currentText() == gettext_in("qu", "Peru")


def test_the_rules_show_only_the_settings_that_apply(qtbot: QtBot,
                                                     service: ContestService) -> None:
    wizard = open_wizard(qtbot, service)
    _through_start(qtbot, wizard, "template", "pdn")
    type_in(qtbot, wizard, "titleEdit", "Concurso")
    for _page in range(3):
        press(qtbot, wizard, NEXT)
    on_page(wizard, RulesPage)
    page = wizard.currentPage()
    rows = ("trimLabel", "trimSpin", "partialLabel", "partialEdit")
    assert not any(page.child(name).isVisible() for name in rows)
    QApplication.processEvents()  # the layout is redone from the event loop
    tranche_at = page.child("trancheEdit").y()
    box = page.child("allocationBox")
    box.setCurrentIndex(box.findData("partial"))
    assert page.child("partialEdit").isVisible() and not page.child("partialProblem").isVisible()
    type_in(qtbot, wizard, "partialEdit", "150")
    press(qtbot, wizard, NEXT)
    assert shown(wizard, "partialProblem") == _("Write a percentage from 0 to 100.")
    box.setCurrentIndex(box.findData("stop"))  # the setting goes, and its problem with it
    assert not page.child("partialEdit").isVisible()
    assert not page.child("partialProblem").isVisible()
    QApplication.processEvents()
    assert page.child("trancheEdit").y() == tranche_at  # no gap left where the row was
    box = page.child("aggregationBox")
    box.setCurrentIndex(box.findData("trimmed_mean"))
    assert page.child("trimSpin").isVisible()
    press(qtbot, wizard, NEXT)
    on_page(wizard, CategoriesPage)
    assert wizard.draft.trim == 1


def test_a_contest_refused_at_finish_is_said_and_nothing_is_lost(
        qtbot: QtBot, service: ContestService) -> None:
    wizard = open_wizard(qtbot, service)
    _through_start(qtbot, wizard, "template", "pdn")
    type_in(qtbot, wizard, "titleEdit", "Concurso doble")
    wizard.currentPage().child("dateEdit").setDate(QDate(2027, 3, 1))
    for _page in range(4):
        press(qtbot, wizard, NEXT)
    type_in(qtbot, wizard, "budgetEdit", "1000")
    press(qtbot, wizard, NEXT)
    press(qtbot, wizard, NEXT)
    # Meanwhile another program takes the id the wizard made.
    service.create_contest({"id": "concurso-doble-2027", "title": "Otro", "date": "2027-01-01"})
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.isVisible() and wizard.created is None
    said = shown(wizard, "problemLabel")
    assert said.startswith(_("The contest was not created: {reason}").split("{")[0])
    assert "concurso-doble-2027" in said and "Traceback" not in said
    assert [e["kind"] for e in service.events("concurso-doble-2027")] == ["contest.created"]
    assert service.load_state("concurso-doble-2027").contest.title == "Otro"
    assert wizard.draft.title == "Concurso doble"  # still there
    while not isinstance(wizard.currentPage(), DataPage):
        press(qtbot, wizard, BACK)
    assert wizard.currentPage().child("contestIdEdit").placeholderText() == \
        "concurso-doble-2027-2"  # the id made now is free
    while wizard.currentId() != wizard.pageIds()[-1]:
        press(qtbot, wizard, NEXT)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.created == "concurso-doble-2027-2"


def test_add_after_a_refused_next_adds_one_visible_line(qtbot: QtBot,
                                                        service: ContestService) -> None:
    """Add once problems were shown (Next refused) raised inside Qt, showed nothing, and left
    unnamed phantom jurors in the draft that Back and Next then revealed."""
    wizard = open_wizard(qtbot, service)
    _to_jurors(qtbot, wizard)
    page = wizard.currentPage()
    click(qtbot, page.child("addButton"))
    type_in(qtbot, wizard, "nameEdit", "Lucía Mamani Condori")
    type_in(qtbot, wizard, "documentEdit", "4051729")
    press(qtbot, wizard, NEXT)
    on_page(wizard, JurorsPage)  # refused: the DNI
    click(qtbot, page.child("addButton"))
    assert page.list.count() == len(page.items) == 2
    assert page.list.currentRow() == 1 and page.child("nameEdit").text() == ""
    type_in(qtbot, wizard, "nameEdit", "Wilber Puma Quispe")
    type_in(qtbot, wizard, "documentEdit", "40517294")
    press(qtbot, wizard, BACK)
    press(qtbot, wizard, NEXT)
    on_page(wizard, JurorsPage)
    assert page.list.count() == len(page.items) == 2
    assert [page.list.item(r).text().split(" —")[0] for r in range(2)][1].startswith("Wilber")
