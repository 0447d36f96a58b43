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
    assert offered == [[f"{service.load_state(source).contest.title} (2026-08-14)",
                        _("Another contest, from its bundle file…")]]
    assert all({"campo2", "publico2"} <= set(j.phases) for j in title.jurors)
    assert "7" in window.statusBar().currentMessage()


def _prepared(service: ContestService) -> str:
    import copy

    prepared = copy.deepcopy(demo_bundle())
    prepared["contest"].update(id="llusco-2027-1", date="2027-05-03")
    for key in ("scores", "recusals", "draws"):
        prepared["contest"].pop(key, None)
    service.import_bundle(parse_bundle(prepared))
    return "llusco-2027-1"


def _from_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[list[str]]:
    """The secretary picks "from its bundle file" (the list's last entry) and then ``path``."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    offered: list[list[str]] = []

    def choose(_parent: object, _title: str, _label: str, items: list[str], *_args: object
               ) -> tuple[str, bool]:
        offered.append(items)
        return items[-1], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_args, **_kw: (str(path), ""))
    return offered


@pytest.mark.parametrize("language", ["es", "qu"])
def test_the_items_come_from_the_exported_bundle_of_a_closed_session(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    """The earlier contest is not in this database (another laptop): its exported bundle,
    with its log, gives the items, their awards and the acta's number."""
    import json

    set_language(language)
    try:
        other, source = _service(tmp_path / "other", demo_session_bundle())
        exported = tmp_path / "closed.json"
        exported.write_text(json.dumps(other.export_bundle(source)), encoding="utf-8")
        service = ContestService(open_database(str(tmp_path / "d.sqlite3"), create=True))
        target = _prepared(service)
        window = MainWindow(LiveContest(service, target))
        qtbot.addWidget(window)
        offered = _from_file(monkeypatch, exported)
        _menu_action(window, gettext_in(language, "&Add the second-tranche items of contest…")
                     ).trigger()
        assert offered == []  # no closed contest in this database: the file dialog at once
        contest = window.live.state.contest
        assert contest is not None and len(contest.followup_items) == 7
        acta = other.load_state(source).minutes.number
        assert all(i.award is not None and i.award.contest == source and i.award.acta == acta
                   for i in contest.followup_items)
        assert "7" in window.statusBar().currentMessage()
    finally:
        set_language(None)


def test_an_evaluation_bundle_keeps_the_justified_percents_of_the_office(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundle ``clar-desktop followups`` wrote, with the office's justified percents
    filled in, is added as it is — beside the closed contests of the database on the list."""
    import json

    from clar_desktop.cli import main

    service, source = _service(tmp_path, demo_session_bundle())
    target = _prepared(service)
    planned = tmp_path / "eval.json"
    assert main(["followups", source, "--db", str(tmp_path / "d.sqlite3"), "--id", "ev-1",
                 "--date", "2027-05-03", "-o", str(planned)]) == 0
    data = json.loads(planned.read_text(encoding="utf-8"))
    for number, item in enumerate(data["contest"]["followups"]["items"]):
        item["justified_percent"] = str(60 + 5 * number)
    planned.write_text(json.dumps(data), encoding="utf-8")
    window = MainWindow(LiveContest(service, target))
    qtbot.addWidget(window)
    offered = _from_file(monkeypatch, planned)
    from clar_desktop.i18n import _

    _menu_action(window, _("&Add the second-tranche items of contest…")).trigger()
    assert len(offered) == 1 and len(offered[0]) == 2  # the closed demo contest, then a file
    contest = window.live.state.contest
    assert contest is not None
    assert [str(i.justified_percent) for i in contest.followup_items] == [
        str(60 + 5 * n) for n in range(7)]


@pytest.mark.parametrize("case", ["open", "not json"])
def test_a_bundle_file_that_cannot_give_items_is_refused_in_a_sentence(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    import json

    set_language("es")
    try:
        service = ContestService(open_database(str(tmp_path / "d.sqlite3"), create=True))
        target = _prepared(service)
        before = len(service.export_bundle(target)["events"])
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(demo_bundle()) if case == "open" else "{nope",
                       encoding="utf-8")
        told: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning",
                            lambda _parent, _title, text: told.append(text))
        _from_file(monkeypatch, bad)
        assert second_tranche.add_items_of(None, LiveContest(service, target)) == 0
        assert len(told) == 1 and told[0].startswith("bad.json: ")
        assert "\n" not in told[0] and "Traceback" not in told[0]
        if case == "open":
            assert "no está cerrada" in told[0] or "cerrad" in told[0]
        assert len(service.export_bundle(target)["events"]) == before
    finally:
        set_language(None)


@pytest.mark.parametrize("answer", ["no", "yes"])
def test_opening_with_items_not_justified_asks_first(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    """A new evaluation's items start at 0 % justified: opening the session before the
    office's review is filled in asks, and No leaves the session closed to scores."""
    from clar_desktop.domain.changes import PREPARING

    service, source = _service(tmp_path, demo_session_bundle())
    evaluation = _make_evaluation(service, source, tmp_path)
    asked: list[str] = []
    reply = QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text, *_a: asked.append(text) or reply)
    target = MainWindow(LiveContest(service, evaluation))
    qtbot.addWidget(target)
    target.open_session()
    assert len(asked) == 1 and "7" in asked[0]
    assert (target.live.state.session == PREPARING) == (answer == "no")


def _make_evaluation(service: ContestService, source: str, tmp_path: Path) -> str:
    from clar_desktop.domain.bundle import bundle_to_dict
    from clar_desktop.domain.followup_plan import followup_contest

    state = service.load_state(source)
    planned = followup_contest(state.contest, state.tally.results(), contest_id="ev-1",
                               date="2027-03-01", title="Evaluación", acta=None)
    service.import_bundle(parse_bundle(bundle_to_dict(planned, None)))
    return "ev-1"


def test_items_justified_open_without_a_question(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from clar_desktop.domain.changes import PREPARING

    service, _source = _service(tmp_path, demo_bundle())
    window = MainWindow(LiveContest(service, _source))
    qtbot.addWidget(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: pytest.fail("asked"))
    window.open_session()
    assert window.live.state.session != PREPARING


@pytest.mark.parametrize("language", ["es", "qu"])
def test_adding_items_to_a_closed_contest_is_refused_before_any_file_is_asked(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    set_language(language)
    try:
        service, source = _service(tmp_path, demo_session_bundle())
        told: list[str] = []
        monkeypatch.setattr(QMessageBox, "information",
                            lambda _parent, _title, text: told.append(text))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: pytest.fail(
            "a file was asked for"))
        monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: pytest.fail(
            "a contest was asked for"))
        assert second_tranche.add_items_of(None, LiveContest(service, source)) == 0
        assert len(told) == 1 and "--into" not in told[0]
        assert told[0] == gettext_in(language, (
            "The session of this contest is already open or closed: second-tranche items are "
            "added only to a contest still being prepared (make a new contest, or use New "
            "evaluation from this contest…)."))
    finally:
        set_language(None)
