import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from logframe.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
# Validation verdicts and consolidated stores that tests cause go to a folder of their own, not the repo's .cache/
# (set before anything is imported that reads it; subprocesses such as the CLI and the server inherit it).
os.environ.setdefault("LOGFRAME_CACHE_DIR", tempfile.mkdtemp(prefix="logframe-test-cache-"))
# Likewise commentary: never the repo's state/ folder.
os.environ.setdefault("LOGFRAME_STATE_DIR", tempfile.mkdtemp(prefix="logframe-test-state-"))


@pytest.fixture(scope="session")
def registry():
    return load_registry()


OTHER_REGISTRY = ROOT / "tests" / "fixtures" / "other_registry"  # another partnership's small registry


@pytest.fixture(scope="session")
def other():
    """The other partnership's registry (tests/fixtures/other_registry)."""
    return load_registry(OTHER_REGISTRY)


@pytest.fixture(scope="session")
def other_extracts(other, tmp_path_factory):
    """An extracts folder of illustrative figures generated for the other partnership's registry."""
    from logframe.demo import write_illustrative
    folder = tmp_path_factory.mktemp("other_extracts")
    write_illustrative(other, folder / "illustrative")
    return folder


def write_extract(path: Path, rows: list[dict], schema: pa.Schema | None = None, mtime: float | None = None) -> Path:
    """Write rows as a Parquet extract (optionally with an explicit schema and modification time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows, schema=schema) if schema else pa.Table.from_pylist(rows)
    pq.write_table(table, path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def extracts(tmp_path, monkeypatch):
    """An empty extracts folder that the app and CLI are pointed at."""
    folder = tmp_path / "extracts"
    folder.mkdir()
    monkeypatch.setenv("LOGFRAME_EXTRACTS_DIR", str(folder))
    return folder
