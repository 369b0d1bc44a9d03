"""Which statistical methods one indicator's figures in one area support, and what each says, in words.

Pure: no Streamlit. The numbers come from stats and trajectory (one place for each rule); this module picks the
series each method reads, the comparators, and the words a board member sees. The indicator page and the board
pack both call it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd

from logframe import present, stats, trajectory
from logframe.assessments import SPC_KINDS, rebase_index, xmr_of  # noqa: F401  (rebase_index: used by tests)
from logframe.periods import parse_period
from logframe.registry import Indicator, Registry
from logframe.stats import as_number


def area_series(obs: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """One area's rows of observations.sql that have a value, oldest first."""
    if obs.empty:
        return obs
    rows = obs[(obs["area_code"] == area_code) & obs["value"].notna()]
    return rows.sort_values("position").reset_index(drop=True)


def series_kind(series: pd.DataFrame) -> str | None:
    """The period kind of the latest point ('month', 'financial_year', ...), or None for an empty series."""
    return None if series.empty else series["period_kind"].iloc[-1]




# --- SPC -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SpcState:
    result: stats.SpcResult
    target: str | None  # assurance key against the target (None: no numeric target, or no limits)
    milestone: str | None  # assurance key against the latest period's milestone
    first: str  # first and last period of the series
    last: str
    target_value: float | None  # the level assured against (only for an indicator with a trajectory)
    milestone_value: float | None


def spc_state(ind: Indicator, series: pd.DataFrame, milestone: float | None) -> SpcState | None:
    """The XmR chart of a monthly or quarterly series (area_series rows), honouring the indicator's rebase period;
    None for other series."""
    if series_kind(series) not in SPC_KINDS:
        return None
    labels = series["period"].tolist()
    target = ind.target_value if ind.quantified else None
    m = as_number(milestone) if ind.quantified else None
    result = xmr_of(ind, labels, [as_number(v) for v in series["value"]])
    by_milestone = stats.assurance(result, m, ind.polarity, ind.target_comparator) if m is not None else None
    return SpcState(result, result.assurance, by_milestone, labels[0], labels[-1], target, m)


# The SPC section's words live in present (one wording); these names stay for the callers.
variation_text = present.variation_text
assurance_text = present.assurance_text
limits_text = present.limits_text


# --- recent trend --------------------------------------------------------------------------------------------

def recent_trend(ind: Indicator, series: pd.DataFrame) -> stats.Trend | None:
    """The Fingertips recent trend over the last five points; None for monthly or quarterly series (SPC instead)."""
    if series_kind(series) in SPC_KINDS:
        return None
    cols = ("position", "value", "numerator", "denominator", "lower_ci", "upper_ci")
    points = [tuple(as_number(getattr(r, c, None)) for c in cols) for r in series.itertuples(index=False)]
    # Fingertips uses the counts only for proportions, and calculates no trend for multi-year periods.
    latest = parse_period(series["period"].iloc[-1]) if not series.empty else None
    years = round(latest.end_year - latest.start_year) if latest is not None else 1
    return stats.recent_trend(points, ind.polarity, counts_are_proportions=ind.unit == "percent",
                              year_range=max(years, 1))


trend_method_text = present.trend_method_text  # the recent trend's words live in present
trend_text = present.trend_text


# --- comparison with England and the parent area -------------------------------------------------------------

class Comparison(NamedTuple):
    area_code: str
    area_name: str
    comparison: str  # a present.COMPARISON_LABEL key
    text: str  # icon + words, e.g. '▼ Worse than England (95% CIs do not overlap)'
    detail: str  # the reference's figure, e.g. 'England 6.7% (95% CI 6.6% to 6.8%)'; '' when there is none


def comparator_codes(registry: Registry, area_code: str) -> list[str]:
    """England, then the area's parent when that is not England (Kent for a district, Kent and Medway for Kent)."""
    nation = registry.nation
    out = [] if area_code == nation or nation is None else [nation]
    parent = registry.areas[area_code].parent if area_code in registry.areas else None
    if parent and parent != nation and parent != area_code:
        out.append(parent)
    return out


