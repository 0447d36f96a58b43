"""Fixtures every test can use: databases (SQLite, PostgreSQL) and a predictable language.

- ``sqlite_url``: a fresh SQLite file in the test's temporary folder.
- ``postgres_server`` (session): a PostgreSQL server, see tests/pgserver.py.
- ``postgres_url``: a fresh, uniquely named database on that server, dropped afterwards.
- ``db_url``: runs a test twice, on SQLite and on PostgreSQL (that run is marked
  ``postgres``, so ``-m "not postgres"`` leaves it out).

Database URLs are plain strings, ready for ``create_engine`` or the command line.

Where no PostgreSQL can be had, PostgreSQL tests are skipped on a developer's machine and fail
in CI (``CI`` set), so a CI run never passes without them.

Every test starts in Spanish (``CLAR_LANG=es``, whatever the machine's locale) and a test that
switches language is switched back afterwards.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pgserver

# Before anything imports Qt: no screen is needed, here or in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The machine's LANG must not decide what the tests see.
os.environ["CLAR_LANG"] = "es"
# Nor the user's own data folder (remembered choices, the default database): each run has a
# fresh one, which the programs the tests start inherit.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="clar-tests-data-")
TEST_LANGUAGE = "es"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    from clar_desktop import i18n

    yield
    if i18n.current_language() != TEST_LANGUAGE:
        i18n.set_language(TEST_LANGUAGE)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite database file that does not exist yet, in this test's own folder."""
    return f"sqlite:///{tmp_path / 'clar.sqlite3'}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pgserver.PostgresServer]:
    """One PostgreSQL server for the whole session, stopped at its end."""
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(pgserver.postgres_server())
        except pgserver.ServerUnavailable as problem:
            reason = str(problem)
        else:
            reason = ""
        # Outside the except block, so the report shows one sentence, not a chained traceback.
        if reason:
            message = f"PostgreSQL is not available: {reason}"
            if _in_ci():
                pytest.fail(message + " (CI must run the PostgreSQL tests)", pytrace=False)
            pytest.skip(message)
        yield server


@pytest.fixture
def postgres_url(postgres_server: pgserver.PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database of this test's own, dropped afterwards."""
    with postgres_server.fresh_database() as url:
        yield url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database: the test runs once on SQLite, once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))
