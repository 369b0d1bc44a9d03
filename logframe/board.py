"""The overview (board) page in pure functions: one status per indicator for the chosen area, the counts, the
summary sentence and the status pill. No Streamlit."""
from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from logframe import assessments
from logframe.registry import Indicator
from logframe.trajectory import STATUS_COLOUR, STATUS_ICON, STATUS_LABEL, STATUSES

# Statuses judged against a trajectory (no_data: the indicator has one, the area has no figures).
TRACKED = ("achieved", "on_track", "at_risk", "off_track", "no_data")


@dataclass(frozen=True)
class BoardItem:
    indicator: Indicator
    assessment: dict  # the chosen area's assessment: a cache.assess row (trajectory fields + source_file, illustrative)

    @property
    def status(self) -> str:
        return self.assessment["status"]

    @property
    def reason(self) -> str:
        return self.assessment["reason"]


def board_items(indicators: list[Indicator], rows: list[dict], area: str) -> list[BoardItem]:
    """One item per indicator for the chosen area, in the indicators' order.

    rows are assessments (assessments.assess_all / cache.assess); an indicator with none for the area has no figures
    there, and trajectory.assess on an empty series says what that means (no data, or not assessable and why).
    """
    judged = assessments.where_judged(rows, indicators, area)
    return [BoardItem(ind, judged[ind.id]) for ind in indicators]


def by_outcome(items: list[BoardItem]) -> dict[str, dict[str, list[BoardItem]]]:
    """Log-frame indicators (not supporting measures) by shared outcome: {'tracked': [...], 'not_assessable': [...]}."""
    out: dict[str, dict[str, list[BoardItem]]] = {}
    for item in items:
        if item.indicator.supporting:
            continue
        group = out.setdefault(item.indicator.shared_outcome, {"tracked": [], "not_assessable": []})
        group["tracked" if item.status in TRACKED else "not_assessable"].append(item)
    return dict(sorted(out.items()))


def supporting(items: list[BoardItem]) -> list[BoardItem]:
    """The supporting measures (no target in the log-frame)."""
    return [i for i in items if i.indicator.supporting]


def status_counts(items: list[BoardItem]) -> dict[str, int]:
    """How many log-frame indicators have each status, every status listed (supporting measures left out)."""
    counts = {s: 0 for s in STATUSES}
    for item in items:
        if not item.indicator.supporting:
            counts[item.status] += 1
    return counts


def summary_sentence(counts: dict[str, int], area_name: str, n_supporting: int = 0) -> str:
    """'Kent and Medway: of 17 indicators with a trajectory, 4 achieved, 5 on track, 4 at risk and 4 off track. ...'"""
    tracked = sum(counts.get(s, 0) for s in TRACKED)
    parts = [f"{counts[s]} {'with no data' if s == 'no_data' else STATUS_LABEL[s].lower()}"
             for s in TRACKED if counts.get(s)]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1] if parts else ""
    noun = "indicator" if tracked == 1 else "indicators"
    if tracked:
        text = f"{area_name}: of {tracked} {noun} with a trajectory, {listed}."
    else:
        text = f"{area_name}: none of the indicators shown has a trajectory to judge against."
    n_na = counts.get("not_assessable", 0)
    if n_na:
        text += f" {n_na} more cannot be assessed against a trajectory; the reasons are listed under each outcome."
    if n_supporting:
        text += f" {n_supporting} supporting {'measure has' if n_supporting == 1 else 'measures have'} no target."
    return text


def status_pill(status: str, reason: str | None = None) -> str:
    """Status as icon and word in a tinted, outlined pill (colour is never the only cue); reason as its tooltip."""
    colour = STATUS_COLOUR[status]
    tip = f' title="{html.escape(reason, quote=True)}"' if reason else ""
    return (f'<span{tip} style="display:inline-block;white-space:nowrap;border:2px solid {colour};'
            f'background:{colour}26;border-radius:1rem;padding:0.05rem 0.55rem;font-weight:600">'
            f'{STATUS_ICON[status]} {STATUS_LABEL[status]}</span>')


def series_for(series: pd.DataFrame, indicator_id: str, area: str) -> pd.DataFrame:
    """One indicator's rows of board_series.sql in one area, oldest first."""
    if series.empty:
        return series
    return series[(series["indicator_id"] == indicator_id) & (series["area_code"] == area)]


def shown_area(series: pd.DataFrame, ind: Indicator, area: str) -> str:
    """The area whose figures to show for a supporting measure: the chosen area, else the indicator's own geography."""
    rows = series_for(series, ind.id, area)
    return area if not rows.empty and rows["value"].notna().any() else ind.geography


def latest(series: pd.DataFrame) -> dict | None:
    """The latest row with a value, as a dict, or None."""
    rows = series[series["value"].notna()] if not series.empty else series
    return None if rows.empty else rows.iloc[-1].to_dict()
