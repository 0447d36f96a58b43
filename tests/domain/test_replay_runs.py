"""Replaying a log with long runs of added proposals or jurors: the same state as applying
each event alone, the same refusal for a bad log, and a cost that grows with the log."""

from __future__ import annotations

import copy
import time
from typing import Any

import pytest

from clar_desktop.domain.bundle import contest_to_dict
from clar_desktop.domain.canonical import GENESIS
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.log import make_event
from clar_desktop.domain.state import ContestState, replay
from tests.helpers import example_bundle


def _log(changes: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    events = [make_event(1, GENESIS, "contest.imported",
                         {"contest": example_bundle()["contest"]})]
    for kind, data in changes:
        events.append(make_event(len(events) + 1, events[-1]["hash"], kind, data))
    return events


def _proposal(i: int, **changes: Any) -> tuple[str, dict[str, Any]]:
    item = {"id": f"n{i}", "category": "pdn", "organization": f"Asociación {i}",
            "title": f"Plan {i}", "requested": "5000.00", "order": 100 + i}
    return "proposal.added", {"proposal": {**item, **changes}}


def _juror(i: int) -> tuple[str, dict[str, Any]]:
    return "juror.added", {"juror": {"id": f"k{i}", "name": f"Jurado {i}",
                                     "phases": ["campo"]}}


def _one_by_one(events: list[dict[str, Any]]) -> ContestState:
    """Replay as it was written before runs were taken at once."""
    state = ContestState()
    for i, event in enumerate(events):
        try:
            state.apply(event["kind"], event["data"], f"events[{i}].data")
        except ChangeRefused as refused:
            raise ChangeRefused("event {seq} cannot be applied: {problem}", f"events[{i}]",
                                seq=event["seq"], problem=refused) from None
    return state


def _same(a: ContestState, b: ContestState) -> None:
    assert a.contest is not None and b.contest is not None
    assert contest_to_dict(a.contest) == contest_to_dict(b.contest)
    assert (a.session, a.observations) == (b.session, b.observations)
    assert a.tally is not None and b.tally is not None
    assert a.tally.results() == b.tally.results()


def test_runs_give_the_state_that_one_event_at_a_time_gives() -> None:
    changes = [_proposal(i) for i in range(40)]
    changes += [_juror(i) for i in range(5)]
    changes += [("observation.added", {"text": "entre dos listas"}), _proposal(40),
                ("proposal.removed", {"id": "n3"}), *(_proposal(i) for i in range(41, 60)),
                ("session.opened", {}), _proposal(60),
                ("score.entered", {"juror": "j1", "proposal": "n60", "criterion": "gestion",
                                   "value": "3"})]
    events = _log(changes)
    _same(replay(events), _one_by_one(events))


@pytest.mark.parametrize("bad", [
    [_proposal(1), _proposal(2), _proposal(3, order=101), _proposal(4, category="zzz")],
    [_proposal(1), _proposal(2, category="zzz"), _proposal(3, id="n1")],
    [_proposal(1), _proposal(2), ("proposal.added", {"nothing": {}}), _proposal(4)],
    [_proposal(1), _proposal(2), ("proposal.added", {"proposal": {"id": ["n9"]}})],
    [_juror(1), _juror(1)],
])
def test_a_bad_run_is_refused_at_the_same_event_in_the_same_words(
        bad: list[tuple[str, dict[str, Any]]]) -> None:
    events = _log(bad)
    with pytest.raises(ChangeRefused) as expected:
        _one_by_one(events)
    with pytest.raises(ChangeRefused) as refused:
        replay(events)
    assert str(refused.value) == str(expected.value)


def test_replay_grows_with_the_log_not_its_square() -> None:
    logs = {n: _log([_proposal(i) for i in range(n)]) for n in (500, 2000)}
    best: dict[int, float] = {}
    for _ in range(2):
        for n, events in logs.items():
            start = time.perf_counter()
            state = replay(copy.deepcopy(events))
            best[n] = min(best.get(n, 1e9), time.perf_counter() - start)
            assert state.contest is not None and len(state.contest.proposals) == 10 + n
    # One event at a time took 13 times as long for 2,000 as for 500 (about 60 s).
    assert best[2000] < 6 * best[500], best


@pytest.mark.parametrize("kind", [["proposal.added"], {"k": 1}, 7, None])
def test_an_event_whose_kind_is_not_a_text_is_refused_not_a_crash(kind: object) -> None:
    """Found by the bundle fuzzer: a kind that is a list raised TypeError in replay."""
    events = _log([_proposal(1)])
    events[1]["kind"] = kind
    with pytest.raises(ChangeRefused):
        replay(events)
