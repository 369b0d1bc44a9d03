"""District charts: the bar chart and the choropleth of the registry's districts and councils against the districts'
council (logframe.districts).

Pure functions, DataFrame -> plotly Figure; the DataFrame is districts.compare_with_kent's table. Works offline: the
map draws the boundary file itself (go.Choropleth on an invisible base map), never a tile server.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go

from logframe.present import COMPARISON_ICON, format_value

# The registry folder's map.csv names the boundary file (a path relative to that folder), the feature property that
# holds each area's code, and the boundaries' attribution; map_labels.csv (optional) moves labels that would collide.
MAP_FILE, MAP_LABELS_FILE = "map.csv", "map_labels.csv"
CODE_PROPERTY = "LAD24CD"  # the property read when map.csv does not name one (ONS local authority districts, 2024)
ATTRIBUTION = ("Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
               "Contains OS data © Crown copyright and database right 2024.")

# Okabe-Ito, the Fingertips convention in colour-blind-safe form: green better, yellow similar, vermillion worse,
# two blues where polarity only describes (higher / lower), grey when not compared. Icon and word always go too.
COMPARISON_COLOUR = {
    "better": "#009E73",
    "similar": "#F0E442",
    "worse": "#D55E00",
    "higher": "#56B4E9",
    "lower": "#0072B2",
    "not_compared": "#BBBBBB",
}
# Text drawn on a category's colour: black reads on all but the dark blue (contrast >= 4.5:1 either way).
_TEXT_ON = {c: ("#FFFFFF" if c == "lower" else "#000000") for c in COMPARISON_COLOUR}
SHORT_WORD = {"better": "Better", "similar": "Similar", "worse": "Worse", "higher": "Higher", "lower": "Lower",
              "not_compared": "Not compared"}
LEGEND_ORDER = ("better", "similar", "worse", "higher", "lower", "not_compared")
AXIS_UNIT = {"percent": "%", "rate_per_100k": "per 100,000", "years": "years", "count": "count", "score": "score",
             "ratio": "ratio"}
# plotly.js fetches a world topojson from cdn.plot.ly for any choropleth, even with the base map hidden; offline
# that fetch fails and the map never draws. We hide every base layer, so an empty topology, handed over inline as a
# data: URL (plotly appends '/<name>.json', which lands in the URL's fragment), is all it needs.
EMPTY_TOPOLOGY = {"type": "Topology", "objects": {}, "arcs": []}
EMPTY_TOPOJSON_URL = "data:application/json," + quote(json.dumps(EMPTY_TOPOLOGY)) + "#"
MAP_CONFIG = {"topojsonURL": EMPTY_TOPOJSON_URL, "displaylogo": False, "scrollZoom": False}
NEUTRAL = "#777777"  # reference line, CI band and error bars: mid grey reads on light and dark themes
HIGHLIGHT = "#CC79A7"
# Labels that would collide at the ONS label points in the crowded north-west are moved off them.


@dataclass(frozen=True)
class MapSpec:
    """What the registry says about its map: the boundary file, the property holding the area code, the boundaries'
    attribution, and label positions ('bottom center') for areas whose labels would collide at their label point."""
    boundaries: Path
    code_property: str
    attribution: str
    label_position: dict[str, str]


def map_spec(registry_folder: Path) -> MapSpec:
    """The registry folder's map.csv (and map_labels.csv); ValueError naming the file when it is missing or wrong."""
    path = Path(registry_folder) / MAP_FILE
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the map settings ({exc.strerror or exc})") from None
    if len(rows) != 1 or not (rows[0].get("boundaries") or "").strip():
        raise ValueError(f"{path}: give one row with columns boundaries, code_property, attribution")
    row = rows[0]
    labels: dict[str, str] = {}
    label_file = Path(registry_folder) / MAP_LABELS_FILE
    if label_file.is_file():
        with open(label_file, newline="", encoding="utf-8-sig") as fh:
            labels = {r["code"].strip(): r["position"].strip() for r in csv.DictReader(fh)}
    return MapSpec((Path(registry_folder) / row["boundaries"].strip()).resolve(),
                   (row.get("code_property") or "").strip() or CODE_PROPERTY,
                   (row.get("attribution") or "").strip() or ATTRIBUTION, labels)


def boundaries_path(registry_folder: Path) -> Path:
    """The boundary file the registry folder's map.csv names."""
    return map_spec(registry_folder).boundaries


