"""logframe.districts: the 13 areas against Kent (via stats.compare_ci), the summary sentence and the table."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from logframe import districts
from logframe.stats import compare_ci

ENGLAND, KENT, KM, MEDWAY = "E92000001", "E10000016", "E54000032", "E06000035"  # test data: the shipped registry
WHOLE = "the 12 Kent districts and Medway"

THANET, SWALE, DOVER, SEVENOAKS = "E07000114", "E07000113", "E07000108", "E07000111"


def values(registry, rows: dict[str, tuple], illustrative=True) -> pd.DataFrame:
    """A district_values.sql-shaped frame: area -> (value, lower, upper); areas not given come back empty."""
    out = []
    for code in districts.query_areas(registry):
        v, lo, hi = rows.get(code, (None, None, None))
        out.append({"indicator_id": "x", "area_code": code, "period": "2024/25", "value": v, "lower_ci": lo,
                    "upper_ci": hi, "numerator": None, "denominator": None, "value_note": None,
                    "source_file": "f.parquet" if v is not None else None,
                    "illustrative": illustrative if v is not None else None})
    return pd.DataFrame(out).astype({"value": float, "lower_ci": float, "upper_ci": float})


@pytest.fixture
def lonely(registry):
    return registry.indicator("loneliness_often_always")  # percent, lower is better


def everyone_similar(registry) -> dict:
    rows = {c: (7.0, 5.0, 9.0) for c in districts.mapped_areas(registry)}
    rows.update({KENT: (7.0, 6.5, 7.5), KM: (7.0, 6.6, 7.4), ENGLAND: (6.7, 6.6, 6.8)})
    return rows


def test_the_areas_are_the_12_districts_then_medway_then_the_references(registry):
    mapped = districts.mapped_areas(registry)
    assert len(mapped) == 13 and mapped[-1] == MEDWAY
    assert [registry.area_name(c) for c in mapped[:12]] == sorted(registry.area_name(c) for c in mapped[:12])
    assert districts.query_areas(registry) == mapped + [KENT, KM, ENGLAND]


@pytest.mark.parametrize("polarity, expected", [
    ("lower_is_better", "worse"),  # Thanet's CI lies wholly above Kent's
    ("higher_is_better", "better"),
    ("maintain", "higher"),  # no better or worse: only a description
    ("not_applicable", "higher"),
])
def test_comparison_follows_polarity_through_compare_ci(registry, lonely, polarity, expected):
    rows = everyone_similar(registry)
    rows[THANET] = (9.0, 8.0, 10.0)
    ind = dataclasses.replace(lonely, polarity=polarity)
    table = districts.compare_with_kent(values(registry, rows), registry, ind)
    thanet = table[table["area_code"] == THANET].iloc[0]
    assert thanet["comparison"] == expected == compare_ci(9.0, 8.0, 10.0, 7.0, 6.5, 7.5, polarity)
    assert set(table.loc[table["area_code"] != THANET, "comparison"]) == {"similar"}


def test_kent_value_on_the_ci_bound_is_similar(registry, lonely):
    # Fingertips' default: Kent's value (7.0) against the district's CI; a value on the bound is inside.
    rows = everyone_similar(registry)
    rows[SWALE] = (8.0, 7.0, 9.0)
    table = districts.compare_with_kent(values(registry, rows), registry, lonely)
    assert table.set_index("area_code").loc[SWALE, "comparison"] == "similar"


def test_touching_intervals_are_similar_only_by_ci_overlap(registry, lonely):
    # Swale's lower limit equals Kent's upper limit (7.5). By Fingertips' default Kent's value 7.0 lies outside
    # Swale's CI, so Swale is worse (lower is better). The old test checked the overlap rule for every indicator;
    # overlap now applies only to an indicator whose definition asks for it (comparison_method 'ci_overlap').
    rows = everyone_similar(registry)
    rows[SWALE] = (8.5, 7.5, 9.5)
    default = districts.compare_with_kent(values(registry, rows), registry, lonely)
    assert default.set_index("area_code").loc[SWALE, "comparison"] == "worse"
    overlap = dataclasses.replace(lonely, comparison_method="ci_overlap")
    table = districts.compare_with_kent(values(registry, rows), registry, overlap)
    assert table.set_index("area_code").loc[SWALE, "comparison"] == "similar"


def test_method_text_names_the_method_and_that_kent_includes_the_districts(registry, lonely):
    assert districts.method_text(lonely, registry).startswith(
        "Fingertips comparison: the area's 95% confidence interval against the comparator's value, with Kent")
    assert "Kent's figure includes the 12 districts (Medway is not part of Kent)" in districts.method_text(lonely, registry)
    overlap = dataclasses.replace(lonely, comparison_method="ci_overlap")
    assert districts.method_text(overlap, registry).startswith("Comparison by overlap of the two 95% confidence intervals")


def test_words_value_and_ci_text(registry, lonely):
    rows = everyone_similar(registry)
    rows[THANET] = (9.0, 8.0, 10.0)
    t = districts.compare_with_kent(values(registry, rows), registry, lonely).set_index("area_code").loc[THANET]
    assert (t["icon"], t["label"], t["value_text"], t["ci_text"]) == ("▼", "Worse than Kent", "9%", "8% to 10%")
    assert districts.with_ci(t["value_text"], t["ci_text"]) == t["detail"] == "9% (95% CI 8% to 10%)"


def test_missing_district_and_missing_ci_are_not_compared(registry, lonely):
    rows = everyone_similar(registry)
    del rows[DOVER]
    rows[SEVENOAKS] = (5.0, None, None)
    table = districts.compare_with_kent(values(registry, rows), registry, lonely).set_index("area_code")
    assert table.loc[DOVER, "comparison"] == table.loc[SEVENOAKS, "comparison"] == "not_compared"
    assert table.loc[DOVER, "value_text"] == table.loc[DOVER, "detail"] == "no data"
    assert table.loc[SEVENOAKS, "ci_text"] == "no CI" and table.loc[SEVENOAKS, "detail"] == "5%"
    sentence = districts.summary_sentence(table.reset_index(), "2024/25", 7.0, "Kent", WHOLE)
    assert sentence.endswith("11 were similar; 1 had no data; 1 could not be compared (no confidence interval).")


def test_no_kent_value_means_nothing_is_compared(registry, lonely):
    rows = everyone_similar(registry)
    del rows[KENT]
    table = districts.compare_with_kent(values(registry, rows), registry, lonely)
    assert set(table["comparison"]) == {"not_compared"}
    assert districts.summary_sentence(table, "2024/25", None, "Kent", WHOLE) == \
        "In 2024/25, there is no Kent value to compare the 12 Kent districts and Medway with."


def test_summary_names_the_worse_and_better_areas_most_different_first(registry, lonely):
    rows = everyone_similar(registry)
    rows[THANET] = (9.5, 8.0, 11.0)
    rows[SWALE] = (9.0, 8.0, 10.0)
    rows[SEVENOAKS] = (5.0, 4.0, 6.0)
    table = districts.compare_with_kent(values(registry, rows), registry, lonely)
    assert districts.summary_sentence(table, "2024/25", 7.0, "Kent", WHOLE) == (
        "In 2024/25, of the 12 Kent districts and Medway, 2 were significantly worse than Kent: Thanet, Swale; "
        "1 significantly better: Sevenoaks; 10 were similar.")


def test_summary_when_all_are_similar(registry, lonely):
    table = districts.compare_with_kent(values(registry, everyone_similar(registry)), registry, lonely)
    assert districts.summary_sentence(table, "2024/25", 7.0, "Kent", WHOLE) == (
        "In 2024/25, none of the 12 Kent districts and Medway was significantly different from Kent: "
        "all 13 were similar.")


def test_single_worse_area_reads_was(registry, lonely):
    rows = everyone_similar(registry)
    rows[THANET] = (9.0, 8.0, 10.0)
    table = districts.compare_with_kent(values(registry, rows), registry, lonely)
    assert "1 was significantly worse than Kent: Thanet; 12 were similar." in \
        districts.summary_sentence(table, "2024/25", 7.0, "Kent", WHOLE)


def test_reference_line_and_rows(registry, lonely):
    v = values(registry, everyone_similar(registry))
    assert districts.reference_row(v, KENT)["value"] == 7.0
    assert districts.reference_line(v, registry, lonely) == (
        "Kent 7% (95% CI 6.5% to 7.5%); Kent and Medway 7% (95% CI 6.6% to 7.4%); England 6.7% (95% CI 6.6% to 6.8%)")
    assert districts.reference_row(v[v["area_code"] != KENT], KENT) is None


def test_sorted_and_display_table(registry, lonely):
    rows = everyone_similar(registry)
    rows[THANET] = (9.0, 8.0, 10.0)
    del rows[DOVER]
    table = districts.compare_with_kent(values(registry, rows), registry, lonely)
    by_value = districts.sorted_table(table, "value")
    assert by_value["area_name"].iloc[0] == "Thanet" and by_value["area_name"].iloc[-1] == "Dover"
    assert list(districts.sorted_table(table, "name")["area_name"])[:2] == ["Ashford", "Canterbury"]
    with pytest.raises(ValueError):
        districts.sorted_table(table, "value; DROP TABLE")
    shown = districts.display_table(by_value, "Kent")
    assert list(shown.columns) == ["Area", "Value", "95% CI", "Compared with Kent", "Basis"]
    assert shown.iloc[0].tolist()[:4] == ["Thanet", "9%", "8% to 10%", "▼ Worse than Kent"]
    assert shown.iloc[0]["Basis"] in ("real", "illustrative") and shown.iloc[-1]["Basis"] == ""  # Dover: no figure


def test_coverage_helpers(registry):
    coverage = pd.DataFrame({"indicator_id": ["loneliness_often_always"] * 2 + ["alcohol_admissions"],
                             "period": ["2024/25", "2019/20", "2023/24"], "position": [2024.75, 2019.75, 2023.75],
                             "n_districts": [12, 12, 3]})
    ids = districts.indicators_with_districts(coverage, registry)
    assert set(ids) == {"loneliness_often_always", "alcohol_admissions"}
    assert ids == [i for i in registry.indicators if i in ids]  # registry order
    assert districts.district_periods(coverage, "loneliness_often_always") == ["2019/20", "2024/25"]
    assert districts.indicators_with_districts(coverage.iloc[0:0], registry) == []


def test_any_illustrative():
    assert districts.any_illustrative(pd.DataFrame({"illustrative": [None, True]}))
    assert not districts.any_illustrative(pd.DataFrame({"illustrative": [None, False]}))
    assert not districts.any_illustrative(pd.DataFrame())
