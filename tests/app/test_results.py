"""The results tab: pending rows, and a tie at the funding line settled by a recorded draw."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.session import dialogs
from clar_desktop.app.session.results import ResultsView
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.domain.conftest import make_bundle


@pytest.fixture
def view(tmp_path: Path, qtbot: QtBot) -> ResultsView:
    # p1 and p2 tie on 8 with no tie-break; the budget of 150 funds only one of them.
    bundle = make_bundle(proposals=["p1", "p2", "p3"], rules={"tie_break": ["draw"]},
                         categories=[{"id": "k", "budget": "150.00"}],
                         scores={"p1": {"j1": [8]}, "p2": {"j1": [8]}, "p3": {"j1": [5]}})
    service = ContestService(open_database(str(tmp_path / "r.sqlite3"), create=True))
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    service.open_session(parsed.contest.id)
    results = ResultsView(LiveContest(service, parsed.contest.id))
    qtbot.addWidget(results)
    results.show()  # a hidden results tab only notes that it is stale (see below)
    qtbot.waitExposed(results)
    return results


def test_a_tie_at_the_funding_line_asks_for_a_draw(view: ResultsView, qtbot: QtBot,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert view.model.ties_needing_draw() == [["p1", "p2"]]
    assert view.form.child("drawButton").isEnabled()
    assert "Asociación p1" in view.form.child("drawLabel").text()
    # Nothing is final while sheets are unconfirmed.
    assert view.model.cells(view.model.lines[0])[1] == "(1=)"

    def answer(self: dialogs.DrawDialog) -> bool:
        self.list.setCurrentRow(1)
        self.move(-1)  # p2 won the draw
        assert self.order() == ["p2", "p1"]
        return self.submit() is None

    monkeypatch.setattr(dialogs.DrawDialog, "exec", answer)
    view.record_draw()
    assert view.model.ties_needing_draw() == []
    assert [line.proposal for line in view.model.lines][:2] == ["p2", "p1"]
    assert view.model.lines[0].funded and not view.model.lines[1].funded
    assert not view.form.child("drawButton").isEnabled()


def test_confirmed_sheets_make_a_line_final(view: ResultsView) -> None:
    live = view.live
    # One line for the category, one saying the results are provisional.
    assert len(view.form.child("summaryLabel").text().splitlines()) == 2
    for proposal in ("p1", "p2", "p3"):
        assert live.apply("sheet.confirmed", {"juror": "j1", "proposal": proposal,
                                              "phase": "f"})
    assert view.model.cells(view.model.lines[0])[1] == "1="
    assert len(view.form.child("summaryLabel").text().splitlines()) == 1


def test_a_hidden_results_tab_catches_up_when_shown(view: ResultsView, qtbot: QtBot) -> None:
    """While hidden, events do not rebuild the table; showing it brings every line current."""
    live = view.live
    view.hide()
    rebuilt = []
    view.model.modelReset.connect(lambda: rebuilt.append(True))
    assert live.apply("draw.recorded", {"proposals": ["p1", "p2"], "order": ["p2", "p1"]})
    assert view.model.lines[0].proposal == "p1" and not rebuilt  # stale while hidden
    view.show()
    qtbot.waitExposed(view)
    assert rebuilt
    assert [line.proposal for line in view.model.lines][:2] == ["p2", "p1"]
    assert not view.form.child("drawButton").isEnabled()
