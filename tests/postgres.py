"""A throwaway PostgreSQL server from Debian's postgresql package, in a temporary folder, for the state tests.

PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the unprivileged `postgres` user
(which Debian's package creates) through runuser, in a folder that user owns. It listens only on a Unix socket in
that folder, so it needs no free port and nothing else on the machine can reach it. fsync is off: the tests'
databases are thrown away.
"""
from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

PORT = 5499  # names the socket file only; no TCP port is opened


def bin_dir() -> Path | None:
    """The newest installed PostgreSQL's programs (Debian: /usr/lib/postgresql/<major>/bin), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    return Path(which).parent if which else None


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


@contextlib.contextmanager
def server() -> Iterator[str]:
    """Start a server; yield the SQLAlchemy URL of its `postgres` database; stop it and remove its folder."""
    programs = bin_dir()
    if programs is None:
        raise RuntimeError("PostgreSQL is not installed: run `make test`, which installs Debian's postgresql")
    root = Path(tempfile.mkdtemp(prefix="logframe-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
    log = root / "server.log"
    run = lambda *argv: subprocess.run(_as_server_user([str(programs / argv[0]), *argv[1:]]),  # noqa: E731
                                       check=True, capture_output=True, text=True)
    try:
        run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8",
            "--locale=C")
        run("pg_ctl", "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
            f"-c listen_addresses='' -c unix_socket_directories={root} -p {PORT} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off", "start")
    except subprocess.CalledProcessError as exc:
        detail = log.read_text() if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{detail}") from None
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={root}&port={PORT}"
    finally:
        subprocess.run(_as_server_user([str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                                        "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """Create an empty database on the server; its URL."""
    import sqlalchemy as sa

    eng = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))  # name: the tests' own, never outside input
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return url.replace("/postgres?", f"/{name}?")
