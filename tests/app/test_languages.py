"""Spanish and Quechua throughout: every screen speaks the chosen language, live.

The completeness tests open every window, dialog and audience scene in one language and
account for each visible text (tests/visible_text.py): it must be a message of that
language's catalog, contest data, a number or a date. English left in the code, a Spanish
message in a Quechua screen, or a string nobody marked all fail, naming the widget.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTimer, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from clar_desktop.app.audience.feed import AudienceFeed
from clar_desktop.app.audience.window import COUNTDOWN, RANKING, SCENES, AudienceWindow
from clar_desktop.app.documents.dialog import DocumentsDialog
from clar_desktop.app.documents.minutes_details import MinutesDetailsDialog
from clar_desktop.app.live import LiveContest
from clar_desktop.app.main import application
from clar_desktop.app.main_window import MainWindow
from clar_desktop.app.places import Places
from clar_desktop.app.prepare.import_preview import ImportPreviewDialog
from clar_desktop.app.prepare.new_item import NewItemDialog
from clar_desktop.app.qt_language import QT_STRINGS
from clar_desktop.app.quitting import confirm_quit  # the question itself, not the conftest's
from clar_desktop.app.session.dialogs import CorrectionDialog, DrawDialog, RecusalDialog
from clar_desktop.app.session.double_entry import EntriesComparisonDialog, SecondEntryDialog
from clar_desktop.demo import demo_bundle, demo_session_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import N_, current_language, gettext_in, set_language
from clar_desktop.importing import preview_proposals, read_table
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.app.test_audience import _overlaps
from tests.visible_text import Explainer, Shown, shown_texts

OBSERVATION = "La sesión empezó con 20 minutos de retraso por la lluvia."
CORRECTION_REASON = "la jurado leyó 7"
MESSAGE = "Refrigerio: volvemos en 15 minutos"


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


CODE_KEYS = {"aggregation", "allocation", "tie_break", "group", "kind", "currency"}
"""Bundle fields holding codes, not words: a screen shows them in words, never as they are."""


def _strings(value: Any, languages: Sequence[str]) -> Iterator[str]:
    """The texts of a bundle a screen in ``languages`` may show: of a name given in several
    languages only those (a Spanish phase name on a Quechua screen is a text that did not
    follow the language); a name without them is shown in its Spanish; codes never."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if value and set(value) <= {"es", "qu", "en"}:
            shown = [lang for lang in languages if lang in value] or ["es"]
            for lang in shown:
                yield from _strings(value.get(lang, ""), languages)
            return
        for key, item in value.items():
            if key not in CODE_KEYS:
                yield from _strings(item, languages)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, languages)


def _service(tmp_path: Path, bundle: dict[str, Any], name: str) -> tuple[ContestService, str]:
    service = ContestService(open_database(str(tmp_path / f"{name}.sqlite3"), create=True))
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    return service, parsed.contest.id


def _mid_session(tmp_path: Path, languages: Sequence[str] | None = None
                 ) -> tuple[LiveContest, list[str]]:
    """The demo contest mid-session: sheets confirmed, a correction, a recusal, an
    observation, a proposal presenting. Returns the live contest and its data strings as a
    screen in ``languages`` (default: the active language) shows them."""
    bundle = demo_bundle()
    contest_data = bundle["contest"]
    assert isinstance(contest_data, dict)
    # j1 has not scored p09 yet, so that a recusal can be recorded.
    contest_data["scores"] = [s for s in contest_data["scores"]
                              if (s["juror"], s["proposal"]) != ("j1", "p09")]
    service, cid = _service(tmp_path, bundle, "mid")
    service.open_session(cid)
    live = LiveContest(service, cid)
    contest = live.state.contest
    assert contest is not None
    for proposal in contest.proposals[:6]:
        for juror, phase in live.state.unconfirmed_sheets(proposal.id):
            service.confirm_sheet(cid, juror, proposal.id, phase)
    first, juror = contest.proposals[0], contest.jurors[1]
    criterion = contest.phases[-1].criteria[0]
    old = live.state.current_value(juror.id, first.id, criterion.id)
    new = "6" if str(old) != "6" else "5"
    service.correct_score(cid, juror.id, first.id, criterion.id, new, CORRECTION_REASON)
    service.recuse(cid, "j1", "p09", "familiar de la organización")
    service.add_observation(cid, OBSERVATION)
    service.apply(cid, "presentation.started", {"proposal": contest.proposals[6].id})
    live.poll()
    return live, [*_strings(bundle, languages or [current_language()]), OBSERVATION,
                  CORRECTION_REASON, "familiar de la organización", MESSAGE, str(tmp_path)]


