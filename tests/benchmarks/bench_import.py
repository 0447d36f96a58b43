"""Benchmark of importing a register of proposals from a spreadsheet into SQLite.

Run on purpose (not part of the default test run):

    .venv/bin/python -m tests.benchmarks.bench_import

Prints one JSON object. Each size (500, 2,000 and 10,000 rows of a CSV file) is imported
into a fresh copy of the example contest (tests/data/colquemarca.json: 10 proposals and their
scores) exactly as ``clar-desktop import-proposals`` does it: read the file, preview every
row, add them all in one transaction. Each run is a child process of its own, so that its
peak memory (``max_rss_mb``) is its own; the sizes are taken in turn, twice, and the best
time is kept, since this machine is shared. Figures:
- ``rows_per_s_N`` and ``seconds_N``: the whole import of N rows; ``commit_s_N`` the
  transaction alone;
- ``max_rss_mb_N``: the child's peak memory (the interpreter and its libraries included);
- ``ratio_2000_500``: seconds per row at 2,000 ÷ at 500 (linear is about 1; must be
  <= 1.5); ``ratio_10000_2000`` likewise;
- ``xlsx_read_s_10000``: reading the same 10,000 rows from an .xlsx file instead.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = (500, 2000, 10000)
ROUNDS = 2
HEADER = ["Organización", "Título del plan", "Categoría", "Monto solicitado", "Aporte propio",
          "Familias", "Mujeres"]


def _rows(n: int) -> list[list[str]]:
    return [[f"Asociación de productores {i}", f"Plan de negocio número {i}",
             "pdn" if i % 2 else "pgrn", f"{10000 + i}.00", "2500", str(10 + i % 40),
             str(i % 20)] for i in range(n)]


def _write_csv(path: Path, n: int) -> None:
    lines = [";".join(HEADER), *(";".join(row) for row in _rows(n))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def one_run(n: int) -> dict[str, Any]:
    """Import n rows into a fresh database (in this process) and time it."""
    from clar_desktop.domain.bundle import parse_bundle
    from clar_desktop.importing import commit, preview_proposals, read_table
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database
    from tests.helpers import example_bundle

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    service = ContestService(open_database(str(folder / "clar.sqlite3")), actor="bench")
    contest = parse_bundle(example_bundle()).contest
    service.import_bundle(parse_bundle(example_bundle()))
    source = folder / "propuestas.csv"
    _write_csv(source, n)
    start = time.perf_counter()
    preview = preview_proposals(read_table(source), service, contest.id)
    assert preview.ok, preview.problem_lines()[:3]
    committed = time.perf_counter()
    done = commit(preview, service, contest.id)
    end = time.perf_counter()
    assert len(done) == n
    return {"seconds": end - start, "commit_s": end - committed,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def xlsx_read_seconds(n: int) -> float:
    import openpyxl

    from clar_desktop.spreadsheets import read_table

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in _rows(n):
        sheet.append(row)
    path = folder / "propuestas.xlsx"
    book.save(path)
    start = time.perf_counter()
    table = read_table(path)
    assert len(table.rows) == n
    return time.perf_counter() - start


def _child(n: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_import", "--one",
                          str(n)], check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def main() -> dict[str, Any]:
    best: dict[int, dict[str, Any]] = {}
    for _ in range(ROUNDS):
        for n in SIZES:
            run = _child(n)
            if n not in best or run["seconds"] < best[n]["seconds"]:
                best[n] = run
    report: dict[str, Any] = {}
    for n in SIZES:
        report[f"seconds_{n}"] = round(best[n]["seconds"], 3)
        report[f"commit_s_{n}"] = round(best[n]["commit_s"], 3)
        report[f"rows_per_s_{n}"] = round(n / best[n]["seconds"])
        report[f"max_rss_mb_{n}"] = round(best[n]["max_rss_mb"], 1)

    def per_row(n: int) -> float:
        return float(best[n]["seconds"]) / n

    report["ratio_2000_500"] = round(per_row(2000) / per_row(500), 2)
    report["ratio_10000_2000"] = round(per_row(10000) / per_row(2000), 2)
    report["xlsx_read_s_10000"] = round(xlsx_read_seconds(10000), 3)
    return report


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(one_run(int(sys.argv[2]))))
    else:
        print(json.dumps(main(), indent=1))
