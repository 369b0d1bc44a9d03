"""Where each indicator is judged, and its assessment there: made once, here, and rendered by every view (the
Overview, the Log-frame page, the Indicator page, the board pack and the CLI).

The judging rule: an indicator is judged at its own geography (the area its target is set for) unless the chosen area
lies inside that geography (a Kent district for a Kent indicator), in which case the chosen area's figure is judged
against that trajectory. An indicator whose geography and the chosen area do not overlap (a Medway indicator for a
Kent district) is not listed for it. Under Kent and Medway, a Kent indicator shows Kent's figure.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandas as pd

from logframe import derived, stats, trajectory
from logframe.extracts import Snapshot
from logframe.kinds import Missing, Reason, Status
from logframe.periods import parse_period, period_sort_key
from logframe.registry import Indicator, Registry
from logframe.stats import as_number

SPC_KINDS = ("month", "financial_quarter")  # series frequent enough for an XmR chart


def within(registry: Registry, area: str, other: str) -> bool:
    """True when area is other or lies inside it (following parents: Thanet lies inside Kent and Kent and Medway)."""
    seen = set()
    while area is not None and area not in seen:
        if area == other:
            return True
        seen.add(area)
        parent = registry.areas.get(area)
        area = parent.parent if parent else None  # type: ignore[assignment]
    return False


def judged_area(registry: Registry, ind: Indicator, chosen: str) -> str | None:
    """Where the indicator is judged when the chosen area is shown: the chosen area if it lies inside the
    indicator's own geography, else the own geography if that lies inside the chosen area, else None (not listed)."""
    if within(registry, chosen, ind.geography):
        return chosen
    if within(registry, ind.geography, chosen):
        return ind.geography
    return None


def select_indicators(registry: Registry, outcome: str | None = None, directorate: str | None = None,
                      indicator: str | None = None) -> list[Indicator]:
    """Registry indicators matching the filters, in registry order (KeyError for an unknown indicator id)."""
    if indicator is not None:
        registry.indicator(indicator)
    return [i for i in registry.indicators.values()
            if (outcome is None or i.shared_outcome == outcome)
            and (directorate is None or directorate in i.directorates)
            and (indicator is None or i.id == indicator)]


def listed(registry: Registry, chosen: str, outcome: str | None = None, directorate: str | None = None,
           indicator: str | None = None) -> list[Indicator]:
    """The indicators a view of the chosen area lists: the filters' indicators that the judging rule places."""
    return [i for i in select_indicators(registry, outcome, directorate, indicator)
            if judged_area(registry, i, chosen) is not None]


class Basis(StrEnum):
    """What a figure rests on. Every view names it beside the figure (a row, a cell, a CSV column)."""
    REAL = "real"  # measured and published
    DERIVED = "derived"  # computed from real figures of other areas (Kent and Medway from Kent's and Medway's counts)
    ILLUSTRATIVE = "illustrative"  # generated to show how the dashboard works, not measured


def basis_of(illustrative: bool | None, derived: bool = False) -> Basis:
    """The basis of one figure from its extract's flags: illustrative wins (a figure derived from generated ones is
    still generated), then derived, else real."""
    if illustrative:
        return Basis.ILLUSTRATIVE
    return Basis.DERIVED if derived else Basis.REAL


@dataclass(frozen=True)
class Part:
    """The latest figure of a component area (Kent, Medway), shown where the judged area has none."""
    area_code: str
    period: str
    value: float
    lower_ci: float | None
    upper_ci: float | None
    illustrative: bool
    source_file: str | None = None
    derived: bool = False

    @property
    def basis(self) -> Basis:
        return basis_of(self.illustrative, self.derived)


