"""The fuzz test's mutated bundles (tests/test_fuzz_bundles.py) through ``central ingest``:
one line each, ``new`` exactly when ``verify`` accepts the bundle, ``refused`` otherwise
with nothing stored, never a traceback."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings

from clar_desktop.central.database import open_central
from tests.test_fuzz_bundles import EXAMPLES, FUZZ, Mutant, mutants, run

TABLES = ("central_contests", "central_proposals", "central_items", "central_summaries",
          "central_conflicts")


@pytest.fixture(scope="module")
def central_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("central-fuzz") / "template.sqlite3"
    open_central(str(path), create=True).dispose()
    return path


def _rows(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return sum(connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                   for t in TABLES)


@settings(FUZZ, max_examples=max(20, EXAMPLES // 10))
@given(mutant=mutants())
def test_a_mutated_bundle_is_one_line_of_ingest(mutant: Mutant, central_template: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="clar-central-fuzz-") as name:
        folder = Path(name)
        bundle = folder / "mutant.json"
        bundle.write_bytes(bytes(mutant))
        database = folder / "central.sqlite3"
        shutil.copy(central_template, database)
        verified = run(capsys, "verify", str(bundle))[0] == 0
        code, out, err = run(capsys, "central", "ingest", str(bundle), "--db", str(database))
        assert err == "" and len(out.splitlines()) == 1, (out, err)
        if verified:
            assert code == 0 and out.startswith("new "), out
            assert _rows(database) > 0
        else:
            assert code == 1 and out.startswith("refused "), out
            assert _rows(database) == 0
