"""Charts of groups, councils and deprivation, each with its text summary and its table alternative: the inequalities
and the council comparison on the indicator page, the deprivation scatter on the Districts page. Pure: no Streamlit.

As in logframe.charts: Okabe-Ito colours, and shapes and words as well as colour, so that nothing depends on seeing
colour. Each chart function has a summary (for its alt text and caption) and a table (the same figures as rows).
"""
from __future__ import annotations

import html
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from logframe import present
from logframe.benchmark import Benchmark
from logframe.inequality import Inequalities, group_order
from logframe.present import (
    BREAKDOWN_TYPE_LABEL,
    COMPARISON_ICON,
    COMPARISON_LABEL,
    KIND_PLURAL,
    format_value,
    number,
    period_text,
)
from logframe.registry import Indicator
from logframe.stats import as_number

UNIT_AXIS = {"percent": "Percent", "rate_per_100k": "Rate per 100,000", "years": "Years", "count": "Count",
             "score": "Score", "ratio": "Ratio"}
# Each comparison with the area's overall figure: a marker shape and a colour (Okabe-Ito), named in the legend.
COMPARED_STYLE = {"better": ("triangle-up", "#009E73"), "worse": ("triangle-down", "#D55E00"),
                  "similar": ("circle", "#0072B2"), "higher": ("triangle-up-open", "#56B4E9"),
                  "lower": ("triangle-down-open", "#56B4E9"), "not_compared": ("circle-open", "#999999")}
REFERENCE = "#555555"
# Lines of the groups over time: dash and marker as well as colour.
LINE_STYLES = (("solid", "circle", "#0072B2"), ("dash", "square", "#E69F00"), ("dot", "diamond", "#009E73"),
               ("dashdot", "triangle-up", "#CC79A7"), ("longdash", "x", "#D55E00"), ("longdashdot", "cross", "#56B4E9"),
               ("4px,4px,1px,4px", "pentagon", "#999999"))
# The benchmark strip: the councils of each kind as grey dots; the marked areas stand out by shape, size and label.
FIELD_COLOUR = "rgba(119, 119, 119, 0.55)"
MARK_STYLES = (("star", "#D55E00"), ("diamond", "#0072B2"), ("square", "#CC79A7"))
GROUP_STYLE = ("circle-open", "#E69F00")


def _title(text: str, illustrative: bool) -> str:
    return text + ("<br><sup>Illustrative data: generated, not measured</sup>" if illustrative else "")


def _axis(unit: str) -> dict[Any, Any]:
    return dict(title=UNIT_AXIS.get(unit, ""), ticksuffix="%" if unit == "percent" else "")


def _kind_word(breakdown_type: str) -> str:
    """'Sex', 'Age', 'Deprivation decile'."""
    word = BREAKDOWN_TYPE_LABEL.get(breakdown_type, breakdown_type).removeprefix("By ")
    return word[:1].upper() + word[1:]


def _ci(unit: str, lo: Any, hi: Any) -> str:
    lo, hi = as_number(lo), as_number(hi)
    return "" if lo is None or hi is None else f"{format_value(unit, lo)} to {format_value(unit, hi)}"


# --- the groups' latest figures against the area's ------------------------------------------------------------

