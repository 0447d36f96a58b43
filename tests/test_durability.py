"""Killing ``clar-desktop record`` never loses an acknowledged entry.

A feeder writes score actions into a real ``record`` process and reads its
acknowledgements; at a random moment the process gets SIGKILL. After a restart, every
acknowledged seq must be in the database and the log must still verify. Repeated over many
kills, with the next run continuing where the database stands.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.verify import verify
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"
KILLS = int(os.environ.get("CLAR_DURABILITY_KILLS", "30"))


def _burst(db: str, everything: list[dict[str, str]], rng: random.Random,
           size: int = 60) -> list[dict[str, str]]:
    """The next actions to feed: scores not yet entered, then corrections of entered ones."""
    state = ContestService(open_database(db)).load_state(CONTEST)
    assert state.contest is not None
    scores = state.contest.scores
    burst = [{"action": "score", **s} for s in everything
             if (s["juror"], s["proposal"], s["criterion"]) not in scores][:size]
    keys = sorted(scores)
    while len(burst) < size and keys:
        juror, proposal, criterion = rng.choice(keys)
        found = state.contest.criterion(criterion)
        assert found is not None
        top = int(found[1].max)
        value = (int(scores[(juror, proposal, criterion)].value) + 1) % (top + 1)
        burst.append({"action": "correct", "juror": juror, "proposal": proposal,
                      "criterion": criterion, "value": str(value),
                      "reason": "read back differently"})
        keys.remove((juror, proposal, criterion))
    return burst


def test_sigkill_never_loses_an_acknowledged_seq(tmp_path: Path) -> None:
    bundle = example_bundle()
    everything = bundle["contest"]["scores"]
    bundle["contest"]["scores"] = []
    db = str(tmp_path / "durable.sqlite3")
    service = ContestService(open_database(db, create=True))
    service.import_bundle(parse_bundle(bundle))
    acknowledged: set[int] = set()
    rng = random.Random(20261128)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for _kill in range(KILLS):
        burst = _burst(db, everything, rng)
        process = subprocess.Popen(
            [sys.executable, "-m", "clar_desktop", "record", CONTEST, "--db", db],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, env=env)
        assert process.stdin is not None and process.stdout is not None
        acks: list[int] = []

        def read_acks(stream: object = process.stdout, sink: list[int] = acks) -> None:
            for line in stream:  # type: ignore[attr-defined]
                reply = json.loads(line)
                assert "ok" in reply, reply
                sink.append(reply["ok"])

        reader = threading.Thread(target=read_acks, daemon=True)
        reader.start()
        try:
            for action in burst:
                process.stdin.write(json.dumps(action) + "\n")
            process.stdin.flush()
        except BrokenPipeError:
            pass
        # Kill at a random moment: during start-up (one kill in four), or — timed from the
        # first acknowledgement, so that a loaded machine's slower start-up does not move
        # every kill before it — mid-burst or after it.
        if rng.random() < 0.25:
            time.sleep(rng.uniform(0.05, 0.5))
        else:
            started = time.monotonic()
            while not acks and process.poll() is None and time.monotonic() - started < 60:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader.join(timeout=5)
        acknowledged.update(acks)
        logged = {e["seq"] for e in ContestService(open_database(db)).events(CONTEST)}
        assert acknowledged <= logged, sorted(acknowledged - logged)
    exported = parse_bundle(ContestService(open_database(db)).export_bundle(CONTEST))
    verdict = verify(exported)
    assert verdict.ok, verdict.problem
    # The test means something only if kills landed while changes were being acknowledged.
    assert len(acknowledged) > 2 * 60, len(acknowledged)
