"""The snapshot a phone may see: the projector's figures, nothing private, nothing withheld."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from typing import Any

from clar_desktop.domain.numbers import format_2dp
from clar_desktop.domain.state import ContestState
from clar_desktop.web.snapshot import build_snapshot, withheld_without_projector

from .conftest import dnis, snapshot_of


def test_ranking_and_awards_are_the_tallys(state: ContestState) -> None:
    snapshot = snapshot_of(state)
    assert state.tally is not None
    results = {r.proposal: r for r in state.tally.results().results}
    organizations = {p.organization: p.id for p in state.contest.proposals}  # type: ignore[union-attr]
    rows = [row for c in snapshot.categories for row in c.rows]
    assert len(rows) == len(results)
    for row in rows:
        result = results[organizations[row.organization]]
        assert row.rank == result.rank
        assert format_2dp(row.award) == format_2dp(result.award)
    funded = [r for r in rows if r.status in ("funded", "partly_funded")]
    assert funded and all(not r.provisional for r in rows)  # a closed session: all final


def test_now_presenting_juror_by_juror(state: ContestState) -> None:
    shown = snapshot_of(state).presenting
    assert shown is not None and shown.organization == "Asociación de Tejedoras Warmi Kallpa"
    assert shown.jurors and all(j.confirmed for j in shown.jurors if j.state == "scoring")
    scoring = [j for j in shown.jurors if j.state == "scoring"]
    for juror in scoring:
        assert juror.total == sum(Decimal(v) for v in juror.values if v is not None)
    assert state.contest is not None
    phase = next(p.id for p in state.contest.phases
                 if any(c.id == "claridad" for c in p.criteria))
    corrected = snapshot_of(state, phase=phase).presenting
    assert corrected is not None  # the demo's correction after the read-back of p02
    assert [(c.juror, c.old, c.new) for c in corrected.corrections] == [
        (state.contest.juror("j3").name, "9", "8")]  # type: ignore[union-attr]


def test_withheld_categories_hold_nothing(state: ContestState) -> None:
    assert state.contest is not None
    first = state.contest.categories[0].id
    snapshot = snapshot_of(state, withheld={first}, followups_withheld=True)
    hidden = [c for c in snapshot.categories if c.id == first][0]
    assert hidden.withheld and hidden.rows == () and hidden.allocated is None
    assert snapshot.results_hash is None
    text = snapshot.json_bytes().decode()
    for p in state.contest.proposals:
        if p.category == first and p.id != state.presenting:
            assert p.organization not in text


def test_serve_withholds_until_the_session_is_closed(state: ContestState) -> None:
    state.session = "open"
    withheld, board = withheld_without_projector(state, reveal=False)
    assert withheld == {c.id for c in state.contest.categories}  # type: ignore[union-attr]
    assert withheld_without_projector(state, reveal=True) == (frozenset(), False)
    state.session = "closed"
    assert withheld_without_projector(state, reveal=False) == (frozenset(), False)


def test_no_dni_nor_image_in_the_snapshot(state: ContestState, demo: dict[str, Any]) -> None:
    state.images["p02"] = "f" * 64
    text = snapshot_of(state).json_bytes().decode()
    for dni in dnis(demo):
        assert dni not in text
    assert "f" * 64 not in text and "document" not in text
    json.loads(text)


def test_version_tells_new_from_old(state: ContestState) -> None:
    a = build_snapshot(state, seq=5, log_hash="x", counter=0)
    b = build_snapshot(state, seq=5, log_hash="x", counter=1)
    assert a.version != b.version and (a.seq, a.counter) < (b.seq, b.counter)


def test_building_is_cheap(state: ContestState) -> None:
    started = time.perf_counter()
    for _ in range(10):
        snapshot_of(state)
    assert (time.perf_counter() - started) / 10 < 0.05  # measured: under a millisecond
