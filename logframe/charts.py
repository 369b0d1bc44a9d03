"""Charts and their text alternatives: DataFrames in, plotly Figures (or a small SVG) and words out. Pure, no Streamlit.

Lines are told apart by dash style and marker shape as well as by colour (Okabe-Ito), and the legend says which is
which in words, so nothing depends on seeing colour.
"""
from __future__ import annotations

import functools
import html
import math
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from logframe import present, trajectory
from logframe.assessments import basis_of, components
from logframe.periods import label_for_position, parse_period, try_parse_period
from logframe.present import (
    STATUS_COLOUR,
    STATUS_ICON,
    STATUS_LABEL,
    axis_period,
    baseline_text,
    format_value,
    noun_phrase,
    period_text,
    range_text,
    rounded,
    target_short,
)
from logframe.registry import Indicator, Registry
from logframe.stats import as_number

TRAJECTORY_STATUSES = ("achieved", "on_track", "at_risk", "off_track")

# Okabe-Ito.
SERIES_COLOUR = "#0072B2"
SERIES_BAND = "rgba(0, 114, 178, 0.18)"
# Above this many points, 95% CIs are drawn as a shaded band rather than error bars (which would crowd).
MAX_ERROR_BARS = 16
TRAJECTORY_COLOUR = "#009E73"
PROJECTION_COLOUR = "#CC79A7"
# (dash, marker, colour, words for the legend) for comparator lines, in the order comparator_areas gives them.
COMPARATOR_STYLES = (
    ("dashdot", "square", "#E69F00", "dash-dot line, squares"),
    ("longdash", "triangle-up", "#56B4E9", "long-dash line, triangles"),
    ("longdashdot", "cross", "#999999", "long-dash-dot line, crosses"),
    ("4px,4px,1px,4px", "x", "#D55E00", "dash-dot-dot line, x marks"),
    ("2px,5px", "pentagon", "#6A3D9A", "dotted line, pentagons"),
)
UNIT_AXIS = {"percent": "Percent", "rate_per_100k": "Rate per 100,000", "years": "Years", "count": "Count",
             "score": "Score", "ratio": "Ratio"}


def _field(a: Any, name: str) -> Any:
    """A field of an assessment (assessments.Assessment) or of a dict of one."""
    return a.get(name) if isinstance(a, Mapping) else getattr(a, name, None)


def _pos(label: str | None) -> float | None:
    p = try_parse_period(label) if label else None
    return p.position if p else None


def comparator_areas(registry: Registry, area_code: str, available: Any, own_geography: str | None = None) -> list[str]:
    """Reference lines for an area, those in `available` and never the area itself: England, the area's parts (Kent
    and Medway for Kent and Medway), its parent (Kent for a district, Kent and Medway for Kent or Medway), the
    indicator's own geography (whose trajectory the area is judged against), then benchmarks such as the all-council
    median."""
    available = set(available)
    # England, then the area's parts (Kent and Medway for Kent and Medway, which is often published only in parts)
    nation = registry.nation
    wanted = ([nation] if nation else []) + components(registry, area_code)
    parent = registry.areas[area_code].parent if area_code in registry.areas else None
    if parent and parent != nation:
        wanted.append(parent)
    if own_geography:
        wanted.append(own_geography)
    wanted += [c for c, a in registry.areas.items() if a.kind == "comparator"]
    out: list[str] = []
    for code in wanted:
        if code != area_code and code in available and code not in out:
            out.append(code)
    return out


def _observed(obs: pd.DataFrame, area_code: str) -> pd.DataFrame:
    rows = obs[obs["area_code"] == area_code] if not obs.empty else obs
    return rows.sort_values("position") if not rows.empty else rows


MAX_PERIOD_TICKS = 6  # labels on a period axis: whole and level at 390 px ('Jan 2021', '2021/22')


def _period_ticks(positions: list[float], kind: str | None, marks: Sequence[tuple[float, str]] = (),
                  most: int = MAX_PERIOD_TICKS) -> tuple[list[float], list[str]]:
    """Tick positions and labels: a tick a year (or every few years, at most `most` labels) from the first period,
    named in the data's own period format and the axis style (present.axis_period), so the empty years up to the
    target are marked too. `marks` (the baseline and target) get their own labelled ticks, replacing any grid tick
    too close to them, when they are periods of the axis's own kind (a calendar-year target on a monthly axis is
    not: one date style on every axis)."""
    kind = kind or "financial_year"
    start, end = min(positions), max(positions)
    years = int(math.floor(end - start + 1e-6))
    marks = [(p, label) for p, label in marks if p is not None and (q := try_parse_period(label)) is not None
             and q.kind == kind]
    step = max(1, math.ceil((years + 1) / max(1, most - len(marks))))
    grid = [(t, axis_period(label_for_position(t, kind))) for t in (start + k for k in range(0, years + 1, step))]
    extra = [(p, axis_period(label)) for p, label in marks
             if not any(abs(p - t) < 1e-6 and lab == axis_period(label) for t, lab in grid)]
    ticks = sorted([(t, lab) for t, lab in grid if all(abs(t - p) >= 0.6 * step for p, _ in extra)] + extra)
    return [t for t, _ in ticks], [lab for _, lab in ticks]


