"""The extracts folder: which files are there, which pass the contract, and the snapshot the queries run on."""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from logframe import ROOT, db
from logframe.periods import try_parse_period
from logframe.registry import Registry, load_registry
from logframe.validate import FileReport, validate_file

ENV_VAR = "LOGFRAME_EXTRACTS_DIR"
MIN_COUNT_VAR = "LOGFRAME_MIN_COUNT"  # small-number threshold; default 5
DEFAULT_DIR = ROOT / "data" / "extracts"

Fingerprint = tuple[tuple[str, int, int], ...]


def extracts_dir() -> Path:
    """The extracts folder: $LOGFRAME_EXTRACTS_DIR if set, else data/extracts."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR).resolve()


def fingerprint(folder: Path | None = None) -> Fingerprint:
    """(path, size, mtime in ns) of every *.parquet file under the folder, recursively; changes when any file does."""
    folder = folder or extracts_dir()
    found = []
    for path in sorted(folder.rglob("*.parquet")) if folder.is_dir() else ():
        try:
            st = path.stat()
        except OSError:  # removed between listing and stat
            continue
        if path.is_file():
            found.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(found)


def min_count() -> int:
    """Counts below this are suppressed everywhere ($LOGFRAME_MIN_COUNT, default 5)."""
    try:
        return max(int(os.environ.get(MIN_COUNT_VAR, "5")), 0)
    except ValueError:
        return 5


@dataclass(frozen=True)
class Snapshot:
    """The validated extracts at one fingerprint: what every query runs on."""
    folder: str
    fingerprint: Fingerprint
    reports: tuple[FileReport, ...]
    taken_at: float

    @property
    def valid(self) -> tuple[FileReport, ...]:
        return tuple(r for r in self.reports if r.ok)

    @property
    def rejected(self) -> tuple[FileReport, ...]:
        return tuple(r for r in self.reports if not r.ok)

    def params(self) -> dict:
        """The bound parameters every query over the staging macro needs."""
        valid = self.valid or (_empty_report(),)
        labels = sorted({p for r in valid for p in r.periods})
        periods = []
        for label in labels:
            p = try_parse_period(label)
            periods.append({"label": label, "kind": p.kind, "start_year": p.start_year,
                            "end_year": p.end_year, "position": p.position})
        return {
            "min_count": min_count(),
            "files": [r.data_path or r.path for r in valid],
            "extracts": [{"path": r.data_path or r.path, "origin": r.path, "mtime": r.mtime,
                          "illustrative": r.illustrative} for r in valid],
            "periods": periods or [{"label": "", "kind": "", "start_year": 0.0, "end_year": 0.0, "position": 0.0}],
        }

    def run(self, name: str, **params) -> pd.DataFrame:
        """Run a named query over this snapshot's valid extracts."""
        return db.run(name, **self.params(), **params)


_cache: dict[tuple[str, int, int], FileReport] = {}
_cache_lock = threading.Lock()


def _report(entry: tuple[str, int, int], registry: Registry) -> FileReport:
    # A file is re-validated only when its path, size or modification time changes.
    with _cache_lock:
        hit = _cache.get(entry)
    if hit is None:
        hit = validate_file(entry[0], registry)
        with _cache_lock:
            _cache[entry] = hit
    return hit


def take_snapshot(folder: Path | None = None, registry: Registry | None = None) -> Snapshot:
    """Validate every extract under the folder (cached per file version) and return the snapshot."""
    folder = folder or extracts_dir()
    return _snapshot(str(folder), fingerprint(folder), registry or load_registry())


def snapshot_of(paths: list[Path], registry: Registry | None = None) -> Snapshot:
    """A snapshot of the given files (for the validate command)."""
    fp = []
    for path in paths:
        st = Path(path).stat()
        fp.append((str(Path(path).resolve()), st.st_size, st.st_mtime_ns))
    return _snapshot("", tuple(fp), registry or load_registry())


def _snapshot(folder: str, fp: Fingerprint, registry: Registry) -> Snapshot:
    reports = []
    for entry in fp:
        try:
            reports.append(_report(entry, registry))
        except FileNotFoundError:  # removed while we looked
            continue
    return Snapshot(folder=folder, fingerprint=fp, reports=tuple(reports), taken_at=time.time())


_EMPTY: FileReport | None = None


def _empty_report() -> FileReport:
    """A contract-shaped Parquet file with no rows, so queries still run when no extract is valid."""
    global _EMPTY
    if _EMPTY is None:
        import tempfile
        path = Path(tempfile.mkdtemp(prefix="logframe-empty-")) / "empty.parquet"
        schema = pa.schema([("indicator_id", pa.string()), ("area_code", pa.string()), ("period", pa.string()),
                            ("value", pa.float64())])
        pq.write_table(schema.empty_table(), path)
        _EMPTY = FileReport(path=str(path), size=path.stat().st_size, mtime=0.0)
    return _EMPTY


def reports_frame(snapshot: Snapshot) -> pd.DataFrame:
    """One row per extract file for the Data page: where it is, what it covers, and whether it is used."""
    folder = Path(snapshot.folder) if snapshot.folder else None
    rows = []
    for r in snapshot.reports:
        path = Path(r.path)
        shown = str(path.relative_to(folder)) if folder and path.is_relative_to(folder) else str(path)
        rows.append({
            "file": shown,
            "status": "✔ OK" if r.ok else "✖ Rejected",
            "data": "Illustrative" if r.illustrative else "Real",
            "size (KB)": round(r.size / 1024, 1),
            "modified": pd.Timestamp(r.mtime, unit="s", tz="UTC").tz_convert("Europe/London").strftime("%d %b %Y %H:%M"),
            "rows": r.n_rows if r.ok else None,
            "indicators": len(r.indicators) if r.ok else None,
            "areas": len(r.areas) if r.ok else None,
            "periods": f"{r.periods[0]} to {r.periods[-1]}" if r.ok and r.periods else "",
            "format": "Fingertips export" if r.kind == "fingertips" else "contract",
            "problems": "; ".join(p.message for p in r.problems),
        })
    return pd.DataFrame(rows)
