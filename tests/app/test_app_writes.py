"""What the app writes (exports, PDFs) is written whole or not at all, through a link or a
FIFO as through a plain file (docs/documents.md, "How files are written")."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.app.places import Places
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import EXAMPLE, example_bundle
from tests.test_safe_files import disk_full_after, fifo_reader, leftovers

CONTEST = "colquemarca-2026-1"


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    service = ContestService(open_database(str(tmp_path / "db" / "app.sqlite3"),
                                           create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    window = MainWindow(LiveContest(service, CONTEST), places=Places())
    qtbot.addWidget(window)
    return window


def test_the_app_s_export_follows_a_link_and_writes_a_whole_bundle(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(tmp_path, qtbot)
    (tmp_path / "usb").mkdir()
    link = tmp_path / "ultimo.json"
    link.symlink_to(tmp_path / "usb" / "concurso.json")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args, **_kw: (str(link), ""))
    window.export_bundle()
    assert link.is_symlink()
    exported = json.loads((tmp_path / "usb" / "concurso.json").read_bytes())
    assert exported["contest"]["id"] == CONTEST
    assert window.statusBar().currentMessage() == f"Paquete exportado a {link}"


def test_a_full_disk_during_the_app_s_export_keeps_the_old_bundle(
        tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(tmp_path, qtbot)
    target = tmp_path / "concurso.json"
    target.write_bytes(EXAMPLE.read_bytes())
    warnings: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args, **_kw: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text: warnings.append(text))
    with disk_full_after(65536):
        window.export_bundle()
    assert warnings == ["No se pudo escribir el paquete: el archivo es demasiado grande "
                        "para ese disco"]
    assert target.read_bytes() == EXAMPLE.read_bytes()
    assert leftovers(tmp_path) == []


def test_save_as_pdf_writes_through_a_fifo(tmp_path: Path, qtbot: QtBot) -> None:
    from clar_desktop.app.documents.dialog import DocumentsDialog

    window = _window(tmp_path, qtbot)
    dialog = DocumentsDialog(window, window.live, Places(), "sheets")
    dialog.make()
    assert dialog.wait()
    qtbot.waitUntil(lambda: dialog.maker is None and dialog.data is not None)
    with fifo_reader(tmp_path / "impresora.pdf") as printed:
        assert dialog.save_to(tmp_path / "impresora.pdf")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "impresora.pdf").st_mode)
    assert bytes(printed) == dialog.data
    dialog.dialog.close()
