"""Only the commands that create a database create one (import, demo).

Every other command refuses a database that is not there (exit 2: a mistyped ``--db`` is
invalid input) or that is empty or not CLAR Desktop's (exit 1), in one line, and leaves
the disk as it found it: no folder, no file, no byte changed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from clar_desktop.cli import main
from clar_desktop.store.database import current_revision
from tests.helpers import EXAMPLE

CONTEST = "colquemarca-2026-1"
READ_ONLY = [["list"], ["export", CONTEST, "-o", "{out}/x.json"],
             ["minutes", CONTEST, "-o", "{out}/acta.pdf"],
             ["certificates", CONTEST, "-o", "{out}/c.pdf"]]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _tree(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder``, with a digest of each file's bytes."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest()
                                         if p.is_file() else "folder")
            for p in sorted(folder.rglob("*"))}


def _argv(command: list[str], db: str, out: Path) -> list[str]:
    return [part.format(out=out) for part in command] + ["--db", db]


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda c: c[0])
def test_a_mistyped_database_is_refused_and_nothing_is_created(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    (tmp_path / "work").mkdir()
    for db, said in ((tmp_path / "work" / "clar.sqlite3", "there is no database at"),
                     (tmp_path / "wrok" / "sub" / "clar.sqlite3", "nor a folder")):
        code, out, err = run(capsys, *_argv(command, str(db), tmp_path))
        assert code == 2, err
        assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert said in err and str(db) in err and "import" in err
        assert _tree(tmp_path) == {"work": "folder"}


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda c: c[0])
def test_an_empty_file_is_refused_and_stays_empty(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    code, out, err = run(capsys, *_argv(command, str(empty), tmp_path))
    assert code == 1, err
    assert len(err.strip().splitlines()) == 1
    assert "holds no CLAR Desktop database yet" in err
    assert empty.stat().st_size == 0
    assert _tree(tmp_path) == {"empty.db": hashlib.sha256(b"").hexdigest()}


def test_an_empty_sqlite_database_is_not_one_of_ours_yet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "blank.sqlite3"
    sqlite3.connect(path).execute("VACUUM").connection.close()  # a valid file, no tables
    before = _tree(tmp_path)
    code, _out, err = run(capsys, "list", "--db", str(path))
    assert code == 1 and "holds no CLAR Desktop database yet" in err
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("command", [["list"], ["import", str(EXAMPLE)]],
                         ids=["list", "import"])
def test_a_foreign_file_is_refused_byte_for_byte(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    """Not even SQLite's journal mode of another program's file is switched."""
    foreign = tmp_path / "places.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE bookmarks (url TEXT)")
    connection.close()
    text = tmp_path / "notes.db"
    text.write_text("not a database at all\n", encoding="utf-8")
    before = _tree(tmp_path)
    code, _out, err = run(capsys, *command, "--db", str(foreign))
    assert code == 1 and "not a CLAR Desktop database (it holds other tables)" in err
    code, _out, err = run(capsys, *command, "--db", str(text))
    assert code == 1 and "is not a SQLite file" in err
    assert _tree(tmp_path) == before


def test_a_folder_named_as_the_database_is_one_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "import", str(EXAMPLE), "--db", str(tmp_path))
    assert code == 1 and err.strip().endswith(f"{tmp_path} is a folder, not a database file")


def test_a_document_source_that_is_neither_says_both(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "minutes", "acta.json", "--db",
                          str(tmp_path / "clar.sqlite3"), "-o", str(tmp_path / "a.pdf"))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "acta.json is not a bundle file, and there is no database at" in err
    assert list(tmp_path.iterdir()) == []


def test_the_default_database_is_not_made_by_a_read_only_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAR_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, _out, err = run(capsys, "list")
    assert code == 2 and "there is no database at" in err and "import" in err
    assert not (tmp_path / "data").exists()
    assert run(capsys, "import", str(EXAMPLE))[0] == 0
    assert run(capsys, "list")[1].split() == [CONTEST]


def test_the_creating_commands_still_create(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    new = tmp_path / "new" / "folder" / "clar.sqlite3"
    assert run(capsys, "import", str(EXAMPLE), "--db", str(new))[0] == 0
    assert run(capsys, "list", "--db", str(new))[1].split() == [CONTEST]
    empty = tmp_path / "empty.sqlite3"
    empty.touch()  # a 0-byte file holds nothing to lose: import may make it a database
    assert run(capsys, "import", str(EXAMPLE), "--db", str(empty))[0] == 0
    assert run(capsys, "list", "--db", str(empty))[1].split() == [CONTEST]
    code, out, err = run(capsys, "demo", "--print", "--db", str(tmp_path / "d" / "demo.db"))
    assert code == 0, err


def test_record_needs_a_contest_so_it_makes_no_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO('{"action": "open"}\n'))
    code, out, err = run(capsys, "record", CONTEST, "--db", str(tmp_path / "r.sqlite3"))
    assert code == 2 and out == "" and "there is no database at" in err
    assert list(tmp_path.iterdir()) == []


def test_an_older_database_is_still_migrated_by_a_read_only_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    from clar_desktop.store.database import _alembic_config

    path = tmp_path / "old.sqlite3"
    config = _alembic_config()
    with create_engine(f"sqlite:///{path}").begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    code, out, err = run(capsys, "list", "--db", str(path))
    assert code == 0 and out == "", err
    head = ScriptDirectory.from_config(config).get_current_head()
    assert current_revision(create_engine(f"sqlite:///{path}")) == head


@pytest.mark.postgres
def test_an_empty_postgresql_database_gets_the_schema_only_from_import(
        postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "list", "--db", postgres_url)
    assert code == 1 and "holds no CLAR Desktop database yet" in err
    assert "password" not in err.lower()
    assert inspect(create_engine(postgres_url)).get_table_names() == []
    assert run(capsys, "import", str(EXAMPLE), "--db", postgres_url)[0] == 0
    assert run(capsys, "list", "--db", postgres_url)[1].split() == [CONTEST]


def test_a_schema_made_by_another_process_between_two_reads_is_ours(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three ingest processes on a new SQLite file: one reads "no schema version", another
    then commits the whole schema (tables and version together), and the first sees the
    tables. It must read the version again, not call the file another program's."""
    from clar_desktop.store import database

    engine = database.open_database(str(tmp_path / "d.sqlite3"), create=True)
    real = database.current_revision
    calls: list[int] = []

    def not_yet_then_real(e: object) -> str | None:
        calls.append(1)
        return None if len(calls) == 1 else real(e)  # type: ignore[arg-type]

    monkeypatch.setattr(database, "current_revision", not_yet_then_real)
    database.upgrade(engine, create=True)  # was: "… is not a CLAR Desktop database"
    assert len(calls) >= 2
    engine.dispose()
