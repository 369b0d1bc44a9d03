"""Who is left behind: the slope index of inequality (SII) and relative index (RII) as PHEindicatormethods' phe_sii
computes them (Low and Low, 2004), and each group's figure against its area's overall figure. Pure: no Streamlit.

phe_sii follows PHEindicatormethods (ukhsa-collaboration/PHEindicatormethods, R/SII_function.R and R/utils.R's
FindXValues and SimulationFunc) step for step, and is proven on that package's own test cases
(tests/reference/test_sii_phe.py; docs/statistics.md names the commit). Its confidence limits come from a simulation;
ours draws from numpy's generator with a fixed seed, so the page, the CLI and the board pack print the same limits.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from logframe.contract import BreakdownType
from logframe.registry import Indicator
from logframe.stats import Trend, as_number, compare_ci, recent_trend

Z_95 = 1.959963984540054  # R: qnorm(0.975), which phe_sii hard-codes to turn 95% limits into a standard error
VALUE_TYPES = (0, 1, 2)  # phe_sii's value_type: 0 other (normal), 1 rate, 2 proportion
DEFAULT_REPETITIONS = 100_000  # phe_sii's default
SEED = 2004  # Low and Low's year: any fixed seed makes every view print the same simulated limits


class SiiError(ValueError):
    """phe_sii's stop(): the data or the arguments cannot give an SII (the message is PHEindicatormethods')."""


@dataclass(frozen=True)
class SiiLimits:
    """The simulated confidence limits at one level."""
    confidence: float  # 0.95
    sii_lower: float
    sii_upper: float
    rii_lower: float
    rii_upper: float


@dataclass(frozen=True)
class Sii:
    """One area's SII and RII (phe_sii's sii, rii, intercept and the limits at each confidence level asked for)."""
    sii: float
    rii: float
    intercept: float
    limits: tuple[SiiLimits, ...]
    value_type: int = 0
    transform: bool = False
    multiplier: float = 1.0
    repetitions: int = DEFAULT_REPETITIONS
    n_quantiles: int = 0

    def at(self, confidence: float = 0.95) -> SiiLimits:
        """The limits at one confidence level (0.95 or 95)."""
        wanted = _scaled([confidence])[0]
        for lim in self.limits:
            if math.isclose(lim.confidence, wanted):
                return lim
        raise KeyError(f"no limits at {confidence}; computed at {[lim.confidence for lim in self.limits]}")


@dataclass(frozen=True)
class SiiRun:
    """phe_sii on grouped data: each complete group's result, and the warnings R would give."""
    results: dict[Any, Any]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class QuantileRow:
    """One quantile of one group: its label (ordered from most to least deprived) and its figures."""
    quantile: float
    population: float | None
    value: float | None = None
    x: float | None = None  # the count, for a proportion given as x / population
    lower_cl: float | None = None
    upper_cl: float | None = None
    se: float | None = None


def _scaled(confidence: Sequence[float]) -> list[float]:
    # phe_sii: confidence[confidence >= 90] <- confidence[confidence >= 90] / 100
    return [c / 100 if c >= 90 else c for c in confidence]


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def find_x_values(populations: Sequence[float]) -> list[float]:
    """FindXValues: each quantile's relative rank, the midpoint of its share of the cumulative population."""
    total = sum(populations)
    out, cum = [], 0.0
    for p in populations:
        prop = p / total
        out.append(prop / 2 + cum)
        cum += prop
    return out


def _transform(v: np.ndarray, value_type: int) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        if value_type == 1:
            return np.log(v)
        if value_type == 2:
            return np.log(v / (1 - v))
    return v


def _back(v: Any, value_type: int) -> Any:
    if value_type == 1:
        return np.exp(v)
    if value_type == 2:
        return np.exp(v) / (1 + np.exp(v))
    return v


