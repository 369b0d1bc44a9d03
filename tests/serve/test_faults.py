"""Faults survived and seen: files changing under two server processes, a process killed mid-store-build, a cache
folder that cannot be written."""
import asyncio
import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time

import pyarrow as pa
import pyarrow.parquet as pq

from bench.sessions import Session, run_async
from logframe.present import format_value
from logframe.registry import load_registry
from logframe.scale import month_labels
from tests.conftest import ROOT, write_extract
from tests.serve.conftest import needs_nginx

LONELY, KM = "loneliness_often_always", "E54000032"


def revision(folder, value):
    """A one-row revision of the latest month for Kent and Medway, newer than every other file."""
    path = folder / "revisions" / "latest.parquet"
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")  # written aside and moved in, as a careful analyst's copy would be
    pq.write_table(pa.table({"indicator_id": [LONELY], "area_code": [KM], "period": [month_labels(17)[-1]],
                             "value": [value], "lower_ci": [value - 1], "upper_ci": [value + 1]}), tmp)
    os.replace(tmp, path)
    return path


async def overview_texts(port, rounds=2):
    """The overview for Kent and Medway in a session pinned to each process, rerun `rounds` times a second apart."""
    out = {}
    for worker in ("w1", "w2"):
        async with Session(port, cookie=f"logframe_worker={worker}") as s:
            assert s.worker == worker
            pages = []
            for n in range(rounds):
                if n:
                    await asyncio.sleep(1.0)  # the store of the new snapshot is built meanwhile, and read next
                pages.append(await s.open(f"area={KM}"))
            out[worker] = pages
    return out


@needs_nginx
def test_two_processes_follow_files_dropped_replaced_and_removed(two_processes, scale_extracts):
    unit = load_registry().indicators[LONELY].unit
    port = two_processes.port
    shown = {v: format_value(unit, v) for v in (42.4, 41.7)}

    def check(expected, absent):
        pages = run_async(overview_texts(port))
        for worker, runs in pages.items():
            for n, page in enumerate(runs):
                assert page.exceptions == [], (worker, n, page.exceptions)
                if expected:
                    assert shown[expected] in page.text, f"{worker} rerun {n} does not show {shown[expected]}"
                for v in absent:
                    assert shown[v] not in page.text, f"{worker} rerun {n} still shows {shown[v]} (stale)"

    check(None, [42.4, 41.7])
    path = revision(scale_extracts, 42.4)  # dropped
    check(42.4, [41.7])
    time.sleep(0.01)
    revision(scale_extracts, 41.7)  # replaced
    check(41.7, [42.4])
    path.unlink()  # removed
    check(None, [42.4, 41.7])
    logs = "".join(two_processes.worker_log(n).read_text() for n in range(2))
    assert "Traceback" not in logs, logs[-3000:]


KILLED_BUILD = textwrap.dedent("""
    import sys, time
    from logframe import db, extracts
    real = db.write_parquet

    def slow(name, path, **params):  # write the first file, then hang as a process mid-build would
        real(name, path, **params)
        open(sys.argv[1], "w").close()
        time.sleep(600)

    db.write_parquet = slow
    extracts.build_store(extracts.take_snapshot(), wait=True)
""")


def test_a_process_killed_mid_store_build_leaves_nothing_that_stops_the_next(extracts, tmp_path, monkeypatch):
    from logframe import extracts as ex
    from logframe.extracts import build_store, take_snapshot
    write_extract(extracts / "a.parquet", [{"indicator_id": LONELY, "area_code": KM, "period": "2023/24",
                                            "value": 7.0}])
    cache = tmp_path / "cache"
    monkeypatch.setenv("LOGFRAME_CACHE_DIR", str(cache))
    started = tmp_path / "started"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(started)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 120
        while not started.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "the build never started"
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    stores = cache / "stores"
    leftovers = list(stores.glob("*.tmp"))
    assert len(leftovers) == 1 and (leftovers[0] / "main.parquet").exists()  # the half-written build
    with open(stores / ".build.lock") as fh:  # the kernel released the dead process's lock
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fh, fcntl.LOCK_UN)

    snap = take_snapshot(extracts)
    build_store(snap, wait=True)  # the next process builds the same store, undisturbed
    assert snap.store_files() is not None
    assert snap.run("observations", indicator_ids=None, area_codes=None)["value"].tolist() == [7.0]
    assert leftovers[0].exists()  # less than an hour old: it could still be another machine's build

    hour_ago = time.time() - ex.STALE_TMP_S - 60
    os.utime(leftovers[0], (hour_ago, hour_ago))
    write_extract(extracts / "b.parquet", [{"indicator_id": LONELY, "area_code": KM, "period": "2024/25",
                                            "value": 6.0}])
    build_store(take_snapshot(extracts), wait=True)  # the next build clears the abandoned folder away
    assert not leftovers[0].exists()


def test_the_data_page_names_a_cache_that_cannot_be_written(extracts, tmp_path, monkeypatch):
    from tests.app.conftest import app_test, switch

    write_extract(extracts / "a.parquet", [{"indicator_id": LONELY, "area_code": KM, "period": "2023/24",
                                            "value": 7.0}])
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")  # a cache folder that cannot be created, as on a read-only or full disk
    monkeypatch.setenv("LOGFRAME_CACHE_DIR", str(blocker / "cache"))
    try:
        at = app_test()
        at.run()
        switch(at, "pages/data.py").run()
        for _ in range(50):  # the store build fails in the background; the next rerun says so
            if any("could not be built" in w.value for w in at.warning):
                break
            time.sleep(0.1)
            at.run()
        assert not at.exception
        warnings = "\n".join(w.value for w in at.warning)
        assert "could not be built" in warnings and "read the extract files directly" in warnings
        latest = next(d.value for d in at.dataframe if "latest_value" in d.value.columns)
        assert latest["latest_value"].tolist() == [7.0]  # the files still answer
    finally:
        from logframe.runtime import RUNTIME
        RUNTIME.reset()
