"""Opening a large contest reads its rows a batch at a time: a 3,000-proposal contest has
over 300,000 score rows, and a result held whole (or its imported snapshot parsed to check
the log's tail) once cost the projector laptop 100 to 200 MB at a peak."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from clar_desktop.store.integrity import check_tail
from clar_desktop.store.schema import ContestRow, EventRow
from tests.benchmarks.synthetic import synthetic_bundle


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[ContestService, str]:
    folder: Path = tmp_path_factory.mktemp("memory")
    service = ContestService(open_database(str(folder / "m.sqlite3"), create=True))
    bundle = parse_bundle(synthetic_bundle(300, 9, 6, seed=7))  # 32,400 scores
    service.import_bundle(bundle)
    return service, bundle.contest.id


def _kept_and_transient(work: Callable[[], object]) -> tuple[float, float]:
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        kept = work()
        now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del kept
    return (now - base) / 2**20, (peak - now) / 2**20


def test_the_live_state_is_loaded_without_holding_every_row_at_once(
        imported: tuple[ContestService, str]) -> None:
    service, contest_id = imported
    kept, transient = _kept_and_transient(lambda: service.load_state(contest_id))
    assert kept > 4  # the state itself: the scores, the tally
    assert transient < 0.25 * kept, (kept, transient)  # buffered rows: about as much again


def test_the_log_tail_is_checked_without_parsing_an_imported_snapshot(
        imported: tuple[ContestService, str]) -> None:
    service, contest_id = imported
    with Session(service.engine) as session:
        row = session.get(ContestRow, contest_id)
        assert row is not None
        size = len(session.get(EventRow, (contest_id, row.last_seq)).data) / 2**20
        assert size > 1  # the contest.imported event: the whole snapshot
        session.expunge_all()
        _kept, transient = _kept_and_transient(lambda: check_tail(session, row))
    assert transient < 4 * size, (size, transient)  # parsed and re-serialized: 7 times
