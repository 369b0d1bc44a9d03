"""Deterministic generator of illustrative (made-up) extracts that tell a believable story until real data arrives."""
from __future__ import annotations

import math
import random
import zlib
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from logframe import contract
from logframe.periods import fy_label, parse_period
from logframe.registry import Indicator, Registry

# Populations weight counts and sample sizes; a made-up lean (+ = worse on deprivation-linked measures) spreads the
# areas. Both come from the registry's illustrative_areas.csv; without one, every council, the partnership and the
# nation get these plain defaults by kind.
DEFAULT_POPULATION = {"district": 120_000, "unitary": 250_000, "county": 1_000_000, "icb": 1_250_000,
                      "country": 56_000_000}


def illustrative_areas(registry: Registry) -> dict[str, tuple[int, float]]:
    """code -> (population, lean) for every area illustrative data is made for (Registry.illustrative_areas, else
    defaults by kind)."""
    if registry.illustrative_areas:
        return dict(registry.illustrative_areas)
    return {c: (DEFAULT_POPULATION[a.kind], 0.0) for c, a in registry.areas.items() if a.kind in DEFAULT_POPULATION}


# The story for each indicator's own geography in its latest period; others cycle through SCENARIOS.
BOARD_SCENARIOS = {
    "loneliness_often_always": ("at_risk", 6.8),
    "reablement_still_home_91_days_kent": ("on_track", 84.9),
    "frailty_emergency_admissions": ("off_track", 4702.0),
    "carer_satisfaction_very_satisfied": ("off_track", 31.4),
}
SCENARIOS = ("on_track", "at_risk", "achieved", "off_track", "on_track", "at_risk")
LATEST_FY, LATEST_YEAR = 2024, 2024  # series run to 2024/25 or calendar 2024

# Indicators whose illustrative series are monthly (annualised rates), long enough for SPC charts.
MONTHLY = ("frailty_emergency_admissions", "alcohol_admissions")
LATEST_MONTH = (2025, 3)  # monthly series run to March 2025, the end of 2024/25

SOURCE = "Illustrative data generated (seeded) to show how the dashboard works; not real measurements."


def _rng(seed: int, *parts: str) -> random.Random:
    return random.Random(zlib.crc32("|".join((str(seed),) + parts).encode()))


def _periods(ind: Indicator) -> list[str]:
    """Periods from two years before the baseline to the latest: monthly for MONTHLY indicators, else annual
    in the baseline period's own kind."""
    base = parse_period(ind.baseline_period)  # type: ignore[arg-type]
    if ind.id in MONTHLY:
        first = base.start.year - 2
        return [f"{y}-{m:02d}" for y in range(first, LATEST_MONTH[0] + 1) for m in range(1, 13)
                if (y, m) <= LATEST_MONTH]
    if base.kind == "financial_year":
        first = base.start.year - 2
        return [fy_label(y) for y in range(first, LATEST_FY + 1)]
    first = int(base.start.year) - 2
    return [str(y) for y in range(first, LATEST_YEAR + 1)]


def _scale(ind: Indicator) -> float:
    """How far apart areas sit, in the indicator's unit."""
    span = abs(ind.target_value - ind.baseline_value)  # type: ignore[operator]
    return max(span * 0.6, abs(ind.baseline_value) * 0.04, 0.3)  # type: ignore[arg-type]


def _latest_value(ind: Indicator, scenario: str, latest_pos: float) -> float:
    """A latest value for the indicator's own geography that lands in the wanted status band."""
    b, t = ind.baseline_value, ind.target_value
    bp, tp = parse_period(ind.baseline_period).position, parse_period(ind.target_period).position  # type: ignore[arg-type]
    share = min(max((latest_pos - bp) / (tp - bp), 0.0), 1.0) if tp != bp else 1.0
    m = b + (t - b) * share  # type: ignore[operator]
    step = t - b if t != b else max(abs(b) * 0.02, 0.5)  # type: ignore[arg-type, operator]
    if scenario == "achieved":
        return t + 0.1 * step  # type: ignore[operator]
    if scenario == "on_track":
        return m + 0.35 * (t - m) if t != m else m  # type: ignore[operator]
    if scenario == "at_risk":
        return b + 0.45 * (m - b)  # type: ignore[operator]
    return b - 0.25 * step  # type: ignore[operator]  # off_track: moved away from the target