@dataclass(frozen=True)
class Assessment(trajectory.Judgement):
    """One indicator judged in one area: the trajectory rules' judgement (status, reason, milestone, rates,
    projection) and what the extracts add. The one verdict every view renders."""
    own_geography: str  # where its target is set: the trajectory it is judged against (area_code: where judged)
    numerator: float | None
    denominator: float | None
    previous_period: str | None  # the status at the previous observed period, each judged on what was known then
    previous_status: str | None
    suppressed_period: str | None  # a later period with no figure (missing says why)
    illustrative: bool | None  # None when there is no figure
    source_file: str | None  # the extract the latest value came from (the analyst's file)
    source_mtime: float | None
    parts: tuple[Part, ...] = ()  # component areas' latest figures, where the judged area has none
    spc_variation: str | None = None  # the latest point's SPC variation (stats.VARIATIONS) for a monthly or quarterly
    # series with a trajectory; None otherwise
    derived: bool = False  # the latest value is derived from other areas' real figures (not published as such)
    derived_from: str | None = None  # the parts and their counts: 'Kent 141 of 3,987 and Medway 20 of 589'
    changed_definition: str | None = None  # a later figure on another definition than the plan's: what it measures
    changed_period: str | None = None  # ... its period
    changed_value: float | None = None  # ... and its value (shown, not judged)
    missing: Missing | None = None  # why suppressed_period has no figure: SUPPRESSED (the `suppressed` column: this
    # product's small-count rule) or NOT_PUBLISHED (the source gave none)
    missing_note: str | None = None  # the source's own reason for NOT_PUBLISHED (its value_note), where it gives one

    @property
    def judged_elsewhere(self) -> bool:
        """True when the area's figure is judged against a trajectory set for a larger area."""
        return self.area_code != self.own_geography

    @property
    def dissent(self) -> tuple[str, ...]:
        """The signals that point another way than the status ('projection', 'spc'): trajectory.dissenting."""
        return trajectory.dissenting(self, self.spc_variation)

    @property
    def basis(self) -> Basis | None:
        """What the figure shown rests on: the latest value's basis, else its parts' (illustrative if any part is),
        or None when nothing is shown."""
        if self.value is not None:
            return basis_of(self.illustrative, self.derived)
        if self.parts:
            bases = {p.basis for p in self.parts}
            return Basis.ILLUSTRATIVE if Basis.ILLUSTRATIVE in bases else min(bases, key=list(Basis).index)
        return None

    def as_dict(self) -> dict[Any, Any]:
        return dataclasses.asdict(self)


def rebase_index(rebase_period: str | None, periods: list[str]) -> int | None:
    """Index of the first period that starts at or after the rebase period's start (None: no rebase, or none after).

    A rebase given as a year ('2024/25') against monthly figures starts at the year's first month.
    """
    if not rebase_period:
        return None
    at = parse_period(rebase_period).start_year
    return next((i for i, p in enumerate(periods) if parse_period(p).start_year >= at - 1e-9), None)


def xmr_of(ind: Indicator, periods: list[str], values: list[float | None]) -> stats.SpcResult:
    """The indicator's XmR chart over one area's series (oldest first), with its target (a target given as a
    relative change is not a level a process limit can be compared with), rebase period and screening: the one call
    the Indicator page, the board pack and the assessment's SPC signal share."""
    return stats.xmr(values, ind.polarity, target=ind.target_value if ind.quantified else None,
                     comparator=ind.target_comparator, positions=periods,
                     rebase_index=rebase_index(ind.rebase_period, periods), screen=ind.spc_screening)


def observations(snapshot: Snapshot, indicator_ids: list[str] | None = None,
                 area_codes: list[str] | None = None) -> pd.DataFrame:
    """Every observation for the indicators and areas (None = all), one row per indicator x area x period, with the
    figures derived from an area's parts' published counts where the publisher derives them so (logframe.derived:
    derived True)."""
    registry = snapshot.registry
    if registry is None:  # a snapshot made without its registry derives nothing
        return snapshot.run("observations", indicator_ids=indicator_ids,
                            area_codes=area_codes).assign(derived=False, derived_from=None)
    wanted = list(area_codes) if area_codes is not None else None
    read = wanted
    if wanted is not None:  # the parts of a derived area are read too, then left out again
        extra = [p for parent, parts in derived.parents(registry).items() if parent in wanted for p in parts]
        read = sorted(set(wanted) | set(extra))
    obs = derived.with_derived(snapshot.run("observations", indicator_ids=indicator_ids, area_codes=read), registry)
    if wanted is None or set(read) == set(wanted):  # type: ignore[arg-type]
        return obs
    return obs[obs["area_code"].isin(wanted)].reset_index(drop=True)


def _none(v: Any) -> Any:
    """None for None, NaN and pandas' missing values; the value otherwise."""
    return None if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else v


def components(registry: Registry, area: str) -> list[str]:
    """The component areas shown for an area without a figure (Registry.components): Kent and Medway for Kent and
    Medway."""
    return registry.components(area)


