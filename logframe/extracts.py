"""The extracts folder: which files are there, which pass the contract, and the snapshot the queries run on."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from logframe import ROOT, db
from logframe.config import settings
from logframe.periods import try_parse_period
from logframe.registry import EXTRA_AREAS_FILE, Registry, load_registry
from logframe.contract import LeftOut, publisher
from logframe.validate import FileReport, Problem, registry_mapping_key, validate_file

Fingerprint = tuple[tuple[str, int, int], ...]
log = logging.getLogger(__name__)


def extracts_dir() -> Path:
    """The extracts folder (config: LOGFRAME_EXTRACTS_DIR, default data/extracts)."""
    return settings().extracts_dir


def extra_areas_file(folder: Path | None = None) -> Path | None:
    """The extracts folder's areas.csv (registry.EXTRA_AREAS_FILE), if it has one."""
    path = (folder or extracts_dir()) / EXTRA_AREAS_FILE
    return path if path.is_file() else None


def registry_for(folder: Path | None = None) -> Registry:
    """The registry with the extra areas of the extracts folder's areas.csv, if any."""
    return load_registry(extra_areas=extra_areas_file(folder))


def fingerprint(folder: Path | None = None) -> Fingerprint:
    """(path, size, mtime in ns) of every file under the folder, recursively (its areas.csv included, hidden files
    and folders left out); changes when any file does. Every file is accounted for: used, rejected, or listed as
    not an extract."""
    folder = folder or extracts_dir()
    return tuple((path, st.st_size, st.st_mtime_ns) for path, st in sorted(files_under(str(folder)),
                                                                           key=lambda e: Path(e[0])))


def files_under(folder: str) -> list[tuple[str, os.stat_result]]:
    """Every regular file under the folder with its stat, leaving out hidden ones (names starting with '.', such as
    an upload being written) and hidden folders."""
    # os.scandir rather than Path.rglob: this runs on every rerun, and rglob stats each file twice.
    out, stack = [], [folder]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:  # not a folder, or removed while we looked
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            try:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                elif e.is_file():
                    out.append((e.path, e.stat()))
            except OSError:  # removed between listing and stat
                continue
    return out


def digest(fp: Fingerprint) -> str:
    """A short hash of a fingerprint: what caches are keyed by (hashing thousands of entries each rerun is slow)."""
    return hashlib.sha256(repr(fp).encode()).hexdigest()[:24]


def min_count() -> int:
    """Counts below this are suppressed everywhere (config: LOGFRAME_MIN_COUNT, default 5)."""
    return settings().min_count


