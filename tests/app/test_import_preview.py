"""The import preview dialog: bad rows marked and Import disabled; good files import whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.prepare.import_preview import ImportPreviewDialog
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.importing import preview_proposals, read_table
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def live(tmp_path: Path, qtbot: QtBot) -> LiveContest:
    service = ContestService(open_database(str(tmp_path / "p.sqlite3"), create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    return LiveContest(service, CONTEST)


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rows.csv"
    path.write_text("Organización,Plan,Categoría,Monto solicitado\n" + body, encoding="utf-8")
    return path


def test_bad_rows_are_marked_and_import_is_disabled(live: LiveContest, tmp_path: Path) -> None:
    path = _csv(tmp_path, "Asociación A,Cuyes,pdn,1000\nAsociación B,Truchas,zzz,2000\n")
    preview = preview_proposals(read_table(path), live.service, CONTEST)
    dialog = ImportPreviewDialog(None, live, preview)
    table = dialog.form.child("rowsTable")
    assert table.rowCount() == 2
    assert table.item(1, table.columnCount() - 1).text()  # the reason for row 3
    assert table.item(1, 0).background().color() == QColor("#f8d7da")
    assert not dialog.ok_button.isEnabled()


def test_a_good_file_imports_every_row_and_the_views_follow(live: LiveContest,
                                                           tmp_path: Path) -> None:
    path = _csv(tmp_path, "Asociación A,Cuyes,pdn,1000\nAsociación B,Truchas,pgrn,2000\n")
    preview = preview_proposals(read_table(path), live.service, CONTEST)
    dialog = ImportPreviewDialog(None, live, preview)
    assert dialog.ok_button.isEnabled()
    assert dialog.submit() is None
    assert live.state.contest is not None
    assert len(live.state.contest.proposals) == 12


def test_a_long_register_reaches_every_view_once(live: LiveContest, tmp_path: Path,
                                                 qtbot: QtBot) -> None:
    """The main window follows a batch of 300 rows: the log lists every event, the
    preparation table every proposal; a change another program made just before is kept."""
    from clar_desktop.app.main_window import MainWindow

    window = MainWindow(live)
    qtbot.addWidget(window)
    path = _csv(tmp_path, "".join(f"Asociación {i},Plan {i},pdn,1000\n" for i in range(300)))
    preview = preview_proposals(read_table(path), live.service, CONTEST)
    other = ContestService(live.service.engine)
    other.add_observation(CONTEST, "Llegó la lista de la agencia zonal")
    dialog = ImportPreviewDialog(window, live, preview)
    assert dialog.submit() is None
    events = live.service.events(CONTEST)
    assert live.last_seq == events[-1]["seq"]
    assert window.log_view.model.rowCount() == len(events)
    assert live.state.observations == ["Llegó la lista de la agencia zonal"]
    assert live.state.contest is not None and len(live.state.contest.proposals) == 310
    assert window.prepare_view.proposals.rowCount() == 310


def test_a_register_imported_by_another_program_is_followed(live: LiveContest,
                                                            qtbot: QtBot) -> None:
    """``clar-desktop import-proposals`` while the app is open: the app's poll takes the run
    of events at once and every view hears each of them."""
    from clar_desktop.app.main_window import MainWindow

    window = MainWindow(live)
    qtbot.addWidget(window)
    heard: list[int] = []
    live.applied.connect(lambda event, _applied: heard.append(event["seq"]))
    first = live.last_seq + 1
    items = [{"id": f"r{i}", "category": "pgrn", "organization": f"Comunidad {i}",
              "title": "Qochas", "requested": "2000.00", "order": 200 + i} for i in range(300)]
    ContestService(live.service.engine).add_items(CONTEST, "proposal", items)
    live.poll()
    assert heard == list(range(first, first + 300))
    assert live.state.contest is not None and len(live.state.contest.proposals) == 310
    assert window.prepare_view.proposals.rowCount() == 310
