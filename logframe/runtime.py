"""What this process keeps in memory between reruns: the one place for the package's mutable state.

Everything here can be rebuilt from the extracts folder and the cache folder; `reset()` forgets it all (a new
process, or a test)."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any


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

    def reset(self) -> None:
        """Forget everything (as a new process would); builds already running finish on their own."""
        with self.lock:
            self.verdicts.clear()
            self.building.clear()
            self.failed.clear()
            self.cache_trouble.clear()
            self.unreadable.clear()
            self.generation += 1


RUNTIME = Runtime()
