"""The extracts folder: where it is, whether it can be used, and every file in it (the fingerprint)."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from logframe.config import VARIABLES, settings
from logframe.registry import EXTRA_AREAS_FILE, Registry, load_registry

Fingerprint = tuple[tuple[str, int, int], ...]
UNREADABLE = -1  # the size recorded for a sub-folder that could not be listed: it becomes that folder's rejection
SETTING = VARIABLES["extracts_dir"]


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


@dataclass(frozen=True)
class FolderProblem:
    """Why the extracts folder cannot be read: no statuses are shown and no command reports on it."""
    folder: Path
    kind: str  # 'missing', 'not_a_folder', 'unreadable' or 'empty'
    detail: str = ""  # the system's own words, for 'unreadable'


def folder_problem(folder: Path | None = None) -> FolderProblem | None:
    """What is wrong with the extracts folder (missing, not a folder, unreadable, or holding no file), or None."""
    folder = Path(folder or extracts_dir())
    try:
        if not folder.exists():
            return FolderProblem(folder, "missing")
        if not folder.is_dir():
            return FolderProblem(folder, "not_a_folder")
        with os.scandir(folder) as entries:
            for _ in entries:
                break
    except OSError as exc:
        return FolderProblem(folder, "unreadable", exc.strerror or str(exc))
    if not _holds_a_file(str(folder), str(folder / EXTRA_AREAS_FILE)):
        return FolderProblem(folder, "empty")
    return None


def _holds_a_file(folder: str, besides: str) -> bool:
    """Whether any visible file but `besides` lies under the folder (stops at the first: this runs every rerun)."""
    stack = [folder]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for e in entries:
                    if e.name.startswith("."):
                        continue
                    if e.is_dir(follow_symlinks=False):
                        stack.append(e.path)
                    elif e.path != besides:
                        return True
        except OSError:  # a sub-folder that cannot be listed: the snapshot names it
            return True
    return False


def fingerprint(folder: Path | None = None) -> Fingerprint:
    """(path, size, mtime in ns) of every file under the folder, recursively (its areas.csv included, hidden files
    and folders left out); changes when any file does. A sub-folder that cannot be listed is an entry of size
    UNREADABLE, so it is named, never passed over. Every file is accounted for: used, rejected, or listed as not an
    extract."""
    folder = folder or extracts_dir()
    return tuple((path, st.st_size if st is not None else UNREADABLE, st.st_mtime_ns if st is not None else 0)
                 for path, st in sorted(files_under(str(folder), with_unreadable=True), key=lambda e: Path(e[0])))


def files_under(folder: str, with_unreadable: bool = False) -> list[tuple[str, os.stat_result | None]]:
    """Every regular file under the folder with its stat, leaving out hidden ones (names starting with '.', such as
    an upload being written) and hidden folders; with_unreadable, also each sub-folder that could not be listed,
    with None for its stat."""
    # os.scandir rather than Path.rglob: this runs on every rerun, and rglob stats each file twice.
    out: list[tuple[str, os.stat_result | None]] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except FileNotFoundError:  # removed while we looked
            continue
        except OSError:  # not allowed in: named as that folder's rejection
            if with_unreadable and current != folder:
                out.append((current, None))
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
