"""The extracts folder: which files are there, which pass the contract, and the snapshot the queries run on."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from logframe import ROOT, db
from logframe.periods import try_parse_period
from logframe.registry import EXTRA_AREAS_FILE, Registry, load_registry
from logframe.validate import FileReport, Problem, validate_file

ENV_VAR = "LOGFRAME_EXTRACTS_DIR"
MIN_COUNT_VAR = "LOGFRAME_MIN_COUNT"  # small-number threshold; default 5
CACHE_VAR = "LOGFRAME_CACHE_DIR"  # where validation verdicts persist between runs; 'off' to keep them in memory only
DEFAULT_DIR = ROOT / "data" / "extracts"
DEFAULT_CACHE_DIR = ROOT / ".cache"

Fingerprint = tuple[tuple[str, int, int], ...]


def extracts_dir() -> Path:
    """The extracts folder: $LOGFRAME_EXTRACTS_DIR if set, else data/extracts."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR).resolve()


def fingerprint(folder: Path | None = None) -> Fingerprint:
    """(path, size, mtime in ns) of every *.parquet file under the folder, recursively, and of its areas.csv;
    changes when any file does."""
    folder = folder or extracts_dir()
    found = []
    for path, st in sorted(_parquet_files(str(folder)), key=lambda e: Path(e[0])):
        found.append((path, st.st_size, st.st_mtime_ns))
    extra = folder / EXTRA_AREAS_FILE  # the made-up areas some extracts use: a change re-validates them
    if extra.is_file():
        st = extra.stat()
        found.append((str(extra), st.st_size, st.st_mtime_ns))
    return tuple(found)


def _parquet_files(folder: str) -> list[tuple[str, os.stat_result]]:
    # os.scandir rather than Path.rglob: this runs on every rerun, and rglob stats each file twice.
    out, stack = [], [folder]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:  # not a folder, or removed while we looked
            continue
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                elif e.name.endswith(".parquet") and e.is_file():
                    out.append((e.path, e.stat()))
            except OSError:  # removed between listing and stat
                continue
    return out


def digest(fp: Fingerprint) -> str:
    """A short hash of a fingerprint: what caches are keyed by (hashing thousands of entries each rerun is slow)."""
    return hashlib.sha256(repr(fp).encode()).hexdigest()[:24]


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
    fingerprint: str  # digest() of the files' (path, size, mtime): short, so cache keys hash fast
    reports: tuple[FileReport, ...]
    taken_at: float
    files: Fingerprint = ()

    @property
    def valid(self) -> tuple[FileReport, ...]:
        return tuple(r for r in self.reports if r.ok)

    @property
    def rejected(self) -> tuple[FileReport, ...]:
        return tuple(r for r in self.reports if not r.ok)

    @cached_property
    def overlapping(self) -> frozenset[str]:
        """Paths of valid files that may hold a key another valid file also holds (only these need de-duplicating).

        Two files can share an indicator x area x period only if they share an indicator and period and an area;
        this is worked out from each file's coverage, without reading rows again.
        """
        by_cell: dict[tuple[str, str], list[FileReport]] = {}
        for r in self.valid:
            for cell in ((i, p) for i in r.indicators for p in r.periods):
                by_cell.setdefault(cell, []).append(r)
        areas: dict[str, frozenset[str]] = {}
        out: set[str] = set()
        for reports in by_cell.values():
            for n, a in enumerate(reports):
                for b in reports[n + 1:]:
                    if a.path in out and b.path in out:
                        continue
                    sa = areas.setdefault(a.path, frozenset(a.areas))
                    sb = areas.setdefault(b.path, frozenset(b.areas))
                    if not sa.isdisjoint(sb):
                        out.update((a.path, b.path))
        return frozenset(out)

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
                          "illustrative": r.illustrative, "may_overlap": r.path in self.overlapping}
                         for r in valid],
            "periods": periods or [{"label": "", "kind": "", "start_year": 0.0, "end_year": 0.0, "position": 0.0}],
        }

    def run(self, name: str, **params) -> pd.DataFrame:
        """Run a named query over this snapshot's valid extracts."""
        return db.run(name, **self.params(), **params)


