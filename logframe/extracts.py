"""The extracts folder as the rest of the package sees it: one import for pages, the CLI and the board pack.

Each job has its own module: logframe.folder (where the folder is, whether it can be used, every file in it),
logframe.verdicts (each file's verdict, cached per file version; validate.check_file is the one boundary around
everything done to one file), logframe.snapshot (the files at one fingerprint and the queries over them) and
logframe.store (the consolidated store, built in the background). What they keep in memory is in logframe.runtime.
"""
from __future__ import annotations

from logframe.folder import (
    FolderProblem,
    digest,
    extra_areas_file,
    extracts_dir,
    files_under,
    fingerprint,
    folder_problem,
    registry_for,
)
from logframe.snapshot import Snapshot, main_areas, min_count, reports_frame, snapshot_key, snapshot_of, take_snapshot
from logframe.store import STALE_TMP_S, build_store, store_status
from logframe.verdicts import cache_dir

__all__ = ["FolderProblem", "STALE_TMP_S", "Snapshot", "build_store", "cache_dir", "digest", "extra_areas_file",
           "extracts_dir", "files_under", "fingerprint", "folder_problem", "main_areas", "min_count",
           "registry_for", "reports_frame", "snapshot_key", "snapshot_of", "store_status", "take_snapshot"]