def _ci_words(unit: str, lo: Any, hi: Any) -> str:
    lo, hi = as_number(lo), as_number(hi)
    if lo is None or hi is None:
        return ""
    return f" (95% CI {format_value(unit, lo)} to {format_value(unit, hi)})"


def indicator_chart(ind: Indicator, obs: pd.DataFrame, area_code: str, assessment: Any, registry: Registry,
                    comparators: list[str] | None = None, illustrative: bool = False) -> go.Figure:
    """The indicator in one area with 95% CIs, its baseline, target, trajectory, projection and comparator lines.

    obs: observations.sql rows for the indicator (any areas); assessment: the area's trajectory.Assessment (or its
    dict). The trajectory, baseline and target are drawn only when the indicator has one.
    """
    fig = go.Figure()
    area_name = registry.area_name(area_code)
    unit = ind.unit
    fmt: Callable[..., Any] = lambda v: format_value(unit, v)  # noqa: E731
    positions: list[float] = []
    kind = None

    mine = _observed(obs, area_code)
    mine_valued = mine[mine["value"].notna()] if not mine.empty else mine
    other: list[tuple[str, pd.DataFrame]] = []
    if "definition" in mine_valued.columns and not mine_valued.empty:
        # Figures on another definition than the plan's: a series of their own, after a break, never joined.
        other = list(mine_valued[mine_valued["definition"].notna()].groupby("definition", sort=False))
        mine_valued = mine_valued[mine_valued["definition"].isna()]
    for label, rows in other:
        kind = kind or rows["period_kind"].iloc[-1]
        positions += rows["position"].tolist()
        hover = [f"{period_text(p)}: {fmt(v)}{_ci_words(unit, lo, h)} (not the plan's definition)"
                 for p, v, lo, h in zip(rows["period"], rows["value"], rows["lower_ci"], rows["upper_ci"])]
        fig.add_trace(go.Scatter(
            x=rows["position"], y=rows["value"], mode="lines+markers",
            name=f"{area_name}, another definition: {label} (dashed line, open squares; not judged)",
            line=dict(color=SERIES_COLOUR, width=2, dash="dash"), marker=dict(symbol="square-open", size=9),
            customdata=hover, hovertemplate="%{customdata}<extra>" + html.escape(area_name) + "</extra>",
            meta="other_definition",
        ))
    if not mine_valued.empty:
        kind = mine_valued["period_kind"].iloc[-1]
        positions += mine_valued["position"].tolist()
        lo = mine_valued["lower_ci"].astype(float)
        hi = mine_valued["upper_ci"].astype(float)
        has_ci = bool(lo.notna().any() and hi.notna().any())
        band = has_ci and len(mine_valued) > MAX_ERROR_BARS
        if band:
            ci = mine_valued.assign(lo=lo, hi=hi).dropna(subset=["lo", "hi"])
            fig.add_trace(go.Scatter(x=ci["position"], y=ci["hi"], mode="lines", line=dict(width=0),
                                     showlegend=False, hoverinfo="skip", meta="ci_upper"))
            fig.add_trace(go.Scatter(x=ci["position"], y=ci["lo"], mode="lines", line=dict(width=0),
                                     fill="tonexty", fillcolor=SERIES_BAND, hoverinfo="skip",
                                     name=f"{area_name} 95% CI (shaded band)", meta="ci_band"))
        bars = " (solid line, circles; bars: 95% CI)" if has_ci and not band else " (solid line, circles)"
        hover = [f"{period_text(p)}: {fmt(v)}{_ci_words(unit, lo, h)}" for p, v, lo, h in
                 zip(mine_valued["period"], mine_valued["value"], lo, hi)]
        fig.add_trace(go.Scatter(
            x=mine_valued["position"], y=mine_valued["value"], mode="lines+markers", name=f"{area_name}{bars}",
            line=dict(color=SERIES_COLOUR, width=3, dash="solid"),
            marker=dict(symbol="circle", size=8 if len(mine_valued) <= MAX_ERROR_BARS else 5),
            error_y=dict(type="data", symmetric=False, array=(hi - mine_valued["value"]).fillna(0).tolist(),
                         arrayminus=(mine_valued["value"] - lo).fillna(0).tolist(), visible=has_ci and not band,
                         thickness=1.5, width=4),
            customdata=hover, hovertemplate="%{customdata}<extra>" + html.escape(area_name) + "</extra>",
            meta="series",
        ))

    for i, code in enumerate(comparators or []):
        rows = _observed(obs, code)
        rows = rows[rows["value"].notna()] if not rows.empty else rows
        if rows.empty:
            continue
        dash, symbol, colour, words = COMPARATOR_STYLES[i % len(COMPARATOR_STYLES)]
        name = registry.area_name(code)
        kind = kind or rows["period_kind"].iloc[-1]
        positions += rows["position"].tolist()
        hover = [f"{period_text(p)}: {fmt(v)}{_ci_words(unit, lo, h)}" for p, v, lo, h in
                 zip(rows["period"], rows["value"], rows["lower_ci"], rows["upper_ci"])]
        fig.add_trace(go.Scatter(
            x=rows["position"], y=rows["value"], mode="lines+markers", name=f"{name} ({words})",
            line=dict(color=colour, width=1.5, dash=dash),
            marker=dict(symbol=symbol, size=7 if len(rows) <= MAX_ERROR_BARS else 4),
            customdata=hover, hovertemplate="%{customdata}<extra>" + html.escape(name) + "</extra>",
            meta=f"comparator:{code}",
        ))

    if ind.quantified:
        b_pos, t_pos = _pos(ind.baseline_period), _pos(ind.target_period)
        positions += [b_pos, t_pos]  # type: ignore[list-item]
        kind = kind or parse_period(ind.target_period).kind  # type: ignore[arg-type]
        fig.add_trace(go.Scatter(
            x=[b_pos, t_pos], y=[ind.baseline_value, ind.target_value], mode="lines",
            name="Trajectory: baseline to target (dotted line)",
            line=dict(color=TRAJECTORY_COLOUR, width=2, dash="dot"), hoverinfo="skip", meta="trajectory",
        ))
        fig.add_trace(go.Scatter(
            x=[b_pos], y=[ind.baseline_value], mode="markers",
            name=f"Baseline {fmt(ind.baseline_value)} in {period_text(ind.baseline_period)} (diamond)",
            marker=dict(symbol="diamond", size=13, color=TRAJECTORY_COLOUR, line=dict(width=1, color="#000000")),
            hovertemplate=f"Baseline {period_text(ind.baseline_period)}: {fmt(ind.baseline_value)}<extra></extra>",
            meta="baseline",
        ))
        fig.add_trace(go.Scatter(
            x=[t_pos], y=[ind.target_value], mode="markers",
            name=f"Target {target_short(ind)} by {period_text(ind.target_period)} (star)",
            marker=dict(symbol="star", size=17, color=TRAJECTORY_COLOUR, line=dict(width=1, color="#000000")),
            hovertemplate=f"Target {period_text(ind.target_period)}: {target_short(ind)}<extra></extra>", meta="target",
        ))
        m, period = as_number(_field(assessment, "milestone")), _field(assessment, "period")
        if m is not None and period:
            fig.add_trace(go.Scatter(
                x=[_pos(period)], y=[m], mode="markers", name=f"Milestone for {period_text(period)}: {fmt(m)} (open circle)",
                marker=dict(symbol="circle-open", size=13, color=TRAJECTORY_COLOUR, line=dict(width=2.5)),
                hovertemplate=f"Milestone {period_text(period)}: {fmt(m)}<extra></extra>", meta="milestone",
            ))
        projected = as_number(_field(assessment, "projected_value"))
        value = as_number(_field(assessment, "value"))
        if projected is not None and value is not None and period:
            since = _field(assessment, "rate_since")
            fig.add_trace(go.Scatter(
                x=[_pos(period), t_pos], y=[value, projected], mode="lines+markers",
                name=f"Projection at the rate since {period_text(since)}: {fmt(projected)} by {period_text(ind.target_period)} (dashed line)",
                line=dict(color=PROJECTION_COLOUR, width=2, dash="dash"),
                marker=dict(symbol="circle-open-dot", size=[0, 11], color=PROJECTION_COLOUR),
                hovertemplate=f"Projected {period_text(ind.target_period)}: {fmt(projected)}<extra></extra>", meta="projection",
            ))

    status = _field(assessment, "status")
    value, period = as_number(_field(assessment, "value")), _field(assessment, "period")
    if status in TRAJECTORY_STATUSES and value is not None and period:
        fig.add_annotation(x=_pos(period), y=value, text=f"{STATUS_ICON[status]} {STATUS_LABEL[status]}",
                           showarrow=True, arrowhead=0, ax=34, ay=-44, bgcolor="rgba(0,0,0,0)",
                           bordercolor=STATUS_COLOUR[status], borderwidth=2, borderpad=3,
                           font=dict(size=13))

    title = f"{ind.title}: {area_name}"
    if illustrative:
        title += "<br><sup>Illustrative data: generated, not measured</sup>"
    fig.update_layout(
        title=dict(text=title), hovermode="closest", margin=dict(t=80, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.1, xanchor="left", x=0, traceorder="normal"),
        yaxis=dict(title=UNIT_AXIS.get(unit, ""), ticksuffix="%" if unit == "percent" else "", rangemode="normal"),
        height=520,
    )
    if positions:
        marks = [(_pos(p), p) for p in (ind.baseline_period, ind.target_period) if ind.quantified]
        ticks, labels = _period_ticks(positions, kind, marks)  # type: ignore[arg-type]
        fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=labels,
                         range=[min(positions) - 0.4, max(positions) + 0.4])
    return fig


