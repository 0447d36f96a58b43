"""Benchmark of the tally engine: full tally, one more score, and import into SQLite.

Run on purpose (not part of the default test run):

    .venv/bin/python -m tests.benchmarks.bench_tally

Prints one JSON object. Timings of the two sizes are taken in the same run and compared as
ratios, since the machines here are shared and noisy:
- ``full_ratio``: full tally at 3,000 proposals / at 300 (linear would be 10; must be <= 12);
- ``incremental_ratio``: applying one more score and reading the changed results, median
  at 3,000 / at 300 (must be <= 2: a score must not redo the contest);
- ``import_proposals_per_s``: ``import`` of the 3,000-proposal bundle into a new SQLite file.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.model import Score
from clar_desktop.domain.state import ContestState
from clar_desktop.domain.tally import Tally
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.benchmarks.synthetic import synthetic_bundle

SIZES = (300, 3000)
JURORS, CRITERIA_PER_PHASE = 9, 6
INCREMENTAL_SAMPLES = 1000


def _full_tally_seconds(bundles: dict[int, dict[str, Any]], rounds: int) -> dict[int, float]:
    """Best time of a full tally per size, the sizes interleaved round by round so that a
    burst of load on this shared machine hits both alike."""
    contests = {n: parse_bundle(b).contest for n, b in bundles.items()}
    best = dict.fromkeys(contests, float("inf"))
    for _ in range(rounds):
        for n, contest in contests.items():
            start = time.perf_counter()
            Tally(contest).results()
            best[n] = min(best[n], time.perf_counter() - start)
    return best


def _incremental_seconds(bundles: dict[int, dict[str, Any]], seed: int) -> dict[int, list[float]]:
    """Correct random scores one at a time, as the live screen does on each keystroke, one
    sample per size in turn (interleaved, for the same reason as above)."""
    states: dict[int, ContestState] = {}
    for n, bundle in bundles.items():
        state = ContestState()
        state.apply("contest.imported", {"contest": bundle["contest"]})
        states[n] = state
    rng = random.Random(seed)
    keys = {n: list(s.contest.scores) for n, s in states.items()}  # type: ignore[union-attr]
    times: dict[int, list[float]] = {n: [] for n in states}
    for _ in range(INCREMENTAL_SAMPLES):
        for n, state in states.items():
            assert state.contest is not None and state.tally is not None
            key = rng.choice(keys[n])
            old = state.contest.scores[key].value
            value = Decimal(rng.choice([v for v in range(11) if v != old]))
            start = time.perf_counter()
            state.contest.scores[key] = Score(*key, value)
            changed = state.tally.score_changed(*key, value)
            for pid in changed:
                state.tally.result(pid)
            times[n].append(time.perf_counter() - start)
    return times


def _import_rate(bundle: dict[str, Any]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        service = ContestService(open_database(str(Path(folder) / "bench.sqlite3"), create=True))
        parsed = parse_bundle(bundle)
        start = time.perf_counter()
        service.import_bundle(parsed)
        elapsed = time.perf_counter() - start
    return len(parsed.contest.proposals) / elapsed


def main() -> dict[str, Any]:
    bundles = {n: synthetic_bundle(n, n_jurors=JURORS, criteria_per_phase=CRITERIA_PER_PHASE,
                                   seed=n) for n in SIZES}
    full = _full_tally_seconds(bundles, rounds=7)
    incremental = _incremental_seconds(bundles, seed=7)
    medians = {n: statistics.median(t) for n, t in incremental.items()}
    p95 = {n: statistics.quantiles(t, n=20)[-1] for n, t in incremental.items()}
    small, large = SIZES
    report = {
        "sizes": list(SIZES), "jurors": JURORS, "criteria": 2 * CRITERIA_PER_PHASE,
        "full_s_300": round(full[small], 4), "full_s_3000": round(full[large], 4),
        "full_ratio": round(full[large] / full[small], 2),
        "incremental_ms_300": round(medians[small] * 1000, 4),
        "incremental_ms_3000": round(medians[large] * 1000, 4),
        "incremental_p95_ms_300": round(p95[small] * 1000, 4),
        "incremental_p95_ms_3000": round(p95[large] * 1000, 4),
        "incremental_ratio": round(medians[large] / medians[small], 2),
        "import_proposals_per_s": round(_import_rate(bundles[large]), 1),
    }
    return report


if __name__ == "__main__":
    result = main()
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    ok = result["full_ratio"] <= 12 and result["incremental_ratio"] <= 2
    sys.exit(0 if ok else 1)
