"""A programme's central database for the window's tests: contests of several offices,
regions and years (small synthetic sessions, and the spec's v2 example with follow-ups),
ingested as the offices' bundles, and one conflicting copy."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from clar_desktop.central.database import open_central
from clar_desktop.central.ingest import ingest_bytes
from tests.benchmarks.synthetic import synthetic_bundle
from tests.central.helpers import office_bundle, parted
from tests.central.synthetic import closed_session, resealed

OFFICES = [("ol-chumbivilcas", "Chumbivilcas", "Cusco"), ("ol-espinar", "Espinar", "Cusco"),
           ("ol-andahuaylas", "Andahuaylas", "Apurímac"), ("ol-azangaro", "Azángaro", "Puno"),
           ("ol-huanta", "Huanta", "Ayacucho")]
PROGRAMMES = ("Sierra Sur II", "Proyecto Corredor")


@functools.cache
def _templates() -> tuple[str, ...]:
    """Three small sessions (8 proposals, 5 jurors), about half of the proposals approved."""
    found = []
    for seed in (1, 2, 3):
        contest = synthetic_bundle(8, n_jurors=5, criteria_per_phase=2, seed=seed)["contest"]
        contest["rules"]["pass_score"] = "22"  # of 40
        found.append(json.dumps(closed_session(contest)))
    return tuple(found)


def contest_bundle(number: int) -> dict[str, Any]:
    """Contest ``number`` of the programme: an office, its region, a year, a programme."""
    office, name, region = OFFICES[number % len(OFFICES)]
    year = 2023 + number % 4
    fields = {"id": f"{office}-{year}-{number}", "title": f"CLAR {name} {year} ({number})",
              "date": f"{year}-0{1 + number % 9}-15",
              "programme": PROGRAMMES[number % 7 == 0],
              "office": {"id": office, "name": f"Oficina {name}"},
              "place": {"region": region, "province": name, "district": f"Distrito {name}"}}
    return resealed(json.loads(_templates()[number % 3]), fields)


def encoded(bundle: dict[str, Any]) -> bytes:
    return json.dumps(bundle, ensure_ascii=False, indent=1).encode()


def with_followups() -> dict[str, Any]:
    """The spec's v2 example (withdrawals, absences, second-tranche items) as one office's."""
    return office_bundle("ol-chumbivilcas-2026-llusco", "ol-chumbivilcas", "Cusco",
                         "2026-05-04")


def programme_database(folder: Path, count: int = 30, conflict: bool = True) -> str:
    """A SQLite central database with ``count`` contests (one with second-tranche items)
    and, with ``conflict``, one conflicting copy of that one recorded."""
    url = f"sqlite:///{folder / 'central.sqlite3'}"
    engine = open_central(url, create=True)
    try:
        for number in range(count - 1):
            ingest_bytes(engine, f"/media/usb/{number:03}.json",
                         encoded(contest_bundle(number)))
        followed = with_followups()
        ingest_bytes(engine, "/media/usb/llusco.json", encoded(followed))
        if conflict:
            ingest_bytes(engine, "/media/usb/llusco-otra-laptop.json",
                         encoded(parted(followed, 5)))
    finally:
        engine.dispose()
    return url