@dataclass(frozen=True)
class Snapshot:
    """The validated extracts at one fingerprint: what every query runs on."""
    folder: str
    fingerprint: str  # digest() of the files' (path, size, mtime): short, so cache keys hash fast
    reports: tuple[FileReport, ...]
    taken_at: float
    files: Fingerprint = ()
    main_areas: tuple[str, ...] = ()  # the dashboard's own areas (main_areas()): the store's sorted part

    @property
    def valid(self) -> tuple[FileReport, ...]:
        return tuple(r for r in self.reports if r.ok)

    @property
    def rejected(self) -> tuple[FileReport, ...]:
        return tuple(r for r in self.reports if r.is_extract and not r.ok)

    @property
    def not_extracts(self) -> tuple[FileReport, ...]:
        """Files in the folder that are not extracts (a Word document, an Excel workbook): listed, never used."""
        return tuple(r for r in self.reports if not r.is_extract)

    @cached_property
    def overlapping(self) -> frozenset[str]:
        """Paths of valid files that may hold a key another valid file also holds (the conflicts query reads these)."""
        return self._overlap[0]

    @cached_property
    def winners(self) -> frozenset[str]:
        """Paths of valid files that may hold a key of a file they win over (newer, then a later path): the only
        files whose keys de-duplication reads. A small revision file on top of large extracts is the only one."""
        return self._overlap[1]

    @cached_property
    def _overlap(self) -> tuple[frozenset[str], frozenset[str]]:
        # Two files can share an indicator x area x period only if they share an indicator and period and an area;
        # this is worked out from each file's coverage, without reading rows again.
        rank = self.ranks
        by_cell: dict[tuple[str, str], list[FileReport]] = {}
        for r in self.valid:
            for cell in ((i, p) for i in r.indicators for p in r.periods):
                by_cell.setdefault(cell, []).append(r)
        areas: dict[str, frozenset[str]] = {}
        seen: set[tuple[str, str]] = set()
        out: set[str] = set()
        winners: set[str] = set()
        for reports in by_cell.values():
            for n, a in enumerate(reports):
                for b in reports[n + 1:]:
                    if (a.path, b.path) in seen:
                        continue
                    seen.add((a.path, b.path))
                    sa = areas.setdefault(a.path, frozenset(a.areas))
                    sb = areas.setdefault(b.path, frozenset(b.areas))
                    if not sa.isdisjoint(sb):
                        out.update((a.path, b.path))
                        winners.add(a.path if rank[a.path] > rank[b.path] else b.path)
        return frozenset(out), frozenset(winners)

    @cached_property
    def ranks(self) -> dict[str, int]:
        """Each valid file's place in newest-wins order (higher wins): modified time, then the path read."""
        order = sorted(self.valid, key=lambda r: (r.mtime, r.data_path or r.path))
        return {r.path: n for n, r in enumerate(order)}

    def relative(self, path: str | None) -> str:
        """A file's path as visitors may see it: relative to the extracts folder (never the server's own path)."""
        if not path:
            return ""
        if self.folder:
            try:
                rel = Path(path).relative_to(self.folder)
                return str(rel)
            except ValueError:
                pass
        return Path(path).name

    def sources(self) -> dict[str, str]:
        """Each used file's attribution (its Parquet metadata's, or the published download's), by path."""
        return {r.path: r.source for r in self.valid if r.source}

    @cached_property
    def superseded(self) -> dict[str, tuple[str, ...]]:
        """For each illustrative file, its indicators that real (not illustrative) extracts also hold: those rows are
        left out everywhere, so that real and made-up figures never mix in a series, a status or a comparison."""
        real = {i for r in self.valid if not r.illustrative for i in r.indicators}
        out = {}
        for r in self.valid:
            if r.illustrative and real.intersection(r.indicators):
                out[r.path] = tuple(sorted(real.intersection(r.indicators)))
        return out

    @cached_property
    def _base_params(self) -> dict:
        valid = self.valid or (_empty_report(),)
        labels = sorted({p for r in valid for p in r.periods})
        periods = []
        for label in labels:
            p = try_parse_period(label)
            periods.append({"label": label, "kind": p.kind, "start_year": p.start_year,
                            "end_year": p.end_year, "position": p.position})
        superseded, ranks, winners = self.superseded, self.ranks, self.winners
        return {
            "files": [r.data_path or r.path for r in valid],
            "extracts": [{"path": r.data_path or r.path, "origin": r.path, "mtime": r.mtime,
                          "illustrative": r.illustrative, "may_overlap": r.path in self.overlapping,
                          "superseded": list(superseded.get(r.path, ())), "rank": ranks.get(r.path, 0),
                          "may_win": r.path in winners}
                         for r in valid],
            "periods": periods or [{"label": "", "kind": "", "start_year": 0.0, "end_year": 0.0, "position": 0.0}],
        }

    def params(self, store: bool = True) -> dict:
        """The bound parameters every query over the staging macro needs (reading the consolidated store in
        place of the files once it has been built, unless store is False)."""
        base = self._base_params
        files = self.store_files() if store else None
        if files:
            return {"min_count": min_count(), **base, "files": files, "extracts": _STORE_EXTRACTS}
        return {"min_count": min_count(), **base}

    def run(self, name: str, **params) -> pd.DataFrame:
        """Run a named query over this snapshot's valid extracts."""
        if name in SOURCE_QUERIES:
            return db.run(name, **self.params(store=False), **params)
        if name in BREAKDOWN_QUERIES:
            return db.run(name, **self._breakdown_params(), **params)
        base = self.params()
        if base["files"] is not self._base_params["files"] and self._main_only(name, params):
            # every area asked for is one of the dashboard's own: the store's small sorted part holds them all
            base = {**base, "files": base["files"][:1]}
        try:
            return db.run(name, **base, **params)
        except duckdb.IOException as exc:
            if base["files"] is self._base_params["files"]:
                raise
            # The store was cleared away under us (another process pruned it): read the files themselves.
            log.info("store of snapshot %s unreadable (%s); reading the extract files", self.fingerprint, exc)
            return db.run(name, **self.params(store=False), **params)

    def _breakdown_params(self) -> dict:
        """The parameters narrowed to the files that hold breakdown rows (the store holds whole-population rows only),
        so the groups' queries never read a large extract without any."""
        base = self.params(store=False)
        keep = [n for n, r in enumerate(self.valid) if r.breakdown_rows]
        if not keep:
            empty = _empty_report().path
            return {**base, "files": [empty], "extracts": [{**_STORE_EXTRACTS[0], "path": empty, "origin": empty}]}
        return {**base, "files": [base["files"][n] for n in keep], "extracts": [base["extracts"][n] for n in keep]}

    def _main_only(self, name: str, params: dict) -> bool:
        given = [key for key in MAIN_AREA_PARAMS.get(name, ()) if key in params]
        if not given or not self.main_areas:
            return False
        codes: set[str] = set()
        for key in given:
            value = params[key]
            if value is None:  # None means every area
                return False
            codes.update([value] if isinstance(value, str) else value)
        return codes <= self._main_set

    @cached_property
    def _main_set(self) -> frozenset[str]:
        return frozenset(self.main_areas)

    @cached_property
    def store_key(self) -> str | None:
        """What the consolidated store depends on: the valid files (in order), the dashboard's areas, the format."""
        if not self.valid:
            return None
        stamps = {path: (size, mtime) for path, size, mtime in self.files}
        return hashlib.sha256(json.dumps([STORE_VERSION, list(self.main_areas), [
            (r.path, r.data_path, stamps.get(r.path, (r.size, r.mtime))) for r in self.valid]]).encode()
        ).hexdigest()[:24]

    def store_files(self) -> list[str] | None:
        """The consolidated store's two files, if it has been built for this snapshot."""
        folder = _store_folder(self.store_key)
        if folder is None:
            return None
        files = [str(folder / "main.parquet"), str(folder / "rest.parquet")]
        return files if all(os.path.isfile(f) for f in files) else None


