"""Each file's verdict (validate.check_file), kept per file version in memory and in the cache folder, so a file is
read again only when it changes (or the registry or the validator does)."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from logframe import ROOT
from logframe.config import settings
from logframe.contract import LeftOut, Problem
from logframe.folder import UNREADABLE, Fingerprint, digest
from logframe.registry import EXTRA_AREAS_FILE, Registry
from logframe.runtime import RUNTIME
from logframe.validate import FileReport, check_file, registry_mapping_key, unreadable_folder

log = logging.getLogger(__name__)

# What a verdict depends on besides the file and the registry: the validator's own code and queries.
_VALIDATOR_SOURCES = ("logframe/validate.py", "logframe/contract.py", "logframe/periods.py", "logframe/stats.py",
                      "logframe/importers/*.py", "queries/validate_rows.sql", "queries/extract_summary.sql",
                      "queries/import_*.sql", "queries/period_pairs.sql", "queries/normalise_extract.sql")
_validator_version: str | None = None


def cache_dir() -> Path | None:
    """Where verdicts, conversions and stores persist (config: LOGFRAME_CACHE_DIR, default .cache/), or None."""
    return settings().cache_dir


def note_cache_trouble(message: str) -> None:
    """Remember (and log once) that the cache folder could not be written; the Data page says so."""
    with RUNTIME.lock:
        if not RUNTIME.cache_trouble or RUNTIME.cache_trouble[-1] != message:
            log.warning("cache folder %s: %s; pages read the extract files directly", cache_dir(), message)
        RUNTIME.cache_trouble[:] = [message]


def registry_digest(registry: Registry) -> str:
    """A hash of what validation reads from the registry: indicator ids, units, mappings, area codes."""
    return hashlib.sha256(registry_mapping_key(registry).encode()).hexdigest()[:16]


def validator_version() -> str:
    """A hash of the validator's code and queries: a verdict made by other code is not reused."""
    global _validator_version
    if _validator_version is None:
        h = hashlib.sha256()
        for pattern in _VALIDATOR_SOURCES:
            for path in sorted(ROOT.glob(pattern)):
                h.update(path.read_bytes())
        _validator_version = h.hexdigest()[:16]
    return _validator_version


def _stored_path(key: tuple[Any, ...]) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / "validation" / (hashlib.sha256(json.dumps(key).encode()).hexdigest()[:32] + ".json")


def _load_stored(key: tuple[Any, ...]) -> FileReport | None:
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


def _from_dict(d: dict[Any, Any]) -> FileReport | None:
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
    key = hashlib.sha256(json.dumps([digest(fp), reg_digest, validator_version()]).encode()).hexdigest()[:32]
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


def _write_json(path: Path, data: object, trouble: str) -> bool:
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)
        return True
    except OSError as exc:  # a read-only or full disk only costs the next cold start its speed
        note_cache_trouble(f"{trouble} ({exc.strerror or exc})")
        try:
            tmp.unlink(missing_ok=True)
        except OSError as gone:
            log.debug("could not remove %s: %s", tmp, gone)
        return False


def _save_bundle(path: Path | None, reports: list[FileReport]) -> None:
    if path is None:
        return
    lists: dict[tuple[Any, ...], int] = {}
    rows = []
    for report in reports:
        r = dataclasses.asdict(report)
        for k in ("indicators", "areas", "periods"):
            r[k] = lists.setdefault(tuple(r[k]), len(lists))
        rows.append(r)
    if not _write_json(path, {"lists": [list(k) for k in lists], "reports": rows},
                       "the snapshot's verdicts could not be saved"):
        return
    now = time.time()
    for old in path.parent.iterdir():  # bundles of snapshots long gone
        try:
            if now - old.stat().st_mtime > 7 * 86400:
                old.unlink(missing_ok=True)
        except OSError:  # another process removed it first
            continue


def _key(entry: tuple[str, int, int], reg_digest: str) -> tuple[Any, ...]:
    return (*entry, reg_digest, validator_version())


def verdict(entry: tuple[str, int, int], registry: Registry, reg_digest: str | None = None) -> FileReport:
    """The verdict on one file version: from memory, from the cache folder, or by checking the file (never raises
    for anything in the file: check_file is the one boundary)."""
    if entry[1] == UNREADABLE:
        return unreadable_folder(entry[0])
    key = _key(entry, reg_digest or registry_digest(registry))
    with RUNTIME.lock:
        hit = RUNTIME.verdicts.get(key)
    if hit is None:
        hit = _load_stored(key)
        if hit is None:
            hit = check_file(entry[0], registry)
            path = _stored_path(key)
            if path is not None:
                _write_json(path, dataclasses.asdict(hit), "a file's verdict could not be saved")
        with RUNTIME.lock:
            RUNTIME.verdicts[key] = hit
    return hit


def replace_verdict(entry: tuple[str, int, int], registry: Registry, report: FileReport) -> None:
    """Record a new verdict for a file version (a file found unreadable when read with the others), in memory and in
    the cache folder, so every later snapshot sees it."""
    key = _key(entry, registry_digest(registry))
    with RUNTIME.lock:
        RUNTIME.verdicts[key] = report
    path = _stored_path(key)
    if path is not None:
        _write_json(path, dataclasses.asdict(report), "a file's verdict could not be saved")


def verdicts(folder: str, fp: Fingerprint, registry: Registry) -> list[FileReport]:
    """Every file's verdict in a fingerprint (the folder's areas.csv is read with the registry, not as an extract);
    a file removed while we looked is left out."""
    reg_digest = registry_digest(registry)

    def report(entry: Any) -> Any:
        try:
            return verdict(entry, registry, reg_digest)
        except FileNotFoundError:  # removed while we looked
            return None

    bundle = _bundle_path(fp, reg_digest)
    reports = _load_bundle(bundle)
    if reports is None:
        areas_file = os.path.join(folder, EXTRA_AREAS_FILE) if folder else None
        entries = [e for e in fp if e[0] != areas_file]
        # New files are validated two at a time: DuckDB releases the GIL, and small files are mostly overhead.
        with ThreadPoolExecutor(max_workers=2) as pool:
            reports = [r for r in pool.map(report, entries) if r is not None]
        if len(reports) == len(entries):  # none vanished while we looked
            _save_bundle(bundle, reports)
    return reports


def forget_bundle(fp: Fingerprint, registry: Registry) -> None:
    """Drop a snapshot's saved verdicts (one of its files turned out unreadable: the bundle no longer holds)."""
    path = _bundle_path(fp, registry_digest(registry))
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove the stale snapshot bundle %s: %s", path, exc)
