"""A throw-away PostgreSQL server for the test session.

Uses ``CLAR_TEST_PG_URL`` when set (a server someone already runs). Otherwise it finds
``initdb`` and ``pg_ctl`` (PATH, /usr/local/bin, /usr/lib/postgresql/*/bin), creates a cluster
in a temporary folder and starts it on a free loopback port. PostgreSQL refuses to run as
root, so as root both run as the ``postgres`` user through ``runuser``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

URL_VARIABLE = "CLAR_TEST_PG_URL"
SERVER_USER = "postgres"
START_TIMEOUT_SECONDS = 60


class ServerUnavailable(RuntimeError):
    """No PostgreSQL server can be had on this machine."""


@dataclass(frozen=True)
class PostgresServer:
    """A running server: ``admin_url`` points at its maintenance database."""

    admin_url: URL

    def url_for(self, database: str) -> URL:
        return self.admin_url.set(database=database)

    @contextlib.contextmanager
    def fresh_database(self) -> Iterator[URL]:
        """Create a uniquely named empty database, yield its URL, drop it afterwards."""
        name = f"clar_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                yield self.url_for(name)
            finally:
                with admin.connect() as connection:
                    # FORCE closes connections a test left open (PostgreSQL 13+).
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


def find_server_binaries() -> tuple[Path, Path] | None:
    """``(initdb, pg_ctl)`` from PATH, /usr/local/bin or the newest /usr/lib/postgresql."""
    directories: list[Path] = []
    if found := shutil.which("initdb"):
        directories.append(Path(found).parent)
    directories.append(Path("/usr/local/bin"))
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    directories.extend(versions)
    for directory in directories:
        initdb, pg_ctl = directory / "initdb", directory / "pg_ctl"
        if initdb.is_file() and pg_ctl.is_file():
            return initdb, pg_ctl
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LocalCluster:
    """A cluster of our own in a temporary folder; :meth:`start` and :meth:`stop` it."""

    def __init__(self, initdb: Path, pg_ctl: Path) -> None:
        self.initdb, self.pg_ctl = initdb, pg_ctl
        self.as_root = os.geteuid() == 0
        # As root, TMPDIR may sit where the postgres user cannot enter; /tmp is open to all.
        scratch = "/tmp" if self.as_root else None
        self.folder = Path(tempfile.mkdtemp(prefix="clar-pg-", dir=scratch))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = 0
        if self.as_root:
            try:
                account = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise ServerUnavailable(
                    f"running as root but there is no {SERVER_USER!r} user to run PostgreSQL"
                ) from None
            os.chown(self.folder, account.pw_uid, account.pw_gid)

    def _run(self, *command: str | Path) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", SERVER_USER, "--"] if self.as_root else []
        return subprocess.run(
            [*prefix, *map(str, command)],
            cwd=self.folder,  # the postgres user may not enter the caller's folder
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=START_TIMEOUT_SECONDS * 2,
        )

    def start(self) -> URL:
        # C.UTF-8 keeps sorting deterministic and upper()/lower() right for ñ and á; plain C
        # is the fallback for a system without that locale.
        for locale in ("C.UTF-8", "C"):
            done = self._run(
                self.initdb, "-D", self.data, "-A", "trust", "-U", SERVER_USER,
                "-E", "UTF8", f"--locale={locale}",
            )  # fmt: skip
            if done.returncode == 0:
                break
        else:
            raise ServerUnavailable(f"initdb failed:\n{done.stdout}{done.stderr}")
        # A free port can be taken between our probe and the server's bind: try a few.
        for _attempt in range(3):
            self.port = _free_port()
            options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on"
            done = self._run(
                self.pg_ctl, "-D", self.data, "-l", self.log, "-o", options,
                "-w", "-t", str(START_TIMEOUT_SECONDS), "start",
            )  # fmt: skip
            if done.returncode == 0:
                return URL.create(
                    "postgresql+psycopg",
                    username=SERVER_USER,
                    host="127.0.0.1",
                    port=self.port,
                    database="postgres",
                )
        log = self.log.read_text(errors="replace") if self.log.exists() else ""
        raise ServerUnavailable(f"pg_ctl start failed:\n{done.stdout}{done.stderr}\n{log}")

    def stop(self) -> None:
        if self.data.exists():
            self._run(self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A running server for as long as the context lasts; ``ServerUnavailable`` if none."""
    if configured := os.environ.get(URL_VARIABLE):
        yield PostgresServer(make_url(configured))
        return
    binaries = find_server_binaries()
    if binaries is None:
        raise ServerUnavailable(
            "no PostgreSQL server binaries (initdb, pg_ctl) in PATH, /usr/local/bin or "
            "/usr/lib/postgresql/*/bin; install the Debian package 'postgresql' or set "
            f"{URL_VARIABLE}"
        )
    cluster = LocalCluster(*binaries)
    try:
        yield PostgresServer(cluster.start())
    finally:
        cluster.stop()