# --- the consolidated store: pre-aggregation that follows the extracts -------------------------------------------
# Reading hundreds of files costs a few hundred milliseconds per query even when only one area is wanted. So once a
# snapshot is taken, the app writes its rows, de-duplicated, into two files in the cache folder (the dashboard's
# own areas sorted by area, and everything else) and reads those instead. It is keyed by the valid files, so any
# new, replaced or removed file gives a new snapshot whose store is built afresh; until it is ready, queries read
# the files themselves. Nothing for an analyst to run.
STORE_VERSION = "5"  # change when queries/store_*.sql or the macro's reading of the store changes
# The store's rows carry their own file's name, time and flag, de-duplicated and with superseded rows left out when
# it was built: read with one entry that cannot win. (Binding a list of 440 entries cost 10 ms a query.)
_STORE_EXTRACTS = [{"path": "", "origin": "", "mtime": 0.0, "illustrative": False, "may_overlap": False,
                    "superseded": [], "rank": 0, "may_win": False}]
SOURCE_QUERIES = frozenset({"conflicts"})  # queries about the files themselves, never run on the store
BREAKDOWN_QUERIES = frozenset({"breakdowns", "breakdown_coverage"})  # groups' rows: read from the files holding them
# Queries whose rows are only ever in the areas their parameters name (an allow-list): when every one of those that
# a call gives is a dashboard area, the store's first file (main.parquet) is read alone.
MAIN_AREA_PARAMS = {
    "observations": ("area_codes",),
    "board_series": ("area_code", "own_geographies", "area_codes"),
    "district_values": ("area_codes",),
    "district_coverage": ("district_codes",),
}
STALE_TMP_S = 3600  # a *.tmp store folder this old was left by a process that stopped mid-build
KEEP_STORES_S = 2 * 86400  # other processes may still read a recent store of an older snapshot
LOCK_WAIT_S = 600  # how long a build waits for another process's build before giving up (and retrying later)
RETRY_FIRST_S, RETRY_MAX_S = 5.0, 600.0  # back-off after a failed build: 5 s, 10 s, 20 s ... at most 10 minutes


