"""Opening a database: URL resolution, SQLite durability settings, migrations on open.

SQLite (the default, in the user's data folder) runs in WAL mode with ``synchronous=FULL``,
so a commit is on disk when it returns, and every transaction begins ``IMMEDIATE`` so that
two writers (the secretary's app and ``clar-desktop record``) queue instead of failing.
PostgreSQL is reached through psycopg 3 with any SQLAlchemy URL.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ..domain.errors import N_
from ..paths import default_database_path

MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseError(Exception):
    """The database cannot be opened or used; carries a translatable template."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    def render(self, translate: Any = None) -> str:
        template = translate(self.template) if callable(translate) else self.template
        return template.format(**self.params)


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


def open_database(db: str | None = None, migrate: bool = True) -> Engine:
    """An engine on the resolved database, its schema brought up to date.

    Raises `DatabaseError` for an unreachable server or a database written by a newer
    version of this program."""
    url = resolve_url(db)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as error:
        raise DatabaseError(N_("cannot use the database {url}: {error}"),
                            url=parsed.render_as_string(hide_password=True),
                            error=str(error)) from None
    if parsed.get_backend_name() == "sqlite":
        _sqlite_settings(engine)
    if migrate:
        upgrade(engine)
    return engine


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Apply pending migrations; refuse a database whose schema this version does not know."""
    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    try:
        revision = current_revision(engine)
    except Exception as error:  # a driver error: unreachable server, not a database file…
        raise DatabaseError(N_("cannot open the database {url}: {error}"),
                            url=engine.url.render_as_string(hide_password=True),
                            error=str(error).splitlines()[0]) from None
    if revision is None and inspect(engine).get_table_names():
        raise DatabaseError(N_("{url} is not a CLAR Desktop database (it holds other tables); "
                               "choose another file"),
                            url=engine.url.render_as_string(hide_password=True))
    known = {rev.revision for rev in script.walk_revisions()}
    if revision is not None and revision not in known:
        raise DatabaseError(N_("this database was written by a newer version of CLAR Desktop "
                               "(schema {revision}); install the newer version to open it"),
                            revision=revision)
    if revision == script.get_current_head():
        return
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
