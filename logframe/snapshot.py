"""The snapshot: the extracts folder's files at one fingerprint, each with its verdict, and the bound parameters
every named query runs on. A file that cannot be read with the others is found, rejected by name, and the query
answered from the rest."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from logframe import db, verdicts
from logframe.config import settings
from logframe.contract import publisher
from logframe.folder import Fingerprint, digest, extracts_dir, fingerprint, registry_for
from logframe.periods import try_parse_period
from logframe.registry import Registry, registry_dir
from logframe.runtime import RUNTIME
from logframe.store import STORE_VERSION, store_folder
from logframe.validate import FileReport, unreadable

log = logging.getLogger(__name__)

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


def min_count() -> int:
    """Counts below this are suppressed everywhere (config: LOGFRAME_MIN_COUNT, default 5)."""
    return settings().min_count


def main_areas(registry: Registry) -> tuple[str, ...]:
    """The areas the dashboard lists and compares: every registry area but neighbourhoods."""
    return tuple(sorted(code for code, a in registry.areas.items() if a.kind != "neighbourhood"))


@dataclass(frozen=True)
class Snapshot:
    """The validated extracts at one fingerprint: what every query runs on."""
    folder: str
    fingerprint: str  # digest() of the files' (path, size, mtime): short, so cache keys hash fast
    reports: tuple[FileReport, ...]
    taken_at: float
    files: Fingerprint = ()
    main_areas: tuple[str, ...] = ()  # the dashboard's own areas (main_areas()): the store's sorted part
    registry: Registry | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def valid(self) -> tuple[FileReport, ...]:
        return tuple(r for r in self.reports if r.ok)

    @property
    def rejected(self) -> tuple[FileReport, ...]:
        return tuple(r for r in self.reports if r.rejected)

    @property
    def nothing_used(self) -> tuple[FileReport, ...]:
        """Files in a known layout none of whose rows the registry maps: recognised, not rejected."""
        return tuple(r for r in self.reports if r.nothing_to_use)

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
                return str(Path(path).relative_to(self.folder))
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

    def _entry(self, r: FileReport) -> dict[str, Any]:
        return {"path": r.data_path or r.path, "origin": r.path, "mtime": r.mtime, "illustrative": r.illustrative,
                "may_overlap": r.path in self.overlapping, "superseded": list(self.superseded.get(r.path, ())),
                "rank": self.ranks.get(r.path, 0), "may_win": r.path in self.winners}

    @cached_property
    def _periods(self) -> list[dict[str, Any]]:
        labels = sorted({p for r in self.valid for p in r.periods})
        periods = []
        for label in labels:
            p = try_parse_period(label)
            if p is not None:
                periods.append({"label": label, "kind": p.kind, "start_year": p.start_year,
                                "end_year": p.end_year, "position": p.position})
        return periods or [{"label": "", "kind": "", "start_year": 0.0, "end_year": 0.0, "position": 0.0}]

    @cached_property
    def _base_params(self) -> dict[str, Any]:
        valid = self.valid
        if not valid:
            empty = _empty_report()
            return {"files": [empty.path], "extracts": [{**_STORE_EXTRACTS[0], "path": empty.path}],
                    "periods": self._periods}
        return {"files": [r.data_path or r.path for r in valid], "extracts": [self._entry(r) for r in valid],
                "periods": self._periods}

    def params(self, store: bool = True) -> dict[str, Any]:
        """The bound parameters every query over the staging macro needs (reading the consolidated store in
        place of the files once it has been built, unless store is False)."""
        base = self._base_params
        files = self.store_files() if store else None
        if files:
            return {"min_count": min_count(), **base, "files": files, "extracts": _STORE_EXTRACTS}
        return {"min_count": min_count(), **base}

    def run(self, name: str, **params: Any) -> pd.DataFrame:
        """Run a named query over this snapshot's valid extracts. A file that cannot be read with the others is
        rejected by name (logged, and on the Data page from the next rerun) and the query answered from the rest."""
        if name in SOURCE_QUERIES:
            return self._from_files(name, params)
        if name in BREAKDOWN_QUERIES:
            return db.run(name, **self._breakdown_params(), **params)
        base = self.params()
        if base["files"] is self._base_params["files"]:
            return self._from_files(name, params)
        if self._main_only(name, params):
            # every area asked for is one of the dashboard's own: the store's small sorted part holds them all
            base = {**base, "files": base["files"][:1]}
        try:
            return db.run(name, **base, **params)
        except duckdb.IOException as exc:
            # The store was cleared away under us (another process pruned it): read the files themselves.
            log.info("store of snapshot %s unreadable (%s); reading the extract files", self.fingerprint, exc)
            return self._from_files(name, params)

    def _from_files(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        try:
            return db.run(name, **self.params(store=False), **params)
        except duckdb.Error as exc:
            bad = self.find_unreadable(exc)
            if not bad:
                raise
            return self.without(bad).run(name, **params)

    def _breakdown_params(self) -> dict[str, Any]:
        """The parameters narrowed to the files that hold breakdown rows (the store holds whole-population rows only),
        so the groups' queries never read a large extract without any."""
        base = self.params(store=False)
        keep = [n for n, r in enumerate(self.valid) if r.breakdown_rows]
        if not keep:
            empty = _empty_report().path
            return {**base, "files": [empty], "extracts": [{**_STORE_EXTRACTS[0], "path": empty, "origin": empty}]}
        return {**base, "files": [base["files"][n] for n in keep], "extracts": [base["extracts"][n] for n in keep]}

    def find_unreadable_together(self) -> dict[str, str]:
        """Read every valid file together, as the pages do; {path: why} of any file that cannot be (then rejected)."""
        try:
            db.run("read_check", **self.params(store=False))
            return {}
        except duckdb.Error as exc:
            return self.find_unreadable(exc)

    def find_unreadable(self, exc: Exception) -> dict[str, str]:
        """After a query over every valid file failed: read each file alone, and reject (for this and every later
        snapshot) each one that cannot be read; {path: why}. Empty when each file reads on its own (the failure
        was not one file's)."""
        bad: dict[str, str] = {}
        for r in self.valid:
            try:
                db.run("read_check", files=[r.data_path or r.path], extracts=[self._entry(r)],
                       periods=self._periods, min_count=min_count())
            except duckdb.Error as one:
                bad[r.path] = str(one)
        log.error("a query over %d extract(s) failed (%s); %s", len(self.valid), exc,
                  f"unreadable on their own: {', '.join(bad)}" if bad else "every file reads on its own")
        if bad and self.registry is not None:
            stamps = {path: (path, size, mtime) for path, size, mtime in self.files}
            for path, why in bad.items():
                report = next(r for r in self.valid if r.path == path)
                if path in stamps:
                    verdicts.replace_verdict(stamps[path], self.registry, unreadable(report, why))
            verdicts.forget_bundle(self.files, self.registry)
            with RUNTIME.lock:
                RUNTIME.unreadable.update(bad)
                RUNTIME.generation += 1
        return bad

    def without(self, bad: dict[str, str]) -> Snapshot:
        """This snapshot with the given files rejected as unreadable."""
        reports = tuple(unreadable(r, bad[r.path]) if r.path in bad else r for r in self.reports)
        return dataclasses.replace(self, reports=reports)

    def _main_only(self, name: str, params: dict[str, Any]) -> bool:
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
        folder = store_folder(self.store_key)
        if folder is None:
            return None
        files = [str(folder / "main.parquet"), str(folder / "rest.parquet")]
        return files if all(os.path.isfile(f) for f in files) else None


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