@dataclass
class _Failure:
    attempts: int
    retry_at: float  # time.monotonic()
    error: str


_building: dict[str, threading.Thread] = {}
_failed: dict[str, _Failure] = {}  # store key -> the last failed build, until one succeeds
_cache_trouble: list[str] = []  # the last problem writing to the cache folder, for the Data page


def main_areas(registry: Registry) -> tuple[str, ...]:
    """The areas the dashboard lists and compares: every registry area but neighbourhoods."""
    return tuple(sorted(code for code, a in registry.areas.items() if a.kind != "neighbourhood"))


def _store_folder(key: str | None) -> Path | None:
    folder = cache_dir()
    return None if folder is None or key is None else folder / "stores" / key


def build_store(snapshot: Snapshot, wait: bool = False) -> threading.Thread | None:
    """Start writing the snapshot's consolidated store in a background thread, unless it exists or is underway,
    or an earlier attempt failed and its back-off has not run out (then queries keep reading the files)."""
    folder = _store_folder(snapshot.store_key)
    if folder is None or snapshot.store_files() is not None:
        return None
    with _cache_lock:
        thread = _building.get(snapshot.store_key)
        failure = _failed.get(snapshot.store_key)
        if thread is None and failure is not None and time.monotonic() < failure.retry_at and not wait:
            return None
        if thread is None:
            thread = threading.Thread(target=_write_store, args=(snapshot, folder), daemon=True,
                                      name=f"logframe-store-{snapshot.store_key[:8]}")
            _building[snapshot.store_key] = thread
            thread.start()
    if wait:
        thread.join()
    return thread


def _write_store(snapshot: Snapshot, folder: Path) -> None:
    key = snapshot.store_key
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.{threading.get_native_id()}.tmp")
    started = time.perf_counter()
    try:
        with _build_lock(folder.parent):  # one build at a time per cache folder, across processes and machines
            _prune_stores(folder)
            if snapshot.store_files() is not None:  # another process built it while we waited
                return
            if _changed_files(snapshot):  # files changed while we waited: the newer snapshot builds its own
                log.info("store %s skipped: its snapshot is no longer current", key)
                return
            tmp.mkdir(parents=True, exist_ok=True)
            params = {**snapshot.params(store=False), "main_areas": list(snapshot.main_areas) or [""]}
            db.write_parquet("store_main", str(tmp / "main.parquet"), **params)
            db.write_parquet("store_rest", str(tmp / "rest.parquet"), **params)
            changed = _changed_files(snapshot)
            if changed:  # a file was replaced while we read it: this store could mix versions; the next
                # rerun's snapshot has a new key and builds its own
                log.info("store %s discarded: %s changed while it was built", key, changed[0])
                return
            try:
                tmp.rename(folder)
            except OSError:
                if snapshot.store_files() is None:
                    raise
        log.info("store %s built in %.1f s (%d files)", key, time.perf_counter() - started, len(snapshot.valid))
        with _cache_lock:
            _failed.pop(key, None)
            _cache_trouble.clear()  # the folder takes writes again
    except (OSError, duckdb.Error, TimeoutError) as exc:
        # A store is only ever a speed-up: the files are still read directly. Named on the Data page, retried later.
        with _cache_lock:
            before = _failed.get(key)
            attempts = before.attempts + 1 if before else 1
            delay = min(RETRY_FIRST_S * 2 ** (attempts - 1), RETRY_MAX_S)
            _failed[key] = _Failure(attempts, time.monotonic() + delay, f"{type(exc).__name__}: {exc}")
            if isinstance(exc, OSError):
                _note_cache_trouble(f"the consolidated store could not be written ({exc.strerror or exc})")
        log.warning("store %s failed (attempt %d, next try in %.0f s): %s", key, attempts, delay, exc)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        with _cache_lock:
            _building.pop(key, None)


