"""The app and the database it is started on: a missing one is never made behind the
secretary's back (the questions are driven here as a secretary answers them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from clar_desktop.app import opening
from clar_desktop.app.opening import ask_to_create, open_service
from clar_desktop.cli import main
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import DatabaseError, EmptyDatabase, MissingDatabase, open_database
from tests.helpers import example_bundle
from tests.visible_text import Explainer, Shown, shown_texts

CONTEST = "colquemarca-2026-1"


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CLAR_DB", raising=False)
    return tmp_path / "data"


@dataclass
class Asked:
    """What a message box showed, noted when it opened (a static box is deleted after)."""

    icon: QMessageBox.Icon
    text: str
    buttons: list[str]
    default: str
    shown: list[Shown]


def answer(button: str | None, seen: list[Asked]) -> None:
    """When the next message box opens: note it and click ``button`` (its text without the
    accelerator; None: its only button). A box without that button is closed all the
    same, so that a failing test never hangs, and noted with no buttons."""
    tries = [0]

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            tries[0] += 1
            if tries[0] < 500:
                QTimer.singleShot(10, click)
            return
        default = box.defaultButton()
        texts = {b.text().replace("&", ""): b for b in box.buttons()}
        seen.append(Asked(box.icon(), box.text(), list(texts),
                          default.text().replace("&", "") if default else "",
                          shown_texts(box)))
        if button is None and len(texts) == 1:
            box.buttons()[0].click()
        elif button in texts:
            texts[button].click()
        else:
            seen[-1].buttons = []
            box.reject()

    QTimer.singleShot(0, click)


def test_a_named_database_that_is_missing_is_created_only_when_asked(
        tmp_path: Path, qtbot: QtBot) -> None:
    db = tmp_path / "sesion.sqlite3"
    seen: list[Asked] = []
    answer("Salir", seen)
    with pytest.raises(MissingDatabase):
        open_service(str(db))
    assert not db.exists() and len(seen) == 1
    assert seen[0].text == f"No hay ninguna base de datos en {db}."
    assert seen[0].buttons == ["Crear la base de datos", "Salir"]
    assert seen[0].default == "Salir"  # Enter by mistake creates nothing
    answer("Crear la base de datos", seen)
    service = open_service(str(db))
    assert db.exists() and service.contest_ids() == []


def test_a_missing_stick_can_be_plugged_in_and_tried_again(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "usb" / "clar.sqlite3"

    seen: list[Asked] = []
    answer("Salir", seen)
    with pytest.raises(MissingDatabase):
        open_service(str(db))
    assert not db.parent.exists()
    assert seen[0].text == (f"No hay ninguna base de datos en {db}: la carpeta "
                            f"{db.parent} no existe.")
    assert seen[0].buttons == ["Intentar de nuevo", "Salir"]
    assert seen[0].default == "Intentar de nuevo"
    # The stick, with the contest on it, is plugged in while the question is up.
    original = ask_to_create

    def plug_in_then_ask(absent: MissingDatabase) -> bool | None:
        db.parent.mkdir()
        ContestService(open_database(str(db), create=True)).import_bundle(
            parse_bundle(example_bundle()))
        return original(absent)

    monkeypatch.setattr(opening, "ask_to_create", plug_in_then_ask)
    answer("Intentar de nuevo", seen)
    assert open_service(str(db)).contest_ids() == [CONTEST]


def test_an_empty_file_is_made_a_database_only_when_asked(tmp_path: Path,
                                                         qtbot: QtBot) -> None:
    empty = tmp_path / "vacia.sqlite3"
    empty.touch()
    seen: list[Asked] = []
    answer("Salir", seen)
    with pytest.raises(EmptyDatabase):
        open_service(str(empty))
    assert empty.stat().st_size == 0
    assert seen[0].text == f"La base de datos {empty} está vacía."
    answer("Crear la base de datos", seen)
    assert open_service(str(empty)).contest_ids() == []
    assert empty.stat().st_size > 0


def test_a_file_that_is_not_a_database_is_said_and_left_alone(tmp_path: Path,
                                                             qtbot: QtBot) -> None:
    notes = tmp_path / "notas.db"
    notes.write_bytes(b"apuntes de la sesion\n")
    seen: list[Asked] = []
    answer(None, seen)
    with pytest.raises(DatabaseError):
        open_service(str(notes))
    assert seen[0].icon == QMessageBox.Icon.Warning and len(seen[0].buttons) == 1
    assert seen[0].text == (f"{notes} no es una base de datos de CLAR Desktop (no es un "
                              "archivo SQLite); elegir otro archivo")
    assert notes.read_bytes() == b"apuntes de la sesion\n"


def test_the_default_database_is_made_on_the_first_start(tmp_path: Path,
                                                        _own_data_folder: Path) -> None:
    service = open_service(None)  # no question: the app's own place
    assert service.contest_ids() == []
    assert list(_own_data_folder.rglob("clar.sqlite3"))


def test_clar_db_counts_as_naming_a_database(tmp_path: Path, qtbot: QtBot,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAR_DB", str(tmp_path / "env.sqlite3"))
    seen: list[Asked] = []
    answer("Salir", seen)
    with pytest.raises(MissingDatabase):
        open_service(None)
    assert len(seen) == 1 and not (tmp_path / "env.sqlite3").exists()


@pytest.mark.parametrize("language", ["qu", "es"])
def test_the_questions_speak_the_secretary_s_language(tmp_path: Path, qtbot: QtBot,
                                                     language: str) -> None:
    set_language(language)
    seen: list[Asked] = []
    for db in (tmp_path / "x.sqlite3", tmp_path / "usb" / "x.sqlite3"):
        answer({"qu": "Lluqsiy", "es": "Salir"}[language], seen)
        with pytest.raises(MissingDatabase):
            open_service(str(db))
    shown = [text for asked in seen for text in asked.shown]
    assert len(seen) == 2 and len(shown) >= 8
    left = Explainer([language]).unexplained(shown)
    assert not left, "\n".join(left)


def test_quitting_at_the_question_is_one_line_and_status_2(
        tmp_path: Path, qtbot: QtBot, capsys: pytest.CaptureFixture[str]) -> None:
    """The whole start from the command line: `clar-desktop --db MISSING`."""
    seen: list[Asked] = []
    answer("Salir", seen)
    code = main(["--db", str(tmp_path / "typo.sqlite3")])
    _out, err = capsys.readouterr()
    assert code == 2 and len(seen) == 1
    assert err.strip().startswith("clar-desktop: no hay ninguna base de datos en")
    assert [p.name for p in tmp_path.iterdir()] in ([], ["data"])  # the app's settings