def groups_chart(ind: Indicator, found: Inequalities, area_name: str, illustrative: bool = False) -> go.Figure:
    """Each group's latest figure with its 95% CI, against the area's overall figure for that period (dashed line)."""
    fig = go.Figure()
    # Group names come from the files: escaped, as plotly reads tags in labels and hover text.
    labels = [html.escape(f"{_kind_word(g.breakdown_type)}: {g.breakdown}") for g in found.groups]
    for compared in COMPARED_STYLE:
        picked = [(lab, g) for lab, g in zip(labels, found.groups) if g.compared == compared and g.value is not None]
        if not picked:
            continue
        symbol, colour = COMPARED_STYLE[compared]
        gs = [g for _, g in picked]
        fig.add_trace(go.Scatter(
            x=[g.value for g in gs], y=[lab for lab, _ in picked], mode="markers",
            name=f"{COMPARISON_ICON[compared]} {COMPARISON_LABEL[compared]} {area_name}'s figure",
            marker=dict(symbol=symbol, size=13, color=colour, line=dict(width=1, color="#000000")),
            error_x=dict(type="data", symmetric=False,
                         array=[(as_number(g.upper_ci) or g.value) - g.value for g in gs],  # type: ignore[operator]
                         arrayminus=[g.value - (as_number(g.lower_ci) or g.value) for g in gs],  # type: ignore[operator]
                         color=REFERENCE, thickness=1.5, width=5),
            customdata=[html.escape(present.group_text(ind, g, area_name)) for g in gs],
            hovertemplate="%{customdata}<extra></extra>", meta=f"groups:{compared}",
        ))
    overall = {g.overall_value for g in found.groups if g.overall_value is not None}
    for value in sorted(overall):
        fig.add_vline(x=value, line=dict(color=REFERENCE, dash="dash", width=2),
                      annotation_text=html.escape(f"{area_name} {format_value(ind.unit, value)}"),
                      annotation_position="top")
    periods = sorted({period_text(g.period) for g in found.groups})
    fig.update_layout(
        title=dict(text=_title(f"{ind.title}: {area_name} by group, {' and '.join(periods)}", illustrative)),
        xaxis=_axis(ind.unit), yaxis=dict(categoryorder="array", categoryarray=list(reversed(labels)), title=None,
                                          automargin=True),
        height=180 + 34 * max(len(labels), 1), margin=dict(t=90, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.15, xanchor="left", x=0), hovermode="closest",
    )
    return fig


def groups_summary(ind: Indicator, found: Inequalities, area_name: str, illustrative: bool = False) -> str:
    """What the groups chart shows, in words: every group's figure and how it compares."""
    data = "Illustrative figures. " if illustrative else ""
    lines = "; ".join(present.group_text(ind, g, area_name) for g in found.groups)
    return (f"{data}{ind.title} in {area_name} by group, each group's 95% confidence interval against "
            f"{area_name}'s overall figure for the same period: {lines}.")


def groups_table(ind: Indicator, found: Inequalities, area_name: str) -> pd.DataFrame:
    """Every breakdown row of the area (every period), with the comparison and the group's recent trend."""
    trend = {(g.breakdown_type, g.breakdown): f"{present.trend_icon(g.trend)} {present.trend_label(g.trend)}"
             for g in found.groups}
    rows = []
    for r in found.rows.to_dict("records"):
        value = as_number(r["value"])
        rows.append({
            "Breakdown": _kind_word(r["breakdown_type"]),
            "Group": r["breakdown"], "Period": period_text(r["period"]),
            "Value": format_value(ind.unit, value) if value is not None else (r["value_note"] or "no value"),
            "95% CI": _ci(ind.unit, r["lower_ci"], r["upper_ci"]),
            "Count": number(r["numerator"], 0) if as_number(r["numerator"]) is not None else "",
            "Denominator": number(r["denominator"], 0) if as_number(r["denominator"]) is not None else "",
            f"{area_name} overall": format_value(ind.unit, as_number(r["overall_value"]))
            if as_number(r["overall_value"]) is not None else "",
            f"Compared with {area_name}": f"{COMPARISON_ICON[r['compared']]} {COMPARISON_LABEL[r['compared']]}",
            "Recent trend of the group": trend.get((r["breakdown_type"], r["breakdown"]), ""),
        })
    return pd.DataFrame(rows)


# --- each type's groups over time (the trend of each group, the gap between the extremes) ---------------------