class _build_lock:
    """An exclusive lock on stores/.build.lock (fcntl.flock: released by the kernel if the holder dies, and
    honoured across NFSv4 clients), waited for up to LOCK_WAIT_S."""

    def __init__(self, stores: Path):
        self.path = stores / ".build.lock"

    def __enter__(self):
        import fcntl
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() > deadline:
                    self.fh.close()
                    raise TimeoutError(f"another process held {self.path} for over {LOCK_WAIT_S} s") from None
                time.sleep(0.2)

    def __exit__(self, *exc):
        self.fh.close()  # closing the file releases the lock


def _changed_files(snapshot: Snapshot) -> list[str]:
    stamps = {path: (size, mtime) for path, size, mtime in snapshot.files}
    out = []
    for r in snapshot.valid:
        if r.path not in stamps:
            continue
        try:
            st = os.stat(r.path)
        except OSError:
            out.append(r.path)
            continue
        if (st.st_size, st.st_mtime_ns) != stamps[r.path]:
            out.append(r.path)
    return out


def _prune_stores(keep: Path, max_age_s: float = KEEP_STORES_S) -> None:
    # Stores of old snapshots are never read again by this folder; other processes may still use recent ones.
    # Called with the build lock held, so a *.tmp folder is never one being written right now.
    now = time.time()
    try:
        entries = list(keep.parent.iterdir())
    except OSError as exc:
        log.warning("cannot list %s to prune old stores: %s", keep.parent, exc)
        return
    for old in entries:
        if old == keep or old.name.startswith("."):
            continue
        try:
            age = now - old.stat().st_mtime
        except OSError:  # removed meanwhile
            continue
        if age > (STALE_TMP_S if old.suffix == ".tmp" else max_age_s):
            log.info("removing %s %s (%.0f h old)", "abandoned store build" if old.suffix == ".tmp" else "old store",
                     old, age / 3600)
            shutil.rmtree(old, ignore_errors=True)


def _note_cache_trouble(message: str) -> None:
    if not _cache_trouble or _cache_trouble[-1] != message:
        log.warning("cache folder %s: %s; pages read the extract files directly", cache_dir(), message)
    _cache_trouble[:] = [message]


def store_status(snapshot: Snapshot) -> str | None:
    """What the Data page says about the consolidated store and the cache folder, or None when all is well."""
    folder = cache_dir()
    if folder is None:
        return ("No cache folder is set (LOGFRAME_CACHE_DIR=off): every page reads the extract files directly, "
                "and each start validates every file again.")
    with _cache_lock:
        failure = _failed.get(snapshot.store_key) if snapshot.valid and snapshot.store_files() is None else None
        trouble = _cache_trouble[-1] if _cache_trouble else None
    if failure is not None:
        wait = max(0.0, failure.retry_at - time.monotonic())
        return (f"The consolidated store could not be built ({failure.attempts} attempt(s); the last: "
                f"{failure.error}). Pages read the extract files directly, which is slower; the build is tried "
                f"again in {wait:.0f} s. Cache folder: `{folder}`.")
    if trouble is not None:
        return (f"The cache folder `{folder}` could not be written to: {trouble}. Pages still answer, from the "
                "extract files, and a restart validates every file again.")
    return None  # not built yet, or being built: the usual minute after a file changes, nothing to report


