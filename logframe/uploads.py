"""Analyst uploads: validated first, then written atomically under a sanitised name, never over another file."""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from logframe.config import settings
from logframe.registry import Registry
from logframe.validate import FileReport, validate_file

SUBFOLDER = "uploads"


def enabled() -> bool:
    """Uploads are off unless configured on (config: LOGFRAME_UPLOADS)."""
    return settings().uploads


def max_bytes() -> int:
    """The upload size limit in bytes (config: LOGFRAME_UPLOAD_MAX_MB, default 20 MB)."""
    return settings().upload_max_bytes


def sanitise_name(name: str) -> str:
    """A safe file name for an upload: no folders, no dots but the extension, letters/digits/-/_ only."""
    base = re.split(r"[\\/]", str(name))[-1]
    stem = base[: -len(".parquet")] if base.lower().endswith(".parquet") else base
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-")[:80]
    return f"{stem or 'upload'}.parquet"


@dataclass(frozen=True)
class UploadResult:
    report: FileReport | None
    saved: Path | None
    message: str


def save_upload(data: bytes, name: str, registry: Registry, folder: Path) -> UploadResult:
    """Validate the bytes; only a valid file is written, to folder/uploads/<sanitised name>, never overwriting."""
    limit = max_bytes()
    if len(data) > limit:
        return UploadResult(None, None, f"{sanitise_name(name)} is {len(data) / 1048576:.1f} MB; the limit is "
                                        f"{limit / 1048576:.0f} MB. Nothing was saved.")
    target_dir = folder / SUBFOLDER
    target_dir.mkdir(parents=True, exist_ok=True)
    # Written first under a hidden name the extracts scan ignores, then linked into place.
    fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".parquet", dir=target_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        report = validate_file(tmp, registry)
        clean = sanitise_name(name)
        report.path = str(target_dir / clean)
        if not report.ok:
            return UploadResult(report, None, f"{clean} was not saved: it breaks the extract contract.")
        stem, n = clean[: -len(".parquet")], 1
        while True:
            final = target_dir / (clean if n == 1 else f"{stem}-{n}.parquet")
            try:
                os.link(tmp, final)  # atomic, and fails rather than replace an existing file
                break
            except FileExistsError:
                n += 1
        report.path = str(final)
        report.data_path = str(final)
        return UploadResult(report, final, f"Saved as {final.relative_to(folder)}; it is used from the next refresh.")
    finally:
        os.unlink(tmp)