def over_time_chart(ind: Indicator, found: Inequalities, breakdown_type: str, area_name: str,
                    illustrative: bool = False) -> go.Figure:
    """One type's groups over time, with 95% CIs, and the area's overall figure (grey, dashed)."""
    fig = go.Figure()
    rows = found.rows[(found.rows["breakdown_type"] == breakdown_type) & found.rows["value"].notna()]
    labels = sorted(set(rows["breakdown"]), key=lambda lab: group_order(breakdown_type, lab))
    ticks: dict[float, str] = {}
    for i, label in enumerate(labels):
        dash, symbol, colour = LINE_STYLES[i % len(LINE_STYLES)]
        g = rows[rows["breakdown"] == label].sort_values("position")
        ticks.update(zip(g["position"], g["period"]))
        lo, hi = g["lower_ci"].astype(float), g["upper_ci"].astype(float)
        fig.add_trace(go.Scatter(
            x=g["position"], y=g["value"], mode="lines+markers", name=html.escape(f"{label} ({dash} line, {symbol}s)"),
            line=dict(color=colour, dash=dash, width=2), marker=dict(symbol=symbol, size=9),
            error_y=dict(type="data", symmetric=False, array=(hi - g["value"]).fillna(0).tolist(),
                         arrayminus=(g["value"] - lo).fillna(0).tolist(), visible=bool(lo.notna().any()),
                         thickness=1, width=3),
            customdata=[html.escape(f"{label}, {period_text(p)}: {format_value(ind.unit, v)}")
                        for p, v in zip(g["period"], g["value"])],
            hovertemplate="%{customdata}<extra></extra>", meta=f"group:{label}",
        ))
    overall = found.rows[found.rows["breakdown_type"] == breakdown_type][["position", "period", "overall_value"]]
    overall = overall.dropna(subset=["overall_value"]).drop_duplicates("position").sort_values("position")
    if not overall.empty:
        fig.add_trace(go.Scatter(
            x=overall["position"], y=overall["overall_value"], mode="lines+markers",
            name=f"{area_name} overall (grey dashed line, open circles)",
            line=dict(color=REFERENCE, dash="dash", width=2), marker=dict(symbol="circle-open", size=9),
            hovertemplate=f"{html.escape(area_name)} %{{y}}<extra></extra>", meta="overall",
        ))
    word = BREAKDOWN_TYPE_LABEL[breakdown_type].lower()
    positions = sorted(ticks)
    fig.update_layout(
        title=dict(text=_title(f"{ind.title}: {area_name} {word}, over time", illustrative)),
        xaxis=dict(tickmode="array", tickvals=positions, ticktext=[period_text(ticks[p]) for p in positions],
                   range=[positions[0] - 0.4, positions[-1] + 0.4] if positions else None),
        yaxis=_axis(ind.unit), height=420, margin=dict(t=80, b=10), hovermode="closest",
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0),
    )
    return fig


def over_time_summary(ind: Indicator, found: Inequalities, breakdown_type: str, area_name: str) -> str:
    """Each group's trend and the gap between the extreme groups, in words."""
    groups = [g for g in found.groups if g.breakdown_type == breakdown_type]
    trends = "; ".join(f"{g.breakdown}: {present.trend_icon(g.trend)} {present.trend_label(g.trend).lower()}"
                       + (f" ({present.trend_reason(g.trend)})" if g.trend.direction == "cannot_be_calculated" else "")
                       for g in groups)
    gap = next((x for x in found.gaps if x.breakdown_type == breakdown_type), None)
    text = (f"{ind.title} in {area_name} {BREAKDOWN_TYPE_LABEL[breakdown_type].lower()} over time. "
            f"Recent trend of each group (Fingertips' method): {trends}.")
    if gap is not None:
        text += " " + present.gap_text(ind, gap)
    return text


def over_time_table(ind: Indicator, found: Inequalities, breakdown_type: str) -> pd.DataFrame:
    """Periods down, groups across, and the gap between the extreme groups."""
    rows = found.rows[found.rows["breakdown_type"] == breakdown_type]
    labels = sorted(set(rows["breakdown"]), key=lambda lab: group_order(breakdown_type, lab))
    gap = next((x for x in found.gaps if x.breakdown_type == breakdown_type), None)
    gaps = dict(gap.points) if gap else {}
    out = []
    for _position, g in rows.sort_values("position").groupby("position", sort=True):
        values = {r["breakdown"]: as_number(r["value"]) for r in g.to_dict("records")}
        period = g["period"].iloc[0]
        line = {"Period": period_text(period)}
        for label in labels:
            v = values.get(label)
            line[label] = format_value(ind.unit, v) if v is not None else ""
        if gap is not None:
            v = gaps.get(period)
            line[f"Gap ({gap.second} minus {gap.first})"] = number(v, 2) if v is not None else ""
        out.append(line)
    return pd.DataFrame(out)