# --- a chart on a page: its key as HTML, below it ------------------------------------------------------------------

# plotly dash names -> SVG stroke-dasharray, for the key's swatches
_DASH = {"solid": "", "dot": "2 3", "dash": "6 4", "longdash": "10 4", "dashdot": "6 3 2 3",
         "longdashdot": "10 3 2 3"}


def _marker_svg(symbol: str, colour: str, x: float = 16, y: float = 7) -> str:
    """One marker of the key, drawn as plotly draws its symbol ('circle-open', 'square', 'star', ...)."""
    base = symbol.replace("-open-dot", "").replace("-open", "")
    hollow = "open" in symbol
    paint = f'fill="{"none" if hollow else colour}" stroke="{colour if hollow else "currentColor"}" ' \
            f'stroke-width="{1.5 if hollow else 0.6}"'
    shapes = {
        "circle": f'<circle cx="{x}" cy="{y}" r="4" {paint}/>',
        "square": f'<rect x="{x - 3.5}" y="{y - 3.5}" width="7" height="7" {paint}/>',
        "diamond": f'<path d="M{x} {y - 5}L{x + 5} {y}L{x} {y + 5}L{x - 5} {y}Z" {paint}/>',
        "triangle-up": f'<path d="M{x} {y - 5}L{x + 4.5} {y + 3.5}L{x - 4.5} {y + 3.5}Z" {paint}/>',
        "star": f'<path d="M{x} {y - 5.5}L{x + 1.6} {y - 1.7}L{x + 5.2} {y - 1.7}L{x + 2.3} {y + 0.8}L{x + 3.3} '
                f'{y + 4.8}L{x} {y + 2.4}L{x - 3.3} {y + 4.8}L{x - 2.3} {y + 0.8}L{x - 5.2} {y - 1.7}L{x - 1.6} '
                f'{y - 1.7}Z" {paint}/>',
        "cross": f'<path d="M{x - 4} {y}H{x + 4}M{x} {y - 4}V{y + 4}" stroke="{colour}" stroke-width="2.5"/>',
        "x": f'<path d="M{x - 3.5} {y - 3.5}L{x + 3.5} {y + 3.5}M{x + 3.5} {y - 3.5}L{x - 3.5} {y + 3.5}" '
             f'stroke="{colour}" stroke-width="2.5"/>',
        "pentagon": f'<path d="M{x} {y - 4.5}L{x + 4.3} {y - 1.4}L{x + 2.6} {y + 3.6}L{x - 2.6} {y + 3.6}L'
                    f'{x - 4.3} {y - 1.4}Z" {paint}/>',
        "hexagon": f'<path d="M{x - 4} {y - 2.3}L{x} {y - 4.6}L{x + 4} {y - 2.3}V{y + 2.3}L{x} {y + 4.6}L'
                   f'{x - 4} {y + 2.3}Z" {paint}/>',
    }
    return shapes.get(base, shapes["circle"])


