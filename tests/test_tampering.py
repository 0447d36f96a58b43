"""A database changed behind the program's back is found, said in one sentence, and never
trusted: no change is written on top of it, nothing is exported from it, and the app opens it
read-only."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from clar_desktop.cli import main
from clar_desktop.cli.record import run_record
from clar_desktop.demo import demo_session_bundle
from clar_desktop.domain.bundle import load_bundle, parse_bundle
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.verify import verify
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database

DEMO = "llusco-2026-1"
FLIPS = int(os.environ.get("CLAR_FLIP_EXAMPLES", "40"))


def _imported(url: str) -> ContestService:
    service = ContestService(open_database(url, create=True), actor="test")
    bundle = parse_bundle(demo_session_bundle())
    service.import_bundle(bundle)
    service.reopen_session(DEMO, "una ficha más")
    return service


def _tamper(service: ContestService, statement: str) -> None:
    with service.engine.begin() as connection:
        connection.execute(text(statement))


def test_an_update_behind_the_programs_back_stops_every_change(db_url: str) -> None:
    service = _imported(db_url)
    assert service.problem(DEMO) is None
    before = len(service.events(DEMO))
    _tamper(service, "UPDATE scores SET value = '9'")
    assert service.problem(DEMO) is not None
    fresh = ContestService(open_database(db_url), actor="test")
    for attempt in (lambda: fresh.add_observation(DEMO, "otra"),
                    lambda: fresh.export_bundle(DEMO)):
        with pytest.raises(ChangeRefused, match="changed outside CLAR Desktop"):
            attempt()
    contest = fresh.events(DEMO)[0]["data"]["contest"]
    juror, proposal = contest["jurors"][0]["id"], contest["proposals"][0]["id"]
    with pytest.raises(ChangeRefused, match="changed outside"):
        fresh.recuse(DEMO, juror, proposal, "Parentesco")
    assert len(fresh.events(DEMO)) == before
    problem = fresh.full_check(DEMO)
    assert isinstance(problem, ChangeRefused)
    # The service that had already checked the contest finds it when a change touches the
    # changed rows, and at the next export (every backup is one).
    with pytest.raises(ChangeRefused, match="changed outside"):
        service.recuse(DEMO, juror, proposal, "Parentesco")
    with pytest.raises(ChangeRefused, match="changed outside"):
        service.export_bundle(DEMO)
    assert len(service.events(DEMO)) == before


def test_record_refuses_to_write_on_a_changed_database(sqlite_url: str) -> None:
    service = _imported(sqlite_url)
    _tamper(service, "UPDATE scores SET value = '9'")
    out = io.StringIO()
    code = run_record(ContestService(open_database(sqlite_url)), DEMO,
                      io.StringIO('{"action": "observe", "text": "x"}\n'), out)
    assert code == 1
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(replies) == 1 and "fuera de CLAR Desktop" in replies[0]["error"]
    assert len(service.events(DEMO)) == len(demo_session_bundle()["events"]) + 1


def test_export_and_check_say_it_in_one_line(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "clar.sqlite3"
    service = _imported(f"sqlite:///{db}")
    assert main(["--lang", "en", "check", "--db", str(db)]) == 0
    assert "intact" in capsys.readouterr().out
    # A changed definition row rather than a score.
    _tamper(service, "UPDATE proposals SET requested = '1.00' WHERE presentation_order = 1")
    target = tmp_path / "out.json"
    assert main(["--lang", "en", "export", DEMO, "-o", str(target), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "changed outside" in err
    assert not target.exists()
    assert main(["--lang", "en", "check", "--db", str(db)]) == 1
    assert "CHANGED" in capsys.readouterr().out


def test_a_changed_old_event_is_found_by_check_and_export(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    db = tmp_path / "clar.sqlite3"
    service = _imported(f"sqlite:///{db}")
    _tamper(service, "UPDATE events SET actor = 'otro' WHERE seq = 3")
    assert main(["--lang", "en", "check", DEMO, "--db", str(db)]) == 1
    assert "CHANGED" in capsys.readouterr().out
    assert main(["--lang", "en", "export", DEMO, "-o", str(tmp_path / "x.json"),
                 "--db", str(db)]) == 1


def test_random_byte_flips_never_export_a_bundle_that_fails_verify(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = tmp_path / "original.sqlite3"
    service = _imported(f"sqlite:///{original}")
    service.engine.dispose()
    with sqlite3.connect(original) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = original.read_bytes()
    rng = random.Random(20261201)
    outcomes: dict[int, int] = {}
    for n in range(FLIPS):
        db = tmp_path / f"flip{n}.sqlite3"
        flipped = bytearray(data)
        position = rng.randrange(100, len(flipped))  # past the file header
        flipped[position] ^= 1 << rng.randrange(8)
        db.write_bytes(bytes(flipped))
        target = tmp_path / f"flip{n}.json"
        code = main(["--lang", "en", "export", DEMO, "-o", str(target), "--db", str(db)])
        out, err = capsys.readouterr()
        outcomes[code] = outcomes.get(code, 0) + 1
        assert "Traceback" not in out + err
        if code == 0:
            assert verify(load_bundle(target.read_bytes())).ok, (n, position)
        else:
            assert code in (1, 2) and len(err.strip().splitlines()) == 1, (n, err)
            assert not target.exists()
        for leftover in tmp_path.glob(f"flip{n}.sqlite3*"):
            leftover.unlink()
    shutil.rmtree(tmp_path / "unused", ignore_errors=True)
    assert sum(outcomes.values()) == FLIPS


def test_a_changed_last_event_is_found_before_any_change(db_url: str) -> None:
    service = _imported(db_url)
    _tamper(service, "UPDATE events SET data = '{\"reason\":\"otra\"}' WHERE seq = "
                     "(SELECT MAX(seq) FROM events)")
    with pytest.raises(ChangeRefused, match="last event of the log was altered"):
        service.add_observation(DEMO, "una más")


def test_a_last_event_rewritten_to_the_same_meaning_is_found_too(db_url: str) -> None:
    """The tail is checked on the stored text itself (its canonical form), not on what it
    parses to: a copy re-serialized by another tool is not the one written."""
    service = _imported(db_url)
    _tamper(service, "UPDATE events SET data = data || ' ' WHERE seq = "
                     "(SELECT MAX(seq) FROM events)")
    with pytest.raises(ChangeRefused, match="last event of the log was altered"):
        service.add_observation(DEMO, "una más")