def _check_arguments(rows: Sequence[QuantileRow], value_type: int, transform: bool, repetitions: int,
                     confidence: Sequence[float], has_value: bool, has_x: bool, has_se: bool, has_cl: bool) -> None:
    """phe_sii's Part 1 checks on the arguments, in its order, with its messages."""
    if not has_value and not has_x:
        raise SiiError("function phe_sii requires value field, or x field if indicator is a proportion of population")
    if not has_se and not has_cl:
        raise SiiError("function phe_sii requires either lower_cl and upper_cl fields, or se field")
    if value_type not in VALUE_TYPES:
        raise SiiError("value_type should be 0, 1 or 2")
    if repetitions < 1000:
        raise SiiError("number of repetitions must be 1000 or greater. Default is 100,000")
    if transform and value_type == 0:
        raise SiiError("value_type should be 1 or 2 when transform is true")
    if transform and has_se:
        raise SiiError("function phe_sii requires se to be missing when transform is true")
    if transform and not has_cl:
        raise SiiError("function phe_sii requires lower_cl and upper_cl fields when transform is true")
    if any(c < 0.9 for c in confidence) or (any(c > 1 for c in confidence) and any(c < 90 for c in confidence)) \
            or any(c > 100 for c in confidence):
        raise SiiError("all confidence levels must be between 90 and 100 or between 0.9 and 1")


def _check_data(rows: Sequence[QuantileRow], value_type: int, has_value: bool, has_x: bool, has_se: bool,
                has_cl: bool) -> None:
    """phe_sii's checks on the data, in its order, with its messages."""
    fields = ("population", "value", "x", "lower_cl", "upper_cl", "se")
    if any(not _missing(getattr(r, f)) and (isinstance(getattr(r, f), bool)
                                            or not isinstance(getattr(r, f), (int, float)))
           for r in rows for f in fields):
        raise SiiError("some input fields in data.frame are non-numeric")
    if any(_missing(r.population) or r.population <= 0 for r in rows):  # type: ignore[operator]
        raise SiiError("some groups have a zero, negative or missing population")
    if has_se and any(_missing(r.se) or r.se < 0 for r in rows):  # type: ignore[operator]
        raise SiiError("negative or missing standard errors in input dataset")
    if has_cl and any(_missing(r.lower_cl) or _missing(r.upper_cl) for r in rows):
        raise SiiError("missing lower or upper confidence limits in input dataset")
    if value_type == 2:
        if has_value and any(not _missing(r.value) and not 0 <= r.value <= 1 for r in rows):  # type: ignore[operator]
            raise SiiError("value proportions are not all between 0 and 1")
        if has_cl and any(not 0 <= r.lower_cl <= 1 or not 0 <= r.upper_cl <= 1 for r in rows):  # type: ignore[operator]
            raise SiiError("confidence limit proportions are not all between 0 and 1")
        if not has_value and has_x and any(_missing(r.x) or r.x <= 0 for r in rows):  # type: ignore[operator]
            raise SiiError("some groups have a zero or negative count x")


def phe_sii_groups(groups: Mapping[object, Sequence[QuantileRow]], *, value_type: int = 0, transform: bool = False,
                   multiplier: float = 1.0, repetitions: int = DEFAULT_REPETITIONS,
                   confidence: float | Sequence[float] = 0.95, use_value: bool = True, use_se: bool = False,
                   seed: int | None = SEED) -> SiiRun:
    """phe_sii on data grouped by the keys of `groups` (an area each): the SII and RII of every group that has all
    the quantiles found across the groups. use_value / use_se choose phe_sii's `value` (else `x`, a proportion
    x / population) and `se` (else the 95% limits) arguments. Raises SiiError where phe_sii stops."""
    confidence = [confidence] if isinstance(confidence, (int, float)) else list(confidence)
    every = [r for rows in groups.values() for r in rows]
    has_cl = not use_se
    _check_arguments(every, value_type, transform, repetitions, confidence, use_value, not use_value, use_se, has_cl)
    _check_data(every, value_type, use_value, not use_value, use_se, has_cl)
    levels = _scaled(confidence)
    quantiles = sorted({r.quantile for r in every})
    warnings: list[str] = []
    if not 5 <= len(quantiles) <= 100:
        raise SiiError("Number of quantiles must be between 5 and 100")
    if len(quantiles) > 10:
        warnings.append("WARNING: Small values can make SII unstable when using a large number of quantiles")
    # Remove records with missing essential data, then the groups without every quantile (valid_areas).
    complete = {}
    for key, rows in groups.items():
        valid = [r for r in rows if r.population > 0 and (not _missing(r.se) if use_se else  # type: ignore[operator]
                                                           not (_missing(r.lower_cl) or _missing(r.upper_cl)))]
        if len({r.quantile for r in valid}) == len(quantiles):
            complete[key] = sorted(valid, key=lambda r: r.quantile)
    if sum(len(v) for v in complete.values()) != len(every):
        warnings.append("WARNING: some records have been removed due to incomplete or invalid data")
    rng = np.random.default_rng(seed)
    results = {key: _one(rows, value_type, transform, multiplier, repetitions, levels, use_value, use_se, rng)
               for key, rows in complete.items()}
    return SiiRun(results, tuple(warnings))


