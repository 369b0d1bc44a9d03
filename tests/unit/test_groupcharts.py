"""The groups', councils' and deprivation charts: what each draws, and that its summary and table say the same."""
import pandas as pd

from logframe import groupcharts, present
from logframe.benchmark import kind_of, standing
from logframe.deprivation import load_iod, relationship, with_deprivation
from logframe.districts import compare_with_kent, mapped_areas
from logframe.inequality import inequalities
from logframe.registry import Comparator

KENT = "E10000016"


def _found(registry):
    ind = registry.indicators["reablement_still_home_91_days_kent"]
    rows = []
    for period, pos, groups in (("2018/19", 2018.75, {"Female": 77.7, "Male": 84.5}),
                                ("2020/21", 2020.75, {"Female": 86.5, "Male": 87.4, "65-74": 86.5})):
        for g, v in groups.items():
            rows.append({"indicator_id": ind.id, "area_code": KENT, "period": period, "position": pos,
                         "breakdown_type": "age" if "-" in g else "sex", "breakdown": g, "value": v,
                         "lower_ci": v - 3 if period == "2020/21" else None,
                         "upper_ci": v + 3 if period == "2020/21" else None, "numerator": None, "denominator": None,
                         "value_note": None})
    overall = pd.DataFrame([{"period": "2018/19", "position": 2018.75, "value": 82.0, "lower_ci": None,
                             "upper_ci": None},
                            {"period": "2020/21", "position": 2020.75, "value": 86.8, "lower_ci": 84.3,
                             "upper_ci": 88.9}])
    return ind, inequalities(ind, pd.DataFrame(rows), overall, KENT)


def test_groups_chart_marks_each_comparison_by_shape_and_words(registry):
    ind, found = _found(registry)
    fig = groupcharts.groups_chart(ind, found, "Kent")
    symbols = {t.meta: t.marker.symbol for t in fig.data}
    assert symbols == {"groups:similar": "circle"}  # all three groups' intervals hold Kent's 86.8%
    assert list(fig.data[0].y) == ["Sex: Female", "Sex: Male", "Age: 65-74"]
    assert any("Kent 86.8%" in (a.text or "") for a in fig.layout.annotations)
    summary = groupcharts.groups_summary(ind, found, "Kent")
    assert "Female: 86.5% (95% CI 83.5% to 89.5%) in 2020/21, ● similar to Kent's 86.8%" in summary
    table = groupcharts.groups_table(ind, found, "Kent")
    assert len(table) == 5 and set(table["Compared with Kent"]) == {"● Similar to", "○ Not compared with"}


def test_over_time_chart_and_its_gap(registry):
    ind, found = _found(registry)
    fig = groupcharts.over_time_chart(ind, found, "sex", "Kent")
    assert [t.meta for t in fig.data] == ["group:Female", "group:Male", "overall"]
    assert len({(t.line.dash, t.marker.symbol) for t in fig.data}) == 3  # told apart without colour
    summary = groupcharts.over_time_summary(ind, found, "sex", "Kent")
    assert "The gap between men and women (men minus women) was 6.8 points in 2018/19 and 0.9 points in " \
           "2020/21: it has narrowed since 2018/19." in summary
    table = groupcharts.over_time_table(ind, found, "sex")
    assert table.columns.tolist() == ["Period", "Female", "Male", "Gap (Male minus Female)"]
    assert table["Gap (Male minus Female)"].tolist() == ["6.8", "0.9"]