BILINGUAL_TABLES = ("QTableView#categoriesTable", "QTableView#criteriaTable")


def _unexplained(language: str, shown: list[Shown], data: list[str]) -> list[str]:
    """The shown texts that are not ``language``. The categories and criteria tables of the
    preparation show each name in Spanish and in Quechua, in columns of their own: there
    both are data."""
    both = [s for s in shown if s.where.startswith(BILINGUAL_TABLES)]
    assert both, "the walk did not reach the preparation's tables"
    left = Explainer([language], data).unexplained(
        [s for s in shown if not s.where.startswith(BILINGUAL_TABLES)])
    return left + Explainer([language], [*data, *_strings(demo_bundle(), ["es", "qu"])]
                            ).unexplained(both)


def _reveal(widget: QWidget) -> None:
    """Make the tab pages that hold ``widget`` the current ones, outermost last."""
    child: QWidget | None = widget
    while child is not None:
        parent = child.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            parent.parentWidget().setCurrentWidget(child)
        child = parent


def _every_tab(window: QWidget) -> list[Shown]:
    """The texts of ``window`` with each page of each of its tab widgets, nested ones too,
    shown in turn."""
    shown = shown_texts(window)
    for tabs in window.findChildren(QTabWidget):
        _reveal(tabs)
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            QCoreApplication.processEvents()
            shown += shown_texts(window)
    return shown


def _modal(trigger: Callable[[], object]) -> list[Shown]:
    """The texts of the modal dialog ``trigger`` opens; the dialog is then cancelled."""
    caught: list[Shown] = []
    tries = [0]

    def catch() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            tries[0] += 1
            assert tries[0] < 200, "no dialog opened"
            QTimer.singleShot(10, catch)
            return
        caught.extend(shown_texts(dialog))
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()

    QTimer.singleShot(0, catch)
    trigger()
    assert caught, "the dialog showed nothing"
    return caught


def _window(live: LiveContest, qtbot: QtBot) -> MainWindow:
    window = MainWindow(live, places=Places())
    qtbot.addWidget(window)
    window.audience.window.transition_ms = 0
    window.resize(1366, 740)
    window.show()
    return window


def _double_entry_dialogs(window: MainWindow, live: LiveContest
                          ) -> tuple[SecondEntryDialog, EntriesComparisonDialog]:
    """The second entry of a sheet of the proposal presenting (not confirmed yet), and the
    comparison of its two entries, which differ in the first criterion."""
    contest = live.state.contest
    assert contest is not None
    proposal, phase = contest.proposals[6].id, contest.phases[-1]
    juror = next(j for j, ph in live.state.unconfirmed_sheets(proposal) if ph == phase.id)
    values = live.state.juror_values(juror, proposal)
    first = phase.criteria[0]
    other = first.min if values[first.id] != first.min else first.max
    live.apply("sheet.second_entry", {"juror": juror, "proposal": proposal, "phase": phase.id,
                                      "values": [{"criterion": first.id, "value": str(other)}]})
    return (SecondEntryDialog(window, live, juror, proposal, phase.id),
            EntriesComparisonDialog(window, live, juror, proposal, phase.id))


