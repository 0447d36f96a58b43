"""Benchmark of the tally engine: full tally, one more score, and import into SQLite.

Run on purpose (not part of the default test run):

    .venv/bin/python -m tests.benchmarks.bench_tally

Prints one JSON object. Timings of the two sizes are taken in the same run and compared as
ratios, since the machines here are shared and noisy:
- ``full_ratio``: full tally at 3,000 proposals / at 300 (linear would be 10; must be <= 12);
- ``incremental_ratio``: applying one more score and reading the changed results, median
  at 3,000 / at 300 (must be <= 2: a score must not redo the contest);
- ``import_proposals_per_s``: ``import`` of the 3,000-proposal bundle into a new SQLite file;
- ``cli_vs_naive``: ``clar-desktop tally`` of the 3,000-proposal bundle (a new process, every
  check of the strict reader) over ``tests/benchmarks/naive_tally.py`` (stdlib json and
  Fraction, no validation), best of 3 each, taken in turn (must be <= 0.5);
- ``startup_ratio``: ``clar-desktop --version`` over a bare ``python -c "import json, decimal,
  fractions, argparse, sqlite3"`` with the same interpreter, best of 7 each, in turn
  (must be <= 3).
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
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


NAIVE = Path(__file__).with_name("naive_tally.py")
CLI = [sys.executable, "-m", "clar_desktop"]
BARE = [sys.executable, "-c", "import json, decimal, fractions, argparse, sqlite3"]


def _best_of(commands: dict[str, list[str]], rounds: int) -> dict[str, float]:
    """Best wall time of each command (output discarded), the commands taken in turn."""
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(rounds):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def _command_line(bundle: dict[str, Any]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bundle.json"
        path.write_text(json.dumps(bundle), encoding="utf-8")
        tally_s = _best_of({"cli": [*CLI, "tally", str(path), "--format", "json"],
                            "naive": [sys.executable, str(NAIVE), str(path)]}, rounds=3)
    start_s = _best_of({"version": [*CLI, "--version"], "bare": BARE}, rounds=7)
    return {"cli_tally_s_3000": round(tally_s["cli"], 3),
            "naive_tally_s_3000": round(tally_s["naive"], 3),
            "cli_vs_naive": round(tally_s["cli"] / tally_s["naive"], 3),
            "version_s": round(start_s["version"], 3), "bare_python_s": round(start_s["bare"], 3),
            "startup_ratio": round(start_s["version"] / start_s["bare"], 2)}


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
        **_command_line(bundles[large]),
    }
    return report


if __name__ == "__main__":
    result = main()
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    ok = (result["full_ratio"] <= 12 and result["incremental_ratio"] <= 2
          and result["cli_vs_naive"] <= 0.5 and result["startup_ratio"] <= 3)
    sys.exit(0 if ok else 1)