def load_geojson(path: Path | str | None = None) -> dict[str, Any]:
    """The registry's district boundaries (default: the file the registry in use names) as a dict."""
    if path is None:
        from logframe.registry import registry_dir
        path = boundaries_path(registry_dir())
    return json.loads(Path(path).read_text(encoding="utf-8"))


def feature_codes(geojson: dict[str, Any], code_property: str = CODE_PROPERTY) -> list[str]:
    """The area code of every feature, in file order."""
    return [f["properties"][code_property] for f in geojson["features"]]


def _ring_centre(geometry: dict[Any, Any]) -> tuple[float, float]:
    # Mean of the largest ring's vertices: good enough to place a label when the file has no LONG/LAT.
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    ring = max((p[0] for p in polys), key=len)
    return sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)


def label_points(geojson: dict[str, Any], code_property: str = CODE_PROPERTY) -> dict[str, tuple[float, float]]:
    """Where to put each area's label: code -> (lon, lat), the ONS label point when the file gives one."""
    out = {}
    for f in geojson["features"]:
        p = f["properties"]
        if p.get("LONG") is not None and p.get("LAT") is not None:
            out[p[code_property]] = (float(p["LONG"]), float(p["LAT"]))
        else:
            out[p[code_property]] = _ring_centre(f["geometry"])
    return out