def _secretary_screens(tmp_path: Path, qtbot: QtBot) -> tuple[list[Shown], list[str]]:
    """Every window and dialog of the secretary, in the active language."""
    live, data = _mid_session(tmp_path)
    contest = live.state.contest
    assert contest is not None
    window = _window(live, qtbot)
    shown = _every_tab(window)
    window.tabs.setCurrentWidget(window.view)
    window.view.show_proposal(contest.proposals[0].id, contest.phases[-1].id)
    shown += shown_texts(window)
    criterion = window.view.grid.criteria[0]
    for dialog in (CorrectionDialog(window, live, contest.jurors[1].id,
                                    contest.proposals[0].id, criterion),
                   RecusalDialog(window, live, contest.jurors[2].id, contest.proposals[3].id),
                   DrawDialog(window, live, [contest.proposals[0].id,
                                             contest.proposals[1].id]),
                   *_double_entry_dialogs(window, live)):
        shown += shown_texts(dialog.dialog)
        dialog.dialog.reject()
    rows = tmp_path / "propuestas.csv"
    rows.write_text("Organización;Plan;Categoría;Monto solicitado\n"
                    "Asociación Sumaq Away;Tejidos;pdn;12500\n"
                    "Comunidad de Pallpata;Qochas;zzz;16000\n", encoding="utf-8")
    data += ["Asociación Sumaq Away", "Tejidos", "Comunidad de Pallpata", "Qochas", "zzz",
             "Organización", "Plan", "Categoría", "Monto solicitado"]
    preview = ImportPreviewDialog(window, live, preview_proposals(
        read_table(rows), live.service, live.contest_id))
    shown += shown_texts(preview.dialog)
    preview.dialog.reject()
    details = MinutesDetailsDialog(window, live)
    shown += shown_texts(details.dialog)
    details.dialog.reject()
    # The questions the menus ask.
    shown += _modal(window.reopen_session)
    shown += _modal(window.add_observation)
    shown += _modal(window.close_session)
    shown += _modal(window.new_contest)
    shown += _modal(window.audience.ask_message)
    shown += _modal(window.audience.ask_countdown)
    shown += _modal(window.audience.edit_agenda)
    shown += _modal(lambda: confirm_quit(window))  # Ctrl+Q while the session is open
    window.tabs.setCurrentWidget(window.prepare_view)
    table = window.prepare_view.form.child("proposalsTable")
    table.setCurrentIndex(window.prepare_view.proposals.index(0, 0))
    shown += _modal(lambda: window.prepare_view.remove_selected(
        window.prepare_view.proposals, table))
    window.close()
    # A contest still being prepared: its pages, and the dialogs that add an item.
    service, cid = _service(tmp_path, demo_bundle(), "preparing")
    window = _window(LiveContest(service, cid), qtbot)
    shown += _every_tab(window)
    for noun in ("Proposal", "Juror", "Category", "Criterion"):
        shown += _modal(window.prepare_view.form.child(f"add{noun}Button").click)
    # (The demo has no second tranche: an item waits for a phase, and a sentence says so.)
    sheets = window.prepare_view.followup_sheets.form
    for noun in ("FollowupPhase", "FollowupCriterion"):
        shown += _modal(sheets.child(f"add{noun}Button").click)
    window.close()
    # After the session: results, documents, the minutes' details.
    service, cid = _service(tmp_path, demo_session_bundle(), "closed")
    closed = LiveContest(service, cid)
    data += list(_strings(demo_session_bundle(), [current_language()]))
    window = _window(closed, qtbot)
    shown += _every_tab(window)
    for kind in ("minutes", "certificates", "sheets", "poster"):
        documents = DocumentsDialog(window, closed, Places(), kind)
        documents.dialog.show()
        shown += shown_texts(documents.dialog)
        documents.make()
        assert documents.wait()
        qtbot.waitUntil(lambda d=documents: d.maker is None)
        shown += shown_texts(documents.dialog)
        documents.dialog.close()
    window.close()
    return shown, data


