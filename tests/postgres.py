"""A throwaway PostgreSQL server for the tests, from Debian's packages, on loopback.

``PostgresServer.start`` runs initdb and pg_ctl in a temporary folder (as the ``postgres`` user
when the tests run as root, since PostgreSQL refuses to run as root) and ``new_database`` hands
each test an empty database. When PostgreSQL is not installed the tests that need it are skipped,
unless ``FACTBOT_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

REQUIRED = os.environ.get("FACTBOT_REQUIRE_POSTGRES") == "1"


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One PostgreSQL cluster for the test session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.port = _free_port()
        self.bindir = _bindir()
        self._names = itertools.count(1)

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def start(self) -> PostgresServer:
        """initdb and start the server; raises when PostgreSQL is missing."""
        if self.bindir is None:
            raise FileNotFoundError("PostgreSQL's initdb was not found (apt install postgresql)")
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                  "postgres", "--no-sync", "-E", "UTF8")
        self._launch()
        return self

    def _launch(self) -> None:
        assert self.bindir is not None
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-w",
                  "-l", str(self.root / "server.log"), "start")

    def start_again(self) -> None:
        """Start the stopped server again (its databases are kept)."""
        self._launch()

    def restart(self) -> None:
        """Restart the server as an administrator would (every connection drops); "fast" so
        that commits made with synchronous_commit off are flushed first."""
        self.stop(mode="fast")
        self._launch()

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server (immediately, unless another pg_ctl ``mode`` is given)."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "stop")

    def url(self, database: str = "postgres") -> str:
        """A connection URL."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a fresh, empty database."""
        import psycopg

        name = f"factbot_test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)


    def role_with_password(self, password: str) -> str:
        """The URL (without its password) of a new role that must log in with ``password``, to a
        database of its own: the cluster trusts every other login, so a ``pg_hba.conf`` line
        asks this one for it."""
        import psycopg

        name = f"factbot_login_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
            connection.execute(f"CREATE DATABASE {name} OWNER {name}")
            hba = self.data / "pg_hba.conf"
            hba.write_text(f"host all {name} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
            connection.execute("SELECT pg_reload_conf()")
        url = f"postgresql://{name}@127.0.0.1:{self.port}/{name}"
        deadline = time.monotonic() + 30
        while True:  # the postmaster reloads its configuration when it gets to it
            try:
                psycopg.connect(url, password="not-" + password).close()
            except psycopg.OperationalError:
                return url
            assert time.monotonic() < deadline, "pg_hba.conf was not reloaded within 30 s"
            time.sleep(0.1)


def postgres_or_skip(server: PostgresServer | Exception) -> PostgresServer:
    """The server, or skip (fail under FACTBOT_REQUIRE_POSTGRES) when it could not start."""
    if isinstance(server, Exception):
        if REQUIRED:
            pytest.fail(f"PostgreSQL is required but could not start: {server}")
        pytest.skip(f"PostgreSQL not available: {server}")
    return server
