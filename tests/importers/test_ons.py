"""The ONS Explore local statistics importer on the real published files and on hostile variants of them."""
import pandas as pd
import pytest

from logframe.periods import from_iso_interval
from logframe.validate import describe_report, validate_file
from tests.conftest import ROOT

ONS = ROOT / "data" / "reference" / "ons"
KENT, MEDWAY, THANET, ENGLAND = "E10000016", "E06000035", "E07000114", "E92000001"
DISTRICTS = [f"E070001{n:02d}" for n in range(5, 17)]


def frame(report, indicator):
    got = pd.read_parquet(report.data_path)
    return got[got["indicator_id"] == indicator]


def test_economic_inactivity_and_employment_for_every_district_with_cis(registry):
    report = validate_file(ONS / "employment-rate.csv", registry)
    assert report.ok and report.kind == "ons", describe_report(report)
    inactive = frame(report, "economic_inactivity_16_64").set_index(["area_code", "period"])
    # Published: Kent 21.1 (18.4 to 23.8) and Medway 20.0 (15.9 to 24.1) in 2023; Kent 18.6 in 2019.
    assert inactive.loc[(KENT, "2023"), ["value", "lower_ci", "upper_ci"]].round(1).tolist() == [21.1, 18.4, 23.8]
    assert inactive.loc[(MEDWAY, "2023"), ["value", "lower_ci", "upper_ci"]].round(1).tolist() == [20.0, 15.9, 24.1]
    assert inactive.loc[(KENT, "2019"), "value"] == 18.6
    areas = set(inactive.index.get_level_values(0))
    assert areas == {KENT, MEDWAY, ENGLAND, *DISTRICTS}
    assert sorted(set(inactive.index.get_level_values(1))) == [str(y) for y in range(2004, 2024)]
    employment = frame(report, "employment_rate_kent").set_index(["area_code", "period"])
    assert employment.loc[(KENT, "2023"), "value"] == 75.9 and employment.loc[(ENGLAND, "2023"), "value"] == 76.0


@pytest.mark.parametrize("name, indicator, area, period, value", [
    ("children-in-relative-poverty.csv", "ons_child_poverty_bhc", KENT, "2021/22", 15.12749448),
    ("children-in-relative-poverty.csv", "ons_child_poverty_ahc", MEDWAY, "2024/25", 27.00414369),
    ("adult-obesity-prevalence.csv", "ons_adult_obesity", KENT, "2024/25", 28.57499),  # survey year from 16 Nov
    ("healthy-life-expectancy.csv", "ons_hle_female", KENT, "2022-24", 63.9),  # three-year period
    ("cigarette-smokers-2023-with-kent.csv", "ons_cigarette_smokers", KENT, "2023", 11.4),  # older column names
    ("cigarette-smokers.csv", "ons_cigarette_smokers_5yr", THANET, "2020-24", 14.5),  # five-year pooled
])
def test_each_file_gives_its_published_values(registry, name, indicator, area, period, value):
    report = validate_file(ONS / name, registry)
    assert report.ok, describe_report(report)
    got = frame(report, indicator).set_index(["area_code", "period"])
    assert got.loc[(area, period), "value"] == pytest.approx(value)


def test_one_name_over_two_period_lengths_maps_by_length(registry):
    # Both smoking files call the indicator 'Cigarette smokers'; the registry maps /P1Y and /P5Y to two measures.
    annual = validate_file(ONS / "cigarette-smokers-2023-with-kent.csv", registry)
    pooled = validate_file(ONS / "cigarette-smokers.csv", registry)
    assert annual.indicators == ("ons_cigarette_smokers",) and pooled.indicators == ("ons_cigarette_smokers_5yr",)


@pytest.mark.parametrize("iso, label", [
    ("2023-01-01/P1Y", "2023"), ("2023-04-01/P1Y", "2023/24"), ("2020-01-01/P3Y", "2020-22"),
    ("2018-04-01/P3Y", "2018/19 - 20/21"), ("2015-11-16/P1Y", "2015/16"), ("2024-05-01/P1M", "2024-05"),
    ("2024-07-01/P3M", "2024/25 Q2"), ("2025-01-01/P3M", "2024/25 Q4"), ("1998-01-01/P5Y", "1998-2002"),
    ("2024-02-01/P3M", None), ("2023-02-30/P1Y", None), ("2023", None), ("2023-01-01/P0Y", None),
])
def test_iso_intervals_become_contract_periods(iso, label):
    assert from_iso_interval(iso) == label


def _write(tmp_path, text, name="indicator.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "areacd,areanm,geography,indicator,period,observation,measure,unit,lci_95,uci_95,status,notes\n"


def test_status_x_is_kept_as_not_available_and_unknown_areas_and_indicators_are_named(tmp_path, registry):
    path = _write(tmp_path, HEADER
                  + "E10000016,Kent,County,Economically inactive,2022-01-01/P1Y,,Percentage,%,,,x,\n"
                  + "E10000016,Kent,County,Economically inactive,2023-01-01/P1Y,21.1,Percentage,%,18.4,23.8,,\n"
                  + "E06000099,Nowhere,County,Economically inactive,2023-01-01/P1Y,20,Percentage,%,18,22,,\n"
                  + "E10000016,Kent,County,Gross value added,2023-01-01/P1Y,5,Percentage,%,,,,\n"
                  + "E10000016,Kent,County,Economically inactive,2023-07-01/P2M,20,Percentage,%,,,,\n")
    report = validate_file(path, registry)
    assert report.ok, describe_report(report)
    got = frame(report, "economic_inactivity_16_64").set_index("period")
    assert pd.isna(got.loc["2022", "value"]) and got.loc["2022", "value_note"] == "[x] not available (ONS)"
    text = describe_report(report)
    assert "E06000099" in text and "Gross value added" in text and "2023-07-01/P2M" in text


def test_a_text_observation_rejects_the_file(tmp_path, registry):
    path = _write(tmp_path, HEADER + "E10000016,Kent,County,Economically inactive,2023-01-01/P1Y,21.1%,Percentage,%,,,,\n")
    report = validate_file(path, registry)
    assert [p.rule for p in report.problems] == ["not_a_number"] and "'21.1%'" in report.problems[0].message
    assert "rows 1" in report.problems[0].message


def test_a_windows_1252_file_saved_by_excel_is_read(tmp_path, registry):
    text = HEADER + "E10000016,Kent,County,Economically inactive,2023-01-01/P1Y,21.1,Percentage,%,18.4,23.8,,Caf\xe9 note\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    report = validate_file(path, registry)
    assert report.ok and frame(report, "economic_inactivity_16_64")["value_note"].tolist() == ["Café note"]