def _wrap(text: str, width: int = 48) -> str:
    """Break a long title into lines of at most about `width` characters (plotly titles do not wrap)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def _title(title: str, period: str, illustrative: bool, what: str) -> str:
    sub = f"{period}: {what}" + (" (illustrative data)" if illustrative else "")
    return f"{_wrap(title)}<br><span style='font-size:0.8em'>{sub}</span>"


def _customdata(rows: pd.DataFrame) -> list[list[str]]:
    return rows[["area_code", "area_name", "detail", "icon", "label"]].values.tolist()


_HOVER = "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]} %{customdata[4]}<extra></extra>"


def _categories(table: pd.DataFrame) -> list[str]:
    present = set(table["comparison"])
    return [c for c in LEGEND_ORDER if c in present]


def district_bar_chart(table: pd.DataFrame, *, title: str, unit: str, period: str, kent: dict[str, Any] | None = None,
                       highlight: str | None = None, illustrative: bool = False,
                       reference_name: str = "the reference") -> go.Figure:
    """Horizontal bars with 95% CI error bars, the reference as a labelled line, one legend entry per comparison.

    The table's row order is the reading order, top to bottom. Each bar carries its comparison as icon and word.
    """
    fig = go.Figure()
    names = [("▶ <b>" + n + "</b>") if c == highlight else n
             for c, n in zip(table["area_code"], table["area_name"])]
    tick = dict(zip(table["area_code"], names))
    for cat in _categories(table):
        rows = table[table["comparison"] == cat]
        has = rows["value"].notna()
        x = rows["value"].fillna(0.0)
        plus = (rows["upper_ci"] - rows["value"]).where(rows["upper_ci"].notna() & has, 0.0)
        minus = (rows["value"] - rows["lower_ci"]).where(rows["lower_ci"].notna() & has, 0.0)
        words = [f"{i} {SHORT_WORD[cat]}" if v else f"{i} {t}" for i, v, t in
                 zip(rows["icon"], has, rows["value_text"])]
        fig.add_trace(go.Bar(
            x=x, y=[tick[c] for c in rows["area_code"]], orientation="h",
            name=f"{COMPARISON_ICON[cat]} {rows['label'].iloc[0]}",
            marker=dict(color=COMPARISON_COLOUR[cat], line=dict(color=NEUTRAL, width=0.5)),
            error_x=dict(type="data", array=plus.tolist(), arrayminus=minus.tolist(), color=NEUTRAL, thickness=1.5,
                         width=4, visible=True),
            text=words, textposition="inside", insidetextanchor="start", constraintext="none",
            textfont=dict(color=_TEXT_ON[cat]), cliponaxis=False,
            customdata=_customdata(rows), hovertemplate=_HOVER,
        ))
    picked = table[(table["area_code"] == highlight) & table["value"].notna()]
    if len(picked):  # an outline on top, kept out of the legend so the key's swatches stay plain
        fig.add_trace(go.Bar(
            x=picked["value"], y=[tick[c] for c in picked["area_code"]], orientation="h", showlegend=False,
            marker=dict(color="rgba(0,0,0,0)", line=dict(color=HIGHLIGHT, width=4)),
            customdata=_customdata(picked), hovertemplate=_HOVER,
        ))
    kent_value = None if kent is None else kent.get("value")
    if kent_value is not None:
        lo, hi = kent.get("lower_ci"), kent.get("upper_ci")  # type: ignore[union-attr]
        if lo is not None and hi is not None:
            fig.add_vrect(x0=lo, x1=hi, fillcolor=NEUTRAL, opacity=0.18, line_width=0, layer="below")
        fig.add_vline(x=kent_value, line=dict(color=NEUTRAL, dash="dash", width=2),
                      annotation_text=f"{reference_name} {format_value(unit, kent_value)}",
                      annotation_position="top", annotation_font=dict(size=13))
    fig.update_layout(
        title=dict(text=_title(title, period, illustrative, f"against {reference_name}, 95% CI"),
                   yref="container", y=0.98, yanchor="top"),
        barmode="overlay", bargap=0.25, height=200 + 30 * max(len(table), 1),
        xaxis=dict(title=dict(text=None if unit == "percent" else AXIS_UNIT.get(unit, unit)),
                   ticksuffix="%" if unit == "percent" else None, rangemode="tozero", zeroline=True),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(names)), title=None, automargin=True),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, xanchor="left", x=0, title=None),
        margin=dict(l=10, r=20, t=110, b=90),
        clickmode="event+select", hovermode="closest",
    )
    return fig


def district_map(table: pd.DataFrame, geojson: dict[str, Any], *, title: str, period: str, highlight: str | None = None,
                 illustrative: bool = False, code_property: str = CODE_PROPERTY,
                 label_position: dict[str, str] | None = None, reference_name: str = "the reference") -> go.Figure:
    """Choropleth of the mapped areas coloured by comparison with the reference, with icon and name labels (no
    colour alone)."""
    fig = go.Figure()
    for cat in _categories(table):
        rows = table[table["comparison"] == cat]
        colour = COMPARISON_COLOUR[cat]
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey=f"properties.{code_property}", locations=rows["area_code"].tolist(),
            z=[0] * len(rows), zmin=0, zmax=1, colorscale=[[0, colour], [1, colour]], showscale=False,
            name=f"{COMPARISON_ICON[cat]} {rows['label'].iloc[0]}", showlegend=True,
            marker=dict(line=dict(color=[HIGHLIGHT if c == highlight else "#FFFFFF" for c in rows["area_code"]],
                                  width=[4 if c == highlight else 1 for c in rows["area_code"]])),
            customdata=_customdata(rows), hovertemplate=_HOVER,
        ))
    points = label_points(geojson, code_property)
    label_position = label_position or {}
    placed = table[table["area_code"].isin(list(points))]
    fig.add_trace(go.Scattergeo(
        lon=[points[c][0] for c in placed["area_code"]], lat=[points[c][1] for c in placed["area_code"]],
        mode="text", text=[f"{i} {_wrap(n, 12)}" for i, n in zip(placed["icon"], placed["area_name"])],
        textposition=[label_position.get(c, "middle center") for c in placed["area_code"]],
        textfont=dict(size=10, color=[_TEXT_ON[c] for c in placed["comparison"]]), showlegend=False,
        customdata=_customdata(placed), hovertemplate=_HOVER,
    ))
    fig.update_geos(fitbounds="locations", visible=False, bgcolor="rgba(0,0,0,0)", projection_type="mercator")
    fig.update_layout(
        title=dict(text=_title(title, period, illustrative, f"compared with {reference_name}"), yref="container", y=0.98,
                   yanchor="top"), height=520,
        legend=dict(orientation="h", yanchor="top", y=0, xanchor="left", x=0, title=None),
        margin=dict(l=0, r=0, t=110, b=10), clickmode="event+select",
    )
    return fig


def chart_alt(kind: str, title: str, period: str, summary: str, whole: str = "the districts",
              reference_name: str = "the reference") -> str:
    """Alt text for a district chart: what it shows, then the summary sentence."""
    what = {"bar": "Bar chart with 95% confidence intervals", "map": "Map"}[kind]
    return (f"{what} of {title} in {period} for {whole}, each marked better, similar "
            f"or worse than {reference_name}. {summary}")
