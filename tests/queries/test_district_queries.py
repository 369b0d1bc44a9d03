"""queries/district_coverage.sql and district_values.sql against tiny Parquet fixtures."""
from logframe import districts
from logframe.extracts import take_snapshot
from tests.conftest import write_extract

LONELY, ALCOHOL = "loneliness_often_always", "alcohol_admissions"
THANET, DOVER, KENT, MEDWAY = "E07000114", "E07000108", "E10000016", "E06000035"


def row(area, period, value, ind=LONELY, **extra):
    # Every row names every column: pyarrow takes a table's columns from its first row.
    return {"indicator_id": ind, "area_code": area, "period": period, "value": value, "lower_ci": None,
            "upper_ci": None, "value_note": None, **extra}


def test_coverage_counts_districts_with_a_value_per_indicator_and_period(extracts, registry):
    write_extract(extracts / "a.parquet", [
        row(THANET, "2023/24", 8.0), row(DOVER, "2023/24", 7.0), row(THANET, "2024/25", 8.1),
        row(KENT, "2022/23", 6.9),  # Kent is not a district: no coverage for 2022/23
        row(MEDWAY, "2021/22", 7.5),  # nor is Medway
        row(DOVER, "2024/25", None, value_note="suppressed"),  # no value: not counted
        row(THANET, "2024/25", 400.0, ind=ALCOHOL),
    ])
    cov = take_snapshot(extracts, registry).run(
        "district_coverage", district_codes=[a.code for a in registry.districts()])
    assert cov[["indicator_id", "period", "n_districts"]].values.tolist() == [
        [ALCOHOL, "2024/25", 1], [LONELY, "2023/24", 2], [LONELY, "2024/25", 1]]
    assert not cov.duplicated(["indicator_id", "period"]).any()


def test_values_one_row_per_requested_area_in_order_missing_areas_empty(extracts, registry):
    write_extract(extracts / "a.parquet", [
        row(THANET, "2024/25", 8.2, lower_ci=5.9, upper_ci=10.5), row(KENT, "2024/25", 6.8, lower_ci=6.2,
                                                                      upper_ci=7.4),
        row(THANET, "2023/24", 9.9), row(THANET, "2024/25", 99.0, ind=ALCOHOL),
    ])
    areas = districts.query_areas(registry)
    out = take_snapshot(extracts, registry).run("district_values", indicator_id=LONELY, period="2024/25",
                                                area_codes=areas)
    assert list(out["area_code"]) == areas and out["area_code"].is_unique
    got = out.set_index("area_code")
    assert (got.loc[THANET, "value"], got.loc[THANET, "lower_ci"], got.loc[THANET, "upper_ci"]) == (8.2, 5.9, 10.5)
    assert got.loc[KENT, "value"] == 6.8 and got.loc[DOVER, "value"] != got.loc[DOVER, "value"]  # NaN
    assert set(out["period"]) == {"2024/25"} and set(out["indicator_id"]) == {LONELY}
    assert got.loc[THANET, "illustrative"] == False  # noqa: E712 (a plain drop-folder file)


def test_values_bind_hostile_input_as_a_value(extracts, registry):
    write_extract(extracts / "a.parquet", [row(THANET, "2024/25", 8.2)])
    out = take_snapshot(extracts, registry).run("district_values", indicator_id="x' OR 1=1 --",
                                                period="2024/25", area_codes=[THANET])
    assert len(out) == 1 and out["value"].isna().all()


def test_shipped_data_gives_13_areas_plus_references_for_loneliness(registry):
    snap = take_snapshot(registry=registry)
    cov = snap.run("district_coverage", district_codes=[a.code for a in registry.districts()])
    latest = districts.district_periods(cov, LONELY)[-1]
    out = snap.run("district_values", indicator_id=LONELY, period=latest, area_codes=districts.query_areas(registry))
    assert len(out) == 16 and out["value"].notna().all()
    with_ci = out.dropna(subset=["lower_ci", "upper_ci"])
    assert ((with_ci["lower_ci"] <= with_ci["value"]) & (with_ci["value"] <= with_ci["upper_ci"])).all()
