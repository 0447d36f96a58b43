"""The log tab: every event appears as it is committed, filters, and verifies plainly."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from clar_desktop.app.live import LiveContest
from clar_desktop.app.session.event_log import EventLogView
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle, session_bundle_in

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def log_view(tmp_path: Path, qtbot: QtBot) -> EventLogView:
    service = ContestService(open_database(str(tmp_path / "log.sqlite3"), create=True),
                             actor="test")
    service.import_bundle(parse_bundle(example_bundle()))
    live = LiveContest(service, CONTEST)
    view = EventLogView(live)
    qtbot.addWidget(view)
    return view


def test_committed_events_appear_with_their_reason(log_view: EventLogView,
                                                   qtbot: QtBot) -> None:
    live = log_view.live
    assert log_view.model.rowCount() == 1
    with qtbot.waitSignal(log_view.model.rowsInserted):
        assert live.apply("session.opened", {})
    assert live.apply("score.corrected", {"juror": "j1", "proposal": "p01",
                                          "criterion": "participacion", "value": "4",
                                          "reason": "se leyó mal la ficha"})
    assert log_view.model.rowCount() == 3
    row = log_view.model.cells(log_view.model.events[-1])
    assert row[3] == "Asociación de Productores de Cuyes Sumaq Kawsay"
    assert row[4] == "Rosa Huamán Quispe"
    assert "3 → 4" in row[5] and row[6] == "se leyó mal la ficha"


def test_the_filter_keeps_matching_rows(log_view: EventLogView) -> None:
    live = log_view.live
    live.apply("session.opened", {})
    live.apply("observation.added", {"text": "Llegó la lluvia"})
    log_view.form.child("filterEdit").setText("lluvia")
    assert log_view.proxy.rowCount() == 1


def test_verify_now_says_so_plainly(log_view: EventLogView) -> None:
    assert log_view.verify_now()
    assert "1" in log_view.form.child("verdictLabel").text()
    engine = log_view.live.service.engine
    with engine.begin() as connection:
        connection.execute(text("UPDATE scores SET value = '9' WHERE juror_id = 'j1' "
                                "AND proposal_id = 'p01' AND criterion_id = 'participacion'"))
    assert not log_view.verify_now()
    assert "j1/p01/participacion" in log_view.form.child("verdictLabel").text()


def test_every_kind_of_event_has_a_name_in_words() -> None:
    """The log names each change in the secretary's words, never by its code."""
    from clar_desktop.app.session.event_log import KIND_LABELS
    from clar_desktop.domain.changes import KINDS

    assert set(KINDS) <= set(KIND_LABELS)


@pytest.fixture
def laptop_in_tokyo() -> Iterator[None]:
    """The laptop's own clock set to a zone no contest is in: it must not show through."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.parametrize(("zone", "opened", "closed"), [
    ("America/Lima", "14 ago. 2026, 9:02:00 a. m.", "14 ago. 2026, 5:28:04 p. m."),
    ("America/La_Paz", "14 ago. 2026, 10:02:00 a. m.", "14 ago. 2026, 6:28:04 p. m."),
    # Summer time in Madrid (UTC+2): the session closed after midnight there.
    ("Europe/Madrid", "14 ago. 2026, 4:02:00 p. m.", "15 ago. 2026, 12:28:04 a. m."),
])
@pytest.mark.usefixtures("laptop_in_tokyo")
def test_the_log_shows_the_time_of_the_contests_time_zone(
        tmp_path: Path, qtbot: QtBot, zone: str, opened: str, closed: str) -> None:
    """The log keeps UTC (14:02 and 22:28:04 here); the tab shows the hall's clock."""
    service = ContestService(open_database(str(tmp_path / "zone.sqlite3"), create=True))
    bundle = parse_bundle(session_bundle_in(zone))
    service.import_bundle(bundle)
    view = EventLogView(LiveContest(service, bundle.contest.id))
    qtbot.addWidget(view)
    model = view.model
    shown = {model.data(model.index(row, 2)): model.data(model.index(row, 1)).replace(
        "\u202f", " ") for row in range(model.rowCount())}
    assert shown["sesión abierta"] == opened
    assert shown["sesión cerrada"] == closed


def test_a_draw_is_shown_by_organization_winner_first_never_by_id(
        log_view: EventLogView) -> None:
    contest = log_view.live.state.contest
    assert contest is not None
    first, second = contest.proposals[0], contest.proposals[1]
    row = log_view.model.cells({"seq": 9, "at": "2026-05-14T15:00:00Z",
                                "kind": "draw.recorded",
                                "data": {"proposals": [first.id, second.id],
                                         "order": [second.id, first.id]}})
    assert row[5] == f"{second.organization} › {first.organization}"
    assert first.id not in row[5].split(" › ")


def test_definition_changes_name_the_item_even_once_removed(log_view: EventLogView) -> None:
    live = log_view.live
    juror = {"id": "j9", "name": "Lucía Mamani Condori", "phases": ["campo"]}
    assert live.explain_apply("juror.added", {"juror": juror}) is None
    assert live.explain_apply("juror.removed", {"id": "j9"}) is None
    assert live.explain_apply("category.added", {"category": {
        "id": "emergencia", "name": {"es": "Fondos de emergencia"}, "budget": "1000.00"}}) is None
    assert live.explain_apply("category.removed", {"id": "emergencia"}) is None
    # A refusal names the item too, without a path into the data.
    refused = live.explain_apply("category.removed", {"id": "pgrn"})
    assert refused is not None and str(refused).startswith("La categoría Planes de gestión")
    assert "data" not in str(refused) and "pgrn" not in str(refused)
    added, removed, _added, category = (log_view.model.cells(e)
                                        for e in log_view.model.events[-4:])
    assert added[4] == removed[4] == "Lucía Mamani Condori"
    assert category[5] == "Fondos de emergencia"
    assert not any("{" in cell or cell == "j9" for cell in added + removed)
