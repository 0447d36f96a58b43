"""Helpers of the central office's tests: the command line, logs cut short or parted, and
what the central tables hold."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from clar_desktop.cli import main
from clar_desktop.domain.bundle import bundle_to_dict
from clar_desktop.domain.canonical import GENESIS
from clar_desktop.domain.log import make_event
from clar_desktop.domain.state import replay
from tests.central.synthetic import closed_session, with_office
from tests.helpers import v2_bundle

TABLES = ("central_contests", "central_proposals", "central_items", "central_summaries",
          "central_conflicts")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def url_of(db: str) -> str:
    return db if "://" in db else f"sqlite:///{db}"


def office_bundle(contest_id: str = "ol-a-2026-1", office: str = "ol-a",
                  region: str = "Cusco", date: str = "2026-05-04") -> dict[str, Any]:
    """The spec's version 2 example (withdrawals, absences, follow-ups) as one office's
    session, with its complete log."""
    contest = with_office(v2_bundle()["contest"], contest_id, date=date,
                          office=(office, f"Oficina {office}"), programme="Sierra Sur",
                          place={"region": region, "province": "Chumbivilcas",
                                 "district": "Llusco"})
    return closed_session(contest)


def sealed(events: list[dict[str, Any]]) -> dict[str, Any]:
    """A bundle whose snapshot is what ``events`` replay into (events resealed in order)."""
    chain: list[dict[str, Any]] = []
    for event in events:
        chain.append(make_event(len(chain) + 1, chain[-1]["hash"] if chain else GENESIS,
                                event["kind"], event["data"], at=event["at"],
                                actor=event.get("actor")))
    state = replay(chain)
    assert state.contest is not None
    return bundle_to_dict(state.contest, chain)


def cut(bundle: dict[str, Any], n: int) -> dict[str, Any]:
    """The copy an office exported after its first ``n`` events (the same hashes)."""
    shorter = sealed(bundle["events"][:n])
    assert [e["hash"] for e in shorter["events"]] == [e["hash"] for e in
                                                      bundle["events"][:n]]
    return shorter


def parted(bundle: dict[str, Any], seq: int) -> dict[str, Any]:
    """A copy that agrees with ``bundle`` up to ``seq`` − 1 and differs from ``seq`` on: an
    observation written there on another laptop, then the same events."""
    events = copy.deepcopy(bundle["events"])
    at = events[seq - 2]["at"]
    other = {"kind": "observation.added", "at": at,
             "data": {"text": "Copia registrada en otra laptop"}}
    return sealed([*events[:seq - 1], other, *events[seq - 1:]])


def write(path: Path, bundle: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(json.dumps(bundle, ensure_ascii=False, indent=1).encode())
    return path


def contents(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the central tables but their times, in a stable order."""
    engine = create_engine(url_of(db))
    try:
        with engine.connect() as connection:
            found = {}
            for table in TABLES:
                rows = connection.execute(text(f"SELECT * FROM {table}")).mappings().all()
                skip = {"ingested_at", "recorded_at"} | (
                    {"id"} if table in ("central_conflicts", "central_summaries") else set())
                found[table] = sorted((tuple((k, v) for k, v in row.items() if k not in skip)
                                       for row in rows), key=repr)
            return found
    finally:
        engine.dispose()