_cache: dict[tuple, FileReport] = {}
_cache_lock = threading.Lock()
# What a verdict depends on besides the file and the registry: the validator's own code and queries.
_VALIDATOR_SOURCES = ("logframe/validate.py", "logframe/contract.py", "logframe/periods.py", "logframe/stats.py",
                      "logframe/importers/*.py", "queries/validate_rows.sql", "queries/extract_summary.sql",
                      "queries/import_*.sql")
_validator_version: str | None = None


def cache_dir() -> Path | None:
    """Where verdicts, conversions and stores persist (config: LOGFRAME_CACHE_DIR, default .cache/), or None."""
    return settings().cache_dir


def registry_digest(registry: Registry) -> str:
    """A hash of what validation reads from the registry: indicator ids, units, mappings, area codes."""
    return hashlib.sha256(registry_mapping_key(registry).encode()).hexdigest()[:16]


def _validator() -> str:
    global _validator_version
    if _validator_version is None:
        h = hashlib.sha256()
        for pattern in _VALIDATOR_SOURCES:
            for path in sorted(ROOT.glob(pattern)):
                h.update(path.read_bytes())
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
    except (FileNotFoundError, NotADirectoryError):  # not validated before: the usual case for a new file
        return None
    except (OSError, ValueError) as exc:
        log.warning("cached verdict %s unreadable, validating %s again: %s", path, key[0], exc)
        return None
    if not d or d.get("path") != key[0]:
        return None
    return _from_dict(d)


def _from_dict(d: dict) -> FileReport | None:
    try:
        d["problems"] = [Problem(**{**p, "rows": tuple(p["rows"])}) for p in d["problems"]]
        d["left_out"] = [LeftOut(**{**x, "examples": tuple(x["examples"])}) for x in d.get("left_out", ())]
        for name in ("indicators", "areas", "periods"):
            d[name] = tuple(d[name])
        report = FileReport(**d)
    except (TypeError, KeyError) as exc:  # written by another version of the code
        log.info("cached verdict for %s has another shape (%r); validating again", d.get("path"), exc)
        return None
    if report.data_path and report.data_path != report.path and not os.path.exists(report.data_path):
        return None  # a converted copy of a download that has since been cleared away
    return report


def _bundle_path(fp: Fingerprint, reg_digest: str) -> Path | None:
    # One file per snapshot with every verdict, the long lists (areas) stored once: a cold start reads this
    # instead of a file per extract (at neighbourhood scale, megabytes of repeated area codes).
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(json.dumps([digest(fp), reg_digest, _validator()]).encode()).hexdigest()[:32]
    return folder / "snapshots" / f"{key}.json"


def _load_bundle(path: Path | None) -> list[FileReport] | None:
    try:
        d = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
        if not d:
            return None
        lists = d["lists"]
        reports = []
        for r in d["reports"]:
            report = _from_dict({**r, **{k: lists[r[k]] for k in ("indicators", "areas", "periods")}})
            if report is None:
                return None
            reports.append(report)
        return reports
    except (FileNotFoundError, NotADirectoryError):  # a snapshot not seen before
        return None
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        log.warning("snapshot bundle %s unreadable, reading the verdicts one by one: %r", path, exc)
        return None


