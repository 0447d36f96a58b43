"""The pre-close checklist: a session closes only over a complete record.

Each kind of open point (`domain.checklist`) is made on a small contest and resolved the way
a secretary would resolve it; closing is refused while any is open, and a log read back that
closed with open points (an old one) still replays. The checklist kept current event by event
equals the one computed afresh, on random contests and random events (attendance included).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clar_desktop.domain.checklist import (
    ABSENT,
    DRAW,
    SHORT,
    UNCONFIRMED,
    UNSCORED,
    OpenPoints,
    open_points,
)
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.state import ContestState, replay
from tests.domain.conftest import Bundle, make_bundle
from tests.domain.strategies import FEW, bundles
from tests.domain.test_properties_v2 import next_event


def opened(bundle: Bundle) -> ContestState:
    state = ContestState()
    state.apply("contest.imported", {"contest": bundle["contest"]})
    state.apply("session.opened", {})
    return state


def kinds(state: ContestState) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(p.kind, p.items, p.juror) for p in open_points(state)]


def confirm(state: ContestState, juror: str, proposal: str, phase: str = "f") -> None:
    state.apply("sheet.confirmed", {"juror": juror, "proposal": proposal, "phase": phase})


def two_scored() -> Bundle:
    return make_bundle(proposals=["p1", "p2"], jurors=["j1", "j2"],
                       scores={"p1": {"j1": [70], "j2": [80]}, "p2": {"j1": [60], "j2": [90]}})


def test_sheets_not_read_back_keep_the_session_open() -> None:
    state = opened(two_scored())
    assert kinds(state) == [(UNCONFIRMED, ("p1",), "j1"), (UNCONFIRMED, ("p1",), "j2"),
                            (UNCONFIRMED, ("p2",), "j1"), (UNCONFIRMED, ("p2",), "j2")]
    with pytest.raises(ChangeRefused) as refused:
        state.apply("session.closed", {})
    message = refused.value.render(lambda text: text)
    assert "j1" in message and "p1" in message and "not read back" in message
    assert "checklist: 4" in message
    for juror in ("j1", "j2"):
        for proposal in ("p1", "p2"):
            confirm(state, juror, proposal)
    assert kinds(state) == []
    state.apply("session.closed", {})
    assert state.closed


def test_an_item_not_scored_must_be_scored_or_withdrawn() -> None:
    bundle = make_bundle(proposals=["p1", "p2"], jurors=["j1", "j2"],
                         scores={"p1": {"j1": [70], "j2": [80]}, "p2": {"j1": [60]}})
    state = opened(bundle)
    for proposal, juror in (("p1", "j1"), ("p1", "j2"), ("p2", "j1")):
        confirm(state, juror, proposal)
    assert kinds(state) == [(UNSCORED, ("p2",), None)]
    state.apply("proposal.withdrawn", {"proposal": "p2", "reason": "No se presentó"})
    assert kinds(state) == []


def test_an_item_short_of_eligible_jurors_cannot_close_the_session() -> None:
    bundle = make_bundle(proposals=["p1"], jurors=["j1", "j2", "j3"],
                         rules={"min_jurors": 3}, recusals=[("j3", "p1")],
                         scores={"p1": {"j1": [70], "j2": [80]}})
    state = opened(bundle)
    confirm(state, "j1", "p1")
    confirm(state, "j2", "p1")
    assert kinds(state) == [(SHORT, ("p1",), None)]
    with pytest.raises(ChangeRefused, match="fewer eligible jurors"):
        state.apply("session.closed", {})


def test_an_absent_juror_with_open_sheets_is_one_point_each_not_two() -> None:
    state = opened(two_scored())
    confirm(state, "j1", "p1")
    confirm(state, "j2", "p1")
    state.apply("attendance.marked", {"juror": "j2", "present": False})
    assert kinds(state) == [(ABSENT, ("p2",), "j2"), (UNCONFIRMED, ("p2",), "j1")]
    state.apply("absence.recorded", {"juror": "j2", "proposal": "p2", "phase": "f",
                                     "reason": "Se retiró"})
    confirm(state, "j1", "p2")
    assert kinds(state) == []


def test_a_tie_where_the_budget_runs_out_waits_for_a_draw() -> None:
    bundle = make_bundle(proposals=["p1", "p2", "p3"], jurors=["j1"],
                         categories=[{"id": "k", "budget": "150"}],
                         rules={"tie_break": ["draw"]},
                         scores={"p1": {"j1": [90]}, "p2": {"j1": [80]}, "p3": {"j1": [80]}})
    state = opened(bundle)
    for proposal in ("p1", "p2", "p3"):
        confirm(state, "j1", proposal)
    assert kinds(state) == [(DRAW, ("p2", "p3"), None)]
    with pytest.raises(ChangeRefused, match="wait for a draw"):
        state.apply("session.closed", {})
    state.apply("draw.recorded", {"proposals": ["p2", "p3"], "order": ["p3", "p2"]})
    assert kinds(state) == []
    state.apply("session.closed", {})


def test_a_tie_the_rules_leave_unfunded_does_not_wait_for_a_draw() -> None:
    bundle = make_bundle(proposals=["p1", "p2", "p3"], jurors=["j1"],
                         categories=[{"id": "k", "budget": "150"}], rules={"tie_break": []},
                         scores={"p1": {"j1": [90]}, "p2": {"j1": [80]}, "p3": {"j1": [80]}})
    state = opened(bundle)
    for proposal in ("p1", "p2", "p3"):
        confirm(state, "j1", proposal)
    assert kinds(state) == []


def test_an_old_log_that_closed_with_open_points_still_replays() -> None:
    state = opened(two_scored())
    events: list[dict[str, Any]] = [
        {"kind": "contest.imported", "data": {"contest": copy.deepcopy(two_scored()["contest"])}},
        {"kind": "session.opened", "data": {}},
        {"kind": "session.closed", "data": {}},
    ]
    replayed = replay(events)
    assert replayed.closed and len(open_points(replayed)) == 4
    assert not state.closed



@FEW
@given(bundles(), st.data())
def test_the_checklist_kept_event_by_event_equals_a_fresh_one(
        bundle: Bundle, data: st.DataObject) -> None:
    state = opened(bundle)
    kept = OpenPoints(state)
    assert kept.points() == open_points(state)
    assert state.contest is not None
    jurors = [j.id for j in state.contest.jurors]
    for _ in range(data.draw(st.integers(1, 30))):
        if data.draw(st.integers(0, 5)) == 0:  # a juror leaves, or comes back
            juror = data.draw(st.sampled_from(jurors))
            event: tuple[str, dict[str, Any]] | None = (
                "attendance.marked", {"juror": juror, "present": state.is_absent(juror)})
        else:
            event = next_event(state, data)
        if event is None or event[0].startswith("followup"):
            continue
        try:  # the events drawn do not know who is marked absent: hers are refused
            applied = state.apply(*event)
        except ChangeRefused:
            continue
        kept.after(event[0], event[1], applied.proposals, applied.everything)
        fresh = open_points(state)
        assert kept.points() == fresh, event
        assert len(kept) == len(fresh)
        if not fresh:
            closing = copy.copy(state)
            assert closing.check("session.closed", {}) is not None
        else:
            with pytest.raises(ChangeRefused, match="cannot be closed"):
                state.check("session.closed", {})