def key_items(fig: go.Figure) -> list[tuple[str, str]]:
    """The chart's legend as (swatch SVG, words) pairs, in the legend's order: drawn below the chart on the page, so
    the words wrap on a phone instead of being cut off (and the legend is switched off in the figure)."""
    out = []
    for t in fig.data:
        if t.showlegend is False or not t.name:
            continue
        line, marker = t.line, t.marker
        colour = (line.color if line is not None and line.color else None) or \
                 (marker.color if marker is not None and isinstance(marker.color, str) else None) or "currentColor"
        parts = []
        if getattr(t, "fill", None) in ("tonexty", "toself", "tozeroy"):
            parts.append(f'<rect x="2" y="2" width="28" height="10" fill="{t.fillcolor or colour}"/>')
        mode = t.mode or "lines"
        if "lines" in mode and not (getattr(t, "fill", None) and (line.width or 0) == 0):
            dash = _DASH.get(line.dash or "solid", "3 3" if "px" in str(line.dash) else "")
            parts.append(f'<line x1="2" y1="7" x2="30" y2="7" stroke="{colour}" stroke-width="{min(line.width or 2, 3)}"'
                         + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        if "markers" in mode:
            parts.append(_marker_svg(str(marker.symbol or "circle"), colour))
        swatch = ('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="14" viewBox="0 0 32 14" '
                  f'aria-hidden="true" focusable="false">{"".join(parts)}</svg>')
        out.append((swatch, t.name))
    return out


def for_a_page(fig: go.Figure) -> go.Figure:
    """The figure as a page shows it: no title (the page's heading says it, and wraps) and no legend (the key below
    the chart says it, and wraps), so nothing is cut off on a phone; the axis labels stay level."""
    fig.update_layout(title=None, showlegend=False, margin=dict(t=30, b=10))
    fig.update_xaxes(tickangle=0, automargin=True)
    return fig


def chart_summary(ind: Indicator, obs: pd.DataFrame, area_code: str, assessment: Any, registry: Registry,
                  comparators: list[str] | None = None, illustrative: bool = False) -> str:
    """One sentence that says what the indicator chart shows, for its alt text and caption."""
    area_name = registry.area_name(area_code)
    fmt: Callable[..., Any] = lambda v: format_value(ind.unit, v)  # noqa: E731
    mine = _observed(obs, area_code)
    mine = mine[mine["value"].notna()] if not mine.empty else mine
    data = "illustrative " if illustrative else ""
    if mine.empty:
        lead = f"Chart of {noun_phrase(ind.title)} with no {area_name} figures"
    else:
        first, last = mine.iloc[0], mine.iloc[-1]
        span = (f"from {period_text(first['period'])} to {period_text(last['period'])}" if len(mine) > 1 else f"for {period_text(last['period'])}")
        lead = (f"Chart of {noun_phrase(ind.title)} in {area_name} {span} ({data}data): "
                f"latest {fmt(last['value'])} in {period_text(last['period'])}")
        m = as_number(_field(assessment, "milestone"))
        if m is not None:
            lead += f" against a milestone of {fmt(m)}"
    parts = [lead]
    if ind.quantified:
        traj = (f"the dotted trajectory runs from {baseline_text(ind)} to the target of {target_short(ind)} "
                f"in {period_text(ind.target_period)}")
        projected = as_number(_field(assessment, "projected_value"))
        if projected is not None and not mine.empty:
            traj += f", and the dashed projection reaches {fmt(projected)} by {period_text(ind.target_period)}"
        parts.append(traj)
    else:
        parts.append("there is no trajectory to draw")
    refs = []
    for code in comparators or []:
        rows = _observed(obs, code)
        rows = rows[rows["value"].notna()] if not rows.empty else rows
        if not rows.empty:
            r = rows.iloc[-1]
            refs.append(f"{registry.area_name(code)} {fmt(r['value'])} in {period_text(r['period'])}")
    if refs:
        parts.append("for comparison, " + ", ".join(refs))
    return "; ".join(parts) + "."


def indicator_table(ind: Indicator, obs: pd.DataFrame, area_code: str, registry: Registry,
                    comparators: list[str] | None = None, extracts_folder: str | None = None) -> pd.DataFrame:
    """The chart's data as a table: one row per area x period, the chosen area first, with each period's milestone
    and (for the chosen area, from the baseline on) its status against that milestone, and what each figure rests on
    (basis: real, derived or illustrative). Figures rounded to the indicator's published precision; a cell that does
    not apply is empty, never 'None'."""
    unit = ind.unit
    suffix = {"percent": " (%)", "rate_per_100k": " (per 100,000)", "years": " (years)"}.get(unit, "")
    columns = ["Area", "Period", f"Value{suffix}", "Lower 95% CI", "Upper 95% CI", "Numerator", "Denominator",
               "Note", f"Milestone{suffix}", "Status against the milestone", "Basis", "Definition", "Source file",
               "File modified"]
    fig: Callable[..., Any] = lambda v: None if v is None else rounded(unit, v)  # noqa: E731
    out = []
    for code in [area_code, *(comparators or [])]:
        for r in _observed(obs, code).itertuples(index=False):
            value, lo, hi = as_number(r.value), as_number(r.lower_ci), as_number(r.upper_ci)
            m = trajectory.indicator_milestone(ind, r.period)
            state = ""
            other_definition = getattr(r, "definition", None)
            other_definition = other_definition if isinstance(other_definition, str) and other_definition else ""
            if other_definition:
                state = "Not judged: not the plan's definition" if code == area_code and m is not None else ""
            elif code == area_code and m is not None:
                if trajectory.before_baseline(ind, r.period):  # the status rule's own test, never a second one
                    state = "Before the baseline"
                elif value is not None:
                    s = trajectory.status(value, lo, hi, milestone=m, baseline_value=ind.baseline_value,  # type: ignore[arg-type]
                                          target_value=ind.target_value, comparator=ind.target_comparator,  # type: ignore[arg-type]
                                          polarity=ind.polarity)
                    state = f"{STATUS_ICON[s]} {STATUS_LABEL[s]}"
            source = _relative(getattr(r, "source_file", None), extracts_folder)
            note = getattr(r, "value_note", None)
            flag = getattr(r, "illustrative", None)
            basis = basis_of(bool(flag) if flag is not None and flag == flag else False,
                             bool(getattr(r, "derived", False) or False)).value if value is not None else ""
            out.append([registry.area_name(code), r.period, fig(value), fig(lo), fig(hi),
                        as_number(getattr(r, "numerator", None)), as_number(getattr(r, "denominator", None)),
                        note if isinstance(note, str) and note else "", fig(m), state, basis,
                        other_definition or ("the plan's" if value is not None else ""), source or "",
                        _modified(getattr(r, "source_mtime", None)) or ""])
    return pd.DataFrame(out, columns=columns)


@functools.lru_cache(maxsize=1024)
def _relative(source: str | None, folder: str | None) -> str | None:
    """A source file as a path inside the extracts folder (as given where it lies elsewhere); a table's rows come
    from a few files, so each is worked out once."""
    if source and folder:
        try:
            return os.path.relpath(source, folder)
        except ValueError:
            pass
    return source


def _modified(mtime: Any) -> str | None:
    """A file's modification time (seconds since the epoch) as UK local time, for provenance columns."""
    t = as_number(mtime)
    return None if t is None else _uk_time(t)


@functools.lru_cache(maxsize=4096)
def _uk_time(t: float) -> str:
    # A table's rows come from a few files: each file's time is converted once (a conversion costs ~30 µs).
    return pd.Timestamp(t, unit="s", tz="UTC").tz_convert("Europe/London").strftime("%d %b %Y %H:%M")


# --- sparklines --------------------------------------------------------------------------------------------------

SparkPoints = list  # [(period, position, value)], oldest first: board.series_by's groups


def _spark_points(series: Any) -> list[tuple[str, float, float]]:
    """(period, position, value) of the rows with a value, oldest first, from board.series_by's lists or a frame."""
    if isinstance(series, pd.DataFrame):
        series = list(zip(series["period"], series["position"], series["value"])) if not series.empty else []
    return [(p, float(x), float(v)) for p, x, v in series if as_number(v) is not None]


def sparkline_svg(ind: Indicator, series: Any, status: str | None = None, label: str = "",
                  width: int = 140, height: int = 36) -> str:
    """A small inline SVG of the series (solid) with the trajectory (dashed) and the latest point ringed.

    series: (period, position, value) for one indicator in one area (or rows with those columns). Drawn in
    currentColor, so it reads in light and dark themes; `label` becomes its accessible name.
    """
    pts = [(x, v) for _, x, v in _spark_points(series)]
    line: tuple[tuple[float, float], tuple[float, float]] | None = None
    if ind.quantified:  # a quantified indicator has its baseline and target periods and values
        line = ((_pos(ind.baseline_period), ind.baseline_value), (_pos(ind.target_period), ind.target_value))  # type: ignore[assignment]
    if not pts and line is None:
        return ""
    xs = [x for x, _ in pts] + ([line[0][0], line[1][0]] if line else [])
    ys = [y for _, y in pts] + ([line[0][1], line[1][1]] if line else [])
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    if x1 - x0 < 1e-9:
        x0, x1 = x0 - 0.5, x1 + 0.5
    if y1 - y0 < 1e-9:
        y0, y1 = y0 - 1, y1 + 1
    pad = 4

    def sx(x: float) -> float:
        return pad + (x - x0) / (x1 - x0) * (width - 2 * pad)

    def sy(y: float) -> float:
        return height - pad - (y - y0) / (y1 - y0) * (height - 2 * pad)

    parts = []
    if line:
        (bx, by), (tx, ty) = line
        parts.append(f'<line x1="{sx(bx):.1f}" y1="{sy(by):.1f}" x2="{sx(tx):.1f}" y2="{sy(ty):.1f}" '
                     f'stroke="{TRAJECTORY_COLOUR}" stroke-width="1.5" stroke-dasharray="3 2"/>')
        parts.append(f'<circle cx="{sx(tx):.1f}" cy="{sy(ty):.1f}" r="2.5" fill="none" '
                     f'stroke="{TRAJECTORY_COLOUR}" stroke-width="1.5"/>')
    if len(pts) > 1:
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="currentColor" stroke-width="1.6" '
                     'stroke-linejoin="round"/>')
    if pts:
        lx, ly = pts[-1]
        colour = STATUS_COLOUR.get(status or "", "currentColor")
        parts.append(f'<circle cx="{sx(lx):.1f}" cy="{sy(ly):.1f}" r="3.5" fill="{colour}" '
                     'stroke="currentColor" stroke-width="1"/>')
    name = html.escape(label, quote=True)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{name}" style="overflow:visible">'
            f'<title>{name}</title>{"".join(parts)}</svg>')


