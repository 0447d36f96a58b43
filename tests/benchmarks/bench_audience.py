"""Benchmark of the audience window: from a committed score to the projector repainted.

Run on purpose (not part of the default test run):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_audience

Contests of 300 and 3,000 proposals (9 jurors, 12 criteria, every sheet typed) are imported
into SQLite and opened as in a session: the secretary's main window and the audience window
(1920 × 1080), both live. Each sample commits one score on the proposal now presenting
through the service layer (written and synced to disk, as when the secretary types it), then
times, from that commit, (1) announcing the event to every view of both windows
("recompute": the state, the tally, the secretary's tables, the audience's scene data) and
(2) repainting the audience window ("paint"). The two sizes are sampled in turn, so that a
burst of load on this shared machine hits both alike, and compared as a ratio.

Prints one JSON object: ``p50_ms_300``, ``p95_ms_300``, ``p95_ms_3000``,
``ratio_3000_300`` (≤ 2 wanted), the same for the ranking scene, the split between
recomputing and painting, and ``max_rss_mb_3000``: the peak memory of a separate process
that opens the 3,000-proposal database (imported beforehand by this one) in both windows and
types a few scores (under 400 MB wanted).

Then the second-tranche scenes (``item_…``, ``board_…``): the evaluation the app plans from
the 300-proposal contest (one follow-up item per funded proposal, the template's fourteen
criteria, every sheet typed), open in both windows; each sample commits one score on the
item now presenting and times it to the projector repainted, on the item's scene and on the
second-tranche results board.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = (300, 3000)
SAMPLES = 600
WIDTH, HEIGHT = 1920, 1080


def _prepare(n: int, folder: Path) -> tuple[str, str]:
    """A database holding an open session of ``n`` proposals: (its path, the contest id)."""
    from clar_desktop.domain.bundle import parse_bundle
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database
    from tests.benchmarks.synthetic import synthetic_bundle

    path = str(folder / f"bench-{n}.sqlite3")
    service = ContestService(open_database(path, create=True), actor="bench")
    bundle = parse_bundle(synthetic_bundle(n, 9, 6, seed=7))
    service.import_bundle(bundle)
    service.open_session(bundle.contest.id)
    service.engine.dispose()
    return path, bundle.contest.id


def _open(path: str, contest_id: str) -> dict[str, Any]:
    """The contest open in both windows, as in a session."""
    from clar_desktop.app.audience.window import PRESENTING
    from clar_desktop.app.live import LiveContest
    from clar_desktop.app.main_window import MainWindow
    from clar_desktop.app.places import Places
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database

    service = ContestService(open_database(path), actor="bench")
    live = LiveContest(service, contest_id)
    main = MainWindow(live, places=Places())
    main.resize(1366, 768)
    main.show()
    main.audience.set_visible(True)
    audience = main.audience.window
    audience.transition_ms = 0
    audience.showNormal()
    audience.resize(WIDTH, HEIGHT)
    audience.show_scene(PRESENTING)
    return {"service": service, "live": live, "main": main, "audience": audience,
            "contest": live.state.contest}


def _sample(opened: dict[str, Any], k: int) -> tuple[float, float, float]:
    """Commit one score on the presenting proposal; (total, recompute, paint) in ms."""
    from PySide6.QtWidgets import QApplication

    live, contest = opened["live"], opened["contest"]
    proposals = contest.proposals
    proposal = proposals[(k // 50) * 37 % len(proposals)].id
    if live.state.presenting != proposal:
        live.apply("presentation.started", {"proposal": proposal})
        opened["main"].view.show_proposal(proposal)
        QApplication.processEvents()
        opened["audience"].repaint()
    juror = contest.jurors[k % len(contest.jurors)].id
    phase = contest.phases[(k // 9) % len(contest.phases)]
    criterion = phase.criteria[k % len(phase.criteria)].id
    current = live.state.current_value(juror, proposal, criterion)
    value = "5" if current is None or str(current) != "5" else "6"
    data = {"juror": juror, "proposal": proposal, "criterion": criterion, "value": value}
    committed = live.service.apply(live.contest_id, "score.changed", data)
    started = time.perf_counter()
    live.accept(committed)
    announced = time.perf_counter()
    opened["audience"].repaint()
    painted = time.perf_counter()
    return ((painted - started) * 1000, (announced - started) * 1000,
            (painted - announced) * 1000)


def _prepare_followups(folder: Path) -> tuple[str, str]:
    """A database holding an open evaluation session of the 300-proposal contest's funded
    proposals, every sheet typed: (its path, the contest id)."""
    import random

    from clar_desktop.domain.bundle import bundle_to_dict, parse_bundle
    from clar_desktop.domain.followup_plan import followup_contest
    from clar_desktop.domain.tally import Tally
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database
    from tests.benchmarks.synthetic import synthetic_bundle

    source = parse_bundle(synthetic_bundle(300, 9, 6, seed=7)).contest
    contest = followup_contest(source, Tally(source).results(), contest_id="bench-s2",
                               date="2027-05-03", title="Segundo desembolso", acta="001-2027")
    bundle = bundle_to_dict(contest, None)
    followups = bundle["contest"]["followups"]
    rng = random.Random(7)
    scores = []
    for item in followups["items"]:
        item["justified_percent"] = "82.5"
        for juror in bundle["contest"]["jurors"]:
            for phase in followups["phases"]:
                for criterion in phase["criteria"]:
                    scores.append({"juror": juror["id"], "proposal": item["id"],
                                   "criterion": criterion["id"],
                                   "value": str(rng.randint(0, int(criterion["max"])))})
    bundle["contest"]["scores"] = scores
    path = str(folder / "bench-followups.sqlite3")
    service = ContestService(open_database(path, create=True), actor="bench")
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    service.open_session(parsed.contest.id)
    service.engine.dispose()
    return path, parsed.contest.id


def _sample_item(opened: dict[str, Any], k: int) -> float:
    """Commit one score on the follow-up item presenting; commit → repainted, in ms."""
    from PySide6.QtWidgets import QApplication

    live, contest = opened["live"], opened["contest"]
    items = contest.followup_items
    item = items[(k // 50) * 7 % len(items)].id
    phases = contest.followups.phases
    phase = phases[(k // 9) % len(phases)]
    if live.state.presenting != item:
        live.apply("presentation.started", {"proposal": item})
        QApplication.processEvents()
    opened["audience"].follow(item, phase.id)
    opened["audience"].repaint()
    juror = contest.jurors[k % len(contest.jurors)].id
    criterion = phase.criteria[k % len(phase.criteria)].id
    current = live.state.current_value(juror, item, criterion)
    value = "4" if current is None or str(current) != "4" else "3"
    committed = live.service.apply(live.contest_id, "score.changed", {
        "juror": juror, "proposal": item, "criterion": criterion, "value": value})
    started = time.perf_counter()
    live.accept(committed)
    opened["audience"].repaint()
    return (time.perf_counter() - started) * 1000


def _measure_items(opened: dict[str, Any], results: dict[str, Any]) -> None:
    from clar_desktop.app.audience.window import FOLLOWUPS, PRESENTING

    results["items"] = len(opened["contest"].followup_items)
    for scene, prefix in ((PRESENTING, "item_"), (FOLLOWUPS, "board_")):
        opened["audience"].show_scene(scene)
        opened["audience"].repaint()
        totals = [_sample_item(opened, k) for k in range(SAMPLES + 20)][20:]
        results[f"{prefix}p50_ms"] = round(statistics.median(totals), 3)
        results[f"{prefix}p95_ms"] = round(_percentile(totals, 0.95), 3)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def _measure(opened: dict[int, dict[str, Any]], scene: str) -> dict[int, dict[str, list[float]]]:
    for one in opened.values():
        one["audience"].show_scene(scene)
        one["audience"].repaint()
    out: dict[int, dict[str, list[float]]] = {
        n: {"total": [], "recompute": [], "paint": [], "scene_data": []} for n in opened}
    for k in range(SAMPLES + 20):
        for n, one in opened.items():
            total, recompute, paint = _sample(one, k)
            if k >= 20:  # the first few warm the caches of fonts and layouts
                out[n]["total"].append(total)
                out[n]["recompute"].append(recompute)
                out[n]["paint"].append(paint)
                out[n]["scene_data"].append(one["audience"].timing.compute_ms)
    return out


def _rss_only(path: str, contest_id: str) -> None:
    """In a separate process: open the contest in both windows, type a few scores, and say
    the peak memory of the process."""
    from clar_desktop.app.main import application

    app = application()
    opened = _open(path, contest_id)
    for k in range(50):
        _sample(opened, k)
    app.processEvents()
    print(json.dumps({"max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                      / 1024}))
    opened["main"].close_without_asking()


def main() -> dict[str, Any]:
    from clar_desktop.app.audience.window import PRESENTING, RANKING
    from clar_desktop.app.main import application

    application()
    results: dict[str, Any] = {"samples": SAMPLES, "screen": f"{WIDTH}x{HEIGHT}"}
    with tempfile.TemporaryDirectory() as folder:
        prepared = {n: _prepare(n, Path(folder)) for n in SIZES}
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM",
                                                               "offscreen")}
        done = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_audience",
                               "--rss", *prepared[3000]], env=env, capture_output=True,
                              text=True, check=True)
        results["max_rss_mb_3000"] = round(
            json.loads(done.stdout.strip().splitlines()[-1])["max_rss_mb"], 1)
        opened = {n: _open(*prepared[n]) for n in SIZES}
        for scene, prefix in ((PRESENTING, ""), (RANKING, "ranking_")):
            figures = _measure(opened, scene)
            for n in SIZES:
                f = figures[n]
                results[f"{prefix}p50_ms_{n}"] = round(statistics.median(f["total"]), 3)
                results[f"{prefix}p95_ms_{n}"] = round(_percentile(f["total"], 0.95), 3)
                results[f"{prefix}recompute_p50_ms_{n}"] = round(
                    statistics.median(f["recompute"]), 3)
                results[f"{prefix}paint_p50_ms_{n}"] = round(statistics.median(f["paint"]), 3)
                results[f"{prefix}scene_data_p50_ms_{n}"] = round(
                    statistics.median(f["scene_data"]), 3)
            results[f"{prefix}ratio_3000_300"] = round(
                results[f"{prefix}p95_ms_3000"] / results[f"{prefix}p95_ms_300"], 3)
        for one in opened.values():
            one["main"].close_without_asking()
        items = _open(*_prepare_followups(Path(folder)))
        _measure_items(items, results)
        items["main"].close_without_asking()
    results["frame_ms_60hz"] = round(1000 / 60, 2)
    return results


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="clar-bench-data-"))
    if len(sys.argv) == 4 and sys.argv[1] == "--rss":
        _rss_only(sys.argv[2], sys.argv[3])
    else:
        print(json.dumps(main(), indent=2))
