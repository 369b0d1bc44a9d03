"""The Overview (board) page in pure functions: the assessments grouped as the page and the board pack show them.
No Streamlit; the words are logframe.present's."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from logframe import derived
from logframe.assessments import Assessment
from logframe.extracts import Snapshot
from logframe.registry import Registry
from logframe.trajectory import TRACKED


def by_outcome(assessments: list[Assessment], registry: Registry) -> dict[str, dict[str, list[Assessment]]]:
    """Log-frame indicators (not supporting measures) by shared outcome: {'tracked': [...], 'not_assessable': [...]}."""
    out: dict[str, dict[str, list[Assessment]]] = {}
    for a in assessments:
        ind = registry.indicators[a.indicator_id]
        if ind.supporting:
            continue
        group = out.setdefault(ind.shared_outcome, {"tracked": [], "not_assessable": []})
        group["tracked" if a.status in TRACKED else "not_assessable"].append(a)
    return {code: out[code] for code in registry.outcomes if code in out}


def board_targets(assessments: list[Assessment], registry: Registry) -> list[Assessment]:
    """The targets the board tracks (the registry's board_target), among the assessments of the view, in registry
    order: the block that leads the Overview and the board pack."""
    return [a for a in assessments if registry.indicators[a.indicator_id].board_target]


def supporting(assessments: list[Assessment], registry: Registry) -> list[Assessment]:
    """The supporting measures (no target in the log-frame)."""
    return [a for a in assessments if registry.indicators[a.indicator_id].supporting]


def judged_series(snapshot: Snapshot, judged: tuple[tuple[str, str], ...], registry: Registry) -> pd.DataFrame:
    """The sparklines' rows (board_series.sql) of each (indicator, area it is judged in) on the plan's definition, with
    an area's figures derived from its parts' counts where the publisher derives them so (logframe.derived)."""
    parents = derived.parents(registry)
    extra = tuple((i, p) for i, a in judged if a in parents and registry.indicators[i].derive_from_parts
                  for p in parents[a])
    asked = judged + extra
    rows = snapshot.run("board_series", indicator_ids=[i for i, _ in asked], area_codes=[a for _, a in asked] or [""])
    rows = rows[rows["definition"].isna()]
    if extra:
        rows = derived.with_derived(rows, registry)
        rows = rows[pd.Series(list(zip(rows["indicator_id"], rows["area_code"])), index=rows.index).isin(set(judged))]
    return rows.reset_index(drop=True)


def series_by(series: pd.DataFrame) -> dict[tuple[str, str], list[tuple[str, float, float | None]]]:
    """The rows of board_series.sql by (indicator, area) as (period, position, value), oldest first (as the query
    orders them), grouped once in plain Python rather than filtered for every row of the page; a pair without rows
    gives an empty list."""
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    if series.empty:
        return groups
    cols = [series[c].tolist() for c in ("indicator_id", "area_code", "period", "position", "value")]
    for ind, area, period, position, value in zip(*cols):
        groups[ind, area].append((period, position, None if value != value else value))  # NaN: no value
    return groups