def sparkline_label(ind: Indicator, series: Any, area_name: str, status: str | None = None) -> str:
    """The sparkline's accessible name: what it shows in words."""
    rows = _spark_points(series)
    if not rows:
        text = f"{ind.title}, {area_name}: no figures"
    else:
        first, last = rows[0], rows[-1]
        text = (f"{ind.title}, {area_name}, {period_text(first[0])} to {period_text(last[0])}: latest "
                f"{format_value(ind.unit, last[2])}")
    if status in STATUS_LABEL:
        text += f"; {STATUS_LABEL[status].lower()}"
    if ind.quantified:
        text += (f". Dashed line: the trajectory from {baseline_text(ind)} to {target_short(ind)} "
                 f"in {period_text(ind.target_period)}")
    return text + "."


# --- SPC (XmR) chart ---------------------------------------------------------------------------------------------

SPC_LINE = "#767676"  # mean and process limits: at least 4:1 contrast on the light and the dark theme
SPC_COMMON = "#8C8C8C"
# kind -> (marker, colour, words for the legend). Improvement and concern follow Making Data Count's blue and
# orange (Okabe-Ito's), and each kind has its own marker shape as well, so colour is never the only cue.
SPC_KIND_STYLE = {
    "common": ("circle", SPC_COMMON, "Common cause variation (grey circles)"),
    "improvement": ("diamond", "#0072B2", "Special cause: improvement (blue diamonds)"),
    "concern": ("square", "#E69F00", "Special cause: concern (orange squares)"),
    "neither": ("hexagon", "#CC79A7", "Special cause: neither improvement nor concern (purple hexagons)"),
}
SPC_RULE_SHORT = {"outside_limits": "outside the limits", "trend": "run of 7 rising or falling",
                  "two_of_three": "2 of 3 near a limit", "shift": "7 on one side of the mean"}