def compare(ind: Indicator, obs: pd.DataFrame, area_code: str, registry: Registry) -> list[Comparison]:
    """The area's latest value against England and its parent area for the same period (stats.compare_ci)."""
    mine = area_series(obs, area_code)
    if mine.empty:
        return []
    latest = mine.iloc[-1]
    period, unit = latest["period"], ind.unit
    out = []
    for code in comparator_codes(registry, area_code):
        name = registry.area_name(code)
        ref = area_series(obs, code)
        ref = ref[ref["period"] == period] if not ref.empty else ref
        if ref.empty:
            out.append(Comparison(code, name, "not_compared",
                                  present.comparison_text("not_compared", name, ind.comparison_method, period), ""))
            continue
        r = ref.iloc[0]
        c = stats.compare_ci(latest["value"], latest.get("lower_ci"), latest.get("upper_ci"), r["value"],
                             r.get("lower_ci"), r.get("upper_ci"), ind.polarity, ind.comparison_method)
        detail = present.figure_text(unit, name, r["value"], r.get("lower_ci"), r.get("upper_ci"))
        missing = None
        if c == "not_compared":
            mine_ci = as_number(latest.get("lower_ci")) is not None and as_number(latest.get("upper_ci")) is not None
            missing = registry.area_name(area_code) if not mine_ci else name  # CI overlap needs both CIs
        out.append(Comparison(code, name, c, present.comparison_text(c, name, ind.comparison_method, period, missing),
                              detail))
    return out


def comparison_caption(ind: Indicator, obs: pd.DataFrame, area_code: str, registry: Registry,
                       comparisons: list[Comparison]) -> str:
    """The figures behind the comparisons: 'In 2024/25: Thanet 8.2% (95% CI ...); England 6.7% (...).'"""
    mine = area_series(obs, area_code)
    if mine.empty:
        return ""
    latest = mine.iloc[-1]
    area_name = registry.area_name(area_code)
    figures = [present.figure_text(ind.unit, area_name, latest["value"], latest.get("lower_ci"),
                                   latest.get("upper_ci"))]
    figures += [c.detail for c in comparisons if c.detail]
    # A parent area's figure contains the area's own, so the two are not independent (Kent includes its districts).
    parents = [c.area_name for c in comparisons if c.area_code != registry.nation]
    return present.comparison_caption(ind.comparison_method, latest["period"], figures, area_name, parents)


# --- which methods apply -------------------------------------------------------------------------------------

class Method(NamedTuple):
    """Whether a method applies to one area's figures, and why: a present.METHOD_REASON code with its facts (numbers,
    names, period labels), worded by present.method_reason."""
    method: str
    applies: bool
    code: str
    facts: Mapping[str, Any] = {}

    @property
    def reason(self) -> str:
        return present.method_reason(self.code, self.facts)


def _has_ci(rows: pd.DataFrame) -> bool:
    return bool(not rows.empty and rows["lower_ci"].notna().any() and rows["upper_ci"].notna().any())


