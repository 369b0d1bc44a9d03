"""queries/stg_observations.sql and observations.sql against tiny Parquet fixtures."""
import pyarrow as pa

from logframe.extracts import take_snapshot
from tests.conftest import write_extract

LONELY, KENT, MEDWAY = "loneliness_often_always", "E10000016", "E06000035"


def row(period, value, area=KENT, **extra):
    return {"indicator_id": LONELY, "area_code": area, "period": period, "value": value, **extra}


def test_missing_optional_columns_come_through_as_null(extracts, registry):
    write_extract(extracts / "a.parquet", [row("2021/22", 7.0), row("2022/23", 6.9)])
    obs = take_snapshot(extracts, registry).run("observations", indicator_ids=None, area_codes=None)
    assert list(obs["period"]) == ["2021/22", "2022/23"]  # in time order
    assert obs["lower_ci"].isna().all() and obs["value_note"].isna().all()
    assert obs["position"].tolist() == [2021.75, 2022.75]


def test_each_row_keeps_its_source_file(extracts, registry):
    a = write_extract(extracts / "sub" / "a.parquet", [row("2021/22", 7.0)])
    b = write_extract(extracts / "b.parquet", [row("2022/23", 6.9, area=MEDWAY)])
    obs = take_snapshot(extracts, registry).run("observations", indicator_ids=None, area_codes=None)
    assert dict(zip(obs["area_code"], obs["source_file"])) == {KENT: str(a), MEDWAY: str(b)}


def test_grain_is_unique_and_the_newest_file_wins_a_conflict(extracts, registry):
    write_extract(extracts / "old.parquet", [row("2022/23", 7.0), row("2021/22", 7.2)], mtime=1_700_000_000)
    new = write_extract(extracts / "new.parquet", [row("2022/23", 6.5)], mtime=1_700_000_100)
    snap = take_snapshot(extracts, registry)
    obs = snap.run("observations", indicator_ids=None, area_codes=None)
    assert not obs.duplicated(["indicator_id", "area_code", "period"]).any()
    latest = obs[obs["period"] == "2022/23"].iloc[0]
    assert (latest["value"], latest["source_file"]) == (6.5, str(new))
    conflicts = snap.run("conflicts")
    assert conflicts[["period", "winning_file", "winning_value"]].values.tolist() == [["2022/23", str(new), "6.5"]]  # as the pages show it


def test_filters_are_bound_values_and_any_numeric_type_works(extracts, registry):
    schema = pa.schema([("period", pa.string()), ("value", pa.float32()), ("area_code", pa.string()),
                        ("indicator_id", pa.string()), ("denominator", pa.int16())])
    write_extract(extracts / "f32.parquet", [row("2023", 6.25, denominator=300), row("2023", 8.0, area=MEDWAY, denominator=90)],
                  schema=schema)
    snap = take_snapshot(extracts, registry)
    obs = snap.run("observations", indicator_ids=[LONELY], area_codes=[MEDWAY])
    assert obs[["area_code", "value", "denominator"]].values.tolist() == [[MEDWAY, 8.0, 90.0]]
    hostile = snap.run("observations", indicator_ids=["x' OR 1=1 --"], area_codes=None)
    assert hostile.empty


def test_a_bad_file_is_left_out_and_the_good_one_served(extracts, registry):
    write_extract(extracts / "good.parquet", [row("2022/23", 6.9)])
    (extracts / "broken.parquet").write_bytes(b"PAR1 this is not parquet")
    snap = take_snapshot(extracts, registry)
    assert [r.path.endswith("broken.parquet") for r in snap.rejected] == [True]
    obs = snap.run("observations", indicator_ids=None, area_codes=None)
    assert obs["value"].tolist() == [6.9]


def test_no_valid_extract_gives_empty_results_not_an_error(extracts, registry):
    obs = take_snapshot(extracts, registry).run("observations", indicator_ids=None, area_codes=None)
    assert obs.empty


def test_shipped_extracts_keep_ci_invariants(registry):
    obs = take_snapshot(registry=registry).run("observations", indicator_ids=None, area_codes=None)
    assert len(obs) > 1000
    with_ci = obs.dropna(subset=["lower_ci", "upper_ci", "value"])
    assert ((with_ci["lower_ci"] <= with_ci["value"]) & (with_ci["value"] <= with_ci["upper_ci"])).all()
    assert not obs.duplicated(["indicator_id", "area_code", "period"]).any()


def test_small_counts_are_suppressed_in_every_query_result(extracts, registry, monkeypatch):
    write_extract(extracts / "small.parquet", [row("2022/23", 2.0, numerator=3.0, denominator=150.0, lower_ci=0.4, upper_ci=5.7),
                                               row("2023/24", 6.0, numerator=9.0, denominator=150.0, lower_ci=2.8, upper_ci=11.0)])
    obs = take_snapshot(extracts, registry).run("observations", indicator_ids=None, area_codes=None)
    small = obs[obs.period == "2022/23"].iloc[0]
    assert small["suppressed"] and small[["value", "lower_ci", "upper_ci", "numerator"]].isna().all()
    assert "suppressed: count below 5" in small["value_note"]
    assert obs[obs.period == "2023/24"]["value"].tolist() == [6.0]
    monkeypatch.setenv("LOGFRAME_MIN_COUNT", "10")  # a stricter threshold applies on the next query
    obs = take_snapshot(extracts, registry).run("observations", indicator_ids=None, area_codes=None)
    assert obs["value"].isna().all()
