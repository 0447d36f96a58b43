"""Opening the central office window: ``clar-desktop central --db URL``, File ▸ Central
office…, a database without central data yet (offered to be created), a wrong URL or a
server down (one sentence), and PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from clar_desktop.app.central import opening
from clar_desktop.app.central.window import CentralWindow
from clar_desktop.app.places import Places
from clar_desktop.central.database import open_central
from clar_desktop.central.indicators import indicators
from clar_desktop.central.ingest import NEW, ingest_bytes
from clar_desktop.central.labels import format_indicator
from clar_desktop.cli import main
from tests.app.central.helpers import contest_bundle, encoded


class Said:
    """The message boxes a test saw (and what they answered)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: Any = None) -> None:
        self.boxes: list[tuple[str, str]] = []

        def box(kind: str) -> Any:
            def show(_parent: object, _title: str, text: str, *_a: object) -> Any:
                self.boxes.append((kind, text))
                return answer
            return staticmethod(show)

        for kind in ("warning", "critical", "question", "information"):
            monkeypatch.setattr(QMessageBox, kind, box(kind))


def central_windows() -> list[CentralWindow]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, CentralWindow) and w.isVisible()]


def close_all() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, CentralWindow):
            widget.close()


def test_central_with_no_action_opens_the_window(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    opened: list[tuple[str, dict[str, object]]] = []

    def run_central(engine: Engine, **options: object) -> int:
        opened.append((engine.url.render_as_string(hide_password=False), options))
        engine.dispose()
        return 0

    monkeypatch.setattr(opening, "run_central", run_central)
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    open_central(url, create=True).dispose()
    assert main(["central", "--db", url]) == 0
    assert opened == [(url, {"language_given": False})]
    assert main(["central", "--db", url, "--lang", "qu"]) == 0
    assert opened[1] == (url, {"language_given": True})


@pytest.mark.parametrize(("database", "exit_status"), [
    ("nosuchdb://host/x", 1),  # as every central action says a database it cannot use
    ("{tmp}/none.sqlite3", 2)])  # as every one says a database not there
def test_central_on_a_bad_database_is_one_sentence_before_any_window(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path, database: str, exit_status: int) -> None:
    monkeypatch.setattr(opening, "run_central", lambda *a, **k: pytest.fail("opened"))
    status = main(["central", "--db", database.format(tmp=tmp_path)])
    err = capsys.readouterr().err
    assert status == exit_status and err.count("\n") == 1 and "Traceback" not in err


def test_central_with_no_screen_still_says_what_to_do(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    status = main(["central", "--db", "sqlite:///nowhere.sqlite3"])
    assert status == 2
    assert "ingest" in capsys.readouterr().err


def test_central_help_still_lists_the_actions(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["central", "--help"])
    out = capsys.readouterr().out
    assert all(action in out for action in ("ingest", "indicators", "conflicts", "export"))


def test_the_command_opens_the_window_on_the_database(tmp_path: Path, qtbot: QtBot,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """run_central itself, up to the event loop (which a test cannot enter and leave)."""
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    engine = open_central(url, create=True)
    assert ingest_bytes(engine, "x.json", encoded(contest_bundle(3))).kind == NEW
    shown: list[CentralWindow] = []
    before = set(central_windows())

    def run(_self: object = None) -> int:
        shown.extend(w for w in central_windows() if w not in before)
        return 0

    monkeypatch.setattr(QApplication, "exec", run)
    assert opening.run_central(engine) == 0
    assert len(shown) == 1 and shown[0].isVisible()
    assert shown[0].contests_proxy.rowCount() == 1
    close_all()


def test_a_wrong_url_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    said = Said(monkeypatch)
    assert opening.connect(None, "nosuchdb://host/x") is None
    [(kind, text)] = said.boxes
    assert kind == "warning" and "\n" not in text and "Traceback" not in text
    assert "nosuchdb://host/x" in text and text.endswith(".")


def test_a_server_down_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    said = Said(monkeypatch)
    assert opening.connect(None, "postgresql://nobody@127.0.0.1:9/none") is None
    [(kind, text)] = said.boxes
    assert kind == "warning" and "\n" not in text and "Traceback" not in text


def test_a_database_not_there_yet_is_offered_to_be_created(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    target = tmp_path / "nueva.sqlite3"
    said = Said(monkeypatch, answer=QMessageBox.StandardButton.No)
    assert opening.connect(None, str(target)) is None
    assert said.boxes[0][0] == "question" and str(target) in said.boxes[0][1]
    assert not target.exists()
    said = Said(monkeypatch, answer=QMessageBox.StandardButton.Yes)
    engine = opening.connect(None, str(target))
    assert engine is not None and target.exists()
    assert indicators(engine)[0].figures["contests"] == 0
    engine.dispose()


def test_file_menu_opens_the_central_office(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            qtbot: QtBot) -> None:
    from clar_desktop.app.live import LiveContest
    from clar_desktop.app.main_window import MainWindow
    from clar_desktop.domain.bundle import parse_bundle
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database
    from tests.helpers import example_bundle

    service = ContestService(open_database(str(tmp_path / "m.sqlite3"), create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    places = Places()
    main_window = MainWindow(LiveContest(service, "colquemarca-2026-1"), places=places)
    qtbot.addWidget(main_window)
    asked = []
    central = tmp_path / "central.sqlite3"

    def ask(_parent: object, _places: object) -> str:
        asked.append(True)
        return str(central)

    monkeypatch.setattr(opening, "ask_database", ask)
    Said(monkeypatch, answer=QMessageBox.StandardButton.Yes)
    texts = {a.text().replace("&", ""): a for a in main_window.findChildren(
        type(main_window.menuBar().actions()[0]))}
    action = texts["Oficina central…"]
    before = set(central_windows())
    action.trigger()
    assert asked
    windows = [w for w in central_windows() if w not in before]
    assert len(windows) == 1 and central.exists()
    assert places.settings.value(opening.SETTING) == str(central)
    close_all()


def test_the_database_dialog_offers_the_one_last_used(qtbot: QtBot) -> None:
    dialog = opening.DatabaseDialog(None, "postgresql://clar@central/programa")
    qtbot.addWidget(dialog)
    assert dialog.database() == "postgresql://clar@central/programa"


@pytest.mark.postgres
def test_the_window_on_postgresql(postgres_url: str, qtbot: QtBot) -> None:
    engine = open_central(postgres_url, create=True)
    for number in range(4):
        assert ingest_bytes(engine, f"{number}.json",
                            encoded(contest_bundle(number))).kind == NEW
    window = CentralWindow(engine)
    qtbot.addWidget(window)
    window.show()
    assert window.contests_proxy.rowCount() == 4
    figures = indicators(engine)[0].figures
    assert window.tiles.tiles["awarded"].value.text() == format_indicator(
        "awarded", figures["awarded"])
    window.combos["region"].setCurrentIndex(window.choices["region"].index("Cusco"))
    window.update_indicators()
    cusco = indicators(engine, filters={"region": "Cusco"})[0].figures
    assert window.contests_proxy.rowCount() == cusco["contests"] == 2
    assert window.tiles.tiles["families"].value.text() == format_indicator(
        "families", cusco["families"])
    window.inbox.wait()