_cache: dict[tuple, FileReport] = {}
_cache_lock = threading.Lock()
# What a verdict depends on besides the file and the registry: the validator's own code and queries.
_VALIDATOR_SOURCES = ("logframe/validate.py", "logframe/contract.py", "logframe/fingertips.py", "logframe/periods.py",
                      "queries/validate_rows.sql", "queries/extract_summary.sql", "queries/fingertips_rows.sql")
_validator_version: str | None = None


def cache_dir() -> Path | None:
    """Where validation verdicts persist ($LOGFRAME_CACHE_DIR, default .cache/), or None when switched off."""
    raw = os.environ.get(CACHE_VAR, "")
    if raw.strip().lower() in {"off", "0", "false", "no"}:
        return None
    return Path(raw) if raw else DEFAULT_CACHE_DIR


def registry_digest(registry: Registry) -> str:
    """A hash of what validation reads from the registry: indicator ids, units, Fingertips mapping, area codes."""
    inds = [(i.id, i.unit, i.fingertips_id, i.fingertips_sex) for i in registry.indicators.values()]
    return hashlib.sha256(json.dumps([inds, sorted(registry.areas)]).encode()).hexdigest()[:16]


def _validator() -> str:
    global _validator_version
    if _validator_version is None:
        h = hashlib.sha256()
        for name in _VALIDATOR_SOURCES:
            h.update((ROOT / name).read_bytes())
        _validator_version = h.hexdigest()[:16]
    return _validator_version


def _stored_path(key: tuple) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / "validation" / (hashlib.sha256(json.dumps(key).encode()).hexdigest()[:32] + ".json")


def _load_stored(key: tuple) -> FileReport | None:
    # A cold process reads the verdict a previous one wrote instead of reading the whole file again.
    path = _stored_path(key)
    try:
        d = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
    except (OSError, ValueError):
        return None
    if not d or d.get("path") != key[0]:
        return None
    try:
        d["problems"] = [Problem(**{**p, "rows": tuple(p["rows"])}) for p in d["problems"]]
        for name in ("indicators", "areas", "periods"):
            d[name] = tuple(d[name])
        report = FileReport(**d)
    except (TypeError, KeyError):
        return None
    if report.data_path and report.data_path != report.path and not os.path.exists(report.data_path):
        return None  # a converted Fingertips copy that has since been cleared away
    return report


def _store(key: tuple, report: FileReport) -> None:
    path = _stored_path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(dataclasses.asdict(report)), encoding="utf-8")
        tmp.replace(path)
    except OSError:  # a read-only or full disk only costs the next cold start its speed
        pass


def _report(entry: tuple[str, int, int], registry: Registry, digest: str | None = None) -> FileReport:
    # A file is re-validated only when its path, size or modification time (or the registry, or the validator)
    # changes; verdicts are kept in memory and, across restarts, in the cache folder.
    key = (*entry, digest or registry_digest(registry), _validator())
    with _cache_lock:
        hit = _cache.get(key)
    if hit is None:
        hit = _load_stored(key)
        if hit is None:
            hit = validate_file(entry[0], registry)
            _store(key, hit)
        with _cache_lock:
            _cache[key] = hit
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
    reg_digest = registry_digest(registry)

    def report(entry):
        try:
            return _report(entry, registry, reg_digest)
        except FileNotFoundError:  # removed while we looked
            return None

    entries = [e for e in fp if e[0].endswith(".parquet")]
    # New files are validated two at a time: DuckDB releases the GIL, and small files are mostly overhead.
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = [r for r in pool.map(report, entries) if r is not None]
    return Snapshot(folder=folder, fingerprint=digest(fp), reports=tuple(reports), taken_at=time.time(), files=fp)


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
