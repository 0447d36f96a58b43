"""Benchmark of the central office on PostgreSQL: ingesting offices' bundles, and the
indicators at two sizes.

Run on purpose (not part of the default test run):

    .venv/bin/python -m tests.benchmarks.bench_central

Prints one JSON object. A throw-away PostgreSQL server (tests/pgserver.py, or
``CLAR_TEST_PG_URL``) gets a fresh database. Synthetic offices (ten, in five regions) send
contests of 60 proposals, each a closed session with its complete log (every value entered,
every sheet confirmed: about 2,500 events; tests/central/synthetic.py), dated over four
years. The first ``SMALL`` contests are ingested and the indicators timed, then the rest up to
``LARGE`` and the indicators timed again. Figures:
- ``ingest_bundles_per_s``: bundles verified (chain, replay, tally) and stored per second,
  over all of them, one process;
- ``indicators_p50_ms_small``/``_large``, ``indicators_p95_ms_small``/``_large``: ``--by
  region --by year`` (the aggregation, in a fresh connection each time, and the formatting),
  over ``RUNS`` runs; the large p95 must be <= 300 ms;
- ``indicators_ratio``: large ÷ small p95 (must be <= 3);
- ``contests_small``, ``contests_large``, ``proposal_rows_large``;
- ``explain_large``: PostgreSQL's EXPLAIN ANALYZE of the indicator query at the large size;
- ``indicators_p95_ms_copied``, ``contests_copied``, ``explain_copied``: the same at
  ``LARGE`` × ``COPIES`` contests (10,000), made by copying the stored contests' rows and
  summaries under new ids (ingesting them would take a quarter of an hour).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

SMALL = 50
LARGE = 500
RUNS = 40
COPIES = 20
TEMPLATES = 6
OFFICES = [(f"ol-{name}", name.capitalize(), region) for name, region in (
    ("chumbivilcas", "Cusco"), ("espinar", "Cusco"), ("andahuaylas", "Apurímac"),
    ("chincheros", "Apurímac"), ("azangaro", "Puno"), ("huancane", "Puno"),
    ("huanta", "Ayacucho"), ("lucanas", "Ayacucho"), ("tayacaja", "Huancavelica"),
    ("angaraes", "Huancavelica"))]


def _templates() -> list[dict[str, Any]]:
    from tests.benchmarks.synthetic import synthetic_bundle
    from tests.central.synthetic import closed_session

    return [closed_session(synthetic_bundle(60, n_jurors=5, criteria_per_phase=3,
                                            seed=seed)["contest"])
            for seed in range(1, TEMPLATES + 1)]


def _contest(templates: list[dict[str, Any]], number: int) -> bytes:
    """Contest ``number``: a template session run by one office on its own day, its log
    sealed anew (the contest's id, office and place are in its first event)."""
    from tests.central.synthetic import resealed

    template = templates[number % len(templates)]
    office, name, region = OFFICES[number % len(OFFICES)]
    year = 2023 + number % 4
    fields = {"id": f"{office}-{year}-{number}", "date": f"{year}-0{1 + number % 9}-15",
              "programme": "Sierra Sur II", "office": {"id": office, "name": name},
              "place": {"region": region, "province": name, "district": f"Distrito {name}"}}
    return json.dumps(resealed(template, fields), ensure_ascii=False).encode()


def _indicator_times(url: str) -> list[float]:
    from clar_desktop.central.database import open_central
    from clar_desktop.central.indicators import indicators

    engine = open_central(url)
    times = []
    try:
        for _ in range(RUNS):
            engine.dispose()  # a fresh connection, as a command opens one
            start = time.perf_counter()
            indicators(engine, ("region", "year"))
            times.append((time.perf_counter() - start) * 1000)
    finally:
        engine.dispose()
    return times


def _p95(times: list[float]) -> float:
    return sorted(times)[max(0, round(0.95 * len(times)) - 1)]


def _explain(url: str) -> list[str]:
    from sqlalchemy import create_engine

    from clar_desktop.central.indicators import indicator_query

    engine = create_engine(url)
    try:
        query = indicator_query(("region", "year"), "postgresql")
        compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
        with engine.connect() as connection:
            return [row[0] for row in connection.exec_driver_sql(
                f"EXPLAIN (ANALYZE, BUFFERS) {compiled}")]
    finally:
        engine.dispose()


def _copies(url: str, times: int) -> None:
    """The stored contests copied ``times`` − 1 more times under new ids (their rows and
    summaries, not their bundles): to time the indicators at a size too long to ingest."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    columns = {}
    try:
        with engine.begin() as connection:
            for table in ("central_contests", "central_summaries"):
                columns[table] = [row[0] for row in connection.execute(text(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = "
                    ":t ORDER BY ordinal_position"), {"t": table})]
            names = [c for c in columns["central_contests"] if c not in ("id", "bundle")]
            connection.execute(text(
                f"INSERT INTO central_contests (id, bundle, {', '.join(names)}) "
                f"SELECT id || '-' || n, ''::bytea, {', '.join(names)} FROM central_contests "
                f"CROSS JOIN generate_series(2, {times}) AS n"))
            names = [c for c in columns["central_summaries"] if c not in ("id", "contest_id")]
            connection.execute(text(
                f"INSERT INTO central_summaries (contest_id, {', '.join(names)}) "
                f"SELECT contest_id || '-' || n, {', '.join(names)} FROM central_summaries "
                f"CROSS JOIN generate_series(2, {times}) AS n"))
            connection.execute(text("ANALYZE"))
    finally:
        engine.dispose()


def main() -> None:
    from clar_desktop.central.database import open_central
    from clar_desktop.central.ingest import NEW, ingest_bytes
    from tests import pgserver

    templates = _templates()
    result: dict[str, Any] = {}
    with pgserver.postgres_server() as server, server.fresh_database() as database:
        url = database.render_as_string(hide_password=False)
        engine = open_central(url, create=True)
        ingest_seconds = 0.0
        rows = 0
        for number in range(LARGE):
            data = _contest(templates, number)
            start = time.perf_counter()
            outcome = ingest_bytes(engine, f"{number}.json", data)
            ingest_seconds += time.perf_counter() - start
            assert outcome.kind == NEW, outcome.describe(str)
            rows += 60
            if number + 1 == SMALL:
                small = _indicator_times(url)
        engine.dispose()
        large = _indicator_times(url)
        result = {
            "ingest_bundles_per_s": round(LARGE / ingest_seconds, 2),
            "indicators_p50_ms_small": round(statistics.median(small), 2),
            "indicators_p95_ms_small": round(_p95(small), 2),
            "indicators_p50_ms_large": round(statistics.median(large), 2),
            "indicators_p95_ms_large": round(_p95(large), 2),
            "indicators_ratio": round(_p95(large) / _p95(small), 2),
            "contests_small": SMALL, "contests_large": LARGE, "proposal_rows_large": rows,
            "explain_large": _explain(url),
        }
        _copies(url, COPIES)
        huge = _indicator_times(url)
        result.update({
            "contests_copied": LARGE * COPIES,
            "indicators_p95_ms_copied": round(_p95(huge), 2),
            "explain_copied": _explain(url)})
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
