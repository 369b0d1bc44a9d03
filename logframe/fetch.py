"""Fetching published figures: every registry indicator with a fingertips_id, from the public Fingertips API's CSV
download (the export layout the importers read), for the registry's areas, written atomically into the extracts
folder under a dated name."""
from __future__ import annotations

import csv
import io
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from logframe.registry import Registry

FINGERTIPS_API = "https://fingertips.phe.org.uk/api"
# Fingertips area types (post-April 2023 boundaries): counties and unitary authorities, then districts and unitary
# authorities; each export also carries England (the parent area type, 15) and the areas' parents.
AREA_TYPES = (502, 501)
ENGLAND_TYPE = 15


class FetchError(RuntimeError):
    """The download failed; the message is one line saying why, and nothing was written."""


@dataclass(frozen=True)
class Fetched:
    path: Path
    rows: int
    by_indicator: dict[int, int]  # Fingertips id -> rows kept
    missing: tuple[int, ...]  # registry ids the API returned nothing for


def export_url(api: str, indicator_ids: list[int], area_type: int) -> str:
    """The CSV download of the given indicators for one area type, with England as the parent area type."""
    query = urllib.parse.urlencode({"indicator_ids": ",".join(map(str, indicator_ids)),
                                    "child_area_type_id": area_type, "parent_area_type_id": ENGLAND_TYPE})
    return f"{api.rstrip('/')}/all_data/csv/by_indicator_id?{query}"


def _get(url: str, timeout: float) -> str:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8-sig")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"the Fingertips API answered {exc.code} {exc.reason} for {url}; nothing was written") from None
    except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        host = urllib.parse.urlsplit(url).netloc
        raise FetchError(f"cannot reach {host} ({reason}): this server needs internet access to fetch from "
                         "Fingertips; nothing was written") from None


def fetch_fingertips(registry: Registry, out_dir: Path, api: str = FINGERTIPS_API, today: date | None = None,
                     timeout: float = 120) -> Fetched:
    """Download, keep the registry's areas, and write out_dir/fingertips-<date>.csv in the export layout."""
    ids = sorted({i.fingertips_id for i in registry.indicators.values() if i.fingertips_id is not None})
    if not ids:
        raise FetchError("no registry indicator has a fingertips_id; nothing to fetch")
    header: list[str] | None = None
    rows: dict[tuple[Any, ...], list[str]] = {}  # England appears in both downloads: keep each row once
    for area_type in AREA_TYPES:
        reader = csv.reader(io.StringIO(_get(export_url(api, ids, area_type), timeout)))
        head = next(reader, None)
        if not head or "Area Code" not in head or "Indicator ID" not in head:
            raise FetchError(f"the Fingertips API did not send a data export for area type {area_type}; "
                             "nothing was written")
        header = header or head
        code = head.index("Area Code")
        for r in reader:
            if len(r) == len(head) and r[code] in registry.areas:
                rows.setdefault(tuple(r), [r[header.index(c)] if c in header else "" for c in head])
    assert header is not None
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"fingertips-{(today or date.today()).isoformat()}.csv"
    fd, tmp = tempfile.mkstemp(prefix=".fingertips-", suffix=".csv", dir=out_dir)  # hidden: the scan ignores it
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows.values())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    id_col = header.index("Indicator ID")
    counts = Counter(int(float(r[id_col])) for r in rows.values() if r[id_col].strip())
    return Fetched(path, len(rows), dict(sorted(counts.items())), tuple(i for i in ids if i not in counts))