def phe_sii(rows: Sequence[QuantileRow], **kwargs: Any) -> Sii:
    """phe_sii on one area's quantiles (phe_sii_groups' arguments); SiiError where phe_sii stops or gives no result
    (a quantile without the figures it needs)."""
    run = phe_sii_groups({None: rows}, **kwargs)
    if None not in run.results:
        raise SiiError("; ".join(run.warnings) or "no SII")
    return run.results[None]


def _one(rows: Sequence[QuantileRow], value_type: int, transform: bool, multiplier: float, repetitions: int,
         levels: list[float], use_value: bool, use_se: bool, rng: np.random.Generator) -> Sii:
    pops = np.array([r.population for r in rows], dtype=float)
    if use_value:
        values = np.array([r.value for r in rows], dtype=float)
    else:  # value_type 2 with x: the proportion x / population
        values = np.array([r.x for r in rows], dtype=float) / pops
    value = _transform(values, value_type)
    if use_se:
        se = np.array([r.se for r in rows], dtype=float)
    else:
        lower = _transform(np.array([r.lower_cl for r in rows], dtype=float), value_type)
        upper = _transform(np.array([r.upper_cl for r in rows], dtype=float), value_type)
        se = (upper - lower) / Z_95 / 2
    a = pops / pops.sum()
    b = np.array(find_x_values(list(pops)))
    sqrt_a = np.sqrt(a)
    b_sqrt_a = b * sqrt_a
    y = sqrt_a * (value if transform else _back(value, value_type))
    # lm(yvals ~ sqrt_a + b_sqrt_a - 1): least squares without an intercept of its own.
    m = np.vstack([sqrt_a, b_sqrt_a])
    invm_m = np.linalg.solve(m @ m.T, m)
    c_a, c_b = invm_m @ y

    limits_raw = _simulate(value, se, value_type, transform, multiplier, repetitions, levels, sqrt_a, invm_m, rng)
    if not transform:
        rii = (c_a + c_b) / c_a
        if multiplier < 0:
            rii = 1 / rii
        return Sii(multiplier * c_b, rii, c_a, tuple(limits_raw), value_type, transform, multiplier, repetitions,
                   len(rows))
    xequals1 = c_a + c_b
    xequalshalf = (c_a + xequals1) / 2
    lo_x, hi_x = _back(c_a, value_type), _back(xequals1, value_type)
    sii = (hi_x - lo_x) * multiplier
    rii = 1 / (hi_x / lo_x) if multiplier < 0 else hi_x / lo_x
    limits = []
    # The rate's anti-log tests multiplier < 1 and the proportion's anti-logit multiplier < 0, as phe_sii does.
    flip = multiplier < 1 if value_type == 1 else multiplier < 0
    for lim in limits_raw:
        icl_l, icl_u = xequalshalf - lim.sii_lower / 2, xequalshalf - lim.sii_upper / 2
        x1_l, x1_u = xequalshalf + lim.sii_lower / 2, xequalshalf + lim.sii_upper / 2
        at_l = (_back(x1_l, value_type), _back(icl_l, value_type))
        at_u = (_back(x1_u, value_type), _back(icl_u, value_type))
        if flip:
            sii_lower, sii_upper = (at_u[0] - at_u[1]) * multiplier, (at_l[0] - at_l[1]) * multiplier
            rii_lower, rii_upper = 1 / (at_u[0] / at_u[1]), 1 / (at_l[0] / at_l[1])
        else:
            sii_lower, sii_upper = (at_l[0] - at_l[1]) * multiplier, (at_u[0] - at_u[1]) * multiplier
            rii_lower, rii_upper = at_l[0] / at_l[1], at_u[0] / at_u[1]
        limits.append(SiiLimits(lim.confidence, float(sii_lower), float(sii_upper), float(rii_lower),
                                float(rii_upper)))
    return Sii(float(sii), float(rii), float(lo_x * abs(multiplier)), tuple(limits), value_type, transform,
               multiplier, repetitions, len(rows))