@pytest.mark.parametrize("language", ["qu", "es"])
def test_every_secretary_screen_speaks_the_chosen_language(tmp_path: Path, qtbot: QtBot,
                                                          language: str) -> None:
    set_language(language)
    application()
    shown, data = _secretary_screens(tmp_path, qtbot)
    assert len(shown) > 500  # the walk really saw the screens
    left = _unexplained(language, shown, data)
    assert not left, f"{len(left)} texts are not {language}:\n" + "\n".join(left)


def _audience_scenes(tmp_path: Path, qtbot: QtBot, mode: str) -> tuple[list[Shown], list[str]]:
    live, data = _mid_session(tmp_path, mode.split("+"))
    contest = live.state.contest
    assert contest is not None
    window = AudienceWindow(AudienceFeed(live.state, live.applied), mode)
    qtbot.addWidget(window)
    window.transition_ms = 0
    window.resize(1366, 768)
    window.read_back_sheet = (contest.jurors[1].id, contest.proposals[0].id,
                              contest.phases[-1].id)
    window.follow(contest.proposals[0].id, contest.phases[-1].id)
    shown: list[Shown] = []

    def record(scene: str) -> None:
        window.grab()  # paints, and records what was drawn
        shown.extend(Shown(drawn.text, f"audience {scene}") for drawn in window.drawn)
        assert all(drawn.fits for drawn in window.drawn), scene
        assert not _overlaps(window.drawn), (scene, _overlaps(window.drawn))

    for scene in SCENES:
        if scene == COUNTDOWN:
            window.start_countdown(15 * 60)
        else:
            if scene == "message":
                window.set_message(MESSAGE)
            window.show_scene(scene)
        record(scene)
    window.withhold(True)
    window.show_scene(RANKING)
    record("withheld ranking")
    window.follow(contest.proposals[6].id, contest.phases[0].id)
    window.show_scene("presenting")
    record("presenting, field phase")
    return shown, data


@pytest.mark.parametrize("mode", ["qu", "es", "es+qu"])
def test_every_audience_scene_speaks_the_projection_language(tmp_path: Path, qtbot: QtBot,
                                                             mode: str) -> None:
    set_language("en")  # the secretary's language must not leak onto the wall
    shown, data = _audience_scenes(tmp_path, qtbot, mode)
    assert len(shown) > 100
    left = Explainer(mode.split("+"), data).unexplained(shown)
    assert not left, f"{len(left)} texts are not {mode}:\n" + "\n".join(left)


# --- switching live ---------------------------------------------------------------------


def test_switching_the_language_retranslates_open_windows_and_dialogs(
        tmp_path: Path, qtbot: QtBot) -> None:
    set_language("es")
    application()
    live, _data = _mid_session(tmp_path, ["qu"])
    window = _window(live, qtbot)
    window.audience.set_language("es+qu")
    contest = live.state.contest
    assert contest is not None
    correction = CorrectionDialog(window, live, contest.jurors[1].id, contest.proposals[0].id,
                                  window.view.grid.criteria[0])
    correction.dialog.show()
    ok_button = correction.dialog.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Ok)
    assert ok_button.text() == "Aceptar"
    assert window.tabs.tabText(1) == gettext_in("es", "Live session")
    assert window.language_actions["es"].isChecked()

    window.language_actions["qu"].trigger()

    assert current_language() == "qu"
    assert window.tabs.tabText(1) == gettext_in("qu", "Live session") != "Sesión en vivo"
    assert window.menuBar().actions()[0].text() == gettext_in("qu", "&File")
    assert window.language_menu.title() == "&Simi"
    assert window.language_actions["qu"].isChecked()
    assert not window.language_actions["es"].isChecked()
    assert "tantanakuy" in window.windowTitle()
    # The open dialog, its own words and Qt's standard buttons.
    assert correction.dialog.windowTitle() == gettext_in("qu", "Correct a confirmed value")
    # Qt's LanguageChange event is posted: the buttons change once the event loop runs.
    qtbot.waitUntil(lambda: ok_button.text() == "Allinmi")
    left = Explainer(["qu"], _data).unexplained(shown_texts(correction.dialog)
                                                 + shown_texts(window))
    assert not left, "\n".join(left)
    # The projection keeps its own language; the choice is there at the next start.
    assert window.audience.window.words.mode == "es+qu"
    assert Places().ui_language() == "qu"
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: ok_button.text() == "OK")  # Qt's Spanish is taken out
    assert window.tabs.tabText(1) == "Live session"
    window.language_actions["es"].trigger()
    qtbot.waitUntil(lambda: ok_button.text() == "Aceptar")
    assert window.tabs.tabText(1) == gettext_in("es", "Live session")
    correction.dialog.reject()