def _spc_kind(point: Any) -> str:
    return point.kind if point.special_cause else "common"


def _spc_segments(spc: Any) -> list[list[Any]]:
    """The points of each limit segment (one without a rebase, two with), in order."""
    segs: dict[int, list[Any]] = {}
    for p in spc.points:
        segs.setdefault(p.segment, []).append(p)
    return [segs[k] for k in sorted(segs)]


def _spc_xs(series: pd.DataFrame) -> list[float]:
    """The x position of each row of an XmR chart's series (spc.points index them), read once per chart."""
    return [float(x) for x in series["position"]]


def _short_value(unit: str, v: float) -> str:
    """A value without a long unit suffix ('4,601.7'), for labels beside an axis that names the unit."""
    return format_value(unit, v).removesuffix(" per 100,000").removesuffix(" years")


def spc_chart(ind: Indicator, obs_area: pd.DataFrame, spc: Any, target: float | None = None,
              milestone: float | None = None, illustrative: bool = False, area_name: str = "",
              milestone_period: str | None = None) -> go.Figure:
    """An XmR chart the Making Data Count way: the values joined by a line, the mean (solid), the process limits
    (dashed), each special-cause point marked by kind (shape and colour), the target and the latest milestone.

    obs_area: the one area's rows with a value, oldest first, as passed to stats.xmr (spc.points index them).
    A rebased series draws each segment's mean and limits over that segment only.
    """
    fmt: Callable[..., Any] = lambda v: format_value(ind.unit, v)  # noqa: E731
    fig = go.Figure()
    series = obs_area.reset_index(drop=True)
    if series.empty or not spc.points:
        fig.update_layout(title=dict(text=f"{ind.title}: no figures for an XmR chart"))
        return fig
    kind = series["period_kind"].iloc[-1] if "period_kind" in series.columns else None
    positions, periods = _spc_xs(series), list(series["period"])
    xs = [positions[p.index] for p in spc.points]
    step = min((b - a for a, b in zip(xs, xs[1:])), default=1 / 12)
    half = step / 2

    fig.add_trace(go.Scatter(x=xs, y=[p.value for p in spc.points], mode="lines", name="Values (grey line)",
                             line=dict(color=SPC_COMMON, width=1.5), hoverinfo="skip", showlegend=False,
                             meta="values"))

    # Mean and limits: one trace each, a gap (None) between segments, so a rebase shows as a step.
    trial = spc.trial_limits
    limits_words = "Trial process limits (dashed): fewer than 12 points" if trial else "Process limits (dashed)"
    lines: dict[str, tuple[list[Any], list[Any], list[Any]]] = {"mean": ([], [], []), "ucl": ([], [], []),
                                                                "lcl": ([], [], [])}
    for seg in _spc_segments(spc):
        x0, x1 = positions[seg[0].index] - half, positions[seg[-1].index] + half
        for key, y in (("mean", seg[0].mean), ("ucl", seg[0].ucl), ("lcl", seg[0].lcl)):
            if y is None:
                continue
            xl, yl, hl = lines[key]
            if xl:
                xl.append(None)
                yl.append(None)
                hl.append(None)
            xl += [x0, x1]
            yl += [y, y]
            hl += [fmt(y)] * 2
    for key, name, dash in (("mean", "Mean (solid line)", "solid"), ("ucl", limits_words, "dash"),
                            ("lcl", limits_words, "dash")):
        xl, yl, hl = lines[key]
        if not xl:
            continue
        label = {"mean": "Mean", "ucl": "Upper process limit", "lcl": "Lower process limit"}[key]
        fig.add_trace(go.Scatter(
            x=xl, y=yl, mode="lines", name=name, line=dict(color=SPC_LINE, width=2 if key == "mean" else 1.5,
                                                           dash=dash),
            legendgroup="limits" if key != "mean" else "mean", showlegend=key != "lcl",
            customdata=hl, hovertemplate=f"{label}: %{{customdata}}<extra></extra>", meta=key,
        ))

    for k in ("common", "improvement", "concern", "neither"):
        pts = [p for p in spc.points if _spc_kind(p) == k]
        if not pts:
            continue
        symbol, colour, words = SPC_KIND_STYLE[k]
        hover = []
        for p in pts:
            why = ("common cause" if not p.special_cause else
                   f"special cause, {p.kind}: " + "; ".join(SPC_RULE_SHORT[r] for r in p.rules))
            hover.append(f"{periods[p.index]}: {fmt(p.value)} ({why})")
        fig.add_trace(go.Scatter(
            x=[positions[p.index] for p in pts], y=[p.value for p in pts], mode="markers", name=words,
            marker=dict(symbol=symbol, color=colour, size=7 if k == "common" else 11,
                        line=dict(width=1, color="#000000") if k != "common" else dict(width=0)),
            customdata=hover, hovertemplate="%{customdata}<extra></extra>", meta=f"spc_{k}",
        ))

    x_lo, x_hi = xs[0] - half, xs[-1] + half
    target = as_number(target)
    if target is not None:
        words = f"Target {target_short(ind)}" + (f" by {period_text(ind.target_period)}" if ind.target_period else "")
        fig.add_trace(go.Scatter(
            x=[x_lo, x_hi], y=[target, target], mode="lines", name=f"{words} (green dotted line)",
            line=dict(color=TRAJECTORY_COLOUR, width=2.5, dash="dot"),
            hovertemplate=f"{words}<extra></extra>", meta="target",
        ))
        # Labelled in the right margin, clear of the points, each on the far side of its line from the other's.
        below = as_number(milestone) is not None and target < as_number(milestone)  # type: ignore[operator]
        fig.add_annotation(x=1, xref="paper", y=target, text=f"Target {target_short(ind, space=chr(0xA0))}"
                           .removesuffix(" per 100,000"), showarrow=False, xanchor="left",
                           yanchor="top" if below else "bottom", font=dict(color=TRAJECTORY_COLOUR, size=12))
    milestone = as_number(milestone)
    if milestone is not None:
        latest_seg = _spc_segments(spc)[-1]
        m_lo = positions[latest_seg[0].index] - half
        when = f" for {period_text(milestone_period)}" if milestone_period else ""
        words = f"Milestone{when}: {fmt(milestone)}"
        fig.add_trace(go.Scatter(
            x=[m_lo, x_hi], y=[milestone, milestone], mode="lines", name=f"{words} (green dash-dot line)",
            line=dict(color=TRAJECTORY_COLOUR, width=1.5, dash="dashdot"),
            hovertemplate=f"{words}<extra></extra>", meta="milestone",
        ))
        above = target is not None and target < milestone
        fig.add_annotation(x=1, xref="paper", y=milestone, text=f"Milestone {_short_value(ind.unit, milestone)}",
                           showarrow=False, xanchor="left", yanchor="bottom" if above else "top",
                           font=dict(color=TRAJECTORY_COLOUR, size=12))

    if spc.rebase_index is not None:
        at = positions[spc.rebase_index] - half
        fig.add_vline(x=at, line=dict(color=SPC_LINE, width=1, dash="dot"))
        fig.add_annotation(x=at, y=1, yref="paper", text=f"Limits recalculated from "
                           f"{series['period'].iloc[spc.rebase_index]}", showarrow=False, xanchor="left",
                           yanchor="bottom", font=dict(size=11))

    title = f"{ind.title}{': ' + area_name if area_name else ''}: XmR chart"
    if trial:
        title += " (trial limits)"
    if illustrative:
        title += "<br><sup>Illustrative data: generated, not measured</sup>"
    fig.update_layout(
        title=dict(text=title), hovermode="closest", margin=dict(t=90, b=10, r=130), height=500,
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0, traceorder="normal"),
        yaxis=dict(title=UNIT_AXIS.get(ind.unit, ""), ticksuffix="%" if ind.unit == "percent" else ""),
    )
    ticks, labels = _period_ticks(xs, kind)
    fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=labels, range=[x_lo - half, x_hi + half])
    return fig