def _ci(ind: Indicator, value: float, pop: int, rng: random.Random) -> tuple[float, float, float | None, float | None]:
    """(lower, upper, numerator, denominator) consistent with the value and the area's size."""
    if ind.unit == "percent":
        n = max(int(pop * 0.004), 150)  # a survey sample of about 0.4% of residents
        p = min(max(value / 100, 0.001), 0.999)
        num = round(p * n)
        se = math.sqrt(p * (1 - p) / n) * 100
        return max(value - 1.96 * se, 0.0), min(value + 1.96 * se, 100.0), float(num), float(n)
    if ind.unit == "rate_per_100k":
        denom = pop * 0.2 if "frail" in ind.id or "reablement" in ind.id else pop
        # A monthly value is an annualised rate: a twelfth of the year's admissions, scaled up.
        months = 12 if ind.id in MONTHLY else 1
        count = max(round(value * denom / 1e5 / months), 1)
        half = 1.96 * math.sqrt(count) * months / denom * 1e5
        return max(value - half, 0.0), value + half, float(count), float(round(denom))
    half = abs(value) * 0.03 * (100_000 / max(pop, 50_000)) ** 0.5
    return value - half, value + half, None, None


def illustrative_rows(ind: Indicator, seed: int, scenario: str, areas: dict[str, tuple[int, float]]) -> list[dict[str, Any]]:
    """Every area x period row for one quantified indicator, for the areas (illustrative_areas)."""
    periods = _periods(ind)
    positions = [parse_period(p).position for p in periods]
    base_pos = parse_period(ind.baseline_period).position  # type: ignore[arg-type]
    worse = 1.0 if ind.polarity == "lower_is_better" else -1.0  # sign that makes a value worse
    if ind.polarity == "maintain":
        worse = -1.0
    latest = BOARD_SCENARIOS.get(ind.id, (scenario, None))[1]
    if latest is None:
        latest = _latest_value(ind, scenario, positions[-1])
    # The own-geography path: flat-ish before the baseline, through the baseline, straight to the latest.
    slope = (latest - ind.baseline_value) / max(positions[-1] - base_pos, 0.5)  # type: ignore[operator]
    rows = []
    scale = _scale(ind)
    for code, (pop, lean) in areas.items():
        rng = _rng(seed, ind.id, code)
        area_slope = slope * (1 + rng.uniform(-0.25, 0.25)) if code != ind.geography else slope
        for period, pos in zip(periods, positions):
            trend = ind.baseline_value + area_slope * (pos - base_pos) if pos > base_pos else ind.baseline_value  # type: ignore[operator]
            if code == ind.geography:
                value = trend
                if ind.id in MONTHLY:  # month-to-month noise, so SPC limits have something to bound
                    value += rng.gauss(0, scale * 0.3)  # type: ignore[operator]
                elif pos != base_pos and pos != positions[-1]:
                    value += rng.gauss(0, scale * 0.05)  # type: ignore[operator]
                if pos < base_pos:
                    value -= slope * 0.3 * (base_pos - pos)  # type: ignore[operator]
            else:
                value = trend + worse * lean * scale + rng.gauss(0, scale * 0.08)  # type: ignore[operator]
            if ind.unit == "percent":
                value = min(max(value, 0.5), 99.5)  # type: ignore[type-var]
            value = max(value, 0.0)  # type: ignore[type-var]
            value = round(value, 1)  # type: ignore[arg-type]
            lo, hi, num, den = _ci(ind, value, pop, rng)
            rows.append({
                "indicator_id": ind.id, "area_code": code, "period": period, "value": value,
                "lower_ci": round(lo, 2), "upper_ci": round(hi, 2), "numerator": num, "denominator": den,
                "value_note": None,
            })
    return rows


def _table(rows: list[dict[Any, Any]], source: str, illustrative: bool) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=contract.schema(source, illustrative))


def write_illustrative(registry: Registry, out_dir: Path, seed: int = 2025, skip: AbstractSet[str] = frozenset()) -> list[Path]:
    """Write one illustrative extract per shared outcome under out_dir, for the quantified indicators not in skip
    (those with real figures); return the paths. Old files of outcomes left with nothing are removed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    by_outcome: dict[str, list[dict[Any, Any]]] = {}
    quantified = [i for i in registry.indicators.values() if i.quantified and not i.supporting]
    areas = illustrative_areas(registry)
    for n, ind in enumerate(quantified):  # each keeps its story (scenario) whatever is skipped
        if ind.id in skip:
            continue
        rows = illustrative_rows(ind, seed, SCENARIOS[n % len(SCENARIOS)], areas)
        by_outcome.setdefault(ind.shared_outcome, []).extend(rows)
    written = []
    for outcome, rows in sorted(by_outcome.items()):
        path = out_dir / f"illustrative_{outcome.lower()}.parquet"
        pq.write_table(_table(rows, SOURCE, True), path)
        written.append(path)
    for old in out_dir.glob("illustrative_so*.parquet"):
        if old not in written:
            old.unlink()
    return written