# --- how the area compares with every council -----------------------------------------------------------------

def benchmark_chart(ind: Indicator, marks: list[Benchmark], illustrative: bool = False) -> go.Figure:
    """Every council of the tier as a dot, a row per kind of council, with the marked areas (a star, a diamond ...)
    and their comparator group (open circles) picked out and labelled, and England, the region or the all-council
    median as labelled lines."""
    fig = go.Figure()
    first = marks[0]
    field = first.field
    kinds = [k for k in KIND_PLURAL if k in set(field["kind"])]
    rows_of = {k: KIND_PLURAL[k] for k in kinds}
    for kind in kinds:
        f = field[field["kind"] == kind].sort_values("value")
        fig.add_trace(go.Scatter(
            x=f["value"], y=[rows_of[kind]] * len(f), mode="markers", name="Every council (grey dots)",
            marker=dict(symbol="circle", size=8, color=FIELD_COLOUR), showlegend=kind == kinds[0],
            customdata=[html.escape(f"{n}: {format_value(ind.unit, v)}") for n, v in zip(f["area_name"], f["value"])],
            hovertemplate="%{customdata}<extra></extra>", meta=f"field:{kind}",
        ))
    group = field[field["area_code"].isin(first.group)]
    if not group.empty:
        symbol, colour = GROUP_STYLE
        fig.add_trace(go.Scatter(
            x=group["value"], y=[rows_of[k] for k in group["kind"]], mode="markers",
            name=html.escape(f"{first.group_name} (open circles)"),
            marker=dict(symbol=symbol, size=13, color=colour, line=dict(width=2.5)),
            customdata=[html.escape(f"{n}: {format_value(ind.unit, v)}")
                        for n, v in zip(group["area_name"], group["value"])],
            hovertemplate="%{customdata}<extra></extra>", meta="group",
        ))
    for i, bm in enumerate(marks):
        symbol, colour = MARK_STYLES[i % len(MARK_STYLES)]
        s = bm.standings[0]
        fig.add_trace(go.Scatter(
            x=[bm.value], y=[KIND_PLURAL[bm.kind]], mode="markers+text", text=[html.escape(bm.area_name)],
            textposition="top center", name=html.escape(f"{bm.area_name} ({symbol}): {format_value(ind.unit, bm.value)}"
                                                        f", {present.ordinal(s.rank)} of {s.n} {present.among_text(bm, s)}"),
            marker=dict(symbol=symbol, size=18, color=colour, line=dict(width=1.5, color="#000000")),
            hovertemplate=f"{html.escape(bm.area_name)}: {format_value(ind.unit, bm.value)}<extra></extra>",
            meta=f"mark:{bm.area_code}",
        ))
    dashes = ("dash", "dot", "dashdot")
    for i, (_code, name, value) in enumerate(first.references):
        fig.add_vline(x=value, line=dict(color=REFERENCE, dash=dashes[i % len(dashes)], width=2),
                      annotation_text=html.escape(f"{name} {format_value(ind.unit, value)}"),
                      annotation_position="top" if i % 2 == 0 else "bottom")
    better = {"higher_is_better": "higher is better", "lower_is_better": "lower is better"}.get(ind.polarity,
                                                                                                "no direction is better")
    fig.update_layout(
        title=dict(text=_title(f"{ind.title}: every council, {period_text(first.period)} ({better})",
                               illustrative)),
        xaxis=_axis(ind.unit), yaxis=dict(categoryorder="array", categoryarray=list(reversed(list(rows_of.values()))),
                                          title=None, automargin=True),
        height=220 + 60 * len(kinds), margin=dict(t=90, b=10), hovermode="closest",
        legend=dict(orientation="h", yanchor="top", y=-0.15, xanchor="left", x=0),
    )
    return fig