def assess(registry: Registry, snapshot: Snapshot, chosen: str, outcome: str | None = None,
           directorate: str | None = None, indicator: str | None = None) -> list[Assessment]:
    """The assessment of every indicator the view of the chosen area lists (registry order)."""
    inds = listed(registry, chosen, outcome, directorate, indicator)
    if not inds:
        return []
    where = {i.id: judged_area(registry, i, chosen) for i in inds}
    areas = set(where.values())
    areas.update(c for a in list(areas) for c in components(registry, a))  # type: ignore[arg-type]
    obs = _Rows(observations(snapshot, [i.id for i in inds], sorted(areas)))  # type: ignore[arg-type]
    return [_assess(registry, ind, where[ind.id], obs) for ind in inds]  # type: ignore[arg-type]


class _Rows:
    """observations.sql rows as plain Python values, indexed by (indicator, area) in one pass: filtering the frame
    once per indicator cost a page about 0.2 s."""

    def __init__(self, obs: pd.DataFrame):
        self.col = {c: [_none(v) for v in obs[c].tolist()] for c in obs.columns} if not obs.empty else {}
        self.at: dict[tuple[str, str], list[int]] = {}
        for i, key in enumerate(zip(self.col.get("indicator_id", []), self.col.get("area_code", []))):
            self.at.setdefault(key, []).append(i)  # oldest first, as the query orders them

    def of(self, indicator_id: str, area: str) -> list[int]:
        return self.at.get((indicator_id, area), [])


def _assess(registry: Registry, ind: Indicator, area: str, obs: _Rows) -> Assessment:
    every, col = obs.of(ind.id, area), obs.col
    # A figure on another definition than the plan's (a renumbered or redefined published measure) is shown, never
    # judged: the trajectory reads the plan's own figures only.
    plan = col.get("definition")
    rows = [i for i in every if plan is None or plan[i] is None]
    other = [i for i in every if plan is not None and plan[i] is not None and col["value"][i] is not None]
    series = [(col["period"][i], col["value"][i], col["lower_ci"][i], col["upper_ci"][i]) for i in rows]
    judged = trajectory.assess(ind, area, series)
    latest = next((i for i in rows if col["period"][i] == judged.period), None) if judged.period is not None else None
    changed = max(other, key=lambda i: period_sort_key(col["period"][i]), default=None)
    if changed is not None and latest is not None and col["position"][changed] <= col["position"][latest]:
        changed = None  # the plan's definition is the latest: an older figure on another one is history
    history = trajectory.status_history(ind, area, series, last=2) if ind.quantified else []
    # A change is news only between two judged statuses (not from a figure before the baseline).
    previous = history[-2] if len(history) >= 2 and {history[-2][1], judged.status} <= set(trajectory.JUDGED) \
        else (None, None)
    # A figure suppressed after the latest value: say so rather than let the older figure pass for the latest.
    later = [i for i in rows if col["value"][i] is None
             and (latest is None or col["position"][i] > col["position"][latest])]
    suppressed = col["period"][later[-1]] if later else None
    missing, missing_note = (_why_missing(col, later[-1]) if later else (None, None))
    reason, parts = judged.reason_code, ()
    if judged.value is None:
        parts = tuple(p for c in components(registry, area) if (p := _part(obs, ind.id, c)) is not None)  # type: ignore[assignment]
        if changed is not None and not parts:
            reason = Reason.OTHER_DEFINITION
        elif suppressed is not None:
            reason = Reason.LATEST_MISSING
        elif parts and ind.quantified:
            reason = Reason.PARTS_ONLY
    at = (lambda c: None) if latest is None else (lambda c: col[c][latest])
    valued = [i for i in rows if col["value"][i] is not None]
    variation = None
    if ind.quantified and judged.status in trajectory.JUDGED and valued \
            and col["period_kind"][valued[-1]] in SPC_KINDS:
        variation = xmr_of(ind, [col["period"][i] for i in valued], [col["value"][i] for i in valued]).variation
    return make(
        judged, ind.geography, reason_code=reason, missing=missing, missing_note=missing_note,
        numerator=as_number(at("numerator")), denominator=as_number(at("denominator")),
        previous_period=previous[0], previous_status=previous[1],
        suppressed_period=suppressed,
        illustrative=bool(at("illustrative")) if latest is not None else None,
        source_file=at("source_file"), source_mtime=as_number(at("source_mtime")),
        parts=parts, spc_variation=variation,
        derived=bool(at("derived")) if latest is not None else False,
        derived_from=at("derived_from") if latest is not None else None,
        changed_definition=col["definition"][changed] if changed is not None else None,
        changed_period=col["period"][changed] if changed is not None else None,
        changed_value=as_number(col["value"][changed]) if changed is not None else None,
    )


