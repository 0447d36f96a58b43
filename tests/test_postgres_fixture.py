"""The database fixtures give a working, empty database of each kind."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text


@pytest.mark.postgres
def test_postgres_url_reaches_a_running_server(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
            database = connection.execute(text("SELECT current_database()")).scalar_one()
    finally:
        engine.dispose()
    assert postgres_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    assert postgres_url.endswith("/" + database)


def test_each_database_starts_empty_and_writable(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE probe (value TEXT)"))
            connection.execute(text("INSERT INTO probe VALUES ('ñandú')"))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT value FROM probe")).scalar_one() == "ñandú"
    finally:
        engine.dispose()