def test_benchmark_chart_marks_the_area_its_group_and_the_references(registry):
    ind = registry.indicators["reablement_still_home_91_days_kent"]
    codes = [("E10000011", "East Sussex", 80.0), (KENT, "Kent", 86.8), ("E10000014", "Hampshire", 84.0),
             ("E06000035", "Medway", 60.5), ("E92000001", "England", 79.1), ("E12000008", "South East", 76.7)]
    rows = pd.DataFrame([{"period": "2020/21", "position": 2020.75, "area_code": c, "area_name": n,
                          "kind": kind_of(c), "value": v} for c, n, v in codes])
    comps = (Comparator(KENT, "group", "South East county councils", "E10000011", "East Sussex", "t"),
             Comparator(KENT, "region", "South East", "E12000008", "South East", "t"))
    marks = [standing(rows, KENT, "Kent", ind.polarity, comps, "E92000001"),
             standing(rows, "E06000035", "Medway", ind.polarity, (), "E92000001")]
    fig = groupcharts.benchmark_chart(ind, marks)
    metas = [t.meta for t in fig.data]
    assert metas == ["field:county", "field:unitary", "group", f"mark:{KENT}", "mark:E06000035"]
    assert {a.text for a in fig.layout.annotations} == {"England 79.1%", "South East 76.7%"}
    summary = groupcharts.benchmark_summary(ind, marks)
    assert "Kent (86.8%) ranks 1st of 3 county councils (the best quarter)" in summary
    assert "England 79.1%; South East 76.7%" in summary
    table = groupcharts.benchmark_table(ind, marks)
    assert table["Council"].tolist() == ["Kent", "Hampshire", "East Sussex", "Medway"]
    assert table["Marked"].tolist() == ["◆ Kent", "", "○ South East county councils", "◆ Medway"]
    line = present.benchmark_line(ind, marks, found_gap(registry))
    assert line.startswith("Kent ranks 1st of 3 county councils and 1st of 4 councils with adult social care duties "
                           "(2020/21); Medway ranks") and line.endswith("the gap between men and women has narrowed "
                                                                        "since 2018/19.")


def found_gap(registry):
    return next(g for g in _found(registry)[1].gaps if g.breakdown_type == "sex")


def test_deprivation_scatter_its_sentence_and_table(registry):
    ind = registry.indicators["economic_inactivity_16_64"]
    codes = mapped_areas(registry)
    values = pd.DataFrame({"area_code": codes + [KENT], "value": [20.0 + n for n in range(13)] + [21.0],
                           "lower_ci": [18.0 + n for n in range(13)] + [19.0],
                           "upper_ci": [22.0 + n for n in range(13)] + [23.0], "value_note": None,
                           "illustrative": False})
    table = with_deprivation(compare_with_kent(values, registry, ind), load_iod())
    rel = relationship(table, ind.polarity)
    fig = groupcharts.deprivation_scatter(ind, table, "2023", "")
    assert sum(len(t.x) for t in fig.data) == 13 and fig.layout.xaxis.autorange == "reversed"
    shown = groupcharts.deprivation_table(ind, table)
    assert shown.iloc[0]["Area"] == "Thanet" and shown.iloc[0]["IMD 2019 rank (1 = most deprived)"] == "30"
    assert rel.n == 13


def test_a_group_named_like_markup_is_drawn_as_text(registry):
    """Group names come from the analysts' files: plotly would read tags in labels and hover text."""
    ind = registry.indicators["reablement_still_home_91_days_kent"]
    hostile = '<img src=x onerror="alert(1)">'
    rows = pd.DataFrame([{"indicator_id": ind.id, "area_code": KENT, "period": "2020/21", "position": 2020.75,
                          "breakdown_type": "other", "breakdown": hostile, "value": 80.0, "lower_ci": 78.0,
                          "upper_ci": 82.0, "numerator": None, "denominator": None, "value_note": None}])
    overall = pd.DataFrame([{"period": "2020/21", "position": 2020.75, "value": 86.8, "lower_ci": 84.3,
                             "upper_ci": 88.9}])
    found = inequalities(ind, rows, overall, KENT)
    spec = groupcharts.groups_chart(ind, found, "Kent").to_plotly_json()
    text = str(spec["data"]) + str(spec["layout"])
    assert "<img" not in text and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in text
