"""Indicator x area assessments: the snapshot's observations run through the trajectory rules."""
from __future__ import annotations

import dataclasses
from collections import defaultdict

import pandas as pd

from logframe import trajectory
from logframe.extracts import Snapshot
from logframe.registry import Indicator, Registry


def select_indicators(registry: Registry, outcome: str | None = None, directorate: str | None = None,
                      indicator: str | None = None) -> list[Indicator]:
    """Registry indicators matching the filters, in registry order (KeyError for an unknown indicator id)."""
    if indicator is not None:
        registry.indicator(indicator)
    return [i for i in registry.indicators.values()
            if (outcome is None or i.shared_outcome == outcome)
            and (directorate is None or directorate in i.directorates)
            and (indicator is None or i.id == indicator)]


def observations(snapshot: Snapshot, indicator_ids: list[str] | None = None,
                 area_codes: list[str] | None = None) -> pd.DataFrame:
    """Every observation for the indicators and areas (None = all), one row per indicator x area x period."""
    return snapshot.run("observations", indicator_ids=indicator_ids, area_codes=area_codes)


def _none(v):
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else v


def assess_all(registry: Registry, snapshot: Snapshot, indicators: list[Indicator],
               area_codes: list[str] | None = None, own_geography: bool = True) -> list[dict]:
    """One assessment dict per indicator and area with data, plus each indicator's own geography even without.

    Each dict is the trajectory.Assessment's fields plus the latest value's source_file and illustrative flag.
    """
    obs = observations(snapshot, [i.id for i in indicators], area_codes)
    series: dict[tuple[str, str], list] = defaultdict(list)
    latest_source: dict[tuple[str, str], tuple] = {}
    for r in obs.itertuples(index=False):
        key = (r.indicator_id, r.area_code)
        value = _none(r.value)
        series[key].append((r.period, value, _none(r.lower_ci), _none(r.upper_ci)))
        if value is not None:  # rows arrive in time order, so the last with a value is the latest
            latest_source[key] = (r.source_file, bool(r.illustrative))
    out = []
    order = {code: n for n, code in enumerate(registry.areas)}  # registry order (thousands of areas at scale)
    by_indicator: dict[str, set[str]] = defaultdict(set)
    for i, a in series:
        by_indicator[i].add(a)
    for ind in indicators:
        areas = sorted(by_indicator[ind.id], key=order.__getitem__)
        if own_geography and ind.geography not in areas and (area_codes is None or ind.geography in area_codes):
            areas.insert(0, ind.geography)
        for area in areas:
            a = trajectory.assess(ind, area, series.get((ind.id, area), []))
            source, illustrative = latest_source.get((ind.id, area), (None, None))
            out.append({**dataclasses.asdict(a), "source_file": source, "illustrative": illustrative})
    return out


def where_judged(rows: list[dict], indicators, area: str | None = None) -> dict[str, dict]:
    """Each indicator's assessment where it is judged: the chosen area, or its own geography when area is None.

    rows come from assess_all; where they hold nothing for that place, trajectory.assess on an empty series says
    what that means (no data, or not assessable and why).
    """
    by_key = {(r["indicator_id"], r["area_code"]): r for r in rows}
    out = {}
    for ind in indicators:
        where = area or ind.geography
        row = by_key.get((ind.id, where))
        if row is None:
            row = {**dataclasses.asdict(trajectory.assess(ind, where, [])), "source_file": None, "illustrative": None}
        out[ind.id] = row
    return out
