"""Opening the central office's database: the contest store's schema (so the same database
stays a CLAR Desktop database the app and every command open), then the central tables,
each under its own Alembic history and version table.

Only ``central ingest`` creates: a missing SQLite file, an empty one, or an empty
PostgreSQL database becomes a CLAR Desktop database with the central tables; a CLAR Desktop
database without them gains them. Every other central command creates nothing and refuses
a database without the central tables (`NoCentralData`).

Several ingest processes may start at once on a database that has no schema yet: on
PostgreSQL the migrations run under a session advisory lock, so one creates the tables and
the others then find them made.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, text

from ..domain.errors import N_
from ..store.database import open_database
from ..store.errors import DatabaseError
from .schema import VERSION_TABLE

MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_LOCK = 0x434C4152  # "CLAR": the advisory lock taken while the schema is migrated


class NoCentralData(DatabaseError):
    """A CLAR Desktop database into which no bundle was ever ingested."""

    def __init__(self, url: str) -> None:
        super().__init__(N_("{url} holds no central office data yet; clar-desktop central "
                            "ingest stores the first bundles"), url=url)


def open_central(db: str | None, *, create: bool = False) -> Engine:
    """An engine on the database, the contest store's and the central schema up to date.

    ``create`` (ingest): make whatever is missing. Otherwise refuse, changing nothing, what
    the contest store refuses and a database without the central tables. Raises
    `DatabaseError` (and its `MissingDatabase`, `EmptyDatabase`, `NoCentralData`)."""
    engine = open_database(db, migrate=False, create=create)
    try:
        with _schema_lock(engine):
            _upgrade(engine, create)
    except DatabaseError:
        engine.dispose()
        raise
    return engine


def _upgrade(engine: Engine, create: bool) -> None:
    from ..store.database import migrate_to_head
    from ..store.database import upgrade as upgrade_store

    upgrade_store(engine, create=create)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        revision = MigrationContext.configure(
            connection, opts={"version_table": VERSION_TABLE}).get_current_revision()
    if revision is None and not create:
        raise NoCentralData(engine.url.render_as_string(hide_password=True))
    migrate_to_head(engine, config, revision)


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL, one process at a time migrates (a session advisory lock, held on a
    connection of its own). SQLite's migrations already begin IMMEDIATE."""
    if engine.dialect.name != "postgresql":
        yield
        return
    try:
        connection = engine.connect()
    except Exception as error:  # an unreachable server: said like the store says it
        raise DatabaseError(N_("cannot open the database {url}: {error}"),
                            url=engine.url.render_as_string(hide_password=True),
                            error=str(error).splitlines()[0]) from None
    with connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SCHEMA_LOCK})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SCHEMA_LOCK})
            connection.commit()


class _ExactSum:
    """SQLite's SUM over amounts kept as text, exactly (SQLite itself would add floats)."""

    def __init__(self) -> None:
        self.total: Decimal | None = None

    def step(self, value: Any) -> None:
        if value is not None:
            self.total = (self.total or Decimal(0)) + Decimal(str(value))

    def finalize(self) -> str | None:
        return None if self.total is None else format(self.total, "f")


def exact_sums(connection: Connection) -> None:
    """Give a SQLite connection the exact aggregate the indicators add amounts with (on any
    engine, also one the contest store opened); nothing to do on PostgreSQL."""
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.create_aggregate("exact_sum", 1, _ExactSum)


def compress(data: bytes) -> bytes:
    return zlib.compress(data, 6)


def decompress(data: bytes, contest: str) -> bytes:
    """A stored bundle's bytes; a damaged copy is one sentence, not a traceback."""
    try:
        return zlib.decompress(data)
    except zlib.error as error:
        raise DatabaseError(N_("the stored bundle of contest {contest} is damaged ({error}); "
                               "ingest the office's copy again"),
                            contest=contest, error=str(error)) from None
