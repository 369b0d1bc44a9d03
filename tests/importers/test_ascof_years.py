"""ASCOF as each year published it (data/registry/ascof_layouts.md), built from the shipped 2020/21 file with the
later years' column names, markers and codes: 2022/23 ('Disaggregation', 'Measure value', [c] and [z]) and 2024/25
(lower-case names, no measure-group columns, the renumbered codes); a measure on a changed definition is shown,
labelled and not judged; a successor the registry records as comparable is the same series."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from logframe import assessments, charts, present
from logframe.extracts import take_snapshot
from logframe.importers.ascof import MARKERS, marker_note, period_from_name
from logframe.validate import describe_report, validate_file
from tests.conftest import ROOT

OFFICIAL = ROOT / "data" / "reference" / "ascof" / "meas-from-asc-of-eng-2021-open-data.csv"
KENT = "E10000016"
REABLEMENT = "reablement_still_home_91_days_kent"
CARE_HOMES_65 = "ascof_2a2_care_home_admissions_65_plus"


def _official() -> tuple[list[str], list[dict]]:
    with open(OFFICIAL, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path, header: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _2022_23(path, mark_kent: str | None = None) -> None:
    """The 2020/21 file as the 2022/23 file is laid out: 'Disaggregation' and 'Measure value', no measure-group
    description, [c] for values suppressed to protect confidentiality and [z] where a cell does not apply."""
    header, rows = _official()
    rename = {"Disaggregation Level": "Disaggregation", "Measure Value": "Measure value"}
    out = []
    for r in rows:
        r = {rename.get(k, k): v for k, v in r.items()}
        if r["Measure value"] == "[x]":
            r["Measure value"] = "[c]" if r["Measure Type"] != "Base" else "[z]"
        if mark_kent and r["ONS Code"] == KENT and r["Measure Group"] == "2B1" and r["Disaggregation"] == "Total" \
                and r["Measure Type"] == "Outcome":
            r["Measure value"] = mark_kent
        out.append(r)
    _write(path, [rename.get(h, h) for h in header if h != "Measure Group Description"], out)


def _2024_25(path, code: str = "2D part 1") -> None:
    """The 2020/21 file as the 2024/25 file is laid out: lower-case names after the first word, no measure-group
    columns, and the reablement measure under its 2024/25 code (2D part 1)."""
    header, rows = _official()
    rename = {"Geographical Code": "Geographical code", "Geographical Description": "Geographical description",
              "Geographical Level": "Geographical level", "ONS Code": "ONS code",
              "ASCOF Measure Code": "ASCOF measure code", "Disaggregation Level": "Disaggregation level",
              "Measure Type": "Measure type", "Measure Value": "Measure value"}
    out = []
    for r in rows:
        if r["Measure Group"] == "2B1":
            r["ASCOF Measure Code"] = code if r["Disaggregation Level"] == "Total" else \
                r["ASCOF Measure Code"].replace("2B1", "2D1")
        elif r["Measure Group"] == "2A2":
            r["ASCOF Measure Code"] = "2C"
        out.append({rename.get(k, k): v for k, v in r.items()})
    _write(path, [rename[h] for h in header if h in rename], out)


@pytest.mark.parametrize("name, period", [
    ("meas-from-asc-of-eng-1819-open-data-csv-v2.csv", "2018/19"),  # the halves of a financial year
    ("meas-from-asc-of-eng-1920-open-data-csv.csv", "2019/20"),  # never the calendar year 1920
    ("meas-from-asc-of-eng-2021-open-data.csv", "2020/21"),  # the year 2020/21 ends
    ("meas-from-asc-of-eng-2022-csv-v3.csv", "2021/22"),
    ("meas-from-asc-of-eng-2023-open-data.csv", "2022/23"),
    ("meas-from-asc-of-eng-2025.csv", "2024/25"),
    ("ascof-2024-25.csv", "2024/25"),
])
def test_the_year_comes_from_the_published_name(name, period):
    assert period_from_name(name) == period


def test_a_2022_23_file_is_recognised_and_its_kent_reablement_figure_is_served_as_2022_23_and_judged(
        tmp_path, registry):
    folder = tmp_path / "extracts"
    folder.mkdir()
    path = folder / "meas-from-asc-of-eng-2023-open-data.csv"
    _2022_23(path)
    report = validate_file(path, registry)
    assert report.ok and report.kind == "ascof", describe_report(report)
    snap = take_snapshot(folder, registry)
    a = next(a for a in assessments.assess(registry, snap, KENT) if a.indicator_id == REABLEMENT)
    # 86.8% (721 of 831) now read as 2022/23: after the 2021/22 baseline, so judged against the trajectory
    assert (a.period, a.value, a.numerator, a.denominator) == ("2022/23", 86.8, 721, 831)
    assert a.status == "achieved" and a.changed_definition is None  # 2B(1) is the plan's measure to 2022/23


@pytest.mark.parametrize("marker", sorted(MARKERS))
def test_each_marker_is_kept_as_a_value_not_given_with_its_meaning(tmp_path, registry, marker):
    path = tmp_path / "meas-from-asc-of-eng-2023-open-data.csv"
    _2022_23(path, mark_kent=marker if marker != "[u]" else "86.8 [u]")
    report = validate_file(path, registry)
    assert report.ok, describe_report(report)
    row = pd.read_parquet(report.data_path).query("indicator_id == @REABLEMENT and area_code == @KENT "
                                                  "and breakdown_type.isna()").iloc[0]
    if marker == "[u]":  # a published value of low reliability: kept, with the marker's meaning
        assert row["value"] == 86.8 and "low reliability" in row["value_note"]
    else:
        assert pd.isna(row["value"]) and row["value_note"] == marker_note(marker)


def test_a_2024_25_file_is_recognised_and_its_changed_measure_is_shown_labelled_and_not_judged(tmp_path, registry):
    folder = tmp_path / "extracts"
    folder.mkdir()
    _2024_25(folder / "meas-from-asc-of-eng-2025.csv")
    _2022_23(folder / "meas-from-asc-of-eng-2023-open-data.csv")
    for path in folder.iterdir():
        report = validate_file(path, registry)
        assert report.ok, describe_report(report)
    snap = take_snapshot(folder, registry)
    obs = snap.run("observations", indicator_ids=[REABLEMENT, CARE_HOMES_65], area_codes=[KENT])
    later = obs[(obs["indicator_id"] == REABLEMENT) & (obs["period"] == "2024/25")].iloc[0]
    assert later["value"] == 86.8 and later["definition"].startswith(
        "ASCOF 2D1 from 2024/25: people 65+ discharged into reablement who remained in the community within 12 weeks")
    # judged on the latest figure on the plan's definition (2022/23), and saying that the measure changed
    a = next(a for a in assessments.assess(registry, snap, KENT) if a.indicator_id == REABLEMENT)
    assert (a.period, a.status, a.changed_period) == ("2022/23", "achieved", "2024/25")
    words = present.verdict(registry.indicators[REABLEMENT], registry, a)
    assert "In 2022/23" in words and "another definition (ASCOF 2D1 from 2024/25" in words and "not judged" in words
    # a break in the chart (a series of its own, never joined to the plan's) and in the table
    ind = registry.indicators[REABLEMENT]
    mine = obs[obs["indicator_id"] == REABLEMENT]
    fig = charts.indicator_chart(ind, mine, KENT, a, registry)
    series = {t.meta: list(t.x) for t in fig.data if t.meta in ("series", "other_definition")}
    assert len(series["series"]) == 1 and len(series["other_definition"]) == 1  # 2022/23; 2024/25 apart
    table = charts.indicator_table(ind, mine, KENT, registry).set_index("Period")
    assert table.loc["2022/23", "Definition"] == "the plan's"
    assert table.loc["2024/25", "Definition"].startswith("ASCOF 2D1 from 2024/25")
    assert table.loc["2024/25", "Status against the milestone"] == "Not judged: not the plan's definition"
    # a successor the registry records as comparable (2C, formerly 2A(2), in 2023/24) would be the same series;
    # in 2024/25 it comes from client level data and is labelled
    homes = obs[(obs["indicator_id"] == CARE_HOMES_65) & (obs["period"] == "2024/25")].iloc[0]
    assert homes["definition"].startswith("ASCOF 2C from 2024/25")


def test_a_comparable_successor_is_the_same_series(tmp_path, registry):
    """2023/24: 2C (formerly 2A(2)) measures care-home admissions of people 65+ as before: no label, one series."""
    header, rows = _official()
    for r in rows:
        if r["Measure Group"] == "2A2":
            r["Measure Group"] = "2C"
    folder = tmp_path / "extracts"
    folder.mkdir()
    _write(folder / "meas-from-asc-of-eng-2024-open-data.csv", header, rows)
    for p in (ROOT / "data" / "extracts" / "real" / "ascof").glob("reshaped_*.parquet"):
        (folder / p.name).write_bytes(p.read_bytes())
    obs = take_snapshot(folder, registry).run("observations", indicator_ids=[CARE_HOMES_65], area_codes=[KENT])
    assert list(obs["period"]) == ["2018/19", "2019/20", "2023/24"] and obs["definition"].isna().all()