def _simulate(value: np.ndarray, se: np.ndarray, value_type: int, transform: bool, multiplier: float,
              repetitions: int, levels: list[float], sqrt_a: np.ndarray, invm_m: np.ndarray,
              rng: np.random.Generator) -> list[SiiLimits]:
    """SimulationFunc: draw each quantile's value from a normal distribution with its standard error, fit the line
    to each draw, and read the limits off the sorted SIIs and RIIs (on the transformed scale when transform)."""
    draws = rng.normal(value[:, None], se[:, None], size=(len(value), repetitions))
    if not transform:
        draws = _back(draws, value_type)
    params = invm_m @ (draws * sqrt_a[:, None])
    b_sims, a_sims = params[1], params[0]
    rii_sims = (b_sims + a_sims) / a_sims
    if multiplier < 0 and not transform:
        rii_sims = 1 / rii_sims
    sii_sims = b_sims * multiplier if not transform else b_sims
    sii_sorted, rii_sorted = np.sort(sii_sims), np.sort(rii_sims)
    out = []
    for conf in levels:
        upper_p = conf + (1 - conf) / 2
        # R's round() (half to even, as Python's) and its 1-based positions
        lo, hi = round(repetitions * (1 - upper_p)) - 1, round(repetitions * upper_p) - 1
        out.append(SiiLimits(conf, float(sii_sorted[lo]), float(sii_sorted[hi]), float(rii_sorted[lo]),
                             float(rii_sorted[hi])))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Breakdowns: each group's figure against its area's overall figure, the trend of each group, the gap between the
# extreme groups, and the SII where deprivation deciles or quintiles are given
# ---------------------------------------------------------------------------------------------------------------

DEPRIVATION: dict[str, int] = {BreakdownType.DEPRIVATION_DECILE: 10, BreakdownType.DEPRIVATION_QUINTILE: 5}
TYPE_ORDER = tuple(BreakdownType)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10}
_AGE = re.compile(r"(\d+)\s*(?:-|–|to)\s*(\d+)|(\d+)\s*(?:\+|and over|or over|plus)|(?:under|below)\s*(\d+)|"
                  r"(\d+)\s*(?:and under|or under|and below)")
_SII_UNIT_TYPE = {"percent": 2, "rate_per_100k": 1}  # phe_sii's value_type by unit; others are 0 (normal)


def deprivation_rank(label: str, n: int) -> int | None:
    """A deprivation group's place from the most deprived (1) to the least deprived (n): '3', 'Most deprived decile',
    'Second most deprived decile (IMD2019)', 'Third less deprived decile', 'Least deprived quintile'; None when the
    label says neither."""
    text = str(label).strip().lower()
    m = re.match(r"^(\d+)\b", text)
    if m:
        k = int(m.group(1))
        return k if 1 <= k <= n else None
    if text.startswith("middle") and n % 2:
        return (n + 1) // 2
    words = re.findall(r"[a-z]+", text)
    k = next((_ORDINALS[w] for w in words if w in _ORDINALS), 1)
    if "most" in words or "more" in words:
        rank = k
    elif "least" in words or "less" in words:
        rank = n + 1 - k
    else:
        return None
    return rank if 1 <= rank <= n else None


def age_band(label: str) -> tuple[float, float] | None:
    """An age band's (first, last) year of age: '65-74' (65, 74), '85 and over' (85, inf), 'under 18' (0, 17)."""
    m = _AGE.search(str(label).lower())
    if not m:
        return None
    if m.group(1):
        return float(m.group(1)), float(m.group(2))
    if m.group(3):
        return float(m.group(3)), math.inf
    if m.group(4):
        return 0.0, float(m.group(4)) - 1
    return 0.0, float(m.group(5))


def group_order(breakdown_type: str, label: str) -> tuple[Any, ...]:
    """Sort key of a group within its type: deprivation from most to least deprived, ages youngest first, the rest
    by name."""
    n = DEPRIVATION.get(breakdown_type)
    if n:
        rank = deprivation_rank(label, n)
        return (0, rank, "") if rank is not None else (1, 0, str(label))
    if breakdown_type == BreakdownType.AGE:
        band = age_band(label)
        return (0, *band, "") if band else (1, 0, 0, str(label))
    return (0, str(label))


def _type_order(breakdown_type: str) -> int:
    return TYPE_ORDER.index(breakdown_type) if breakdown_type in TYPE_ORDER else len(TYPE_ORDER)


