"""The consolidated store and the persistent validation cache give the same answers as reading the files."""
import os

import pandas as pd

from logframe import extracts as extracts_module
from logframe.extracts import build_store, take_snapshot
from tests.conftest import write_extract

LONELY, KENT, MEDWAY, THANET = "loneliness_often_always", "E10000016", "E06000035", "E07000114"


def row(period, value, area=KENT, **extra):
    return {"indicator_id": LONELY, "area_code": area, "period": period, "value": value, **extra}


def _files(extracts_folder):
    write_extract(extracts_folder / "old.parquet", [row("2022/23", 7.0), row("2021/22", 7.2),
                                                   row("2022/23", 8.0, area=THANET)], mtime=1_700_000_000)
    write_extract(extracts_folder / "new.parquet", [row("2022/23", 6.5, numerator=None), row("2023/24", 2.0, numerator=3.0)],
                  mtime=1_700_000_100)  # overlaps old.parquet for Kent 2022/23, and has a small count
    write_extract(extracts_folder / "medway.parquet", [row("2023/24", 9.1, area=MEDWAY, lower_ci=8.0, upper_ci=10.0)])


def test_store_answers_every_query_as_the_files_do(extracts, registry, monkeypatch):
    _files(extracts)
    snap = take_snapshot(extracts, registry)
    assert snap.overlapping == {str(extracts / "old.parquet"), str(extracts / "new.parquet")}
    before = {q: snap.run(q, **p) for q, p in QUERIES.items()}
    build_store(snap, wait=True)
    assert snap.store_files() is not None and snap.params()["files"] == snap.store_files()
    for q, p in QUERIES.items():
        pd.testing.assert_frame_equal(snap.run(q, **p), before[q], check_dtype=False)
    obs = before["observations"]
    kent = obs[(obs.area_code == KENT) & (obs.period == "2022/23")].iloc[0]
    assert (kent["value"], kent["source_file"]) == (6.5, str(extracts / "new.parquet"))  # newest file wins
    assert obs[obs.period == "2023/24"].set_index("area_code")["suppressed"].to_dict() == {KENT: True, MEDWAY: False}
    # the small-number rule is applied when the store is read, so a new threshold holds at once
    monkeypatch.setenv("LOGFRAME_MIN_COUNT", "0")
    assert snap.run("observations", indicator_ids=None, area_codes=[KENT])["suppressed"].sum() == 0


def test_a_store_cleared_away_falls_back_to_the_files(extracts, registry):
    _files(extracts)
    snap = take_snapshot(extracts, registry)
    build_store(snap, wait=True)
    for f in snap.store_files():
        os.remove(f)  # as another process pruning old stores would
    assert snap.store_files() is None
    assert len(snap.run("observations", indicator_ids=None, area_codes=None)) == 5


def test_verdicts_persist_across_processes_and_follow_the_file(extracts, registry, monkeypatch):
    path = write_extract(extracts / "a.parquet", [row("2022/23", 7.0)])
    calls = []
    real = extracts_module.validate_file
    monkeypatch.setattr(extracts_module, "validate_file", lambda p, r: calls.append(p) or real(p, r))
    take_snapshot(extracts, registry)
    assert calls == [str(path)]
    extracts_module._cache.clear()  # as in a new process: the verdict is read back from the cache folder
    assert take_snapshot(extracts, registry).valid[0].n_rows == 1
    assert calls == [str(path)]
    write_extract(path, [row("2022/23", 7.0), row("2023/24", 6.0)], mtime=1_800_000_000)  # replaced
    extracts_module._cache.clear()
    assert take_snapshot(extracts, registry).valid[0].n_rows == 2
    assert calls == [str(path), str(path)]


QUERIES = {
    "observations": {"indicator_ids": None, "area_codes": None},
    "latest_periods": {},
    "conflicts": {},
    "district_coverage": {"district_codes": [THANET]},
}