def test_every_open_window_and_dialog_follows_a_switch(tmp_path: Path, qtbot: QtBot) -> None:
    """Everything open in Spanish — the main window on every page, the session's dialogs, the
    documents and minutes' details, a new-item dialog — is all Quechua after one click."""
    set_language("es")
    application()
    live, data = _mid_session(tmp_path, ["qu"])
    contest = live.state.contest
    assert contest is not None
    window = _window(live, qtbot)
    window.view.show_proposal(contest.proposals[0].id, contest.phases[-1].id)
    rows = tmp_path / "propuestas.csv"
    rows.write_text("Organización;Plan;Categoría;Monto solicitado\n"
                    "Asociación Sumaq Away;Tejidos;pdn;12500\n", encoding="utf-8")
    data += ["Asociación Sumaq Away", "Tejidos", "Organización", "Plan", "Categoría",
             "Monto solicitado"]
    dialogs: list[QWidget] = []
    for made in (CorrectionDialog(window, live, contest.jurors[1].id, contest.proposals[0].id,
                                  window.view.grid.criteria[0]),
                 RecusalDialog(window, live, contest.jurors[2].id, contest.proposals[3].id),
                 DrawDialog(window, live, [contest.proposals[0].id, contest.proposals[1].id]),
                 ImportPreviewDialog(window, live, preview_proposals(
                     read_table(rows), live.service, live.contest_id)),
                 MinutesDetailsDialog(window, live),
                 DocumentsDialog(window, live, Places(), "minutes"),
                 *_double_entry_dialogs(window, live)):
        made.dialog.show()
        dialogs.append(made.dialog)
    new_item = NewItemDialog(window, N_("New juror"), window.prepare_view.jurors)
    new_item.show()
    dialogs.append(new_item)
    QCoreApplication.processEvents()

    window.language_actions["qu"].trigger()
    QCoreApplication.processEvents()

    shown = _every_tab(window)
    for dialog in dialogs:
        shown += shown_texts(dialog)
    left = _unexplained("qu", shown, data)
    # Each page keeps its own name (a page the code inserted shifts the others).
    pages = window.prepare_view.form.child("tables")
    assert [pages.tabText(i) for i in range(pages.count())] == [
        gettext_in("qu", text) for text in ("Contest and rules", "Proposals", "Jurors",
                                            "Categories and budgets", "Scoring sheets",
                                            "Second tranche", "Second-tranche sheets")]
    assert not left, f"{len(left)} texts stayed behind:\n" + "\n".join(left)
    for dialog in dialogs:
        dialog.close()