def compared_rows(rows: pd.DataFrame, overall: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    """Every breakdown row (breakdowns.sql) with the area's overall figure for its period and `compared`, the
    group's 95% CI against that figure (stats.compare_ci, Fingertips' method, by the indicator's polarity and
    comparison method); in type, group and period order."""
    cols = list(rows.columns) + ["overall_value", "overall_lower_ci", "overall_upper_ci", "compared"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    by_period = {r["period"]: r for r in overall.to_dict("records")} if not overall.empty else {}
    out = []
    for r in rows.to_dict("records"):
        ref = by_period.get(r["period"], {})
        ov, olo, ohi = (as_number(ref.get(k)) for k in ("value", "lower_ci", "upper_ci"))
        out.append({**r, "overall_value": ov, "overall_lower_ci": olo, "overall_upper_ci": ohi,
                    "compared": compare_ci(r.get("value"), r.get("lower_ci"), r.get("upper_ci"), ov, olo, ohi,
                                           ind.polarity, ind.comparison_method)})
    frame = pd.DataFrame(out, columns=cols)
    keys = frame.apply(lambda r: (_type_order(r["breakdown_type"]), group_order(r["breakdown_type"], r["breakdown"]),
                                  r["position"]), axis=1)
    return frame.iloc[sorted(range(len(frame)), key=lambda i: keys.iloc[i])].reset_index(drop=True)


@dataclass(frozen=True)
class Group:
    """One group's latest figure against the area's overall figure for that period, and the group's recent trend."""
    breakdown_type: str
    breakdown: str
    period: str
    value: float | None
    lower_ci: float | None
    upper_ci: float | None
    numerator: float | None
    denominator: float | None
    value_note: str | None
    compared: str
    overall_value: float | None
    trend: Trend
    n_periods: int


@dataclass(frozen=True)
class Gap:
    """The gap between the two extreme groups of one type over time: the second's value minus the first's, the groups
    in group_order (Male minus Female; the oldest band minus the youngest; the least minus the most deprived)."""
    breakdown_type: str
    first: str
    second: str
    points: tuple[tuple[str, float], ...]  # (period, second's value minus first's), oldest first

    @property
    def change(self) -> str | None:
        """'narrowed', 'widened' or 'unchanged' from the first period to the latest (by the size of the gap);
        None with fewer than two periods."""
        if len(self.points) < 2:
            return None
        then, now = abs(self.points[0][1]), abs(self.points[-1][1])
        if math.isclose(then, now, abs_tol=1e-9):
            return "unchanged"
        return "narrowed" if now < then else "widened"


@dataclass(frozen=True)
class SiiFinding:
    """The SII and RII of one deprivation type in the latest period with figures, or why they cannot be given."""
    breakdown_type: str
    period: str | None
    sii: Sii | None
    reason_code: str  # '' when sii is given, else a SII_REASONS code (present.sii_reason words it)
    reason_detail: tuple[Any, ...] = ()  # (the number of quantiles, then what the code cites: how many have a figure, or the
    # phe_sii error)


# Why no SII is given (SiiFinding.reason_code).
SII_REASONS = ("no_figures", "missing_quantiles", "no_denominator", "no_ci", "sii_error")


@dataclass(frozen=True)
class Inequalities:
    """What the indicator page, the CLI and the board pack say about one indicator's groups in one area."""
    area_code: str
    rows: pd.DataFrame  # compared_rows: every period
    groups: tuple[Group, ...]  # the latest period of each type
    gaps: tuple[Gap, ...]
    sii: tuple[SiiFinding, ...]

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(g.breakdown_type for g in self.groups))


def _trend(ind: Indicator, series: pd.DataFrame) -> Trend:
    cols = ("position", "value", "numerator", "denominator", "lower_ci", "upper_ci")
    points = [tuple(as_number(r.get(c)) for c in cols) for r in series.to_dict("records")]
    return recent_trend(points, ind.polarity, counts_are_proportions=ind.unit == "percent")


def finest(labels: Sequence[str]) -> list[str]:
    """The age bands that contain no other band given ('65 and over' goes when '65-74' is there)."""
    bands = {lab: age_band(lab) for lab in labels}
    out = []
    for lab, band in bands.items():
        if band is None:
            continue
        inner = [o for o, b in bands.items() if o != lab and b is not None and b != band
                 and band[0] <= b[0] and b[1] <= band[1]]
        if not inner:
            out.append(lab)
    return out


def _gap(breakdown_type: str, rows: pd.DataFrame) -> Gap | None:
    valued = rows[rows["value"].notna()]
    if valued.empty:
        return None
    latest = valued[valued["position"] == valued["position"].max()]
    labels = list(dict.fromkeys(latest["breakdown"]))
    if breakdown_type == BreakdownType.AGE:
        labels = finest(labels)
    labels = sorted(labels, key=lambda lab: group_order(breakdown_type, lab))
    if breakdown_type in DEPRIVATION:
        labels = [lab for lab in labels if deprivation_rank(lab, DEPRIVATION[breakdown_type]) is not None]
    if len(labels) < 2:
        return None
    first, second = labels[0], labels[-1]
    points = []
    for _position, g in valued.sort_values("position").groupby("position", sort=True):
        values = dict(zip(g["breakdown"], g["value"]))
        if first in values and second in values:
            points.append((g["period"].iloc[0], float(values[second]) - float(values[first])))
    return Gap(breakdown_type, first, second, tuple(points)) if points else None


def _sii_for(ind: Indicator, breakdown_type: str, rows: pd.DataFrame) -> SiiFinding:
    n = DEPRIVATION[breakdown_type]
    with_values = rows[rows["value"].notna()]
    if with_values.empty:
        return SiiFinding(breakdown_type, None, None, "no_figures", (n,))
    period_rows = with_values[with_values["position"] == with_values["position"].max()]
    period = period_rows["period"].iloc[0]
    ranked = {deprivation_rank(r["breakdown"], n): r for r in period_rows.to_dict("records")}
    ranked.pop(None, None)
    missing = [k for k in range(1, n + 1) if k not in ranked]
    if missing:
        return SiiFinding(breakdown_type, period, None, "missing_quantiles", (n, n - len(missing)))
    rows_ = [ranked[k] for k in range(1, n + 1)]
    if any(as_number(r.get("denominator")) is None or as_number(r["denominator"]) <= 0 for r in rows_):  # type: ignore[operator]
        return SiiFinding(breakdown_type, period, None, "no_denominator", (n,))
    if any(as_number(r.get("lower_ci")) is None or as_number(r.get("upper_ci")) is None for r in rows_):
        return SiiFinding(breakdown_type, period, None, "no_ci", (n,))
    value_type = _SII_UNIT_TYPE.get(ind.unit, 0)
    scale = 100.0 if value_type == 2 else 1.0  # percentages as proportions, the SII back in percentage points
    quantiles = [QuantileRow(float(k), float(r["denominator"]), float(r["value"]) / scale,
                             lower_cl=float(r["lower_ci"]) / scale, upper_cl=float(r["upper_ci"]) / scale)
                 for k, r in zip(range(1, n + 1), rows_)]
    try:
        sii = phe_sii(quantiles, value_type=value_type, multiplier=scale)
    except SiiError as exc:
        return SiiFinding(breakdown_type, period, None, "sii_error", (n, str(exc)))
    return SiiFinding(breakdown_type, period, sii, "")


def inequalities(ind: Indicator, rows: pd.DataFrame, overall: pd.DataFrame, area_code: str) -> Inequalities:
    """Everything said about one indicator's groups in one area, from its breakdown rows (breakdowns.sql, any areas)
    and the area's overall series (observations.sql rows of the area)."""
    mine = rows[rows["area_code"] == area_code] if not rows.empty else rows
    table = compared_rows(mine, overall, ind)
    groups: list[Group] = []
    gaps: list[Gap] = []
    sii: list[SiiFinding] = []
    if table.empty:
        return Inequalities(area_code, table, (), (), ())
    for btype in sorted(set(table["breakdown_type"]), key=_type_order):
        of_type = table[table["breakdown_type"] == btype]
        shown = of_type[of_type["value"].notna() | of_type["value_note"].notna()]
        if shown.empty:
            continue
        latest_pos = shown["position"].max()
        for label in sorted(set(shown["breakdown"]), key=lambda lab: group_order(btype, lab)):
            series = of_type[(of_type["breakdown"] == label)].sort_values("position")
            last = series[series["position"] == latest_pos]
            if last.empty:
                continue
            r = last.iloc[0]
            valued = series[series["value"].notna()]
            groups.append(Group(btype, label, r["period"], as_number(r["value"]), as_number(r["lower_ci"]),
                                as_number(r["upper_ci"]), as_number(r["numerator"]), as_number(r["denominator"]),
                                None if pd.isna(r["value_note"]) else str(r["value_note"]), r["compared"],
                                as_number(r["overall_value"]), _trend(ind, valued), len(valued)))
        gap = _gap(btype, of_type)
        if gap is not None:
            gaps.append(gap)
        if btype in DEPRIVATION:
            sii.append(_sii_for(ind, btype, of_type))
    return Inequalities(area_code, table, tuple(groups), tuple(gaps), tuple(sii))