def spc_summary(ind: Indicator, obs_area: pd.DataFrame, spc: Any, area_name: str, target: float | None = None,
                milestone: float | None = None, illustrative: bool = False) -> str:
    """One sentence saying what the XmR chart shows, for its alt text and caption."""
    fmt: Callable[..., Any] = lambda v: format_value(ind.unit, v)  # noqa: E731
    series = obs_area.reset_index(drop=True)
    if series.empty or not spc.points:
        return f"No XmR chart of {noun_phrase(ind.title)} in {area_name}: there are no figures."
    first, last = series["period"].iloc[0], series["period"].iloc[-1]
    data = "illustrative data" if illustrative else "data"
    text = f"XmR chart of {noun_phrase(ind.title)} in {area_name}, {period_text(first)} to {period_text(last)} ({spc.n} points, {data})"
    if spc.ucl is not None and spc.lcl is not None:
        limits = "trial process limits" if spc.trial_limits else "process limits"
        text += f": mean {fmt(spc.mean)}, {limits} {range_text(ind.unit, spc.lcl, spc.ucl)}"
        if spc.rebase_index is not None:
            text += f" (recalculated from {series['period'].iloc[spc.rebase_index]})"
    special = [p for p in spc.points if p.special_cause]
    if special:
        kinds = {k: sum(1 for p in special if p.kind == k) for k in ("improvement", "concern", "neither")}
        words = ", ".join(f"{n} {k}" for k, n in kinds.items() if n)
        text += f"; {len(special)} point{'s' if len(special) != 1 else ''} show special cause variation ({words})"
    else:
        text += "; no point shows special cause variation"
    latest = spc.points[-1]
    state = (f"special cause variation ({latest.kind})" if latest.special_cause else "common cause variation")
    text += f"; the latest, {fmt(latest.value)} in {period_text(last)}, shows {state}"
    refs = []
    if as_number(target) is not None:
        refs.append(f"the target is {fmt(as_number(target))}")
    if as_number(milestone) is not None:
        refs.append(f"the milestone for {period_text(last)} is {fmt(as_number(milestone))}")
    if refs:
        text += "; " + " and ".join(refs)
    return text + "."