def snapshot_key(fp: Fingerprint) -> str:
    """What a snapshot of these files is cached by: their fingerprint, the registry folder read with them (two
    registries in one process never share a snapshot), and the files found unreadable with the others since (each
    such find gives the next rerun a new snapshot, with that file rejected)."""
    with RUNTIME.lock:
        unreadable = sorted(RUNTIME.unreadable)
    keyed = (*fp, ("registry", str(registry_dir()), 0))
    return digest(keyed if not unreadable else (*keyed, tuple(unreadable)))  # type: ignore[arg-type]


def _snapshot(folder: str, fp: Fingerprint, registry: Registry) -> Snapshot:
    reports = verdicts.verdicts(folder, fp, registry)
    return Snapshot(folder=folder, fingerprint=snapshot_key(fp), reports=tuple(reports), taken_at=time.time(),
                    files=fp, main_areas=main_areas(registry), registry=registry)


_EMPTY: list[FileReport] = []


def _empty_report() -> FileReport:
    """A contract-shaped Parquet file with no rows, so queries still run when no extract is valid."""
    if not _EMPTY:
        import tempfile
        path = Path(tempfile.mkdtemp(prefix="logframe-empty-")) / "empty.parquet"
        schema = pa.schema([("indicator_id", pa.string()), ("area_code", pa.string()), ("period", pa.string()),
                            ("value", pa.float64())])
        pq.write_table(schema.empty_table(), path)
        _EMPTY.append(FileReport(path=str(path), size=path.stat().st_size, mtime=0.0))
    return _EMPTY[0]


def reports_frame(snapshot: Snapshot) -> pd.DataFrame:
    """One row per file in the folder for the Data page: where it is (relative to the folder), whether it is used,
    rejected, recognised with nothing to use, or not an extract; what it is, what it covers and what it left out."""
    from logframe.importers import LAYOUTS
    rows = []
    for r in snapshot.reports:
        state = ("✔ Used" if r.ok else "✖ Rejected" if r.rejected else "○ Nothing to use" if r.nothing_to_use
                 else "– Not an extract")
        rows.append({
            "file": snapshot.relative(r.path),
            "status": state,
            "kind": LAYOUTS.get(r.kind, r.kind) if r.is_extract else r.file_type,
            "data": ("Illustrative" if r.illustrative else "Real") if r.ok else "",
            "source": publisher(r.source) if r.source else "",
            "size (KB)": round(r.size / 1024, 1) if r.size >= 0 else None,
            "modified": pd.Timestamp(r.mtime, unit="s", tz="UTC").tz_convert("Europe/London").strftime("%d %b %Y %H:%M")
            if r.mtime else "",
            "rows": r.n_rows if r.ok else None,
            "rows left out": sum(x.n_rows for x in r.left_out) if r.ok or r.nothing_to_use else None,
            "indicators": len(r.indicators) if r.ok else None,
            "areas": len(r.areas) if r.ok else None,
            "periods": f"{r.periods[0]} to {r.periods[-1]}" if r.ok and r.periods else "",
            "problems": "; ".join(p.message for p in r.problems) or (r.unused if r.nothing_to_use else ""),
        })
    return pd.DataFrame(rows)
