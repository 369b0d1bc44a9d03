"""The commentary store on both databases it supports: an SQLite file, and a real PostgreSQL server from Debian's
package (started once for the session in a temporary folder; each test gets a database of its own)."""
import itertools
import os

import pytest

from logframe import state
from tests import postgres


@pytest.fixture(scope="session")
def postgres_server():
    if postgres.bin_dir() is None and not os.environ.get("CI"):
        pytest.skip("PostgreSQL is not installed: run `make db-deps` or `make test`")
    with postgres.server() as url:
        yield url


_names = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / state.SQLITE_FILE}"
    server = request.getfixturevalue("postgres_server")
    return postgres.fresh_database(server, f"t{os.getpid()}_{next(_names)}")


@pytest.fixture
def store(database_url):
    return state.Store(database_url)
