"""The ASCOF open-data importer on the real published files and on hostile variants of them."""
import csv
import shutil

import pandas as pd
import pytest

from logframe.importers.ascof import period_from_name
from logframe.validate import describe_report, validate_file
from tests.conftest import ROOT

ASCOF = ROOT / "data" / "reference" / "ascof"
OFFICIAL = ASCOF / "meas-from-asc-of-eng-2021-open-data.csv"
KENT, MEDWAY, ENGLAND = "E10000016", "E06000035", "E92000001"
REABLEMENT = "reablement_still_home_91_days_kent"


def rows(report, indicator, breakdowns=False):
    """The converted rows of one indicator by area: the whole population (or, with breakdowns, the groups' rows)."""
    frame = pd.read_parquet(report.data_path)
    frame = frame[(frame["indicator_id"] == indicator) & (frame["breakdown_type"].notna() == breakdowns)]
    return frame.set_index("area_code")


def test_the_official_2020_21_file_gives_the_published_reablement_figures_with_wilson_cis(registry):
    before = OFFICIAL.read_bytes()
    report = validate_file(OFFICIAL, registry)
    assert report.ok and report.kind == "ascof", describe_report(report)
    got = rows(report, REABLEMENT)
    assert set(got["period"]) == {"2020/21"}  # from the published file name
    # Published (README of the reference data): Kent 86.8 = 721/831, Medway 60.5 = 225/372, England 79.1.
    assert got.loc[KENT, ["value", "numerator", "denominator"]].tolist() == [86.8, 721, 831]
    assert got.loc[MEDWAY, ["value", "numerator", "denominator"]].tolist() == [60.5, 225, 372]
    assert got.loc[ENGLAND, "value"] == 79.1
    # Wilson score interval of 721/831 (Fingertips' method for proportions), around the published value.
    assert got.loc[KENT, "lower_ci"] == pytest.approx(84.29, abs=0.01)
    assert got.loc[KENT, "upper_ci"] == pytest.approx(88.90, abs=0.01)
    assert OFFICIAL.read_bytes() == before  # the analyst's file is never changed


def test_the_breakdown_rows_are_kept_as_each_groups_figure(registry):
    """Kent's 2020/21 reablement by age band and sex, as published (Disaggregation Level), each with its counts and
    the Wilson interval of those counts."""
    report = validate_file(OFFICIAL, registry)
    groups = rows(report, REABLEMENT, breakdowns=True).loc[KENT].set_index("breakdown")
    assert groups["breakdown_type"].to_dict() == {"65-74": "age", "75-84": "age", "85 and over": "age",
                                                  "Female": "sex", "Male": "sex"}
    assert groups["value"].to_dict() == {"65-74": 86.5, "75-84": 87.9, "85 and over": 85.9, "Female": 86.5,
                                         "Male": 87.4}
    assert groups.loc["65-74", ["numerator", "denominator"]].tolist() == [96, 111]
    assert (groups["lower_ci"] < groups["value"]).all() and (groups["value"] < groups["upper_ci"]).all()
    assert report.breakdown_rows == sum(1 for _ in rows(report, REABLEMENT, True).itertuples()) + sum(
        len(rows(report, i, True)) for i in report.indicators if i != REABLEMENT)
    assert "for groups" in describe_report(report)  # the validator counts them as used


def test_what_the_official_file_leaves_out_is_counted_and_named(registry):
    report = validate_file(OFFICIAL, registry)
    reasons = {x.reason.split(" (")[0].split(",")[0]: x for x in report.left_out}
    assert not any("broken down" in r for r in reasons)  # breakdown rows are used, not left out
    assert "areas outside the registry" in reasons
    assert "measures the registry does not map" in reasons and "1A" in reasons["measures the registry does not map"].examples
    total = sum(x.n_rows for x in report.left_out) + report.used_rows
    with open(OFFICIAL, newline="", encoding="utf-8-sig") as fh:
        assert total == sum(1 for _ in csv.DictReader(fh))  # every source row is used or left out with a reason
    text = describe_report(report)
    assert "Open Government Licence" in text


@pytest.mark.parametrize("name, period", [
    ("reshaped_2018_19.csv", "2018/19"), ("reshaped_2019_20.csv", "2019/20"),
])
def test_the_reshaped_files_give_the_earlier_years(registry, name, period):
    report = validate_file(ASCOF / name, registry)
    assert report.ok and report.kind == "ascof_reshaped", describe_report(report)
    got = rows(report, REABLEMENT)
    expected = {"2018/19": (82.0, 75.6, 82.4), "2019/20": (88.0, 76.2, 82.0)}[period]
    assert tuple(got.loc[[KENT, MEDWAY, ENGLAND], "value"]) == expected
    assert set(got["period"]) == {period}
    if period == "2018/19":  # the carers' survey year: 3B 'very satisfied'
        carers = rows(report, "carer_satisfaction_very_satisfied")
        assert tuple(carers.loc[[KENT, MEDWAY, ENGLAND], "value"]) == (38.3, 41.6, 38.6)