def benchmark_summary(ind: Indicator, marks: list[Benchmark]) -> str:
    """The ranks of the marked areas and the references, in words."""
    first = marks[0]
    text = " ".join(present.rank_text(ind, bm) for bm in marks)
    refs = present.references_text(ind, first)
    n = len(first.field)
    return (f"{ind.title}: {n} councils with a published figure in {period_text(first.period)}. {text}"
            + (f" For reference: {refs}." if refs else ""))


def benchmark_table(ind: Indicator, marks: list[Benchmark]) -> pd.DataFrame:
    """Every council ranked among all of its tier (best first), the marked areas and the comparator group flagged."""
    first = marks[0]
    field = first.field.copy()
    lower_better = ind.polarity == "lower_is_better"
    field = field.sort_values(["value", "area_name"], ascending=[lower_better, True]).reset_index(drop=True)
    ranks = [1 + sum(1 for w in field["value"] if (w < v if lower_better else w > v)) for v in field["value"]]
    marked = {bm.area_code: bm.area_name for bm in marks}
    return pd.DataFrame({
        "Rank": ranks, "Council": field["area_name"], "Kind": [KIND_PLURAL[k][:-1] for k in field["kind"]],
        "Value": [format_value(ind.unit, v) for v in field["value"]],
        "Marked": ["◆ " + marked[c] if c in marked else ("○ " + (first.group_name or "") if c in first.group else "")
                   for c in field["area_code"]],
    })


# --- districts and deprivation ---------------------------------------------------------------------------------

def deprivation_scatter(ind: Indicator, table: pd.DataFrame, period: str, relationship_words: str,
                        illustrative: bool = False) -> go.Figure:
    """Each area's figure (with its 95% CI) against its deprivation rank, the most deprived to the right, each point
    labelled with its name and marked by its comparison with Kent."""
    fig = go.Figure()
    rows = table[table["value"].notna() & table["imd_rank"].notna()]
    for compared in COMPARED_STYLE:
        r = rows[rows["comparison"] == compared]
        if r.empty:
            continue
        symbol, colour = COMPARED_STYLE[compared]
        fig.add_trace(go.Scatter(
            x=r["imd_rank"], y=r["value"], mode="markers+text", text=[html.escape(n) for n in r["area_name"]],
            textposition="top center",
            name=f"{COMPARISON_ICON[compared]} {r['label'].iloc[0]}",
            marker=dict(symbol=symbol, size=12, color=colour, line=dict(width=1, color="#000000")),
            error_y=dict(type="data", symmetric=False, array=(r["upper_ci"] - r["value"]).fillna(0).tolist(),
                         arrayminus=(r["value"] - r["lower_ci"]).fillna(0).tolist(), color=REFERENCE,
                         thickness=1, width=3),
            customdata=[html.escape(f"{n}: {d}; IMD rank {int(k)}")
                        for n, d, k in zip(r["area_name"], r["detail"], r["imd_rank"])],
            hovertemplate="%{customdata}<extra></extra>", meta=f"deprivation:{compared}",
        ))
    fig.update_layout(
        title=dict(text=_title(f"{ind.title} against deprivation, {period_text(period)}", illustrative)),
        xaxis=dict(title="IMD 2019 rank of average score (1 = most deprived of 317 districts); more deprived →",
                   autorange="reversed"),
        yaxis=_axis(ind.unit), height=480, margin=dict(t=80, b=10), hovermode="closest",
        legend=dict(orientation="h", yanchor="top", y=-0.18, xanchor="left", x=0),
    )
    return fig


def deprivation_table(ind: Indicator, table: pd.DataFrame) -> pd.DataFrame:
    """The areas from the most deprived to the least, with their IMD rank and score and their figure."""
    rows = table.sort_values(["imd_rank", "area_name"], na_position="last")
    return pd.DataFrame({
        "Area": rows["area_name"], "IMD 2019 rank (1 = most deprived)": [
            str(int(k)) if pd.notna(k) else "not ranked" for k in rows["imd_rank"]],
        "IMD 2019 average score": [number(s, 1) if pd.notna(s) else "" for s in rows["imd_score"]],
        "Value": rows["value_text"], "95% CI": rows["ci_text"],
    })
