"""What this process keeps in memory between reruns: the one place for the package's mutable state.

Everything here can be rebuilt from the extracts folder and the cache folder; `reset()` forgets it all (a new
process, or a test)."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class StoreFailure:
    """The last failed build of a consolidated store, until one succeeds."""
    attempts: int
    retry_at: float  # time.monotonic()
    error: str


@dataclass
class Runtime:
    lock: threading.Lock = field(default_factory=threading.Lock)
    verdicts: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # file version x registry x validator -> FileReport
    building: dict[str, threading.Thread] = field(default_factory=dict)  # store key -> its build thread
    failed: dict[str, StoreFailure] = field(default_factory=dict)  # store key -> the last failed build
    cache_trouble: list[str] = field(default_factory=list)  # the last problem writing to the cache folder
    unreadable: dict[str, str] = field(default_factory=dict)  # data path -> why reading it with the others failed
    generation: int = 0  # bumped when a file is found unreadable, so cached snapshots are taken again
    last_registry: tuple[Any, ...] | None = None  # (key, Registry): the registry cache.registry() handed out last
    slots: tuple[int, threading.Semaphore] | None = None  # page-run slots (run_slot): how many, and the semaphore

    def reset(self) -> None:
        """Forget everything (as a new process would); builds already running finish on their own."""
        with self.lock:
            self.verdicts.clear()
            self.building.clear()
            self.failed.clear()
            self.cache_trouble.clear()
            self.unreadable.clear()
            self.last_registry = None
            self.generation += 1


RUNTIME = Runtime()


@contextmanager
def run_slot(slots: int, wait_s: float = 60.0) -> Iterator[None]:
    """Hold one of the process's `slots` page-run slots while a page runs; a run that finds them all taken waits its
    turn (first come, first served).

    Streamlit runs every session's script in a thread of its own, and Python runs one thread at a time: with 50
    sessions running at once each got a fiftieth of the process, the server's own thread (which reads requests and
    sends finished pages) included, so everyone waited for everyone. Taking turns, with two at once so that one
    can compute while another waits for DuckDB, 100 people opening the Overview at once wait about half as long
    (bench/optimisations.md). A run still waiting after wait_s goes ahead anyway, with a warning: slower, never
    stuck.
    """
    with RUNTIME.lock:
        if RUNTIME.slots is None or RUNTIME.slots[0] != slots:
            RUNTIME.slots = (slots, threading.Semaphore(slots))
        semaphore = RUNTIME.slots[1]
    started = time.monotonic()
    got = semaphore.acquire(timeout=wait_s)
    if not got:
        log.warning("a page run waited %.0f s for one of %d run slots (LOGFRAME_RUN_SLOTS) and goes ahead anyway",
                    time.monotonic() - started, slots)
    try:
        yield
    finally:
        if got:
            semaphore.release()
