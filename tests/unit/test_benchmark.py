"""logframe.benchmark: every council's published figure from the official files, and an area's rank and quartile
among councils of its kind, among all, and in its comparator group (data/registry/comparators.csv)."""
import csv
import dataclasses
import shutil

import pandas as pd
import pytest

from logframe import benchmark, present
from logframe.benchmark import kind_of, rank_of, standing
from logframe.registry import Comparator, RegistryError, load_comparators
from tests.conftest import ROOT

OFFICIAL = ROOT / "data" / "reference" / "ascof" / "meas-from-asc-of-eng-2021-open-data.csv"
REABLEMENT = "reablement_still_home_91_days_kent"


@pytest.mark.parametrize("code, kind", [("E10000016", "county"), ("E06000035", "unitary"), ("E08000025", "metropolitan"),
                                        ("E09000002", "london"), ("E07000114", "district"), ("E12000008", "region"),
                                        ("E92000001", "country"), ("X_MEDIAN_ASC", "other")])
def test_a_councils_kind_comes_from_its_ons_code(code, kind):
    assert kind_of(code) == kind


@pytest.mark.parametrize("value, others, polarity, expected", [
    (9.0, [9.0, 8.0, 7.0, 6.0], "higher_is_better", (1, 4, 1)),
    (6.0, [9.0, 8.0, 7.0, 6.0], "higher_is_better", (4, 4, 4)),
    (6.0, [9.0, 8.0, 7.0, 6.0], "lower_is_better", (1, 4, 1)),
    (8.0, [9.0, 8.0, 8.0, 6.0], "higher_is_better", (2, 4, 2)),  # a tie shares the better rank
    (8.0, [9.0, 8.0, 8.0, 6.0, 5.0, 4.0, 3.0, 2.0], "higher_is_better", (2, 8, 1)),  # 2 of 8: the best quarter
    (3.0, [9.0, 8.0, 8.0, 6.0, 5.0, 4.0, 3.0, 2.0], "not_applicable", (7, 8, 4)),  # no direction: by height
])
def test_rank_and_quartile(value, others, polarity, expected):
    assert rank_of(value, others, polarity) == expected


def _table(rows):
    return pd.DataFrame([{"indicator_id": "x", "period": "2020/21", "position": 2020.75, "area_code": c,
                          "area_name": n, "kind": kind_of(c), "value": v, "lower_ci": None, "upper_ci": None,
                          "source": "s"} for c, n, v in rows])


def test_standing_among_its_kind_all_and_its_group_with_the_references():
    rows = _table([("E10000001", "A", 90.0), ("E10000002", "B", 80.0), ("E10000003", "C", 70.0),
                   ("E06000001", "U", 95.0), ("E09000001", "L", 60.0), ("E07000001", "D", 99.0),  # a district: not ranked
                   ("E12000008", "South East", 75.0), ("E92000001", "England", 78.0)])
    group = (Comparator("E10000002", "group", "Neighbours", "E10000003", "C", "test"),
             Comparator("E10000002", "region", "South East", "E12000008", "South East", "test"))
    bm = standing(rows, "E10000002", "B", "higher_is_better", group, "E92000001")
    assert [(s.among, s.rank, s.n) for s in bm.standings] == [("kind", 2, 3), ("tier", 3, 5), ("group", 1, 2)]
    assert [present.among_text(bm, s) for s in bm.standings] == [
        "county councils", "councils with adult social care duties", "Neighbours"]
    assert bm.references == (("E92000001", "England", 78.0), ("E12000008", "South East", 75.0))
    assert set(bm.field["area_code"]) == {"E10000001", "E10000002", "E10000003", "E06000001", "E09000001"}
    assert standing(rows, "E54000032", "An ICB", "higher_is_better") is None  # not a council: not ranked


def test_the_official_files_give_every_councils_figure_and_kent_ranks_as_the_file_says(registry):
    rows = benchmark.benchmark_table(registry, benchmark.sources())
    got = rows[(rows["indicator_id"] == REABLEMENT) & (rows["period"] == "2020/21")]
    # Independently of the importers: the published 2B1 Total Outcome of every county council in the CSV.
    with open(OFFICIAL, newline="", encoding="utf-8-sig") as fh:
        counties = {r["ONS Code"]: float(r["Measure Value"]) for r in csv.DictReader(fh)
                    if r["Measure Group"] == "2B1" and r["Disaggregation Level"] == "Total"
                    and r["Measure Type"] == "Outcome" and r["Geographical Level"] == "Council"
                    and r["ONS Code"].startswith("E10") and not r["Measure Value"].startswith("[")}
    assert dict(zip(got[got["kind"] == "county"]["area_code"], got[got["kind"] == "county"]["value"])) == counties
    bm = standing(rows[rows["indicator_id"] == REABLEMENT], "E10000016", "Kent", "higher_is_better",
                  load_comparators(registry), registry.nation)
    assert bm.period == "2020/21" and bm.value == 86.8
    assert bm.standings[0].rank == 1 + sum(v > 86.8 for v in counties.values()) and bm.standings[0].n == len(counties)
    assert [r[1] for r in bm.references] == ["England", "South East"]


def test_a_download_dropped_in_the_extracts_folder_wins_over_the_shipped_file(registry, tmp_path, monkeypatch):
    monkeypatch.setenv("LOGFRAME_CACHE_DIR", "off")
    newer = tmp_path / OFFICIAL.name
    with open(OFFICIAL, newline="", encoding="utf-8-sig") as src, open(newer, "w", newline="", encoding="utf-8") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        for r in reader:
            if r["Measure Group"] == "2B1":
                if r["ONS Code"] == "E10000016" and r["Measure Type"] == "Outcome" and r["Disaggregation Level"] == "Total":
                    r["Measure Value"] = "99.9"  # a revised figure
                writer.writerow(r)
    found = benchmark.sources([(str(newer), "ascof")])
    assert found[-1].path == str(newer)
    only = dataclasses.replace(registry, indicators={REABLEMENT: registry.indicators[REABLEMENT]})
    rows = benchmark.benchmark_rows(only, found)
    kent = rows[(rows["area_code"] == "E10000016") & (rows["period"] == "2020/21")]
    assert kent["value"].tolist() == [99.9] and "open-data" in kent["source"].iloc[0]


def test_comparators_file_is_checked_naming_file_row_and_field(registry, tmp_path):
    shutil.copy(ROOT / "data" / "registry" / "comparators.csv", tmp_path / "comparators.csv")
    assert load_comparators(registry, tmp_path)  # the shipped file loads
    (tmp_path / "comparators.csv").write_text(
        "area_code,role,group,code,name,source\nE10000016,group,Neighbours,E1000011,East Sussex,test\n")
    with pytest.raises(RegistryError, match=r"comparators.csv row 1 .*field 'code'.*'E1000011'"):
        load_comparators(registry, tmp_path)
    (tmp_path / "comparators.csv").unlink()
    assert load_comparators(registry, tmp_path) == ()  # optional
