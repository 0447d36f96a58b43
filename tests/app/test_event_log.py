"""The log tab: every event appears as it is committed, filters, and verifies plainly."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from clar_desktop.app.live import LiveContest
from clar_desktop.app.session.event_log import EventLogView
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

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