def test_a_switch_keeps_what_was_typed_and_retells_a_refusal(tmp_path: Path,
                                                             qtbot: QtBot) -> None:
    set_language("es")
    application()
    live, _data = _mid_session(tmp_path)
    window = _window(live, qtbot)
    form = window.prepare_view.contest_form.form.child
    form("titleEdit").setText("Título aún sin aplicar")
    form("passEdit").setText("72")
    form("allocationBox").setCurrentIndex(form("allocationBox").findData("stop"))
    form("tieBreakChoice").setCurrentIndex(form("tieBreakChoice").findData("order"))
    contest = live.state.contest
    assert contest is not None
    correction = CorrectionDialog(window, live, contest.jurors[1].id, contest.proposals[0].id,
                                  window.view.grid.criteria[0])
    correction.fill("7", "")
    correction.say(correction.submit() or "")
    problem = correction.form.child("problemLabel")
    documents = DocumentsDialog(window, live, Places(), "poster")
    documents.make()
    assert documents.wait()
    qtbot.waitUntil(lambda: documents.maker is None and documents.data is not None)
    assert documents.save_to(tmp_path / "poster.pdf")
    assert problem.text() == gettext_in(
        "es", "Say why the value is corrected: the reason is printed in the minutes.")

    window.language_actions["qu"].trigger()

    assert form("titleEdit").text() == "Título aún sin aplicar"
    assert form("passEdit").text() == "72"
    assert form("allocationBox").currentData() == "stop"
    assert form("allocationBox").currentText() == gettext_in("qu", "stop funding there")
    assert form("tieBreakChoice").currentData() == "order"  # the pick stays picked
    assert problem.text() == gettext_in(
        "qu", "Say why the value is corrected: the reason is printed in the minutes.")
    assert documents.form.child("problemLabel").text() == gettext_in(
        "qu", "Saved: {file}").format(file=tmp_path / "poster.pdf")
    # And back: a message said again is still one that follows the language.
    window.language_actions["es"].trigger()
    assert problem.text() == gettext_in(
        "es", "Say why the value is corrected: the reason is printed in the minutes.")
    assert documents.form.child("problemLabel").text() == gettext_in(
        "es", "Saved: {file}").format(file=tmp_path / "poster.pdf")
    correction.dialog.reject()
    documents.dialog.close()


def test_the_remembered_language_is_used_at_the_next_start(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    from clar_desktop.app import main as app_main

    Places().set_ui_language("qu")
    service, cid = _service(tmp_path, demo_bundle(), "start")
    seen: list[str] = []
    monkeypatch.setattr(app_main, "open_window",
                        lambda *_args: seen.append(current_language()) or _Stub())
    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)
    monkeypatch.delenv("CLAR_LANG")
    assert app_main.run_window(service, cid) == 0
    assert seen == ["qu"]
    # --lang (or CLAR_LANG) wins over the remembered choice.
    set_language("en")
    assert app_main.run_window(service, cid, language_given=True) == 0
    assert seen == ["qu", "en"]


class _Stub:
    class audience:  # noqa: N801
        @staticmethod
        def set_visible(_visible: bool) -> None:
            return None


# --- Qt's own dialogs -------------------------------------------------------------------


class _Recorder(QTranslator):
    """Installed first: records what Qt asks for, translates nothing itself."""

    def __init__(self, parent: Any) -> None:
        super().__init__(parent)
        self.asked: set[tuple[str, str]] = set()

    def translate(self, context: str, source: str,  # type: ignore[override]
                  disambiguation: str | None = None, n: int = -1) -> None:
        self.asked.add((context, source))
        return None

    def isEmpty(self) -> bool:  # noqa: N802
        return False


