"""The central tables beside the contest store's, in one database: each command finds what
it needs, only ingest creates, and hostile file names stay one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from clar_desktop.demo import demo_session_bundle
from tests.central.helpers import office_bundle, run, url_of, write


def test_one_database_holds_contests_and_the_central_office(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, db_url: str) -> None:
    demo = write(tmp_path / "demo.json", demo_session_bundle())
    assert run(capsys, "import", str(demo), "--db", db_url)[0] == 0
    # a contest database with no central data yet: refused, and left as it was
    status, out, err = run(capsys, "central", "indicators", "--db", db_url)
    assert status == 1 and out == "" and "central ingest" in err
    assert not any(t.startswith("central_") for t in
                   inspect(create_engine(url_of(db_url))).get_table_names())
    bundle = write(tmp_path / "oficina.json", office_bundle())
    assert run(capsys, "central", "ingest", str(bundle), str(demo), "--db", db_url)[0] == 0
    status, out, _err = run(capsys, "list", "--db", db_url)
    assert status == 0 and "llusco-2026-1" in out and "ol-a-2026-1" not in out
    assert run(capsys, "check", "--db", db_url)[0] == 0
    status, out, _err = run(capsys, "central", "indicators", "--format", "json", "--db", db_url)
    assert status == 0 and json.loads(out)["groups"][0]["contests"] == 2


def test_ingest_makes_a_database_every_command_opens(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "nuevo" / "central.sqlite3"
    bundle = write(tmp_path / "oficina.json", office_bundle())
    assert run(capsys, "central", "ingest", str(bundle), "--db", str(db))[0] == 0
    status, out, _err = run(capsys, "list", "--db", str(db))
    assert status == 0
    demo = write(tmp_path / "demo.json", demo_session_bundle())
    assert run(capsys, "import", str(demo), "--db", str(db))[0] == 0


def test_a_newer_central_schema_is_refused(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    db = tmp_path / "central.sqlite3"
    bundle = write(tmp_path / "oficina.json", office_bundle())
    run(capsys, "central", "ingest", str(bundle), "--db", str(db))
    engine = create_engine(url_of(str(db)))
    with engine.begin() as connection:
        connection.execute(text("UPDATE central_alembic_version SET version_num = 'c9999'"))
    engine.dispose()
    status, _out, err = run(capsys, "central", "conflicts", "--db", str(db))
    assert status == 1 and "c9999" in err


def test_a_file_name_never_drives_the_terminal(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write(inbox / "ofi\x1b[2Jcina\u202e.json", office_bundle())
    (inbox / "mal\nnombre.json").write_text("{", encoding="utf-8")
    status, out, err = run(capsys, "central", "ingest", str(inbox), "--db",
                           str(tmp_path / "c.sqlite3"))
    assert status == 1 and err == ""
    lines = out.splitlines()
    assert len(lines) == 2
    assert "\x1b" not in out and "\u202e" not in out
    assert any("\\x1b[2Jcina\\u202e.json" in line and line.startswith("new ")
               for line in lines)
    assert any("mal\\nnombre.json" in line and line.startswith("refused ") for line in lines)


def test_indicators_on_an_engine_the_contest_store_opened(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from clar_desktop.central.indicators import indicators
    from clar_desktop.store.database import open_database

    db = tmp_path / "c.sqlite3"
    bundle = write(tmp_path / "oficina.json", office_bundle())
    run(capsys, "central", "ingest", str(bundle), "--db", str(db))
    engine = open_database(str(db))
    try:
        with engine.connect() as connection:  # a connection pooled before the query
            connection.execute(text("SELECT 1"))
        assert indicators(engine, ("office",))[0].figures["awarded"] != "0.00"
    finally:
        engine.dispose()
