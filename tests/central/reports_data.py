"""A central database for the report tests: contests of several offices, regions and years
(scored sessions in two categories, and the spec's example with withdrawals and follow-ups),
ingested the way the central office ingests them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from clar_desktop.central.database import open_central
from clar_desktop.central.ingest import NEW, ingest_bytes
from tests.benchmarks.synthetic import synthetic_bundle
from tests.central.helpers import office_bundle
from tests.central.synthetic import closed_session, resealed

HOSTILE = "<b>=cmd|' /C calc'!A0\x07"
"""An office name and a region as a bundle may bring them: reportlab markup, a spreadsheet
formula and a control character."""
OFFICES = [("ol-chumbivilcas", "Chumbivilcas", "Cusco"), ("ol-espinar", "Espinar", "Cusco"),
           ("ol-andahuaylas", "Andahuaylas", "Apurímac"), ("ol-azangaro", "Azángaro", "Puno"),
           ("ol-hostil", HOSTILE, HOSTILE)]


@cache
def _template(seed: int) -> dict[str, Any]:
    return closed_session(synthetic_bundle(12, n_jurors=5, criteria_per_phase=6,
                                           seed=seed)["contest"])


def contest_bundle(number: int, offices: list[tuple[str, str, str]] = OFFICES
                   ) -> dict[str, Any]:
    """Contest ``number``: every third one the spec's example (follow-ups), the others a
    scored session; its office and region by turns, its year one of 2024–2026."""
    office, name, region = offices[number % len(offices)]
    year = 2024 + number % 3
    fields = {"id": f"{office}-{year}-{number}", "date": f"{year}-0{1 + number % 9}-15",
              "programme": "Sierra Sur II", "office": {"id": office, "name": name},
              "place": {"region": region, "province": "Provincia", "district": "Distrito"}}
    if number % 3 == 2:
        return resealed(office_bundle(fields["id"], office, region, fields["date"]),
                         {"office": fields["office"]})
    return resealed(_template(1 + number % 2), fields)


def central_db(folder: Path, count: int = 10,
               offices: list[tuple[str, str, str]] = OFFICES) -> Engine:
    """A SQLite central database in ``folder`` holding ``count`` contests."""
    engine = open_central(f"sqlite:///{folder / 'central.db'}", create=True)
    for number in range(count):
        data = json.dumps(contest_bundle(number, offices), ensure_ascii=False).encode()
        assert ingest_bytes(engine, f"b{number}.json", data).kind == NEW
    return engine
