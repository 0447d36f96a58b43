"""Second tranche ▸ New evaluation from this contest, as the secretary uses it at the end
of the demo's closed session: the evaluation session is made in the database with one item
per funded proposal and opens in its own window; an open session is refused in a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from clar_desktop.app import second_tranche
from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.demo import demo_bundle, demo_session_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import gettext_in, set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database


def _service(tmp_path: Path, bundle: dict[str, object]) -> tuple[ContestService, str]:
    service = ContestService(open_database(str(tmp_path / "d.sqlite3"), create=True))
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    return service, parsed.contest.id


def _menu_action(window: MainWindow, text: str) -> object:
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text() == text:
                return action
    raise AssertionError(f"no menu entry {text!r}")


@pytest.mark.parametrize("language", ["es", "qu"])
def test_new_evaluation_from_the_closed_demo_session(tmp_path: Path, qtbot: QtBot,
                                                     language: str) -> None:
    set_language(language)
    try:
        service, source = _service(tmp_path, demo_session_bundle())
        opened: list[str] = []
        window = MainWindow(LiveContest(service, source), opener=opened.append)
        qtbot.addWidget(window)
        seen: list[str] = []

        def fill() -> None:
            dialogs = [w for w in QApplication.topLevelWidgets()
                       if w.objectName() == "EvaluationDialog" and w.isVisible()]
            if not dialogs:
                QTimer.singleShot(20, fill)
                return
            form = dialogs[0]
            seen.append(form.findChild(object, "cellLabel").text())
            form.findChild(object, "dateEdit").setDate(QDate(2027, 3, 10))
            form.findChild(object, "buttons").accepted.emit()

        QTimer.singleShot(0, fill)
        _menu_action(window, gettext_in(language, "New &evaluation from this contest…")
                     ).trigger()
        assert opened == [f"{source}-2t"]
        assert "7" in seen[0]
        made = service.load_state(opened[0]).contest
        assert made is not None and made.date == "2027-03-10"
        items = made.followup_items
        assert len(items) == 7 and all(i.award and i.award.contest == source for i in items)
        assert [j.id for j in made.jurors] == [j.id for j in window.live.state.contest.jurors]
        assert str(made.followups.rules.pass_score) == "70"
    finally:
        set_language(None)


def test_a_contest_whose_session_is_not_closed_is_refused_in_a_sentence(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("es")
    try:
        service, source = _service(tmp_path, demo_bundle())
        told: list[str] = []
        monkeypatch.setattr(QMessageBox, "information",
                            lambda _parent, _title, text: told.append(text))
        assert second_tranche.new_evaluation(None, LiveContest(service, source)) is None
        assert told == [gettext_in("es", "The session of this contest is not closed: a "
                                         "second-tranche evaluation starts from its final "
                                         "results.")]
        assert service.contest_ids() == [source]
    finally:
        set_language(None)


def test_a_taken_identifier_is_refused_and_nothing_is_made(tmp_path: Path,
                                                           qtbot: QtBot) -> None:
    service, source = _service(tmp_path, demo_session_bundle())
    dialog = second_tranche.EvaluationDialog(None, LiveContest(service, source))
    qtbot.addWidget(dialog.dialog)
    dialog.form.child("idEdit").setText(source)
    dialog.form.child("buttons").accepted.emit()
    assert source in dialog.form.child("problemLabel").text()
    assert dialog.created is None and service.contest_ids() == [source]


def test_the_items_of_an_earlier_contest_are_added_to_the_one_being_prepared(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mixed session: the new contest of the same CLAR, still being prepared, gets the
    second-tranche items of the closed demo session, chosen from the database by name."""
    import copy

    from PySide6.QtWidgets import QInputDialog

    service, source = _service(tmp_path, demo_session_bundle())
    prepared = copy.deepcopy(demo_bundle())
    prepared["contest"].update(id="llusco-2027-1", date="2027-05-03")
    for key in ("scores", "recusals", "draws"):
        prepared["contest"].pop(key, None)
    service.import_bundle(parse_bundle(prepared))
    window = MainWindow(LiveContest(service, "llusco-2027-1"))
    qtbot.addWidget(window)
    offered: list[list[str]] = []

    def choose(_parent: object, _title: str, _label: str, items: list[str], *_args: object
               ) -> tuple[str, bool]:
        offered.append(items)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    from clar_desktop.i18n import _

    _menu_action(window, _("&Add the second-tranche items of contest…")).trigger()
    title = window.live.state.contest  # the window's own view follows at once
    assert title is not None and len(title.followup_items) == 7
    assert offered == [[f"{service.load_state(source).contest.title} (2026-08-14)"]]
    assert all({"campo2", "publico2"} <= set(j.phases) for j in title.jurors)
    assert "7" in window.statusBar().currentMessage()