def _why_missing(col: dict[str, list[Any]], i: int) -> tuple[Missing, str | None]:
    """Why row i has no value: the query's `suppressed` column (this product's small-count rule), else the source's
    own note (value_note: '[x] not available (ONS)', '[c] in the ASCOF source: suppressed to protect ...')."""
    if (col.get("suppressed") or [None] * (i + 1))[i]:
        return Missing.SUPPRESSED, None
    note = (col.get("value_note") or [None] * (i + 1))[i]
    return Missing.NOT_PUBLISHED, note.strip() if isinstance(note, str) and note.strip() else None


def make(judged: trajectory.Judgement, own_geography: str | None = None, **more: Any) -> Assessment:
    """An Assessment from the trajectory rules' judgement and what the extracts add (None where not given)."""
    fields = {f.name: getattr(judged, f.name) for f in dataclasses.fields(judged)}
    defaults = dict(own_geography=own_geography or judged.area_code, numerator=None, denominator=None,
                    previous_period=None, previous_status=None, suppressed_period=None,
                    illustrative=None if judged.value is None else False, source_file=None, source_mtime=None)
    return Assessment(**{**fields, **defaults, **more})


def _part(obs: _Rows, indicator_id: str, area: str) -> Part | None:
    col = obs.col
    plan = col.get("definition")
    valued = [i for i in obs.of(indicator_id, area) if col["value"][i] is not None and (plan is None or plan[i] is None)]
    if not valued:
        return None
    i = max(valued, key=lambda i: period_sort_key(col["period"][i]))
    return Part(area, col["period"][i], float(col["value"][i]), as_number(col["lower_ci"][i]),
                as_number(col["upper_ci"][i]), bool(col["illustrative"][i]), col["source_file"][i])


def published_at_baseline(registry: Registry, ind: Indicator, obs: pd.DataFrame) -> list[Part]:
    """Real figures for the plan's own baseline period and geography (or, where that area has none, its parts), to
    set beside the baseline the plan prints; empty when none is published."""
    if ind.baseline_value is None or not ind.baseline_period or obs.empty:
        return []
    rows = obs[(obs["indicator_id"] == ind.id) & (obs["period"] == ind.baseline_period) & obs["value"].notna()
               & ~obs["illustrative"].fillna(False).astype(bool)]
    rows = _Rows(rows)
    for areas in ([ind.geography], components(registry, ind.geography)):
        found = [_part(rows, ind.id, code) for code in areas]
        found = [p for p in found if p is not None]
        if found:
            return found  # type: ignore[return-value]
    return []


@dataclass(frozen=True)
class Headline:
    """What the Overview, the board pack and the CLI say first: statuses counted, and what they rest on."""
    counts: dict[Status, int]  # every trajectory status, log-frame indicators only (supporting measures left out)
    real: int  # indicators judged (achieved to off track) on real figures
    illustrative: int  # judged on illustrative figures
    real_but_not_judged: int  # no status, though real figures exist (older than the baseline, or only the parts)
    supporting: int

    @property
    def judged(self) -> int:
        return self.real + self.illustrative


def headline(assessments: list[Assessment], registry: Registry) -> Headline:
    """Counts by status and by what the status rests on, for the log-frame indicators among the assessments."""
    counts = {s: 0 for s in trajectory.STATUSES}
    real = made_up = real_unjudged = supporting = 0
    for a in assessments:
        if registry.indicators[a.indicator_id].supporting:
            supporting += 1
            continue
        counts[a.status] += 1
        if a.status in trajectory.JUDGED:
            real += a.basis in (Basis.REAL, Basis.DERIVED)
            made_up += a.basis == Basis.ILLUSTRATIVE
        elif a.status == Status.NO_DATA and a.basis in (Basis.REAL, Basis.DERIVED):
            real_unjudged += 1
    return Headline(counts, real, made_up, real_unjudged, supporting)


def by_id(assessments: list[Assessment]) -> dict[str, Assessment]:
    return {a.indicator_id: a for a in assessments}