def _bases(rows: pd.DataFrame) -> list[str]:
    """What each row rests on (basis_of: real, derived or illustrative), in row order."""
    n = len(rows)
    flags = list(rows["illustrative"]) if "illustrative" in rows.columns else [False] * n
    derived = list(rows["derived"]) if "derived" in rows.columns else [False] * n
    return [basis_of(False if pd.isna(f) else bool(f), False if pd.isna(d) else bool(d)).value
            for f, d in zip(flags, derived)]


def spc_table(ind: Indicator, obs_area: pd.DataFrame, spc: Any) -> pd.DataFrame:
    """The XmR chart as a table: period, value, mean, process limits, the special-cause rule(s) of each point (empty
    where none) and what each figure rests on (basis)."""
    suffix = {"percent": " (%)", "rate_per_100k": " (per 100,000)", "years": " (years)"}.get(ind.unit, "")
    series = obs_area.reset_index(drop=True)
    periods, bases = list(series["period"]), _bases(series)
    rows = []
    for p in spc.points:
        rows.append({
            "Period": periods[p.index],
            f"Value{suffix}": p.value,
            f"Mean{suffix}": rounded(ind.unit, p.mean),
            f"Lower process limit{suffix}": None if p.lcl is None else rounded(ind.unit, p.lcl),
            f"Upper process limit{suffix}": None if p.ucl is None else rounded(ind.unit, p.ucl),
            "Variation": ("Common cause" if not p.special_cause else
                          f"Special cause: {p.kind} ({'higher' if p.side == 'high' else 'lower'})"),
            "Special cause rule(s)": "; ".join(present.SPC_RULE_LABEL[r] for r in p.rules),
            "Basis": bases[p.index],
        })
    return pd.DataFrame(rows)

