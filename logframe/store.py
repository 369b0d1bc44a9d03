"""The consolidated store: a snapshot's rows, de-duplicated once, in two Parquet files in the cache folder.

Reading hundreds of files costs a few hundred milliseconds per query even when only one area is wanted. So once a
snapshot is taken, the app writes its rows, de-duplicated, into two files in the cache folder (the dashboard's own
areas sorted by area, and everything else) and reads those instead. It is keyed by the valid files, so any new,
replaced or removed file gives a new snapshot whose store is built afresh; until it is ready, queries read the files
themselves. Nothing for an analyst to run. Built in a background thread, one build at a time per cache folder
across processes (an flock), retried with back-off after a failure.
"""
from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from logframe import db
from logframe.contract import in_words
from logframe.runtime import RUNTIME, StoreFailure
from logframe.verdicts import cache_dir, note_cache_trouble

if TYPE_CHECKING:
    from logframe.snapshot import Snapshot

log = logging.getLogger(__name__)

STORE_VERSION = "6"  # change when queries/store_*.sql or the macro's reading of the store changes
STALE_TMP_S = 3600  # a *.tmp store folder this old was left by a process that stopped mid-build
KEEP_STORES_S = 2 * 86400  # other processes may still read a recent store of an older snapshot
LOCK_WAIT_S = 600  # how long a build waits for another process's build before giving up (and retrying later)
RETRY_FIRST_S, RETRY_MAX_S = 5.0, 600.0  # back-off after a failed build: 5 s, 10 s, 20 s ... at most 10 minutes


def store_folder(key: str | None) -> Path | None:
    """Where the store of a snapshot key lives (None with no cache folder)."""
    folder = cache_dir()
    return None if folder is None or key is None else folder / "stores" / key


def build_store(snapshot: Snapshot, wait: bool = False) -> threading.Thread | None:
    """Start writing the snapshot's consolidated store in a background thread, unless it exists or is underway,
    or an earlier attempt failed and its back-off has not run out (then queries keep reading the files)."""
    folder = store_folder(snapshot.store_key)
    if folder is None or snapshot.store_key is None or snapshot.store_files() is not None:
        return None
    key = snapshot.store_key
    with RUNTIME.lock:
        thread = RUNTIME.building.get(key)
        failure = RUNTIME.failed.get(key)
        if thread is None and failure is not None and time.monotonic() < failure.retry_at and not wait:
            return None
        if thread is None:
            thread = threading.Thread(target=_write_store, args=(snapshot, folder), daemon=True,
                                      name=f"logframe-store-{key[:8]}")
            RUNTIME.building[key] = thread
            thread.start()
    if wait:
        thread.join()
    return thread


def _write_store(snapshot: Snapshot, folder: Path) -> None:
    key = snapshot.store_key
    assert key is not None
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.{threading.get_native_id()}.tmp")
    started = time.perf_counter()
    try:
        with _BuildLock(folder.parent):  # one build at a time per cache folder, across processes and machines
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
        with RUNTIME.lock:
            RUNTIME.failed.pop(key, None)
            RUNTIME.cache_trouble.clear()  # the folder takes writes again
    except (OSError, duckdb.Error, TimeoutError) as exc:
        # A store is only ever a speed-up: the files are still read directly. Named on the Data page, retried later.
        if isinstance(exc, duckdb.Error) and not isinstance(exc, duckdb.IOException):
            snapshot.find_unreadable(exc)  # one file that cannot be read with the others: rejected by name
        with RUNTIME.lock:
            before = RUNTIME.failed.get(key)
            attempts = before.attempts + 1 if before else 1
            delay = min(RETRY_FIRST_S * 2 ** (attempts - 1), RETRY_MAX_S)
            why = (exc.strerror or "").lower() if isinstance(exc, OSError) else ""
            RUNTIME.failed[key] = StoreFailure(attempts, time.monotonic() + delay, why or in_words(exc))
        if isinstance(exc, OSError):
            note_cache_trouble(f"the consolidated store could not be written ({exc.strerror or exc})")
        log.warning("store %s failed (attempt %d, next try in %.0f s): %s", key, attempts, delay, exc)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        with RUNTIME.lock:
            RUNTIME.building.pop(key, None)


class _BuildLock:
    """An exclusive lock on stores/.build.lock (fcntl.flock: released by the kernel if the holder dies, and
    honoured across NFSv4 clients), waited for up to LOCK_WAIT_S."""

    def __init__(self, stores: Path):
        self.path = stores / ".build.lock"

    def __enter__(self) -> _BuildLock:
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

    def __exit__(self, *exc: object) -> None:
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


def store_status(snapshot: Snapshot) -> str | None:
    """What the Data page says about the consolidated store and the cache folder, or None when all is well."""
    folder = cache_dir()
    if folder is None:
        return ("No cache folder is set (LOGFRAME_CACHE_DIR=off): every page reads the extract files directly, "
                "and each start validates every file again.")
    with RUNTIME.lock:
        failure = (RUNTIME.failed.get(snapshot.store_key) if snapshot.valid and snapshot.store_key
                   else None)
        trouble = RUNTIME.cache_trouble[-1] if RUNTIME.cache_trouble else None
    if failure is not None and snapshot.store_files() is None:
        wait = max(0.0, failure.retry_at - time.monotonic())
        return (f"The consolidated store could not be built ({failure.attempts} attempt(s); the last: "
                f"{failure.error}). Pages read the extract files directly, which is slower; the build is tried "
                f"again in {wait:.0f} s. Cache folder: `{folder}`.")
    if trouble is not None:
        return (f"The cache folder `{folder}` could not be written to: {trouble}. Pages still answer, from the "
                "extract files, and a restart validates every file again.")
    return None  # not built yet, or being built: the usual minute after a file changes, nothing to report
