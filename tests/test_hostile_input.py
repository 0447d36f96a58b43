"""Odd and hostile input found in review: one line, the right exit status, nothing written."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clar_desktop.cli import main
from tests.helpers import EXAMPLE, example_bundle


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _set(bundle: dict[str, Any], change: str) -> None:
    contest = bundle["contest"]
    if change == "huge budget":
        contest["categories"][0]["budget"] = "1" + "0" * 26
    elif change == "tiny step":
        contest["phases"][0]["criteria"][0]["step"] = "0." + "0" * 110 + "1"
    elif change == "tiny minimum":
        contest["phases"][0]["criteria"][0]["min"] = "0.00000000000000000000000000001"
    elif change == "huge order":
        contest["proposals"][0]["order"] = 2**63
    elif change == "lone surrogate":
        contest["proposals"][0]["title"] = "\ud800"
    elif change == "NUL in a title":
        contest["proposals"][0]["title"] = "a\x00b"
    elif change == "long id":
        old = contest["jurors"][0]["id"]
        contest["jurors"][0]["id"] = "j" * 250
        for s in contest["scores"]:
            if s["juror"] == old:
                s["juror"] = "j" * 250
    elif change == "long DNI":
        contest["jurors"][0]["document"] = "1" * 50


CHANGES = ["huge budget", "tiny step", "tiny minimum", "huge order", "lone surrogate",
           "NUL in a title", "long id", "long DNI"]


@pytest.mark.parametrize("change", CHANGES)
def test_out_of_range_bundles_are_refused_in_one_line(
        change: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = example_bundle()
    _set(bundle, change)
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")  # ensure_ascii keeps \ud800 escaped
    db = tmp_path / "db.sqlite3"
    for argv in (["tally", str(path), "--format", "json"],
                 ["import", str(path), "--db", str(db)]):
        code, out, err = _run(capsys, *argv)
        assert code == 2, (change, argv, err)
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert _run(capsys, "list", "--db", str(db))[1] == ""


@pytest.mark.parametrize("proposals", [1.5, True, 7, None])
def test_a_version_1_bundle_whose_proposals_are_not_a_list_is_refused_in_one_line(
        proposals: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Found by tests/test_fuzz_bundles.py (mutant "contest/proposals = 1.5"): the check for
    # version 2 fields in a version 1 bundle ran through the proposals before anything
    # had said they must be a list, and stopped with "TypeError: 'float' object is not
    # iterable" in every command that reads a bundle.
    bundle = example_bundle()
    bundle["contest"]["proposals"] = proposals
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    database = tmp_path / "clar.sqlite3"
    for argv in (["tally", str(path)], ["import", str(path), "--db", str(database)]):
        code, _out, err = _run(capsys, *argv)
        assert code == 2, (argv[0], err)
        assert len(err.splitlines()) == 1 and "proposals" in err
    assert not database.exists()
    code, out, _err = _run(capsys, "verify", str(path))  # readable, so "NOT VERIFIED"
    assert code == 1 and "proposals" in out


def test_deeply_nested_json_is_one_line(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100000, encoding="utf-8")
    for command in ("tally", "verify"):
        code, _out, err = _run(capsys, command, str(path))
        assert code == 2 and len(err.splitlines()) == 1


def test_an_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--lang", "xx", "tally", str(EXAMPLE)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1


def test_a_record_line_with_a_lone_surrogate_is_refused_and_the_rest_applies(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "r.sqlite3")
    assert main(["import", str(EXAMPLE), "--db", db]) == 0
    lines = ('{"action": "open"}\n'
             '{"action": "observe", "text": "\\ud800"}\n'
             '{"action": "observe", "text": "Llueve"}\n')
    done = subprocess.run([sys.executable, "-m", "clar_desktop", "record",
                           "colquemarca-2026-1", "--db", db], input=lines,
                          capture_output=True, text=True, timeout=120)
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert replies[0] == {"ok": 2} and "error" in replies[1] and replies[2] == {"ok": 3}
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_a_foreign_sqlite_file_is_not_touched(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x INTEGER)")
    code, _out, err = _run(capsys, "list", "--db", str(path))
    assert code == 1 and "not a CLAR Desktop database" in err
    with sqlite3.connect(path) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master")]
    assert tables == ["t"]


def test_no_screen_is_one_line(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CLAR_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "clar_desktop", "demo", "--db",
                           str(tmp_path / "d.sqlite3")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "screen" in done.stderr


