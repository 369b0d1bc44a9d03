"""Scale data: contract-valid illustrative extracts of any size, for the benchmark and for trying the app at county scale.

Indicators are the registry's own (quantified first), so every page can show them. Areas beyond the registry's
are made-up neighbourhoods with codes N followed by eight digits, listed in an areas.csv beside the extracts (the registry
merges it, see registry.EXTRA_AREAS_FILE). Periods are months ending March 2025. Files are split as analysts
would send them, in one of several layouts (LAYOUTS): one folder per indicator and file per financial year, a few
large extracts split by area or by period, a single national file, or large extracts with a small newer revision
file on top.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from logframe import contract
from logframe.periods import fy_label, parse_period
from logframe.registry import EXTRA_AREAS_FILE, Area, Indicator, Registry

LAST_MONTH = (2025, 3)  # the series end in March 2025, the end of 2024/25
SOURCE = "Scale test data generated (seeded); not real measurements."
# Where a value sits when the log-frame gives no baseline, by unit; and the range each unit allows.
FALLBACK = {"percent": 50.0, "rate_per_100k": 500.0, "count": 1000.0, "score": 50.0, "years": 80.0, "ratio": 1.0}
LOW = {"percent": 0.5, "score": -1e9}  # other units: never below 0
HIGH = {"percent": 99.5, "years": 125.0}


def usable_indicators(registry: Registry) -> list[Indicator]:
    """Registry indicators with a numeric unit, quantified ones first: what scale data can cycle through."""
    # Scale data are monthly: an indicator whose periodicity cannot hold a month (a multi-year one reads '2024-05' as
    # a range and refuses it) is left out, or the validator rightly rejects every file holding it.
    numeric = [i for i in registry.indicators.values() if i.unit != "text" and _takes_months(i.periodicity)]
    return [i for i in numeric if i.quantified] + [i for i in numeric if not i.quantified]


def _takes_months(periodicity: str) -> bool:
    from logframe.periods import PeriodError, read_period
    try:
        read_period(month_labels(1)[0], periodicity)
    except PeriodError:
        return False
    return True


def month_labels(n: int) -> list[str]:
    """The n months ending LAST_MONTH, oldest first, as '2024-05' labels."""
    year, month = LAST_MONTH
    end = year * 12 + month - 1
    return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(end - n + 1, end + 1)]


def extra_areas(registry: Registry, n: int) -> list[Area]:
    """n made-up neighbourhoods, each inside a district or a unitary council of the registry."""
    parents = [a.code for a in registry.districts()] + [c for c in registry.councils()
                                                         if registry.areas[c].kind == "unitary"]
    return [Area(f"N{k:08d}", f"Neighbourhood {k} (made up)", "neighbourhood", (), parents[(k - 1) % len(parents)])
            for k in range(1, n + 1)]


def _schema() -> pa.Schema:
    return contract.schema(SOURCE, illustrative=True)


def _series(ind: Indicator, n_areas: int, positions: np.ndarray, rng: np.random.Generator,
            population: np.ndarray) -> tuple[np.ndarray, ...]:
    """(value, lower_ci, upper_ci, numerator, denominator) arrays of shape areas x periods."""
    base = ind.baseline_value if ind.baseline_value is not None else FALLBACK[ind.unit]
    target = ind.target_value if ind.target_value is not None and ind.quantified else base
    b_pos = parse_period(ind.baseline_period).position if ind.baseline_period else positions[0]
    t_pos = parse_period(ind.target_period).position if ind.quantified else b_pos + 8  # type: ignore[arg-type]
    slope = (target - base) / max(t_pos - b_pos, 0.5)
    scale = max(abs(target - base) * 0.6, abs(base) * 0.04, 0.3)
    # Each area follows the trajectory at its own pace, offset by its own lean, with monthly noise.
    pace = rng.uniform(-0.2, 1.3, size=(n_areas, 1))
    lean = rng.normal(0, 0.6, size=(n_areas, 1)) * scale
    value = base + slope * pace * (positions[None, :] - b_pos) + lean
    value += rng.normal(0, scale * 0.1, size=value.shape)
    value = np.clip(value, LOW.get(ind.unit, 0.0), HIGH.get(ind.unit, np.inf)).round(1)
    half = scale * (0.05 + 3.0 / np.sqrt(population[:, None] / 100))
    lower = np.maximum(value - half, LOW.get(ind.unit, 0.0) if ind.unit != "percent" else 0.0)
    lower = np.minimum(lower, value).round(2)
    upper = np.maximum(np.minimum(value + half, HIGH.get(ind.unit, np.inf) + 0.5), value).round(2)
    if ind.unit == "percent":
        den = np.broadcast_to((population * 0.01).round()[:, None], value.shape)
        num = (value / 100 * den).round()
    elif ind.unit == "rate_per_100k":
        den = np.broadcast_to(population.astype(float)[:, None], value.shape)
        num = (value * den / 1e5).round()
    else:
        num = den = np.full(value.shape, np.nan)
    return value, lower, upper, num, den


LAYOUTS = ("indicator-year", "area", "period", "national", "revision")
LAYOUT_HELP = {
    "indicator-year": "one folder per indicator, one file per financial year (many small files)",
    "area": "a few large extracts, each every indicator and period for a block of areas",
    "period": "a few large extracts, each every indicator and area for a block of months",
    "national": "a single file with every row",
    "revision": "the 'area' layout plus a small newer file revising the last three months for the registry's "
                "own areas (the dashboard's), as analysts send corrections",
}
REVISED_MONTHS = 3


def write_scale(registry: Registry, out_dir: Path, indicators: int, areas: int, periods: int,
                seed: int = 2025, layout: str = "indicator-year", parts: int = 4) -> list[Path]:
    """Write indicators x areas x periods rows under out_dir (plus areas.csv for made-up areas), split into files
    as the layout says (LAYOUTS; parts: how many large extracts the area and period layouts have); return the
    files. The rows are the same whatever the layout: only the files they are split into differ."""
    usable = usable_indicators(registry)
    if not 1 <= indicators <= len(usable):
        raise ValueError(f"--indicators must be 1 to {len(usable)} (the registry's numeric indicators)")
    if areas < 1 or periods < 1:
        raise ValueError("--areas and --periods must be at least 1")
    if layout not in LAYOUTS:
        raise ValueError(f"--layout must be one of {', '.join(LAYOUTS)}")
    if parts < 1:
        raise ValueError("--parts must be at least 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    own = list(registry.areas.values())[:areas]
    extra = extra_areas(registry, areas - len(own))
    sidecar = out_dir / EXTRA_AREAS_FILE
    if extra:
        with open(sidecar, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["code", "name", "kind", "other_names", "parent"])
            w.writerows([a.code, a.name, a.kind, "", a.parent] for a in extra)
    elif sidecar.exists():
        sidecar.unlink()
    codes = np.array([a.code for a in own + extra], dtype=object)
    labels = month_labels(periods)
    parsed = [parse_period(p) for p in labels]
    positions = np.array([p.position for p in parsed])
    fy = np.array([p.start.year if p.start.month >= 4 else p.start.year - 1 for p in parsed])
    rng = np.random.default_rng(seed)
    population = np.where(np.arange(len(codes)) < len(own), 150_000, rng.integers(2_000, 20_000, len(codes)))
    every_area, every_month = np.arange(len(codes)), np.arange(len(labels))
    if layout == "indicator-year":
        blocks = None
    elif layout in ("area", "revision"):
        blocks = [(f"extract_areas_{n + 1}_of_{parts}.parquet", a, every_month)
                  for n, a in enumerate(_split(every_area, parts))]
    elif layout == "period":
        blocks = [(f"extract_{labels[m[0]]}_to_{labels[m[-1]]}.parquet", every_area, m)
                  for m in _split(every_month, parts)]
    else:
        blocks = [("extract_national.parquet", every_area, every_month)]
    writers = {}
    written = []
    revision = []
    try:
        for ind in usable[:indicators]:
            arrays = _series(ind, len(codes), positions, rng, population)
            if blocks is None:
                folder = out_dir / ind.id
                folder.mkdir(exist_ok=True)
                for year in sorted(set(fy)):
                    path = folder / f"{ind.id}_{fy_label(int(year)).replace('/', '-')}.parquet"
                    pq.write_table(_table(ind, codes, labels, arrays, every_area, np.flatnonzero(fy == year)), path)
                    written.append(path)
                continue
            for name, area_idx, month_idx in blocks:
                if not len(area_idx) or not len(month_idx):
                    continue
                table = _table(ind, codes, labels, arrays, area_idx, month_idx)
                if name not in writers:
                    writers[name] = pq.ParquetWriter(out_dir / name, table.schema)
                    written.append(out_dir / name)
                writers[name].write_table(table)
            if layout == "revision":
                # the registry's own areas, last three months: each value moved a little, as a correction would
                revised = tuple((a * 0.99).round(2) if k < 3 else a for k, a in enumerate(arrays))
                revision.append(_table(ind, codes, labels, revised, np.arange(len(own)),
                                       every_month[-REVISED_MONTHS:]))
    finally:
        for w in writers.values():
            w.close()
    if revision:
        path = out_dir / "revision_latest_months.parquet"
        pq.write_table(pa.concat_tables(revision), path)
        # newer than every large extract, however coarse the file system's clock: the newest file wins
        newest = max(p.stat().st_mtime for p in written)
        os.utime(path, (newest + 60, newest + 60))
        written.append(path)
    return written


def _split(idx: np.ndarray, parts: int) -> list[np.ndarray]:
    return [p for p in np.array_split(idx, min(parts, len(idx))) if len(p)]


def _table(ind: Indicator, codes: np.ndarray, labels: list[str], arrays: tuple[np.ndarray, ...],
           area_idx: np.ndarray, month_idx: np.ndarray) -> pa.Table:
    # area-major, then period: the order an export from a warehouse usually has
    areas = np.repeat(area_idx, len(month_idx))
    months = np.tile(month_idx, len(area_idx))
    flat = [a[areas, months] for a in arrays]
    return pa.table({
        "indicator_id": pa.array([ind.id] * len(areas), pa.string()),
        "area_code": pa.array(codes[areas], pa.string()),
        "period": pa.array(np.array(labels, dtype=object)[months], pa.string()),
        "value": flat[0], "lower_ci": flat[1], "upper_ci": flat[2],
        "numerator": pa.array(flat[3], pa.float64(), from_pandas=True),
        "denominator": pa.array(flat[4], pa.float64(), from_pandas=True),
        "value_note": pa.nulls(len(areas), pa.string()),
    }, schema=_schema())
