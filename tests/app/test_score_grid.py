"""The live session's score grid over a real database, driven through its Qt model."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.session.score_grid import ScoreGridModel
from clar_desktop.cli.record import run_record
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def live(tmp_path: Path, qtbot: QtBot) -> LiveContest:
    bundle = example_bundle()
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if s["proposal"] != "p01"]
    service = ContestService(open_database(str(tmp_path / "live.sqlite3"), create=True),
                             actor="test")
    service.import_bundle(parse_bundle(bundle))
    service.open_session(CONTEST)
    return LiveContest(service, CONTEST)


def _grid(live: LiveContest) -> ScoreGridModel:
    model = ScoreGridModel(live)
    model.show_sheet("p01", "publico")
    return model


def test_grid_shows_the_phase_jurors_and_criteria(live: LiveContest) -> None:
    model = _grid(live)
    assert model.rowCount() == 5 and model.columnCount() == 6
    assert model.headerData(0, Qt.Orientation.Vertical) == "Rosa Huamán Quispe"
    assert "(máx. 10)" in model.headerData(0, Qt.Orientation.Horizontal)  # Spanish UI


def test_typing_a_value_commits_it_and_updates_the_total(live: LiveContest,
                                                         qtbot: QtBot) -> None:
    model = _grid(live)
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(model.index(0, 0), "7")
    assert model.data(model.index(0, 0)) == "7"
    assert model.setData(model.index(0, 1), "8,5") is False  # off the step of 1
    assert model.setData(model.index(0, 1), "9")
    assert model.data(model.index(0, 5)) == "16"
    events = live.service.events(CONTEST)
    assert events[-1]["kind"] == "score.entered" and events[-1]["data"]["value"] == "9"
    # Retyping before the read-back is a plain change, without a reason.
    assert model.setData(model.index(0, 1), "6")
    assert live.service.events(CONTEST)[-1]["kind"] == "score.changed"


def test_a_bad_value_is_refused_with_one_sentence(live: LiveContest, qtbot: QtBot) -> None:
    model = _grid(live)
    with qtbot.waitSignal(live.refused) as refused:
        assert model.setData(model.index(0, 0), "11") is False
    assert "10" in refused.args[0]
    assert live.service.events(CONTEST)[-1]["kind"] == "session.opened"


def test_a_confirmed_sheet_is_locked(live: LiveContest) -> None:
    model = _grid(live)
    for column in range(5):
        assert model.setData(model.index(0, column), "5")
    assert live.apply("sheet.confirmed", {"juror": "j1", "proposal": "p01",
                                          "phase": "publico"})
    assert model.is_confirmed(0)
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(0, 0), "6") is False


def test_events_from_another_program_reach_the_grid(live: LiveContest, qtbot: QtBot) -> None:
    model = _grid(live)
    line = {"action": "score", "juror": "j2", "proposal": "p01",
            "criterion": "claridad", "value": "4"}
    other = ContestService(live.service.engine, actor="record")
    assert run_record(other, CONTEST, io.StringIO(json.dumps(line)), io.StringIO()) == 0
    with qtbot.waitSignal(model.dataChanged):
        live.poll()
    assert model.data(model.index(1, 2)) == "4"


def test_a_recused_juror_cannot_be_typed_in(live: LiveContest) -> None:
    assert live.apply("recusal.recorded", {"juror": "j4", "proposal": "p01",
                                           "reason": "Es socio de la asociación"})
    model = _grid(live)
    assert model.data(model.index(3, 0)) == "—"
    assert "socio" in model.data(model.index(3, 0), Qt.ItemDataRole.ToolTipRole)
    assert model.setData(model.index(3, 0), "5") is False
