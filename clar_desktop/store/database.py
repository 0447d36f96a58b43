"""Opening a database: URL resolution, SQLite durability settings, migrations on open.

SQLite (the default, in the user's data folder) runs in WAL mode with ``synchronous=FULL``,
so a commit is on disk when it returns, and every transaction begins ``IMMEDIATE`` so that
two writers (the secretary's app and ``clar-desktop record``) queue instead of failing.
PostgreSQL is reached through psycopg 3 with any SQLAlchemy URL.

Only a command that creates a database (``import``, ``demo``, the app's own default
database or its "create it here") opens with ``create=True``. Every other opening
refuses a SQLite file that is missing, empty or not CLAR Desktop's, and a PostgreSQL
database without our schema, and changes nothing on disk; a CLAR Desktop database whose
schema is older is still migrated (that is an upgrade, not a creation).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ..domain.errors import N_
from ..paths import default_database_path
from .errors import DatabaseError, EmptyDatabase, MissingDatabase

__all__ = ["DatabaseError", "EmptyDatabase", "MissingDatabase", "open_database",
           "resolve_url"]

MIGRATIONS = Path(__file__).with_name("migrations")


SQLITE_HEADER = b"SQLite format 3\x00"
NOT_OURS = N_("{url} is not a CLAR Desktop database (it holds other tables); choose another "
              "file")


def resolve_url(db: str | None) -> str:
    """The SQLAlchemy URL to use: ``--db``, else ``CLAR_DB``, else the default SQLite file.

    A plain file path is accepted too and means a SQLite database in that file."""
    value = db or os.environ.get("CLAR_DB")
    if not value:
        return f"sqlite:///{default_database_path()}"
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    try:
        make_url(value)
    except ArgumentError:
        raise DatabaseError(N_("{url} is not a database URL"), url=value) from None
    if value.startswith("postgresql://") or value.startswith("postgres://"):
        # psycopg 3 is the supported driver; a bare postgresql:// URL would ask for psycopg2.
        value = "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event emit BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def open_database(db: str | None = None, migrate: bool = True, *,
                  create: bool = False) -> Engine:
    """An engine on the resolved database, its schema brought up to date.

    ``create``: a missing SQLite file (and its folders) or an empty one, or an empty
    PostgreSQL database, is made a new CLAR Desktop database. Without it they are refused
    (`MissingDatabase`, `DatabaseError`) and nothing is written. Raises `DatabaseError` too
    for an unreachable server, a file that is not CLAR Desktop's, or a database written by
    a newer version of this program."""
    url = resolve_url(db)
    parsed = make_url(url)
    file = _sqlite_file(parsed)
    if file is not None:
        _check_sqlite_file(file, create)
        if create:
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseError(N_("cannot open the database {url}: {error}"),
                                    url=str(file), error=error.strerror or error) from None
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as error:
        raise DatabaseError(N_("cannot use the database {url}: {error}"),
                            url=parsed.render_as_string(hide_password=True),
                            error=str(error)) from None
    if parsed.get_backend_name() == "sqlite":
        _sqlite_settings(engine)
    if migrate:
        upgrade(engine, create=create)
    return engine


def _sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL; None for an in-memory database or a ``file:`` URI."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database)


def _check_sqlite_file(path: Path, create: bool) -> None:
    """Refuse, before SQLite touches it, a file that is not a CLAR Desktop database (and,
    unless creating, one that is missing or empty). Problems of access are left for SQLite
    to report."""
    try:
        status = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        if create:
            return
        raise MissingDatabase(path) from None
    except OSError:
        return
    if stat.S_ISDIR(status.st_mode):
        raise DatabaseError(N_("{path} is a folder, not a database file"), path=str(path))
    if status.st_size == 0:
        wal = path.with_name(path.name + "-wal")
        if create or (wal.exists() and wal.stat().st_size > 0):
            return  # nothing to lose; or its contents are still in the write-ahead log
        raise EmptyDatabase(str(path))
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return
    if header != SQLITE_HEADER:
        raise DatabaseError(N_("{path} is not a CLAR Desktop database (it is not a SQLite "
                               "file); choose another file"), path=str(path))
    tables = _sqlite_tables(path)
    if tables is None or "alembic_version" in tables:
        return
    if tables:
        raise DatabaseError(NOT_OURS, url=str(path))
    if not create:
        raise EmptyDatabase(str(path))


def _sqlite_tables(path: Path) -> set[str] | None:
    """The tables of a SQLite file, read without writing to it; None if it cannot be read
    that way (SQLite then says why when the engine opens it)."""
    try:
        uri = path.resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=30)) as connection:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return {str(row[0]) for row in rows}
    except (sqlite3.Error, ValueError, OSError):
        return None


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, *, create: bool = False) -> None:
    """Apply pending migrations; refuse a database whose schema this version does not know,
    and (unless ``create``) one that has no schema yet."""
    config = _alembic_config()
    try:
        revision = current_revision(engine)
    except Exception as error:  # a driver error: unreachable server, not a database file…
        raise DatabaseError(N_("cannot open the database {url}: {error}"),
                            url=engine.url.render_as_string(hide_password=True),
                            error=str(error).splitlines()[0]) from None
    if revision is None:
        shown = engine.url.render_as_string(hide_password=True)
        if inspect(engine).get_table_names():
            # Another process may have made the schema (tables and version in one
            # transaction) between the two reads: the version is read again before the
            # tables count as not ours.
            revision = current_revision(engine)
            if revision is None:
                raise DatabaseError(NOT_OURS, url=shown)
        elif not create:
            raise EmptyDatabase(shown)
    migrate_to_head(engine, config, revision)


def migrate_to_head(engine: Engine, config: Config, revision: str | None) -> None:
    """Bring the schema of ``config``'s migrations from ``revision`` to its head, in one
    transaction; refuse a revision this version does not know (a newer program's)."""
    script = ScriptDirectory.from_config(config)
    if revision is not None and revision not in {r.revision for r in script.walk_revisions()}:
        raise DatabaseError(N_("this database was written by a newer version of CLAR Desktop "
                               "(schema {revision}); install the newer version to open it"),
                            revision=revision)
    if revision == script.get_current_head():
        return
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
