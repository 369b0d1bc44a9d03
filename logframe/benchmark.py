"""How an area compares with every English council: rank and quartile among councils of its kind and among all, on
the official files that publish every council (ASCOF, ONS Explore local statistics, Oflog). Pure: no Streamlit.

The dashboard's own extracts keep only the registry's areas (the importers leave other councils out as
'outside_registry'). The benchmark is kept apart from them: it reads the official files themselves, those shipped in
data/reference and any official download dropped into the extracts folder, through the same importers with every
area let in, and keeps each council's whole-population figure. Nothing it reads reaches a status, a chart or a pack
figure of the dashboard's own areas; it only places them among the others.

A council's kind comes from its ONS (GSS) code, an official convention: E10 county councils, E06 unitary
authorities, E08 metropolitan boroughs, E09 London boroughs (the councils with adult social care duties: the upper
tier), E07 district councils (with E06, E08 and E09, the lower tier).
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import logging
import math
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from logframe import ROOT, importers, oflog
from logframe.config import settings
from logframe.contract import publisher
from logframe.importers import ascof, ons
from logframe.periods import try_parse_period
from logframe.real import REFERENCE_DIR, SOURCES
from logframe.registry import Comparator, Indicator, Registry
from logframe.validate import registry_mapping_key

log = logging.getLogger(__name__)

KIND = {"E10": "county", "E06": "unitary", "E08": "metropolitan", "E09": "london", "E07": "district",
        "E12": "region", "E92": "country"}
COUNCIL_KINDS = ("county", "unitary", "metropolitan", "london", "district")  # the kinds ranked (present.KIND_PLURAL)
UPPER_TIER = ("county", "unitary", "metropolitan", "london")  # councils with adult social care duties
LOWER_TIER = ("district", "unitary", "metropolitan", "london")
COLUMNS = ["indicator_id", "period", "position", "area_code", "area_name", "kind", "value", "lower_ci", "upper_ci",
           "source"]
# The columns naming each area in each layout (the first one present).
_NAME_COLUMNS = ("Geographical Description", "areanm", "AREANM")
_CODE_COLUMNS = ("ONS Code", "areacd", "AREACD")


def kind_of(code: str) -> str:
    """'county', 'unitary', ... from an ONS area code; 'other' for anything else (a median, a combined authority)."""
    return KIND.get(str(code)[:3], "other")


def tier_of(kind: str) -> tuple[str, ...]:
    """The councils an area is ranked among 'all': the upper tier, or the lower tier for a district council."""
    return LOWER_TIER if kind == "district" else UPPER_TIER


def published_for_every_council(ind: Indicator) -> bool:
    """Whether the indicator comes from a file that publishes every English council (ASCOF, ONS, Oflog)."""
    return bool(ind.ascof_measure or ind.ons_indicator or oflog.measure_ids_of(ind))


# --- reading the official files, every council let in ---------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """An official file the benchmark reads: where, in which layout, and its modification stamp."""
    path: str
    layout: str  # an importers.LAYOUTS key: ascof, ascof_reshaped, ons; or 'oflog'
    stamp: tuple[int, int]  # size, modified time (ns): a replaced file is read again


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def sources(official: Sequence[tuple[str, str]] = ()) -> list[Source]:
    """The shipped reference files (data/reference), then the official downloads found in the extracts folder
    ((path, layout) of each, e.g. from the snapshot's used files): a later file wins a council's figure."""
    out = []
    for name in SOURCES:
        path = REFERENCE_DIR / name
        layout = importers.detect(importers.read_columns(path))
        out.append(Source(str(path), layout, _stamp(path)))  # type: ignore[arg-type]
    out.append(Source(str(oflog.SOURCE_CSV), "oflog", _stamp(oflog.SOURCE_CSV)))
    for path, layout in official:  # type: ignore[assignment]
        if layout in ("ascof", "ascof_reshaped", "ons"):
            try:
                out.append(Source(str(path), layout, _stamp(Path(path))))
            except OSError as exc:  # removed since the snapshot was taken
                log.info("benchmark source %s gone: %s", path, exc)
    return out


@lru_cache(maxsize=16)
def _table(path: str, stamp: tuple[int, int]) -> pa.Table:
    return importers.read_table(path)


def _names(table: pa.Table) -> dict[str, str]:
    code = next((c for c in _CODE_COLUMNS if c in table.column_names), None)
    name = next((c for c in _NAME_COLUMNS if c in table.column_names), None)
    if code is None or name is None:
        return {}
    pairs = pa.Table.from_arrays([pc.utf8_trim_whitespace(table[code].cast(pa.string())),
                                  pc.utf8_trim_whitespace(table[name].cast(pa.string()))], ["c", "n"])
    return dict(zip(pairs["c"].to_pylist(), pairs["n"].to_pylist()))


def _from_file(source: Source, registry: Registry) -> pd.DataFrame:
    """One official file's whole-population figures of the given indicators for every area it publishes."""
    table = _table(source.path, source.stamp)
    names = _names(table)
    if "Measure Value" in table.column_names:
        # ASCOF marks a council's figure not published with [x] or [c] (the registry's own areas have only [x]):
        # either way there is nothing to rank.
        values = table["Measure Value"].cast(pa.string())
        marked = pc.match_substring_regex(pc.utf8_trim_whitespace(values), r"^\[[a-z]\]$")
        table = table.set_column(table.column_names.index("Measure Value"), "Measure Value",
                                 pc.if_else(marked, pa.scalar("[x]"), values))
    convert = {"ascof": ascof.convert, "ascof_reshaped": ascof.convert_reshaped, "ons": ons.convert}[source.layout]
    done = convert(table, registry, source.path, area_codes=[c for c in names if c])
    if done.problems:
        log.warning("benchmark: %s left out: %s", source.path, "; ".join(p.message for p in done.problems))
    if done.rows is None or done.rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    rows = done.rows
    if "breakdown_type" in rows.columns:
        rows = rows[rows["breakdown_type"].isna()]
    return rows.assign(area_name=rows["area_code"].map(names), source=publisher(done.source))


def _from_oflog(source: Source, registry: Registry) -> pd.DataFrame:
    ids = oflog.measure_ids(registry)
    out = []
    with open(source.path, newline="", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            ind = ids.get(r["Code"])
            if ind is None:
                continue
            period = r["Financial year"].replace("-", "/")
            value, _ = oflog.value_of(r)
            out.append({"indicator_id": ind, "area_code": r["Local authority code"], "period": period,
                        "value": value, "area_name": r["Local authority name"], "source": publisher(oflog.SOURCE)})
            if r["MEDIAN"].strip():
                out.append({"indicator_id": ind, "area_code": oflog.MEDIAN_CODE, "period": period,
                            "value": float(r["MEDIAN"]), "area_name": "All-council median",
                            "source": publisher(oflog.SOURCE)})
    return pd.DataFrame(out)


def benchmark_rows(registry: Registry, found: list[Source]) -> pd.DataFrame:
    """Every area's whole-population figure of every indicator published for every council (COLUMNS), one row per
    indicator, area and period, a later source winning; read in one pass over each file."""
    wanted = {i.id: i for i in registry.indicators.values() if published_for_every_council(i)}
    only = dataclasses.replace(registry, indicators=wanted)  # the importers map these alone
    frames: list[pd.DataFrame] = []
    for source in found:
        try:
            frame = _from_oflog(source, only) if source.layout == "oflog" else _from_file(source, only)
        except (ValueError, OSError, pa.ArrowException, duckdb.Error) as exc:
            log.warning("benchmark: %s could not be read: %s", source.path, exc)
            continue
        if not frame.empty:
            frames.append(frame.assign(_order=len(frames)))
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[rows["value"].notna()]
    rows = rows.sort_values("_order", kind="stable").drop_duplicates(["indicator_id", "area_code", "period"],
                                                                      keep="last")
    positions = {p: try_parse_period(p) for p in rows["period"].unique()}
    rows = rows.assign(position=rows["period"].map(lambda p: positions[p].position if positions[p] else math.nan),  # type: ignore[union-attr]
                       kind=rows["area_code"].map(kind_of))
    for col in COLUMNS:
        if col not in rows.columns:
            rows[col] = None
    return rows[COLUMNS].sort_values(["indicator_id", "position", "area_code"]).reset_index(drop=True)


def benchmark_table(registry: Registry, found: list[Source]) -> pd.DataFrame:
    """benchmark_rows, kept in the cache folder (benchmark/) for these sources, registry mappings and code, so that a
    process reads the official files once, not on each start; computed afresh when the cache is off or unwritable."""
    folder = settings().cache_dir
    key = hashlib.sha256(json.dumps([[s.path, s.layout, list(s.stamp)] for s in found]
                                    + [registry_mapping_key(registry), _code_version()]).encode()).hexdigest()[:24]
    path = folder / "benchmark" / f"{key}.parquet" if folder is not None else None
    if path is not None and path.is_file():
        try:
            return pd.read_parquet(path)
        except (OSError, ValueError, pa.ArrowException) as exc:
            log.warning("benchmark cache %s unreadable, reading the official files again: %s", path, exc)
    rows = benchmark_rows(registry, found)
    if path is not None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            rows.to_parquet(tmp, index=False)
            tmp.replace(path)
        except OSError as exc:  # a read-only or full cache folder only costs the next process the reading
            log.warning("benchmark cache %s not written: %s", path, exc)
            tmp.unlink(missing_ok=True)
    return rows


@lru_cache(maxsize=1)
def _code_version() -> str:
    h = hashlib.sha256()
    for pattern in ("logframe/benchmark.py", "logframe/oflog.py", "logframe/importers/*.py", "queries/import_*.sql"):
        for path in sorted(ROOT.glob(pattern)):
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


# --- where an area stands ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Standing:
    """An area's place among a set of councils in one period: rank 1 is the best (or the highest, where no direction
    is better), ties share the better rank; quartile 1 is the best (highest) quarter of the ranks."""
    among: str  # 'kind' (councils of its own kind), 'tier' (all of its tier) or 'group' (Benchmark.group_name);
    # present.among_text words it
    rank: int
    n: int
    quartile: int


def rank_of(value: float, others: list[float], polarity: str) -> tuple[int, int, int]:
    """(rank, n, quartile) of value among others (which include it): rank 1 plus the number strictly better;
    quartile by where the rank lies from the first (0) to the last (1) of n, in quarters (the first is 1)."""
    lower_better = polarity == "lower_is_better"
    better = sum(1 for v in others if (v < value if lower_better else v > value))
    n = len(others)
    rank = better + 1
    place = (rank - 1) / (n - 1) if n > 1 else 0.0
    return rank, n, min(4, math.floor(4 * place) + 1)


@dataclass(frozen=True)
class Benchmark:
    """One area's standing in the latest period it is published for, and what the distribution chart marks."""
    area_code: str
    area_name: str
    period: str
    value: float
    kind: str
    standings: tuple[Standing, ...]
    field: pd.DataFrame  # the councils it is ranked among 'all' in that period (area_code, area_name, kind, value)
    group: tuple[str, ...]  # its comparator group's codes with a figure that period
    group_name: str | None
    references: tuple[tuple[str, str, float], ...]  # (code, name, value): England, the region, a median


def standing(rows: pd.DataFrame, area_code: str, area_name: str, polarity: str,
             comparators: tuple[Comparator, ...] = (), nation: str | None = None) -> Benchmark | None:
    """Where an area stands among councils of its kind, among all of its tier and in its comparator group, in the
    latest period it has a figure (None: it has none, or is not a council). nation: the national comparator's code
    (Registry.nation), shown as a reference with the region and the all-council median."""
    if rows.empty:
        return None
    mine = rows[(rows["area_code"] == area_code)]
    kind = kind_of(area_code)
    if mine.empty or kind not in COUNCIL_KINDS:
        return None
    latest = mine.sort_values("position").iloc[-1]
    period, value = latest["period"], float(latest["value"])
    same = rows[rows["period"] == period]
    field = same[same["kind"].isin(tier_of(kind))]
    standings = []
    kinds = field[field["kind"] == kind]
    standings.append(Standing("kind", *rank_of(value, kinds["value"].tolist(), polarity)))
    standings.append(Standing("tier", *rank_of(value, field["value"].tolist(), polarity)))
    mine_c = [c for c in comparators if c.area_code == area_code]
    group = [c for c in mine_c if c.role == "group"]
    group_codes = tuple(c.code for c in group if c.code in set(field["area_code"]))
    group_name = group[0].group if group else None
    if group_codes:
        members = field[field["area_code"].isin(group_codes + (area_code,))]
        standings.append(Standing("group", *rank_of(value, members["value"].tolist(), polarity)))
    refs = []
    region = next((c for c in mine_c if c.role == "region"), None)
    for code, name in ((nation, None), (region.code if region else None, region.name if region else None),
                       (oflog.MEDIAN_CODE, None)):
        hit = same[same["area_code"] == code] if code else same.iloc[0:0]
        if not hit.empty:
            r = hit.iloc[0]
            refs.append((code, name or r["area_name"] or code, float(r["value"])))
    return Benchmark(area_code, area_name, period, value, kind, tuple(standings),
                     field[["area_code", "area_name", "kind", "value"]].reset_index(drop=True), group_codes,
                     group_name, tuple(refs))  # type: ignore[arg-type]
