"""logframe.maps: the district bar chart and choropleth are pure DataFrame -> Figure functions that work offline."""
from __future__ import annotations

import json
from urllib.parse import unquote

import pandas as pd
import pytest

from logframe import districts, maps
from logframe.present import COMPARISON_ICON

KENT, MEDWAY = "E10000016", "E06000035"  # test data: the shipped registry

THANET, SEVENOAKS, DOVER = "E07000114", "E07000111", "E07000108"


@pytest.fixture(scope="module")
def geojson():
    return maps.load_geojson()


@pytest.fixture
def table(registry):
    """A compare_with_kent table: Thanet worse, Sevenoaks better, Dover without data, the rest similar."""
    rows = []
    for code in districts.query_areas(registry):
        v, lo, hi = {THANET: (9.0, 8.0, 10.0), SEVENOAKS: (5.0, 4.0, 6.0), DOVER: (None, None, None),
                     KENT: (7.0, 6.5, 7.5)}.get(code, (7.0, 5.0, 9.0))
        rows.append({"area_code": code, "value": v, "lower_ci": lo, "upper_ci": hi, "value_note": None,
                     "illustrative": True})
    values = pd.DataFrame(rows).astype({"value": float, "lower_ci": float, "upper_ci": float})
    return districts.compare_with_kent(values, registry, registry.indicator("loneliness_often_always"))


KENT_ROW = {"value": 7.0, "lower_ci": 6.5, "upper_ci": 7.5}


def test_boundary_file_has_the_13_areas(registry, geojson):
    assert sorted(maps.feature_codes(geojson)) == sorted(districts.mapped_areas(registry))
    points = maps.label_points(geojson)
    assert set(points) == set(districts.mapped_areas(registry))
    assert all(0 < lon < 1.5 and 50.9 < lat < 51.6 for lon, lat in points.values())  # all in Kent


def test_label_point_falls_back_to_the_largest_ring():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2]]]}
    gj = {"features": [{"properties": {"LAD24CD": "X"}, "geometry": square}]}
    assert maps.label_points(gj) == {"X": (1.0, 1.0)}


def test_colours_are_okabe_ito_and_distinct():
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    judged = [maps.COMPARISON_COLOUR[c] for c in ("better", "similar", "worse", "higher", "lower")]
    assert set(judged) <= okabe_ito and len(set(judged)) == 5
    assert maps.HIGHLIGHT in okabe_ito


def test_bar_chart_bars_error_bars_legend_and_kent_line(table):
    fig = maps.district_bar_chart(districts.sorted_table(table), title="Loneliness", unit="percent",
                                  period="2024/25", kent=KENT_ROW, illustrative=True, reference_name="Kent")
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == ["▲ Better than Kent", "● Similar to Kent", "▼ Worse than Kent",
                                      "○ Not compared with Kent"]
    worse = bars[2]
    assert list(worse.x) == [9.0] and list(worse.error_x.array) == [1.0] and list(worse.error_x.arrayminus) == [1.0]
    assert list(worse.text) == ["▼ Worse"] and worse.customdata[0][0] == THANET
    # Dover has no data: a zero-length bar that says so, and no error bar.
    missing = bars[3]
    assert list(missing.x) == [0.0] and list(missing.text) == ["○ no data"] and list(missing.error_x.array) == [0.0]
    assert sum(len(t.y) for t in bars) == 13
    # Reading order: highest value at the top (plotly draws the category array bottom-up), no data last.
    order = list(fig.layout.yaxis.categoryarray)
    assert order[-1] == "Thanet" and order[0] == "Dover"
    line = [s for s in fig.layout.shapes if s.type == "line"][0]
    assert line.x0 == line.x1 == 7.0
    assert [a.text for a in fig.layout.annotations] == ["Kent 7%"]
    band = [s for s in fig.layout.shapes if s.type == "rect"][0]
    assert (band.x0, band.x1) == (6.5, 7.5)
    assert "illustrative data" in fig.layout.title.text and fig.layout.xaxis.ticksuffix == "%"


def test_bar_chart_highlight_is_an_outline_kept_out_of_the_legend(table):
    fig = maps.district_bar_chart(table, title="t", unit="rate_per_100k", period="2024", kent=None,
                                  highlight=THANET)
    outline = [t for t in fig.data if t.showlegend is False]
    assert len(outline) == 1 and outline[0].customdata[0][0] == THANET
    assert outline[0].marker.line.color == maps.HIGHLIGHT
    assert "▶ <b>Thanet</b>" in fig.layout.yaxis.categoryarray
    assert not fig.layout.shapes and fig.layout.xaxis.title.text == "per 100,000"  # no Kent value: no line


def test_map_is_a_choropleth_on_the_boundary_file_without_a_base_map(table, geojson, registry):
    fig = maps.district_map(table, geojson, title="Loneliness", period="2024/25", highlight=MEDWAY)
    choropleths = [t for t in fig.data if t.type == "choropleth"]
    located = [c for t in choropleths for c in t.locations]
    assert sorted(located) == sorted(districts.mapped_areas(registry))
    assert all(t.featureidkey == "properties.LAD24CD" and t.geojson is not None for t in choropleths)
    assert {t.name for t in choropleths} == {"▲ Better than Kent", "● Similar to Kent", "▼ Worse than Kent",
                                             "○ Not compared with Kent"}
    # Each category is one flat colour; the legend carries icon and word.
    for t in choropleths:
        assert t.colorscale[0][1] == t.colorscale[1][1] and t.showscale is False
    assert fig.layout.geo.fitbounds == "locations" and fig.layout.geo.visible is False
    labels = [t for t in fig.data if t.type == "scattergeo"][0]
    assert len(labels.text) == 13 and f"{COMPARISON_ICON['worse']} Thanet" in labels.text
    similar = [t for t in choropleths if t.name.startswith("●")][0]
    widths = dict(zip(similar.locations, similar.marker.line.width))
    assert widths[MEDWAY] == 4 and widths["E07000105"] == 1


def test_offline_config_hands_plotly_an_empty_topology():
    url = maps.MAP_CONFIG["topojsonURL"]
    assert url.startswith("data:application/json,") and url.endswith("#")
    # plotly appends '/world_110m.json'; after the '#' it is a fragment, so the data is the empty topology.
    topology = json.loads(unquote((url + "/world_110m.json").split(",", 1)[1].split("#", 1)[0]))
    assert topology == {"type": "Topology", "objects": {}, "arcs": []}


def test_long_titles_wrap_and_alt_text_carries_the_summary():
    assert maps._wrap("Overall experience of making a GP appointment rated good", 20) == \
        "Overall experience<br>of making a GP<br>appointment rated<br>good"
    alt = maps.chart_alt("map", "Loneliness", "2024/25", "In 2024/25, none ...")
    assert alt.startswith("Map of Loneliness in 2024/25") and alt.endswith("In 2024/25, none ...")