def method_support(ind: Indicator, obs: pd.DataFrame, area_code: str, registry: Registry,
                   district_codes: list[str] | tuple[str, ...] = ()) -> list[Method]:
    """Each method the page can use (trajectory status, recent trend, SPC, comparison with England, comparison
    with districts), whether this area's figures support it, and why (stats.method_support for the counts)."""
    series = area_series(obs, area_code)
    n, kind = len(series), series_kind(series)
    area_name = registry.area_name(area_code)
    latest = series.iloc[-1] if n else None
    has_ci = latest is not None and as_number(latest.get("lower_ci")) is not None \
        and as_number(latest.get("upper_ci")) is not None
    counts = {m.method: m for m in stats.method_support(n, has_ci, kind)}
    pts = {"n": n, "kind": kind}
    none = {"area": area_name}  # 'there are no Kent and Medway figures'

    if not ind.quantified:
        traj = Method("Trajectory status", False, "not_quantified", {"reason": present.not_assessable_text(ind)})
    elif latest is None:
        traj = Method("Trajectory status", False, "no_figures", none)
    elif trajectory.before_baseline(ind, latest["period"]):
        traj = Method("Trajectory status", False, "before_baseline",
                      {"period": latest["period"], "baseline": ind.baseline_period})
    else:
        traj = Method("Trajectory status", True, "judged",
                      {"baseline": ind.baseline_period, "target": ind.target_period})

    if kind in SPC_KINDS:
        trend = Method("Recent trend", False, "trend_not_for_spc", pts)
        if n < 2:
            spc = Method("SPC", False, "spc_too_few", pts)
        elif n < stats.SPC_MIN_POINTS:
            spc = Method("SPC", True, "spc_trial", pts)
        else:
            spc = Method("SPC", True, "spc_firm", {**pts, "screening": ind.spc_screening})
    else:
        trend = Method("Recent trend", counts["Recent trend"].applies, "counts", {"support": counts["Recent trend"]})
        t = recent_trend(ind, series) if counts["Recent trend"].applies else None
        if t is not None:  # name the test Fingertips would use here, or say why it cannot be calculated
            trend = (Method("Recent trend", True, "trend", {**pts, "trend": t}) if t.method
                     else Method("Recent trend", False, "trend_cannot", {"trend": t}))
        spc_count = counts["SPC"]
        if not n:
            spc = Method("SPC", False, "no_figures", none)
        elif not spc_count.applies:
            spc = Method("SPC", False, "counts", {"support": spc_count})
        else:
            spc = Method("SPC", False, "spc_not_annual", pts)
    if not n:
        trend = Method("Recent trend", False, "no_figures", none)

    if area_code == registry.nation:
        england = Method("Comparison with England", False, "is_nation")
    elif latest is None:
        england = Method("Comparison with England", False, "no_figures", none)
    else:
        eng = area_series(obs, registry.nation) if registry.nation else obs.iloc[0:0]
        eng = eng[eng["period"] == latest["period"]] if not eng.empty else eng
        if eng.empty:
            england = Method("Comparison with England", False, "no_nation_figure", {"period": latest["period"]})
        elif not has_ci:
            england = Method("Comparison with England", False, "no_ci", {"period": latest["period"]})
        else:
            england = Method("Comparison with England", True, "compared",
                             {"period": latest["period"], "comparison_method": ind.comparison_method})

    district = obs[obs["area_code"].isin(list(district_codes)) & obs["value"].notna()] if not obs.empty else obs
    if district.empty:
        districts = Method("Comparison with districts", False, "no_district_figures")
    elif not _has_ci(district):
        districts = Method("Comparison with districts", False, "no_district_ci")
    else:
        last = district.sort_values("position")["period"].iloc[-1]
        council = registry.area_name(registry.district_parent() or registry.partnership)
        districts = Method("Comparison with districts", True, "districts",
                           {"period": last, "council": council, "districts": len(registry.districts())})
    return [traj, trend, spc, england, districts]


# --- everything the Statistics section says, for the indicator page and the board pack alike -------------------

@dataclass(frozen=True)
class Statistics:
    spc: SpcState | None
    spc_lines: tuple[tuple[str, str], ...]  # (what, finding): variation, then assurance against target and milestone
    spc_caption: str
    trend: stats.Trend | None
    trend_line: str | None
    trend_caption: str | None
    comparisons: tuple[Comparison, ...]
    comparison_caption: str
    support: tuple[Method, ...]


def statistics(ind: Indicator, obs: pd.DataFrame, area_code: str, registry: Registry, milestone: float | None,
               period: str | None, district_codes: list[str] | tuple[str, ...] = ()) -> Statistics:
    """The Statistics section for one indicator in one area: SPC, recent trend, comparisons and which methods apply,
    each in the words both the indicator page and the board pack print."""
    series = area_series(obs, area_code)
    spc = spc_state(ind, series, milestone)
    lines = present.spc_lines(ind, spc, period) if spc is not None else ()
    caption = present.spc_caption(ind, spc) if spc is not None else ""
    trend = recent_trend(ind, series) if not series.empty else None
    compared = compare(ind, obs, area_code, registry)
    return Statistics(
        spc=spc, spc_lines=lines, spc_caption=caption, trend=trend,
        trend_line=trend_text(series, trend) if trend is not None else None,
        trend_caption=trend_method_text(trend) if trend is not None else None,
        comparisons=tuple(compared),
        comparison_caption=comparison_caption(ind, obs, area_code, registry, compared) if compared else "",
        support=tuple(method_support(ind, obs, area_code, registry, district_codes)),
    )