def _copy_rows(tmp_path, name, keep, edit=None):
    """A copy of the official file under another name, with only the rows keep() accepts, edited by edit()."""
    out = tmp_path / name
    with open(OFFICIAL, newline="", encoding="utf-8-sig") as src, open(out, "w", newline="", encoding="utf-8") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        for r in reader:
            if keep(r):
                writer.writerow(edit(r) if edit else r)
    return out


def _kent_2b1(r):
    return r["Measure Group"] == "2B1" and r["ONS Code"] in (KENT, "E06000099")


def test_a_renamed_file_with_no_year_is_rejected_saying_how_to_name_it(tmp_path, registry):
    path = _copy_rows(tmp_path, "ascof download.csv", _kent_2b1)
    report = validate_file(path, registry)
    assert not report.ok and report.problems[0].rule == "no_year"
    assert "'ascof download.csv' gives none" in report.problems[0].message
    assert "meas-from-asc-of-eng-2021-open-data.csv is 2020/21" in report.problems[0].message


@pytest.mark.parametrize("name, period", [
    ("meas-from-asc-of-eng-2021-open-data.csv", "2020/21"), ("meas-from-asc-of-eng-2023.csv", "2022/23"),
    ("ascof-2020-21.csv", "2020/21"), ("ASCOF_2023_24_kent.parquet", "2023/24"), ("ascof 2019-2020.csv", "2019/20"),
    ("ascof.csv", None), ("ascof-2020-22.csv", None),
])
def test_the_year_comes_from_the_name(name, period):
    assert period_from_name(name) == period


def test_suppressed_values_and_unknown_areas(tmp_path, registry):
    def edit(r):
        if r["ONS Code"] == KENT and r["Measure Type"] == "Outcome" and r["Disaggregation Level"] == "Total":
            r["Measure Value"] = "[x]"
        if r["ONS Code"] == KENT and r["Measure Type"] == "Numerator":
            r["ONS Code"] = "E06000099"  # an area the registry does not know
        return r
    path = _copy_rows(tmp_path, "ascof-2020-21.csv", _kent_2b1, edit)
    report = validate_file(path, registry)
    assert report.ok, describe_report(report)
    got = rows(report, REABLEMENT)
    assert pd.isna(got.loc[KENT, "value"]) and got.loc[KENT, "value_note"] == "[x] suppressed in the ASCOF source"
    assert any("E06000099" in x.examples for x in report.left_out)
    assert any("suppressed" in n for n in report.notes)


def test_a_value_that_is_not_a_number_rejects_the_file_naming_rows(tmp_path, registry):
    path = _copy_rows(tmp_path, "ascof-2020-21.csv", _kent_2b1,
                      lambda r: {**r, "Measure Value": "86.8%"} if r["Measure Type"] == "Outcome" else r)
    report = validate_file(path, registry)
    assert [p.rule for p in report.problems] == ["not_a_number"]
    assert "column 'Measure Value'" in report.problems[0].message and "'86.8%'" in report.problems[0].message


def test_renamed_columns_are_not_taken_for_ascof(tmp_path, registry):
    text = OFFICIAL.read_text(encoding="utf-8-sig").splitlines()[:50]
    text[0] = text[0].replace("Measure Value", "Value")
    path = tmp_path / "meas-from-asc-of-eng-2021-open-data.csv"
    path.write_text("\n".join(text), encoding="utf-8")
    report = validate_file(path, registry)
    assert not report.ok and report.problems[0].rule == "unknown_layout"
    assert "'Measure Group'" in report.problems[0].message  # the columns it found are listed


def test_saved_as_parquet_it_is_read_the_same(tmp_path, registry):
    frame = pd.read_csv(OFFICIAL, dtype=str, keep_default_na=False)
    frame = frame[frame["Measure Group"].isin(["2B1", "3B"])]
    path = tmp_path / "meas-from-asc-of-eng-2021-open-data.parquet"
    frame.to_parquet(path, index=False)
    got = rows(validate_file(path, registry), REABLEMENT)
    assert got.loc[KENT, "value"] == 86.8 and got.loc[KENT, "numerator"] == 721


def test_dropped_beside_the_defaults_it_is_used_and_names_its_file(extracts, registry):
    from logframe.extracts import take_snapshot
    shutil.copy(OFFICIAL, extracts / OFFICIAL.name)
    snap = take_snapshot(extracts, registry)
    assert [r.kind for r in snap.valid] == ["ascof"]
    obs = snap.run("observations", indicator_ids=[REABLEMENT], area_codes=[KENT])
    assert obs["value"].tolist() == [86.8] and obs["source_file"].tolist() == [str(extracts / OFFICIAL.name)]
