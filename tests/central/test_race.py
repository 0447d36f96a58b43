"""Three ``central ingest`` processes at once on one folder and one database that has no
schema yet (PostgreSQL, the supported server; and a new SQLite file): each bundle stored
once, no deadlock, no error."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.central.helpers import cut, office_bundle, url_of, write

OUTCOMES = ("new", "same", "extended", "older")


def test_three_ingest_processes_at_once(tmp_path: Path, db_url: str) -> None:
    inbox = tmp_path / "inbox"
    full = {}
    for number, (office, region) in enumerate([("ol-a", "Cusco"), ("ol-b", "Puno"),
                                               ("ol-c", "Apurímac"), ("ol-d", "Cusco")]):
        contest = f"{office}-2026-{number}"
        session = office_bundle(contest, office, region, f"2026-0{number + 1}-15")
        full[contest] = session
        write(inbox / office / "final.json", session)
        write(inbox / office / "early.json", cut(session, 60 + 20 * number))
        write(inbox / "copies" / f"{contest}.json", session)
    root = Path(__file__).resolve().parents[2]
    environment = {**os.environ, "PYTHONPATH": str(root), "CLAR_LANG": "en"}
    command = [sys.executable, "-m", "clar_desktop", "central", "ingest", str(inbox),
               "--db", db_url]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=environment, cwd=tmp_path)
                 for _ in range(3)]
    results = [process.communicate(timeout=600) for process in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], results
    assert all(err == "" for _out, err in results)
    lines = [line for out, _err in results for line in out.splitlines()]
    assert len(lines) == 3 * 12
    assert all(line.split(" ", 1)[0] in OUTCOMES for line in lines), lines
    news = Counter(line.split("contest ", 1)[1].split(" ", 1)[0] for line in lines
                   if line.startswith("new "))
    assert news == Counter({contest: 1 for contest in full}), lines
    engine = create_engine(url_of(db_url))
    try:
        with engine.connect() as connection:
            stored = dict(connection.execute(text(
                "SELECT id, log_hash FROM central_contests")).all())
            proposals = connection.execute(text(
                "SELECT count(*) FROM central_proposals")).scalar()
            conflicts = connection.execute(text(
                "SELECT count(*) FROM central_conflicts")).scalar()
    finally:
        engine.dispose()
    assert stored == {c: b["events"][-1]["hash"] for c, b in full.items()}
    assert proposals == sum(len(b["contest"]["proposals"]) for b in full.values())
    assert conflicts == 0
