"""Figures derived the way their publisher derives them: an area with no published figure of its own (Kent and
Medway) gets its parts' numerators over their denominators (Kent's plus Medway's), with a Wilson 95% CI.

ASCOF's regional and England figures are exactly the sums of their councils' numerators over the sums of their
denominators (tests/importers/test_ascof_sums.py proves it on the shipped 2020/21 file), so the same sum for Kent
and Medway is the figure the publisher would print for it. Only indicators whose registry row says so
(`derive_from_parts`: percentages published with counts) are derived, only from real figures on the plan's
definition, and only for a period where every part has both counts and the area has no figure of its own. Survey
rates (the Annual Population Survey's) publish no counts and are never derived: their parts are shown instead.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from logframe.registry import COMPONENT_KINDS, Registry
from logframe.stats import wilson_ci

DERIVED_COLUMNS = ("derived", "derived_from")


def parents(registry: Registry) -> dict[str, list[str]]:
    """Each area made of two or more registry councils, with them: {Kent and Medway: [Kent, Medway]}."""
    # One pass over the areas (Registry.components per area is a pass each: with a folder's areas.csv of 2,000
    # areas, 4 million steps on every new view).
    parts: dict[str, list[str]] = {}
    for code, a in registry.areas.items():
        if a.parent and a.kind in COMPONENT_KINDS:
            parts.setdefault(a.parent, []).append(code)
    return {code: parts[code] for code in registry.areas if len(parts.get(code, ())) >= 2}


def with_derived(obs: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """observations.sql rows with the derived rows added (derived True, derived_from naming the parts and their
    counts: 'Kent 141 of 3,987 and Medway 20 of 589'); every other row unchanged (derived False)."""
    obs = obs.assign(derived=False, derived_from=None) if "derived" not in obs.columns else obs
    wanted = {i.id for i in registry.indicators.values() if i.derive_from_parts}
    if obs.empty or not wanted.intersection(obs["indicator_id"].unique()):
        return obs
    made = []
    counted = obs[obs["indicator_id"].isin(wanted) & obs["numerator"].notna() & obs["denominator"].notna()
                  & (obs["denominator"] > 0) & ~obs["illustrative"].fillna(False).astype(bool)
                  & ~obs["suppressed"].fillna(False).astype(bool) & obs["definition"].isna()]
    for parent, parts in parents(registry).items():
        own = obs[(obs["area_code"] == parent) & obs["value"].notna()]
        has_own = set(zip(own["indicator_id"], own["period"]))
        for (ind_id, period), group in counted[counted["area_code"].isin(parts)].groupby(["indicator_id", "period"]):
            if set(group["area_code"]) != set(parts) or (ind_id, period) in has_own:
                continue
            made.append(_row(group, parent, registry))
    if not made:
        return obs
    out = pd.concat([obs, pd.DataFrame(made)], ignore_index=True)
    return out.sort_values(["indicator_id", "area_code", "position"], kind="stable").reset_index(drop=True)


def _row(parts: pd.DataFrame, parent: str, registry: Registry) -> dict[Any, Any]:
    """One derived row from its parts' rows (one per part, one period)."""
    first = parts.iloc[0]
    numerator, denominator = float(parts["numerator"].sum()), float(parts["denominator"].sum())
    lower, upper = wilson_ci(numerator, denominator) or (None, None)
    # to 2 decimals, as the ASCOF importer gives the CIs it computes: a derived figure claims no more precision
    lower, upper = (round(lower, 2), round(upper, 2)) if lower is not None else (None, None)  # type: ignore[arg-type]
    files = sorted(set(parts["source_file"].dropna()))
    order = {code: n for n, code in enumerate(registry.components(parent))}
    named = " and ".join(f"{registry.area_name(r.area_code)} {r.numerator:,.0f} of {r.denominator:,.0f}"
                      for r in sorted(parts.itertuples(index=False), key=lambda r: order[r.area_code]))
    return {**{c: first[c] for c in ("indicator_id", "period", "period_kind", "start_year", "end_year", "position")},
            "area_code": parent, "value": round(numerator / denominator * 100, 2), "lower_ci": lower, "upper_ci": upper,
            "numerator": numerator, "denominator": denominator, "value_note": None, "suppressed": False,
            "definition": None, "source_file": files[0] if files else None,  # each part's own row names its file
            "source_mtime": float(parts["source_mtime"].max()), "illustrative": False, "derived": True,
            "derived_from": named}