def _save_bundle(path: Path | None, reports: list[FileReport]) -> None:
    if path is None:
        return
    lists: dict[tuple, int] = {}
    rows = []
    for report in reports:
        r = dataclasses.asdict(report)
        for k in ("indicators", "areas", "periods"):
            r[k] = lists.setdefault(tuple(r[k]), len(lists))
        rows.append(r)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps({"lists": [list(k) for k in lists], "reports": rows}), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:  # a read-only or full disk only costs the next cold start its speed
        _note_cache_trouble(f"the snapshot's verdicts could not be saved ({exc.strerror or exc})")
        _remove_quietly(tmp)
        return
    now = time.time()
    for old in path.parent.iterdir():  # bundles of snapshots long gone
        try:
            if now - old.stat().st_mtime > 7 * 86400:
                old.unlink(missing_ok=True)
        except OSError:  # another process removed it first
            continue


def _remove_quietly(path: Path) -> None:
    # a half-written temporary file on a full disk; on a read-only one there is none
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("could not remove %s: %s", path, exc)


def _store(key: tuple, report: FileReport) -> None:
    path = _stored_path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(dataclasses.asdict(report)), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:  # a read-only or full disk only costs the next cold start its speed
        _note_cache_trouble(f"a file's verdict could not be saved ({exc.strerror or exc})")
        _remove_quietly(path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp"))


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
    return _snapshot(str(folder), fingerprint(folder), registry or registry_for(folder))


def snapshot_of(paths: list[Path], registry: Registry | None = None) -> Snapshot:
    """A snapshot of the given files (for the validate command)."""
    fp = []
    for path in paths:
        st = Path(path).stat()
        fp.append((str(Path(path).resolve()), st.st_size, st.st_mtime_ns))
    return _snapshot("", tuple(fp), registry or registry_for())


def _snapshot(folder: str, fp: Fingerprint, registry: Registry) -> Snapshot:
    reg_digest = registry_digest(registry)

    def report(entry):
        try:
            return _report(entry, registry, reg_digest)
        except FileNotFoundError:  # removed while we looked
            return None

    bundle = _bundle_path(fp, reg_digest)
    reports = _load_bundle(bundle)
    if reports is None:
        areas_file = os.path.join(folder, EXTRA_AREAS_FILE) if folder else None
        entries = [e for e in fp if e[0] != areas_file]  # the extra areas are read with the registry
        # New files are validated two at a time: DuckDB releases the GIL, and small files are mostly overhead.
        with ThreadPoolExecutor(max_workers=2) as pool:
            reports = [r for r in pool.map(report, entries) if r is not None]
        if len(reports) == len(entries):  # none vanished while we looked
            _save_bundle(bundle, reports)
    return Snapshot(folder=folder, fingerprint=digest(fp), reports=tuple(reports), taken_at=time.time(), files=fp,
                    main_areas=main_areas(registry))


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
    """One row per file in the folder for the Data page: where it is (relative to the folder), whether it is used,
    rejected or not an extract, what it is, what it covers and what it left out."""
    from logframe.importers import LAYOUTS
    rows = []
    for r in snapshot.reports:
        state = "✔ Used" if r.ok else "✖ Rejected" if r.is_extract else "– Not an extract"
        rows.append({
            "file": snapshot.relative(r.path),
            "status": state,
            "kind": LAYOUTS.get(r.kind, r.kind) if r.is_extract else r.file_type,
            "data": ("Illustrative" if r.illustrative else "Real") if r.ok else "",
            "source": publisher(r.source) if r.source else "",
            "size (KB)": round(r.size / 1024, 1),
            "modified": pd.Timestamp(r.mtime, unit="s", tz="UTC").tz_convert("Europe/London").strftime("%d %b %Y %H:%M"),
            "rows": r.n_rows if r.ok else None,
            "rows left out": sum(x.n_rows for x in r.left_out) if r.ok else None,
            "indicators": len(r.indicators) if r.ok else None,
            "areas": len(r.areas) if r.ok else None,
            "periods": f"{r.periods[0]} to {r.periods[-1]}" if r.ok and r.periods else "",
            "problems": "; ".join(p.message for p in r.problems),
        })
    return pd.DataFrame(rows)
