"""The consolidated store and the persistent validation cache give the same answers as reading the files."""
import os

import pandas as pd

from logframe import extracts as extracts_module
from logframe import verdicts
from logframe.extracts import build_store, take_snapshot
from logframe.runtime import RUNTIME
from logframe.store import store_folder
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
    real = verdicts.check_file
    monkeypatch.setattr(verdicts, "check_file", lambda p, r: calls.append(p) or real(p, r))
    take_snapshot(extracts, registry)
    assert calls == [str(path)]
    RUNTIME.verdicts.clear()  # as in a new process: the verdict is read back from the cache folder
    assert take_snapshot(extracts, registry).valid[0].n_rows == 1
    assert calls == [str(path)]
    write_extract(path, [row("2022/23", 7.0), row("2023/24", 6.0)], mtime=1_800_000_000)  # replaced
    RUNTIME.verdicts.clear()
    assert take_snapshot(extracts, registry).valid[0].n_rows == 2
    assert calls == [str(path), str(path)]


QUERIES = {
    "observations": {"indicator_ids": None, "area_codes": None},
    "latest_periods": {},
    "conflicts": {},
    "district_coverage": {"district_codes": [THANET]},
}


def test_a_small_revision_on_large_extracts_wins_and_only_it_is_read_twice(extracts, registry):
    # two large extracts split by area, and a newer small file revising one of them: only the revision may win
    write_extract(extracts / "big_a.parquet", [row("2022/23", 7.0), row("2023/24", 7.5), row("2023/24", 8.0, area=THANET)],
                  mtime=1_700_000_000)
    write_extract(extracts / "big_b.parquet", [row("2022/23", 9.0, area=MEDWAY), row("2023/24", 9.5, area=MEDWAY)],
                  mtime=1_700_000_000)
    write_extract(extracts / "revision.parquet", [row("2023/24", 7.4), row("2023/24", 9.6, area=MEDWAY)],
                  mtime=1_700_000_500)
    snap = take_snapshot(extracts, registry)
    assert snap.winners == {str(extracts / "revision.parquet")}
    assert snap.overlapping == {str(extracts / p) for p in ("big_a.parquet", "big_b.parquet", "revision.parquet")}
    files = snap.run("observations", indicator_ids=None, area_codes=None)
    assert len(files) == 5
    latest = files[files.period == "2023/24"].set_index("area_code")
    assert latest.loc[KENT, "value"] == 7.4 and latest.loc[MEDWAY, "value"] == 9.6 and latest.loc[THANET, "value"] == 8.0
    assert latest.loc[KENT, "source_file"] == str(extracts / "revision.parquet")
    build_store(snap, wait=True)
    store = snap.params()
    assert store["files"] == snap.store_files() and not any(e["may_win"] for e in store["extracts"])
    for q, p in QUERIES.items():
        pd.testing.assert_frame_equal(snap.run(q, **p), snap.run(q, **p) if q == "conflicts" else
                                      _from_files(snap, q, p), check_dtype=False)
    # the Indicator page's areas are all the dashboard's own: the store's sorted part alone answers
    only = snap.run("observations", indicator_ids=[LONELY], area_codes=[KENT, MEDWAY])
    assert sorted(only.area_code) == sorted([KENT, KENT, MEDWAY, MEDWAY])


def test_equal_modified_times_are_broken_by_the_later_path(extracts, registry):
    write_extract(extracts / "a.parquet", [row("2023/24", 1.0)], mtime=1_700_000_000)
    write_extract(extracts / "b.parquet", [row("2023/24", 2.0)], mtime=1_700_000_000)
    snap = take_snapshot(extracts, registry)
    assert snap.winners == {str(extracts / "b.parquet")}
    assert snap.run("observations", indicator_ids=None, area_codes=None)["value"].tolist() == [2.0]


def _from_files(snap, name, params):
    from logframe import db
    return db.run(name, **snap.params(store=False), **params)


def test_a_read_only_cache_degrades_to_the_files_and_is_named(extracts, registry, tmp_path, monkeypatch, caplog):
    _files(extracts)
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("LOGFRAME_CACHE_DIR", str(cache))
    RUNTIME.verdicts.clear()
    cache.chmod(0o555)
    try:
        if os.access(cache, os.W_OK):  # root ignores permission bits: make the folder a file's child instead
            monkeypatch.setenv("LOGFRAME_CACHE_DIR", str(extracts / "old.parquet" / "cache"))
        snap = take_snapshot(extracts, registry)  # verdicts cannot be saved: no error, a note
        assert len(snap.valid) == 3
        with caplog.at_level("WARNING", logger="logframe"):
            build_store(snap, wait=True)
        assert snap.store_files() is None
        assert "store" in caplog.text and "failed (attempt 1" in caplog.text
        status = extracts_module.store_status(snap)
        assert "could not be built (1 attempt(s)" in status and "read the extract files directly" in status
        assert build_store(snap) is None  # backing off: not restarted on every rerun
        assert len(snap.run("observations", indicator_ids=None, area_codes=None)) == 5  # the files answer
    finally:
        cache.chmod(0o755)
        RUNTIME.reset()


def test_abandoned_store_builds_older_than_an_hour_are_removed(extracts, registry):
    import time
    _files(extracts)
    snap = take_snapshot(extracts, registry)
    stores = store_folder(snap.store_key).parent
    stores.mkdir(parents=True, exist_ok=True)
    old, recent = stores / "abc.1.2.tmp", stores / "def.3.4.tmp"
    for d in (old, recent):
        (d).mkdir()
        (d / "main.parquet").write_bytes(b"half written")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    build_store(snap, wait=True)
    assert snap.store_files() is not None
    assert not old.exists() and recent.exists()
