"""DuckDB: one connection per process, named SQL files from queries/, values always bound as parameters."""
from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

import duckdb
import pandas as pd

from logframe import ROOT
from logframe.config import settings

QUERIES_DIR = ROOT / "queries"
MACROS = ("stg_observations",)  # files that define macros rather than return rows
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_lock = threading.Lock()
_connection: duckdb.DuckDBPyConnection | None = None


@cache
def load_sql(name: str) -> str:
    """The text of queries/<name>.sql; the name must be a plain identifier of an existing file."""
    if not _NAME.match(name) or not (QUERIES_DIR / f"{name}.sql").is_file():
        raise ValueError(f"no query named {name!r} in {QUERIES_DIR}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def connection() -> duckdb.DuckDBPyConnection:
    """The process's DuckDB connection (in memory, with the staging macros); use a cursor per query."""
    global _connection
    with _lock:
        if _connection is None:
            con = duckdb.connect(":memory:", config={"threads": settings().threads})
            for name in MACROS:
                con.execute(load_sql(name))
            _connection = con
        return _connection


def _bind(name: str, params: dict[Any, Any]) -> tuple[str, dict[Any, Any]]:
    sql = load_sql(name)
    used = set(re.findall(r"\$([a-z_][a-z0-9_]*)", sql))
    missing = used - params.keys()
    if missing:
        raise TypeError(f"query {name} needs parameters {sorted(missing)}")
    return sql, {k: v for k, v in params.items() if k in used}


def run(name: str, **params: Any) -> pd.DataFrame:
    """Run queries/<name>.sql with named parameters bound by DuckDB, on a fresh cursor."""
    sql, bound = _bind(name, params)
    cur = connection().cursor()
    try:
        return cur.execute(sql, bound).df()
    finally:
        cur.close()


def run_on(source: Any, name: str, **params: Any) -> pd.DataFrame:
    """Run queries/<name>.sql over an Arrow table registered as the view `source`, on a fresh cursor (the way the
    importers read a downloaded file whose layout they have recognised)."""
    sql, bound = _bind(name, params)
    cur = connection().cursor()
    try:
        cur.register("source", source)
        return cur.execute(sql, bound).df()
    finally:
        cur.close()


def write_parquet(name: str, path: str, threads: int = 1, **params: Any) -> None:
    """Run queries/<name>.sql, a COPY ... TO $out statement, writing Parquet to path, streaming, on a connection of
    its own (one thread by default, so that background work leaves the other cores to the pages)."""
    sql, bound = _bind(name, {**params, "out": path})
    con = duckdb.connect(":memory:", config={"threads": threads})
    try:
        con.execute("SET enable_progress_bar = false")
        for macro in MACROS:
            con.execute(load_sql(macro))
        con.execute(sql, bound)
    finally:
        con.close()
