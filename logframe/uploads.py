"""Analyst uploads: checked first, then written once, atomically, under a sanitised name, never over another file."""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from logframe.config import settings
from logframe.registry import Registry
from logframe.validate import FileReport, validate_file

log = logging.getLogger(__name__)

SUBFOLDER = "uploads"
EXTENSIONS = (".parquet", ".csv")  # an extract, or an official download as published
FILE_MODE = 0o644  # readable by the group and others, like the analysts' own files in the folder


def enabled() -> bool:
    """Uploads are off unless configured on (config: LOGFRAME_UPLOADS)."""
    return settings().uploads


def max_bytes() -> int:
    """The upload size limit in bytes (config: LOGFRAME_UPLOAD_MAX_MB, default 20 MB)."""
    return settings().upload_max_bytes


def sanitise_name(name: str) -> str:
    """A safe file name for an upload: no folders, no dots but the extension (.parquet or .csv), letters, digits,
    '-' and '_' only."""
    base = re.split(r"[\\/]", str(name))[-1]
    ext = next((e for e in EXTENSIONS if base.lower().endswith(e)), ".parquet")
    stem = base[: -len(ext)] if base.lower().endswith(ext) else base
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-")[:80]
    return f"{stem or 'upload'}{ext}"


@dataclass(frozen=True)
class UploadResult:
    report: FileReport | None
    saved: Path | None  # the file in the extracts folder holding these bytes (new, or already there)
    message: str
    already_there: bool = False


def _same_bytes(folder: Path, data: bytes) -> Path | None:
    """A file in the uploads folder with exactly these bytes, if there is one."""
    digest = hashlib.sha256(data).digest()
    for existing in sorted(folder.iterdir()) if folder.is_dir() else ():
        try:
            if existing.is_file() and existing.stat().st_size == len(data) \
                    and hashlib.sha256(existing.read_bytes()).digest() == digest:
                return existing
        except OSError as exc:
            log.warning("could not read %s while looking for a duplicate upload: %s", existing, exc)
    return None


def save_upload(data: bytes, name: str, registry: Registry, folder: Path) -> UploadResult:
    """Check the bytes; only a valid file is written, once, to folder/uploads/<sanitised name>, never overwriting.

    The same bytes uploaded again (or seen again on a rerun) are not written again: the result names the file that
    already holds them."""
    clean = sanitise_name(name)
    limit = max_bytes()
    if len(data) > limit:
        return UploadResult(None, None, f"{clean} is {len(data) / 1048576:.1f} MB; the limit is "
                                        f"{limit / 1048576:.0f} MB. Nothing was saved.")
    target_dir = folder / SUBFOLDER
    existing = _same_bytes(target_dir, data)
    if existing is not None:
        return UploadResult(None, existing, f"These bytes are already there, as {existing.relative_to(folder)}: "
                                            "nothing was written.", already_there=True)
    target_dir.mkdir(parents=True, exist_ok=True)
    # Written first inside a hidden folder the extracts scan ignores, under its own name (an ASCOF download's name
    # carries its year), checked, then linked into place.
    work = Path(tempfile.mkdtemp(prefix=".upload-", dir=target_dir))
    try:
        tmp = work / clean
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        report = validate_file(tmp, registry)
        report.path = str(target_dir / clean)
        if not report.ok:
            return UploadResult(report, None, f"{clean} was not saved: it breaks the extract contract.")
        stem, ext = clean.rsplit(".", 1)
        n = 1
        while True:
            final = target_dir / (clean if n == 1 else f"{stem}-{n}.{ext}")
            try:
                os.link(tmp, final)  # atomic, and fails rather than replace an existing file
                break
            except FileExistsError:
                n += 1
        report.path = str(final)
        report.data_path = report.data_path if report.data_path != str(tmp) else str(final)
        return UploadResult(report, final, f"Saved as {final.relative_to(folder)}; it is used from the next refresh.")
    finally:
        shutil.rmtree(work, ignore_errors=True)
