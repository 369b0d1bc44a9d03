"""Breakdown rows (one group's figure) against tiny Parquet fixtures: queries/breakdowns.sql and breakdown_coverage.sql
read them; stg_observations (every page's whole-population figure), the store and the conflicts report never do."""
from logframe.extracts import build_store, take_snapshot
from logframe.validate import validate_file
from tests.conftest import write_extract

LONELY, KENT, MEDWAY = "loneliness_often_always", "E10000016", "E06000035"


def row(period, value, group=None, area=KENT, **extra):
    kind = None if group is None else ("sex" if group in ("Female", "Male") else "age")
    return {"indicator_id": LONELY, "area_code": area, "period": period, "value": value, "lower_ci": value - 1,
            "upper_ci": value + 1, "breakdown_type": kind, "breakdown": group, **extra}


def test_groups_never_reach_the_whole_population_queries_and_the_store(extracts, registry):
    write_extract(extracts / "a.parquet", [row("2022/23", 7.0), row("2022/23", 9.0, "Female"),
                                            row("2022/23", 5.0, "Male"), row("2021/22", 4.0, "Male")])
    snap = take_snapshot(extracts, registry)
    assert snap.valid[0].breakdown_rows == 3 and snap.valid[0].n_rows == 4
    for store in (False, True):
        if store:
            build_store(snap, wait=True).join()
            assert snap.store_files()
        obs = snap.run("observations", indicator_ids=None, area_codes=None)
        assert obs[["period", "value"]].values.tolist() == [["2022/23", 7.0]]  # the area's own figure only
    groups = snap.run("breakdowns", indicator_id=LONELY, area_codes=[KENT])
    assert groups[["breakdown_type", "breakdown", "period", "value"]].values.tolist() == [
        ["sex", "Female", "2022/23", 9.0], ["sex", "Male", "2021/22", 4.0], ["sex", "Male", "2022/23", 5.0]]
    coverage = snap.run("breakdown_coverage", area_codes=[KENT, MEDWAY])
    assert coverage[["indicator_id", "area_code", "breakdown_type", "n_groups", "n_periods"]].values.tolist() == [
        [LONELY, KENT, "sex", 2, 2]]


def test_a_newer_files_group_wins_and_never_displaces_the_older_files_whole_population(extracts, registry):
    old = write_extract(extracts / "old.parquet", [row("2022/23", 7.0), row("2022/23", 9.0, "Female")],
                        mtime=1_700_000_000)
    new = write_extract(extracts / "new.parquet", [row("2022/23", 8.5, "Female")], mtime=1_700_000_100)
    snap = take_snapshot(extracts, registry)
    obs = snap.run("observations", indicator_ids=None, area_codes=None)
    assert obs[["value", "source_file"]].values.tolist() == [[7.0, str(old)]]
    groups = snap.run("breakdowns", indicator_id=LONELY, area_codes=None)
    assert groups[["breakdown", "value", "source_file"]].values.tolist() == [["Female", 8.5, str(new)]]
    assert snap.run("conflicts").empty  # a group's figure is not the area's: no conflict between them


def test_small_counts_are_suppressed_in_groups_too(extracts, registry):
    write_extract(extracts / "a.parquet", [row("2022/23", 7.0, numerator=400.0),
                                            row("2022/23", 50.0, "Male", numerator=3.0)])
    groups = take_snapshot(extracts, registry).run("breakdowns", indicator_id=LONELY, area_codes=[KENT])
    assert groups["suppressed"].tolist() == [True] and groups["value"].isna().all()


def test_no_file_with_groups_gives_an_empty_answer(extracts, registry):
    write_extract(extracts / "a.parquet", [{k: v for k, v in row("2022/23", 7.0).items()
                                            if k not in ("breakdown_type", "breakdown")}])
    snap = take_snapshot(extracts, registry)
    assert snap.run("breakdowns", indicator_id=LONELY, area_codes=None).empty


def test_the_key_includes_the_group_and_bad_groups_are_rejected(tmp_path, registry):
    good = write_extract(tmp_path / "good.parquet", [row("2022/23", 7.0), row("2022/23", 9.0, "Female")])
    assert validate_file(good, registry).ok
    twice = write_extract(tmp_path / "twice.parquet", [row("2022/23", 9.0, "Female"), row("2022/23", 9.5, "Female")])
    report = validate_file(twice, registry)
    assert [p.rule for p in report.problems] == ["duplicate_key"]
    assert "Female" in report.problems[0].message and "rows 1, 2" in report.problems[0].message
    bad = write_extract(tmp_path / "bad.parquet", [{**row("2022/23", 9.0, "Female"), "breakdown_type": "gender"},
                                                   {**row("2022/23", 9.0), "breakdown": "Male"}])
    rules = {p.rule: p.message for p in validate_file(bad, registry).problems}
    assert set(rules) == {"bad_breakdown_type", "group_without_breakdown_type"}
    assert "'gender'" in rules["bad_breakdown_type"] and "deprivation_decile" in rules["bad_breakdown_type"]