def _qt_dialogs(folder: Path) -> None:
    """Open and close the Qt dialogs the program uses: file (open, save, folder), message
    boxes, input dialogs, the print dialog, and the menus of text fields."""
    def show(dialog: QWidget) -> None:
        dialog.show()
        QCoreApplication.processEvents()
        dialog.close()
        dialog.deleteLater()

    for mode, file_mode in ((QFileDialog.AcceptMode.AcceptOpen, QFileDialog.FileMode.ExistingFile),
                            (QFileDialog.AcceptMode.AcceptSave, QFileDialog.FileMode.AnyFile),
                            (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.FileMode.Directory)):
        dialog = QFileDialog(None, "x", str(folder), "JSON (*.json)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(mode)
        dialog.setFileMode(file_mode)
        show(dialog)
    box = QMessageBox(QMessageBox.Icon.Question, "x", "x",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDetailedText("x")
    show(box)
    for mode in (QInputDialog.InputMode.IntInput, QInputDialog.InputMode.TextInput):
        dialog = QInputDialog()
        dialog.setInputMode(mode)
        show(dialog)
    printer = QPrinter()  # must outlive its dialog
    show(QPrintDialog(printer))
    QCoreApplication.processEvents()
    for field in (QLineEdit(), QPlainTextEdit()):
        field.createStandardContextMenu().deleteLater()


def _qtbase_es() -> QTranslator:
    translator = QTranslator()
    assert translator.load("qtbase_es",
                           QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return translator


@pytest.mark.parametrize("language", ["es", "qu"])
def test_qt_dialogs_leave_no_english(language: str, qtbot: QtBot, tmp_path: Path) -> None:
    """Every word Qt asks for while showing its dialogs gets a translation: in Spanish from
    Qt's own catalog or ours; in Quechua the standard buttons and text menus from ours, the
    file and print dialogs in Spanish (Qt has no Quechua)."""
    set_language(language)
    app = application()
    recorder = _Recorder(app)
    app.installTranslator(recorder)
    try:
        (tmp_path / "bundle.json").write_text("{}", encoding="utf-8")
        (tmp_path / "folder").mkdir()
        _qt_dialogs(tmp_path)
    finally:
        app.removeTranslator(recorder)
    spanish = _qtbase_es()
    missing = sorted(f"{context}: {source!r}" for context, source in recorder.asked
                     if QCoreApplication.translate(context, source) == source
                     and not spanish.translate(context, source)
                     # File types are named by the system's MIME database, in its locale.
                     and context != "QMimeType")
    assert len(recorder.asked) > 100
    assert not missing, "\n".join(missing)
    if language == "qu":
        for context, source in (("QPlatformTheme", "Cancel"), ("QLineEdit", "&Copy")):
            assert (context, source) in QT_STRINGS
            shown = QCoreApplication.translate(context, source)
            assert shown not in (source, spanish.translate(context, source)), shown


# --- the check itself -------------------------------------------------------------------


def test_the_check_catches_english_spanish_and_unmarked_text(qtbot: QtBot) -> None:
    set_language("qu")
    explainer = Explainer(["qu"], ["Asociación Sumaq Kawsay"])
    live_session = gettext_in("qu", "Live session")
    title = gettext_in("qu", "{title} — {state} — CLAR Desktop").format(
        title="Asociación Sumaq Kawsay", state=gettext_in("qu", "session open"))
    for good in (live_session, title, "Asociación Sumaq Kawsay", "S/\u00a012,800.00", "12",
                 gettext_in("qu", "&File"), "Runasimi"):
        assert explainer.explained(good), good
    leaked_state = gettext_in("qu", "{title} — {state} — CLAR Desktop").format(
        title="Asociación Sumaq Kawsay", state="session open")
    for bad in ("Live session", gettext_in("es", "Live session"), "Sumaq Kawsay", leaked_state,
                "Total points"):
        assert not explainer.explained(bad), bad
    box = QWidget()
    qtbot.addWidget(box)
    from PySide6.QtWidgets import QLabel, QVBoxLayout
    layout = QVBoxLayout(box)
    layout.addWidget(QLabel(live_session))
    layout.addWidget(QLabel("Close the session"))
    assert explainer.unexplained(shown_texts(box)) == ["QLabel: 'Close the session'"]


@pytest.mark.parametrize("language", ["es", "qu", "en"])
def test_each_menu_gives_every_item_its_own_alt_key(tmp_path: Path, qtbot: QtBot,
                                                    language: str) -> None:
    """Alt+letter opens a menu and picks an item; two items on one letter make the key
    land on the first only (a translation may move the "&", the check follows)."""
    set_language(language)
    application()
    live, _data = _mid_session(tmp_path)
    window = _window(live, qtbot)

    def key(text: str) -> str | None:
        found = re.search(r"&([^&])", text)
        return found.group(1).lower() if found else None

    def clashes(actions: list[QAction]) -> list[str]:
        texts = [a.text() for a in actions if not a.isSeparator() and key(a.text())]
        keys = [key(t) for t in texts]
        return [t for t in texts if keys.count(key(t)) > 1]

    problems = [f"menu bar: {clashes(window.menuBar().actions())}"] if clashes(
        window.menuBar().actions()) else []
    menus = [a.menu() for a in window.menuBar().actions()]
    while menus:
        menu = menus.pop()
        menus += [a.menu() for a in menu.actions() if a.menu() is not None]
        if found := clashes(menu.actions()):
            problems.append(f"{menu.title()}: {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["es", "qu", "en"])
def test_every_screen_fits_a_laptop_in_every_language(tmp_path: Path, qtbot: QtBot,
                                                       language: str) -> None:
    """Quechua words are long: no window or dialog may need more than a 1280 × 720 laptop
    screen (a layout cannot shrink below its minimum, so the window would stick out)."""
    set_language(language)
    application()
    live, _data = _mid_session(tmp_path)
    contest = live.state.contest
    assert contest is not None
    window = _window(live, qtbot)
    screens: dict[str, QWidget] = {"main window": window}
    for name, made in (
            ("correction", CorrectionDialog(window, live, contest.jurors[1].id,
                                            contest.proposals[0].id,
                                            window.view.grid.criteria[0])),
            ("recusal", RecusalDialog(window, live, contest.jurors[2].id,
                                      contest.proposals[3].id)),
            ("draw", DrawDialog(window, live, [contest.proposals[0].id,
                                               contest.proposals[1].id])),
            ("minutes details", MinutesDetailsDialog(window, live)),
            ("documents", DocumentsDialog(window, live, Places(), "minutes")),
            *zip(("second entry", "comparison"), _double_entry_dialogs(window, live),
                 strict=True)):
        screens[name] = made.dialog
    screens["new juror"] = NewItemDialog(window, N_("New juror"), window.prepare_view.jurors)
    too_big = {name: (widget.minimumSizeHint().width(), widget.minimumSizeHint().height())
               for name, widget in screens.items()
               if widget.minimumSizeHint().width() > 1280
               or widget.minimumSizeHint().height() > 720}
    assert not too_big, too_big


SWITCH_WHILE_A_THREAD_TRANSLATES = """
import sys
from PySide6.QtCore import QCoreApplication, QThread
from clar_desktop.app.main import application
from clar_desktop.i18n import set_language

app = application()
running = True
asked = [0]


class Asking(QThread):  # as Qt's own threads do (a file dialog's, a printer's)
    def run(self):
        while running:
            QCoreApplication.translate("QPlatformTheme", "Cancel")
            QCoreApplication.translate("QShortcut", "Ctrl")
            asked[0] += 1


thread = Asking()
thread.start()
for k in range(200):
    set_language(("qu", "es", "en")[k % 3])
running = False
thread.wait()
print("switched", asked[0] > 0)
"""


def test_switching_while_another_thread_translates_does_not_hang() -> None:
    """Installing a translator while a thread asks Qt for a word deadlocked Qt's translator
    lock against Python's interpreter lock (the program froze); translators are now
    installed once. Run apart, with a time limit, so that a hang fails instead of hanging."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        done = subprocess.run([sys.executable, "-c", SWITCH_WHILE_A_THREAD_TRANSLATES],
                              env=env, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("switching the language hung while another thread translated")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "switched True" in done.stdout
