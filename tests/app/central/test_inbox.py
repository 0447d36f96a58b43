"""The inbox folder: bundles copied into a watched folder are ingested (in a worker thread)
with a line per bundle as ``central ingest`` prints it; conflicts and tampered copies in red;
a file still being written waits; the same bytes are not ingested again at every tick."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from clar_desktop.app.central.contests import RED
from clar_desktop.app.central.window import CentralWindow
from clar_desktop.central.database import open_central
from clar_desktop.central.ingest import ingest_file
from clar_desktop.i18n import _
from tests.app.central.helpers import contest_bundle, encoded, with_followups
from tests.central.helpers import cut, parted
from tests.central.test_ingest import _tampered

STABLE_MS = 300


@pytest.fixture
def empty(tmp_path: Path, qtbot: QtBot) -> Iterator[CentralWindow]:
    """A window on a new central database, ingesting from ``tmp_path / "usb"``."""
    engine = open_central(f"sqlite:///{tmp_path / 'central.sqlite3'}", create=True)
    window = CentralWindow(engine, stable_ms=STABLE_MS)
    window.inbox.timer.setInterval(100)
    qtbot.addWidget(window)
    window.show()
    (tmp_path / "usb").mkdir()
    window.watch(tmp_path / "usb")
    yield window
    window.inbox.wait()


def lines(window: CentralWindow) -> list[str]:
    log: QListWidget = window.inbox_log
    return [log.item(i).text() for i in range(log.count())]


def colour(window: CentralWindow, number: int) -> str:
    return str(window.inbox_log.item(number).foreground().color().name())


def settle(window: CentralWindow, qtbot: QtBot, count: int) -> None:
    qtbot.waitUntil(lambda: len(lines(window)) >= count and not window.inbox.pending(),
                    timeout=15000)


def test_bundles_dropped_in_are_ingested_a_line_each(empty: CentralWindow, tmp_path: Path,
                                                      qtbot: QtBot) -> None:
    usb = tmp_path / "usb"
    for number in range(3):
        (usb / f"clar-{number}.json").write_bytes(encoded(contest_bundle(number)))
    settle(empty, qtbot, 3)
    said = lines(empty)
    assert len(said) == 3 and all(line.startswith("new ") for line in said)
    assert {line.split(":")[0] for line in said} == {
        f"new {usb / f'clar-{n}.json'}" for n in range(3)}
    # Exactly what the command prints for such a bundle (describe() after the file name).
    other = open_central(f"sqlite:///{tmp_path / 'other.sqlite3'}", create=True)
    outcome = ingest_file(other, str(usb / "clar-0.json"))
    other.dispose()
    assert f"{outcome.kind} {outcome.file}: {outcome.describe(_)}" in said
    assert "contest ol-chumbivilcas-2023-0 stored" not in said[0]  # said in Spanish
    assert colour(empty, 0) != RED.name()
    qtbot.waitUntil(lambda: empty.contests_proxy.rowCount() == 3, timeout=3000)
    assert empty.tiles.tiles["approval_rate"].value.text() != "—"
    (usb / "sub").mkdir()
    (usb / "sub" / "clar-3.json").write_bytes(encoded(contest_bundle(3)))
    settle(empty, qtbot, 4)
    qtbot.waitUntil(lambda: empty.contests_proxy.rowCount() == 4, timeout=3000)


def test_the_same_bytes_are_not_ingested_at_every_tick(empty: CentralWindow, tmp_path: Path,
                                                       qtbot: QtBot) -> None:
    bundle = tmp_path / "usb" / "clar.json"
    bundle.write_bytes(encoded(contest_bundle(1)))
    settle(empty, qtbot, 1)
    qtbot.wait(6 * 100 + STABLE_MS)
    assert len(lines(empty)) == 1
    os.utime(bundle, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))  # touched
    qtbot.wait(4 * 100 + STABLE_MS)
    assert len(lines(empty)) == 1 and not empty.inbox.pending()
    # Other bytes under the same name (an older copy of the contest): ingested, "older".
    whole = contest_bundle(1)
    bundle.write_bytes(encoded(cut(whole, len(whole["events"]) - 3)))
    settle(empty, qtbot, 2)
    assert lines(empty)[1].startswith("older ")


def test_a_conflicting_copy_is_red_in_the_log_and_the_conflicts(empty: CentralWindow,
                                                                 tmp_path: Path,
                                                                 qtbot: QtBot) -> None:
    usb = tmp_path / "usb"
    session = with_followups()
    (usb / "a.json").write_bytes(encoded(session))
    settle(empty, qtbot, 1)
    other = parted(session, 7)
    (usb / "b.json").write_bytes(encoded(other))
    settle(empty, qtbot, 2)
    said = lines(empty)[1]
    assert said.startswith(f"conflict {usb / 'b.json'}: ")
    assert colour(empty, 1) == RED.name()
    qtbot.waitUntil(lambda: empty.conflicts_model.rowCount() == 1, timeout=3000)
    model = empty.conflicts_model
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[2] == "7"
    assert session["events"][6]["hash"] in row and other["events"][6]["hash"] in row
    assert model.data(model.index(0, 0), 9).color() == RED  # ForegroundRole
    assert empty.contests_proxy.record(0).conflicts == 1


def test_a_tampered_file_is_a_red_refused_line(empty: CentralWindow, tmp_path: Path,
                                               qtbot: QtBot) -> None:
    (tmp_path / "usb" / "alterado.json").write_bytes(encoded(_tampered(with_followups())))
    (tmp_path / "usb" / "roto.json").write_bytes(b"{\"format\": \"clar-bundle\", ")
    settle(empty, qtbot, 2)
    said = lines(empty)
    assert all(line.startswith("refused ") for line in said), said
    assert colour(empty, 0) == colour(empty, 1) == RED.name()
    assert empty.contests_proxy.rowCount() == 0


def test_a_half_written_file_waits_until_it_is_stable(tmp_path: Path, qtbot: QtBot) -> None:
    engine = open_central(f"sqlite:///{tmp_path / 'central.sqlite3'}", create=True)
    window = CentralWindow(engine, stable_ms=1000)
    window.inbox.timer.setInterval(100)
    qtbot.addWidget(window)
    usb = tmp_path / "usb"
    usb.mkdir()
    window.watch(usb)
    data = encoded(contest_bundle(2))
    target = usb / "copiando.json"
    with target.open("wb") as handle:
        handle.write(data[: len(data) // 2])
        handle.flush()
        qtbot.wait(700)  # the copy goes on, slowly
        assert lines(window) == [] and window.inbox.pending()
        handle.write(data[len(data) // 2: len(data) * 3 // 4])
        handle.flush()
        qtbot.wait(700)
        assert lines(window) == []
        handle.write(data[len(data) * 3 // 4:])
    settle(window, qtbot, 1)
    qtbot.wait(300)
    assert [line.split(" ")[0] for line in lines(window)] == ["new"]
    window.inbox.wait()


def test_the_log_speaks_the_new_language(empty: CentralWindow, tmp_path: Path,
                                         qtbot: QtBot) -> None:
    from clar_desktop.i18n import set_language

    (tmp_path / "usb" / "c.json").write_bytes(encoded(contest_bundle(4)))
    settle(empty, qtbot, 1)
    before = lines(empty)[0]
    set_language("en")
    after = lines(empty)[0]
    assert after != before and "stored" in after and after.startswith("new ")


def test_an_unreadable_database_is_a_red_line_not_a_traceback(
        empty: CentralWindow, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    from clar_desktop.app.central import inbox

    def down(*_args: object) -> None:
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(inbox, "ingest_bytes", down)
    (tmp_path / "usb" / "d.json").write_bytes(json.dumps(contest_bundle(5)).encode())
    settle(empty, qtbot, 1)
    said = lines(empty)[0]
    assert "d.json" in said and "server closed the connection" in said
    assert "Traceback" not in said and colour(empty, 0) == RED.name()


def test_files_chosen_one_by_one_are_ingested_too(tmp_path: Path, qtbot: QtBot,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    engine = open_central(f"sqlite:///{tmp_path / 'central.sqlite3'}", create=True)
    window = CentralWindow(engine)
    qtbot.addWidget(window)
    mail = tmp_path / "correo"
    mail.mkdir()
    names = [str(mail / "a.json"), str(mail / "b.json")]
    Path(names[0]).write_bytes(encoded(contest_bundle(7)))
    Path(names[1]).write_bytes(encoded(_tampered(with_followups())))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: (names, "")))
    window.form.child("ingestFilesButton").click()
    qtbot.waitUntil(lambda: len(lines(window)) == 2, timeout=15000)
    assert [line.split(" ")[0] for line in lines(window)] == ["new", "refused"]
    assert colour(window, 1) == RED.name()
    qtbot.waitUntil(lambda: window.contests_proxy.rowCount() == 1, timeout=3000)
    window.inbox.wait()
