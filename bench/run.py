"""The benchmark: the dashboard at 10 million rows in every layout analysts send (`make bench`).

For each size and layout it generates scale data (python -m logframe demo-data --layout) under bench/out/, then
measures, each in a fresh process unless said otherwise:
  - every page through AppTest: cold (the page's first run in a fresh process) and warm (the same page again);
  - the raw DuckDB time of the queries each page needs, on the extract files, on a fresh connection, no
    Streamlit, no pandas;
  - a plain pandas overview (read every file, filter and aggregate in pandas) as the usual alternative;
  - the first open with nothing cached;
  - peak memory (ru_maxrss) of each process;
  - the time from dropping a revision file into the folder to seeing it on the page (AppTest reruns);
  - 20, then 50, then 100 sessions at once through nginx to several server processes (deploy/serve.py, as `make serve`
    runs them), driven over their WebSockets as browser tabs do (bench/sessions.py), checking that no session
    sees another's filters;
and writes bench/RESULTS.md with issue 13's targets per layout. Ratios are measured in the same run, so they
mean more than the seconds on a shared machine. `--smoke` runs a tiny version (used by tests/bench); the worker
modes are internal.

    .venv/bin/python bench/run.py                                  # 10m, every layout: writes bench/RESULTS.md
    .venv/bin/python bench/run.py --sizes 1m --layouts revision    # a subset
    .venv/bin/python bench/run.py --smoke --out /tmp/b             # 2,000 rows, two layouts, a few minutes
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# name -> (indicators, areas, months); rows = the product
SIZES = {
    "2k": (6, 20, 17),
    "10k": (10, 20, 50),
    "1m": (40, 200, 125),
    "10m": (40, 2000, 125),
}
PAGES = ["overview", "indicator", "districts", "logframe", "data"]
KM, THANET = "E54000032", "E07000114"
INDICATOR = "loneliness_often_always"  # the Indicator page's default
MARK = "BENCH_JSON "
TARGETS_AT = "10m"


def _say(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _emit(result: dict) -> None:
    result["rss_mb"] = round(_rss_mb(), 1)
    print(MARK + json.dumps(result), flush=True)


# --- workers: each runs in its own process and prints one BENCH_JSON line --------------------------------------

def _app():
    from streamlit.testing.v1 import AppTest, app_test, local_script_runner
    if not getattr(app_test, "_bench_shared_cache", False):
        # AppTest compiles dashboard.py and the page afresh on every run (a new ScriptCache each time); a server
        # keeps one per process and compiles each script once. Keep one here too, or every warm run is charged
        # about 30 ms of compiling that no user waits for.
        shared = app_test.ScriptCache()
        app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
        app_test._bench_shared_cache = True
    # dashboard.py run from a folder with no pages/ beside it: every run is the st.navigation app a server serves
    # (tests/app/frame.py says why)
    return AppTest.from_file(str(ROOT / "tests" / "app" / "frame.py"), default_timeout=900)


def _errors(at) -> list[str]:
    return [str(e.message)[:300] for e in at.exception]


def _timed_run(at) -> float:
    t = time.perf_counter()
    at.run()
    return time.perf_counter() - t


def worker_pages(pages: list[str], warm_runs: int, wait_store: bool = False) -> dict:
    """Cold and warm AppTest run time of each page, in this (fresh) process, in the order given."""
    t = time.perf_counter()
    # the libraries the pandas and raw DuckDB runs import before their clocks start: the same for the app
    import duckdb  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401
    from streamlit.testing.v1 import AppTest  # noqa: F401  (the import is what we time)
    out = {"import_s": time.perf_counter() - t, "pages": {}}
    data_time = _time_data_layer()
    at = _app()
    t_first = time.perf_counter()
    for n, page in enumerate(pages):
        if n == 0 and page != "overview":
            # the app always opens on the overview, and AppTest can only switch pages after a first run
            out["opened_on_overview_s"] = _timed_run(at)
        if n or page != "overview":
            at.switch_page(str(ROOT / "pages" / f"{page}.py"))
        data_time[0] = 0.0
        cold = _timed_run(at)
        data_cold = data_time[0]
        errors = _errors(at)
        warm = [_timed_run(at) for _ in range(warm_runs)]
        errors += _errors(at)
        entry = {"cold_s": cold, "data_s": data_cold, "warm_s": statistics.median(warm), "errors": errors,
                 "title": next((t.value for t in at.title), "")}
        # a changed filter in a warm process: a new cache key, the same extracts
        if page == "overview":
            # (through session state: AppTest's tree loses the sidebar on reruns under st.navigation)
            at.session_state["f_area"] = THANET
            entry["filter_s"] = _timed_run(at)
            at.session_state["f_area"] = KM
            at.run()
        elif page == "indicator":
            from logframe.extracts import registry_for  # with the folder's areas.csv
            from logframe.scale import usable_indicators
            current = at.session_state["f_indicator"]
            at.session_state["f_indicator"] = next(i.id for i in usable_indicators(registry_for()) if i.id != current)
            entry["filter_s"] = _timed_run(at)
        entry["errors"] += _errors(at)
        out["pages"][page] = entry
    if wait_store:
        out["store_ready_s"] = _wait_for_store() - t_first
    return out


def _time_data_layer() -> list[float]:
    """Add up the time the app spends in its data layer (taking the snapshot, running named queries)."""
    from logframe import db, snapshot
    total = [0.0]

    def timed(fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                total[0] += time.perf_counter() - t
        return wrapper

    db.run = timed(db.run)
    snapshot._snapshot = timed(snapshot._snapshot)
    return total


def _wait_for_store() -> float:
    """Wait for the background store of the current snapshot; return the clock time when it is there."""
    from logframe import extracts
    extracts.build_store(extracts.take_snapshot(registry=extracts.registry_for()), wait=True)
    return time.perf_counter()


def worker_raw(params_file: str, pages: list[str]) -> dict:
    """The raw DuckDB time of each page's queries on a fresh connection: first (cold) and second (warm) run."""
    import duckdb
    import pyarrow  # noqa: F401  (imported before timing: fetching as Arrow would import it on first use)
    spec = json.loads(Path(params_file).read_text())
    t = time.perf_counter()
    con = duckdb.connect(":memory:", config={"threads": 2})
    con.execute((ROOT / "queries" / "stg_observations.sql").read_text())
    out = {"connect_s": time.perf_counter() - t, "pages": {}}
    for page in pages:
        times = []
        for _ in range(2):
            t = time.perf_counter()
            rows = 0
            for name, extra in spec["pages"][page]:
                sql = (ROOT / "queries" / f"{name}.sql").read_text()
                params = {**spec["snapshot"], **extra}
                names = set(re.findall(r"\$([a-z_][a-z0-9_]*)", _strip_comments(sql)))
                used = {k: v for k, v in params.items() if k in names}
                rows += con.execute(sql, used).fetch_arrow_table().num_rows
            times.append(time.perf_counter() - t)
        out["pages"][page] = {"cold_s": times[0], "warm_s": times[1], "rows": rows}
    return out


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--")[0] for line in sql.splitlines())


def worker_pandas(files_file: str, area: str) -> dict:
    """The overview the usual way: every file into pandas, then filter, de-duplicate and take the latest there.

    The question is the app's: for each indicator the Overview of `area` lists, the latest value in the area it is
    judged in (the area itself, or the indicator's own geography inside it: a Kent-only indicator is judged in Kent
    on the Kent and Medway Overview). Which area that is comes from the registry (assessments.judged_area, read
    before the clock starts); everything else is pandas."""
    import pandas as pd

    from logframe import assessments
    from logframe.config import settings
    from logframe.extracts import registry_for
    from logframe.periods import parse_period
    registry = registry_for()
    judged = {i.id: where for i in registry.indicators.values()
              if (where := assessments.judged_area(registry, i, area)) is not None}
    min_count = settings().min_count
    files = json.loads(Path(files_file).read_text())
    t = time.perf_counter()
    frames = []
    for path in files:
        df = pd.read_parquet(path)
        df["source_mtime"] = os.stat(path).st_mtime
        df["source_file"] = path
        frames.append(df)
    data = pd.concat(frames, ignore_index=True)
    read_s = time.perf_counter() - t
    pairs = pd.DataFrame({"indicator_id": list(judged), "area_code": list(judged.values())})

    def overview(data: pd.DataFrame) -> pd.DataFrame:
        own = data[data["area_code"].isin(set(judged.values()))].merge(pairs, on=["indicator_id", "area_code"])
        own = own.sort_values("source_mtime", kind="stable").drop_duplicates(["indicator_id", "area_code", "period"],
                                                                             keep="last")
        own = own[own["value"].notna() & ~(own["numerator"] < min_count)]
        positions = {p: parse_period(p).position for p in own["period"].unique()}
        own = own.assign(position=own["period"].map(positions))
        latest = own.loc[own.groupby("indicator_id")["position"].idxmax()]
        return latest[["indicator_id", "area_code", "period", "value"]].sort_values("indicator_id")

    t = time.perf_counter()
    latest = overview(data)
    first_s = time.perf_counter() - t
    t = time.perf_counter()
    overview(data)
    compute_s = time.perf_counter() - t
    return {"read_s": read_s, "cold_s": read_s + first_s, "warm_s": compute_s, "rows": len(data),
            "latest": {r.indicator_id: [r.area_code, r.period, r.value] for r in latest.itertuples()}}


def answers_differ(app: dict, pandas: dict) -> list[str]:
    """Where the pandas overview's answer differs from the app's: one line per indicator (empty when the same)."""
    return [f"{k}: app {app.get(k)}, pandas {pandas.get(k)}" for k in sorted(set(app) | set(pandas))
            if app.get(k) != pandas.get(k)]


def worker_drop(folder: str, months: int) -> dict:
    """Drop a new file (a revised latest month for Kent and Medway) and count the reruns until the page shows it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from logframe.extracts import registry_for  # with the folder's areas.csv
    from logframe.present import format_value
    registry = registry_for()
    unit = registry.indicators[INDICATOR].unit
    value = 42.4
    shown = format_value(unit, value)
    at = _app()
    at.run()
    at.run()
    before = shown in _page_text(at)
    from logframe.scale import month_labels
    period = month_labels(months)[-1]
    drop = Path(folder) / "dropped" / "revision.parquet"
    drop.parent.mkdir(exist_ok=True)
    table = pa.table({"indicator_id": [INDICATOR], "area_code": [KM], "period": [period], "value": [value],
                      "lower_ci": [value - 1], "upper_ci": [value + 1]})
    pq.write_table(table, drop)
    try:
        seen_s, reruns = None, 0
        for reruns in range(1, 4):  # noqa: B007 - read after the loop: how many reruns it took
            t = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - t
            if shown in _page_text(at):
                seen_s = elapsed
                break
        errors = _errors(at)
        t = time.perf_counter()
        store_s = _wait_for_store() - t
        after_store_s = _timed_run(at)
    finally:
        drop.unlink()
        drop.parent.rmdir()
    t = time.perf_counter()
    at.run()
    removed_s = time.perf_counter() - t
    gone = shown not in _page_text(at)
    return {"value": shown, "shown_before": before, "reruns": reruns if seen_s is not None else None,
            "seen_s": seen_s, "store_wait_s": store_s, "after_store_s": after_store_s, "removed_s": removed_s,
            "gone_after_removal": gone, "errors": errors + _errors(at)}


def _page_text(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


# --- the parent: data, subprocesses, report --------------------------------------------------------------------

def _run_worker(args: list[str], env: dict, timeout: float = 3600) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    lines = [line for line in proc.stdout.splitlines() if line.startswith(MARK)]
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.splitlines()[-25:])
        raise RuntimeError(f"worker {' '.join(args)} failed ({proc.returncode}):\n{tail}")
    return json.loads(lines[-1][len(MARK):])


def make_data(out: Path, size: str, layout: str) -> Path:
    """Generate (or reuse) the scale data for a size and layout, through the CLI an analyst would use."""
    ind, areas, periods = SIZES[size]
    folder = out / f"{size}-{layout}"
    stamp = folder / ".params"
    wanted = json.dumps([ind, areas, periods, 2025, layout, "months-only"])  # data made before that are regenerated
    if not (stamp.is_file() and stamp.read_text() == wanted):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "logframe", "demo-data", "--out", str(folder), "--indicators", str(ind),
                        "--areas", str(areas), "--periods", str(periods), "--seed", "2025", "--layout", layout],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        stamp.write_text(wanted)
    return folder


def page_queries(folder: Path, env: dict) -> dict:
    """The snapshot's bound parameters and, per page, the named queries (and parameters) that page runs."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        from logframe import assessments, districts, extracts
        registry = extracts.registry_for(folder)
        snap = extracts.take_snapshot(folder, registry)
        params = snap.params(store=False)  # raw DuckDB reads the extract files themselves, never the app's store
        coverage = snap.run("district_coverage", district_codes=[a.code for a in registry.districts()])
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    inds = assessments.select_indicators(registry)
    ids = [i.id for i in inds]
    own = sorted({i.geography for i in inds})
    with_districts = districts.indicators_with_districts(coverage, registry)
    pick = INDICATOR if INDICATOR in with_districts else (with_districts[0] if with_districts else INDICATOR)
    periods = districts.district_periods(coverage, pick) if with_districts else [""]
    return {
        "snapshot": params,
        "files": [r.path for r in snap.valid],
        "pages": {
            "overview": [["observations", {"indicator_ids": ids, "area_codes": own}],
                         ["board_series", {"indicator_ids": ids, "area_codes": [
                             assessments.judged_area(registry, i, KM) for i in inds]}]],
            # the page's two: the chosen area's assessment, and the dashboard's own areas for the chart and table
            "indicator": [["observations", {"indicator_ids": [INDICATOR], "area_codes": [KM]}],
                          ["observations", {"indicator_ids": [INDICATOR], "area_codes": list(snap.main_areas)}]],
            "districts": [["district_coverage", {"district_codes": [a.code for a in registry.districts()]}],
                          ["district_values", {"indicator_id": pick, "period": periods[-1],
                                               "area_codes": districts.query_areas(registry)}]],
            "logframe": [["observations", {"indicator_ids": ids, "area_codes": own}]],
            "data": [["conflicts", {}], ["latest_periods", {}]],
        },
    }


def bench_case(size: str, layout: str, out: Path, repeat: int, sessions: int, many: int, workers: int,
               smoke: bool, crowd: int = 0) -> dict:
    """Everything measured for one size and layout of the same rows (see the module docstring)."""
    folder = make_data(out, size, layout)
    rows = SIZES[size][0] * SIZES[size][1] * SIZES[size][2]
    case = f"{size}-{layout}"
    cache = out / f"cache-{case}"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "LOGFRAME_EXTRACTS_DIR": str(folder), "LOGFRAME_CACHE_DIR": str(cache),
           "PYTHONPATH": str(ROOT)}
    parquet = list(folder.rglob("*.parquet"))
    res: dict = {"size": size, "layout": layout, "rows": rows, "files": len(parquet),
                 "largest_file_rows": max(pq_rows(p) for p in parquet)}

    _say(f"[{case}] first open, nothing cached (every file validated)")
    first = _run_worker(["--worker", "pages", "--pages", "overview", "--warm-runs", "1", "--wait-store"], env)
    res["first_open"] = {"s": first["pages"]["overview"]["cold_s"], "rss_mb": first["rss_mb"],
                         "store_ready_s": first["store_ready_s"]}

    spec = page_queries(folder, {"LOGFRAME_EXTRACTS_DIR": str(folder), "LOGFRAME_CACHE_DIR": str(cache)})
    spec_file = out / f"queries-{case}.json"
    spec_file.write_text(json.dumps(spec))
    files_file = out / f"files-{case}.json"
    files_file.write_text(json.dumps(spec["files"]))

    app: dict = {p: [] for p in PAGES}
    raw: dict = {p: [] for p in PAGES}
    rss: list[float] = []
    for n in range(repeat):
        _say(f"[{case}] pages, round {n + 1}/{repeat}")
        runs = [PAGES] if smoke else [[p] for p in PAGES]
        for pages in runs:
            r = _run_worker(["--worker", "pages", "--pages", ",".join(pages)], env)
            rss.append(r["rss_mb"])
            for p, entry in r["pages"].items():
                app[p].append(entry)
        for pages in runs:
            r = _run_worker(["--worker", "raw", "--params", str(spec_file), "--pages", ",".join(pages)], env)
            for p, entry in r["pages"].items():
                raw[p].append({**entry, "rss_mb": r["rss_mb"]})
            rss.append(r["rss_mb"])
    res["pages"] = {}
    for p in PAGES:
        med = lambda xs, k: statistics.median(x[k] for x in xs if x.get(k) is not None) if any(  # noqa: E731
            x.get(k) is not None for x in xs) else None
        res["pages"][p] = {
            "cold_s": med(app[p], "cold_s"), "data_s": med(app[p], "data_s"), "warm_s": med(app[p], "warm_s"),
            "filter_s": med(app[p], "filter_s"),
            "raw_cold_s": med(raw[p], "cold_s"), "raw_warm_s": med(raw[p], "warm_s"),
            "errors": sorted({e for x in app[p] for e in x["errors"]}), "title": app[p][0]["title"],
        }
    res["app_rss_mb"] = max(rss)

    _say(f"[{case}] pandas overview")
    pdr = _run_worker(["--worker", "pandas", "--files", str(files_file), "--area", KM], env)
    res["pandas"] = {k: pdr[k] for k in ("read_s", "cold_s", "warm_s", "rss_mb", "rows")}
    check = _run_worker(["--worker", "latest", "--area", KM], env)
    res["pandas"]["differences"] = answers_differ(check["latest"], pdr["latest"])
    res["pandas"]["same_answer"] = not res["pandas"]["differences"]
    res["pandas"]["indicators"] = len(check["latest"])

    _say(f"[{case}] drop a revision file")
    res["drop"] = _run_worker(["--worker", "drop", "--folder", str(folder), "--months", str(SIZES[size][2])], env)

    _say(f"[{case}] {sessions}, {many} then {crowd} sessions at once through nginx to {workers} server processes")
    from bench.sessions import run_sessions
    from deploy.serve import cluster
    with cluster(workers, env=env, run=out / f"serve-{case}") as c:
        res["sessions"] = run_sessions(c.port, sessions)
        res["sessions_many"] = run_sessions(c.port, many)
        if crowd:
            res["sessions_crowd"] = run_sessions(c.port, crowd)
    res["workers"] = workers
    res["sessions_rss_mb"] = max(m for m in c.peak_mb if m is not None)
    return res


def pq_rows(path: Path) -> int:
    import pyarrow.parquet as pq
    return pq.read_metadata(path).num_rows


def worker_latest(area: str) -> dict:
    """The latest value per indicator for the area from the app's own assessment (to check pandas' answer)."""
    from logframe import assessments, extracts
    registry = extracts.registry_for()
    snap = extracts.take_snapshot(registry=registry)
    rows = assessments.assess(registry, snap, area)
    # every indicator listed, in the area it is judged in (not only those judged in the area itself)
    return {"latest": {a.indicator_id: [a.area_code, a.period, a.value]
                       for a in sorted(rows, key=lambda a: a.indicator_id) if a.value is not None}}


# --- RESULTS.md ------------------------------------------------------------------------------------------------

def _machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import duckdb
    import pandas
    import pyarrow
    import streamlit
    return {"nproc": os.cpu_count(), "memory_gib": round(mem, 1), "cpu": cpu, "os": platform.platform(),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "streamlit": streamlit.__version__,
            "pandas": pandas.__version__, "pyarrow": pyarrow.__version__, "load": os.getloadavg(),
            "nginx": _nginx_version()}


def _nginx_version() -> str:
    from deploy.serve import find_nginx
    nginx = find_nginx()
    if nginx is None:
        return "no nginx"
    out = subprocess.run([nginx, "-v"], capture_output=True, text=True)
    return (out.stderr or out.stdout).strip().replace("nginx version: ", "")


def _s(v) -> str:
    if v is None:
        return "–"
    return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"


def _x(a, b) -> str:
    return "–" if not a or not b else f"{a / b:.1f}x"


def _gb(mb) -> str:
    return f"{mb / 1024:.2f} GB"


def targets(res: dict) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for one size and layout: issue 13's targets, each measured in the same run."""
    p = res["pages"]
    ov, ind = p["overview"], p["indicator"]
    peak = max(res["app_rss_mb"], res["drop"]["rss_mb"], res["first_open"]["rss_mb"], res["sessions_rss_mb"])
    pandas_cold = res["pandas"]["cold_s"]
    d = res["drop"]
    s20, many, crowd = res["sessions"], res["sessions_many"], res.get("sessions_crowd")
    pdr = res["pandas"]
    open_p95 = s20["steps"]["open"]["p95_s"]
    return [
        ("Overview cold <= 2x raw DuckDB (its queries on the extract files)",
         f"{_s(ov['cold_s'])} vs {_s(ov['raw_cold_s'])}: {_x(ov['cold_s'], ov['raw_cold_s'])}",
         ov["cold_s"] <= 2 * ov["raw_cold_s"]),
        ("Overview warm < 0.3 s", _s(ov["warm_s"]), ov["warm_s"] < 0.3),
        ("Overview, a new filter < 0.3 s", _s(ov["filter_s"]), ov["filter_s"] < 0.3),
        ("Indicator cold < 1 s", _s(ind["cold_s"]), ind["cold_s"] < 1),
        ("Indicator warm < 0.3 s", _s(ind["warm_s"]), ind["warm_s"] < 0.3),
        ("App >= 10x faster than pandas (overview cold)", f"{_x(pandas_cold, ov['cold_s'])} "
         f"({_s(pandas_cold)} / {_s(ov['cold_s'])})", pandas_cold >= 10 * ov["cold_s"]),
        ("Peak memory < 1.5 GB (every app, raw, drop and server process)", _gb(peak), peak < 1536),
        ("First open, nothing cached, no slower than pandas (overview cold)",
         f"{_s(res['first_open']['s'])} vs {_s(pandas_cold)}", res["first_open"]["s"] <= pandas_cold),
        ("A revision file visible on the next rerun", f"{d['reruns']} rerun(s), {_s(d['seen_s'])}",
         d["reruns"] == 1 and d["gone_after_removal"]),
        (f"{s20['sessions']} sessions at once ({res['workers']} processes behind nginx): p95 to a rendered "
         "overview < 3 s", f"p95 {_s(open_p95)} (median {_s(s20['steps']['open']['median_s'])})",
         open_p95 < 3 and not s20["errors"] and not s20["leaks"]),
        (f"{many['sessions']} sessions at once: no errors", f"{len(many['errors'])} errors, "
         f"{len(many['leaks'])} filter leaks", not many["errors"] and not many["leaks"]),
    ] + ([] if crowd is None else [
        (f"{crowd['sessions']} sessions at once (issue 19): p95 to a rendered overview < 3 s, no errors",
         f"p95 {_s(crowd['steps']['open']['p95_s'])} (median {_s(crowd['steps']['open']['median_s'])}), "
         f"{len(crowd['errors'])} errors, {len(crowd['leaks'])} filter leaks",
         crowd["steps"]["open"]["p95_s"] < 3 and not crowd["errors"] and not crowd["leaks"]),
    ]) + [
        ("Pandas computes the same answer as the app (overview)",
         "yes" if pdr["same_answer"] else f"{len(pdr['differences'])} indicator(s) differ", pdr["same_answer"]),
    ]


def write_results(path: Path, machine: dict, results: list[dict], command: str, started: str, took: float) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `bench/run.py` on {started} (took {took / 60:.1f} min). Regenerate with `make bench`.",
        "",
        "## Machine",
        "",
        f"- {machine['nproc']} cores ({machine['cpu']}), {machine['memory_gib']} GiB memory, {machine['os']}",
        f"- Python {machine['python']}, DuckDB {machine['duckdb']}, Streamlit {machine['streamlit']}, "
        f"pandas {machine['pandas']}, pyarrow {machine['pyarrow']}, {machine['nginx']}",
        f"- Load average when the run started: {', '.join(f'{x:.1f}' for x in machine['load'])}; when it ended: "
        f"{', '.join(f'{x:.1f}' for x in machine['load_end'])} (a shared machine: other work ran beside this "
        "one, so compare the ratios, measured in the same run, more than the seconds)",
        "",
    ]
    lines += _summary(results)
    lines += [
        "## How it was measured",
        "",
        "- Data: `python -m logframe demo-data --layout L` writes the same rows (indicators x areas x months) split "
        "into files as analysts send them: **indicator-year** (a folder per indicator, a file per financial "
        "year), **area** (four large extracts, each a block of areas), **period** (four large extracts, each a "
        "block of months), **national** (one file), **revision** (the area layout plus a small newer file "
        "revising the last three months for the dashboard's own areas). Areas beyond the registry's are in the "
        "folder's `areas.csv`.",
        "- **cold**: the page's first run in a fresh process (median of the rounds), with the validation cache "
        "and the consolidated store already built. The app always opens on the overview, so for the other pages "
        "the process has first run the overview (their own queries are still cold); the overview's cold includes "
        "importing the app's own modules (logframe, Plotly), not Streamlit, pandas, pyarrow and DuckDB, which the "
        "pandas and raw DuckDB runs also import before their clocks start.",
        "- **warm**: the same page rerun in the same process (median of 5). **new filter**: a warm process, a "
        "filter not seen before (area Thanet on the overview, another indicator on the indicator page). Pages run "
        "through AppTest, which otherwise compiles the scripts afresh on every run; like a server, the benchmark "
        "keeps one compiled copy per process.",
        "- **raw DuckDB**: the page's named queries, with the same bound parameters, on the extract files "
        "themselves (not the app's store), on a fresh DuckDB connection in a fresh process (results fetched as "
        "Arrow); *warm* is the second run on the same connection.",
        "- **of which data layer**: the part of the app's cold run spent taking the snapshot and running the "
        "named queries into pandas.",
        "- **pandas**: every file read with `pd.read_parquet`, concatenated, then the overview's numbers computed "
        "in pandas: for each indicator the Kent and Medway overview lists, the latest value in the area it is "
        "judged in (Kent and Medway, or the indicator's own geography inside it, such as Kent for a Kent-only "
        "indicator: which area is the registry's rule, read before the clock starts), newest file winning, small "
        "counts suppressed; *cold* includes reading. Its answer (indicator, area, period, value) is checked "
        "against the app's own assessment, and `make bench` fails when they differ. (Until issue 19 the pandas "
        "side took every indicator's Kent and Medway rows and the app's side only indicators judged in Kent and "
        "Medway itself, so 16 indicators judged in Kent or Medway made them differ in every layout.)",
        "- **first open**: a fresh process with nothing cached (every file validated, the store built in the "
        "background): the overview's first run.",
        "- **revision**: a one-row file revising the latest month of one indicator for Kent and Medway dropped "
        "into the folder of a running process; the reruns until the overview shows it, then removed again.",
        "- **sessions**: `deploy/serve.py` (what `make serve` runs): N Streamlit processes behind nginx with "
        "sticky sessions, warmed up, sharing the extracts and cache folders. Each session loads the page as a "
        "browser does (getting its sticky cookie), opens a link to the overview for its own area and outcome, then "
        "the Indicator page, then another outcome, over the WebSocket (bench/sessions.py), all at once; *open* is "
        "the time to a rendered overview. No session may see another's filters.",
        "- Peak memory: `ru_maxrss` of each process.",
        "",
    ]
    for res in results:
        lines += _case_section(res)
    for name in ("misses.md", "optimisations.md"):
        notes = Path(__file__).with_name(name)
        if notes.is_file() and (name != "misses.md" or any(not ok for r in results for _, _, ok in targets(r))):
            lines += [notes.read_text(encoding="utf-8").rstrip(), ""]
    lines += ["## Reproduce", "", "```sh", "make bench        # = .venv/bin/python bench/run.py", command, "```", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _summary(results: list[dict]) -> list[str]:
    """One table: each target (rows) against each size and layout (columns)."""
    cases = [(f"{r['layout']} ({r['size']})", targets(r)) for r in results]
    if not cases:
        return []
    names = [t for t, _, _ in cases[0][1]]
    missed = sum(not ok for _, ts in cases for _, _, ok in ts)
    lines = ["## Targets (issues 13 and 19), per layout", "",
             f"{'Every target met in every layout.' if not missed else f'**{missed} target(s) missed** (marked no; '}"
             f"{'' if not missed else 'why: *Targets not met, and why*, below).'}"
             " Each cell: what was measured, and whether it meets the target.", "",
             "| target | " + " | ".join(c for c, _ in cases) + " |", "|---|" + "---|" * len(cases)]
    for n, name in enumerate(names):
        cells = []
        for _, ts in cases:
            _, measured, ok = ts[n]
            cells.append(f"{measured}: {'yes' if ok else '**no**'}")
        lines.append(f"| {name} | "
                     + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _case_section(res: dict) -> list[str]:
    rows = f"{res['rows']:,}"
    lines = [f"## {rows} rows, {res['layout']} layout ({res['size']}, {res['files']} files, the largest "
             f"{res['largest_file_rows']:,} rows)", "",
             "| page | cold | of which data layer | warm | new filter | raw DuckDB cold | raw DuckDB warm "
             "| app / raw (cold) | errors |",
             "|---|---|---|---|---|---|---|---|---|"]
    for p, e in res["pages"].items():
        lines.append(f"| {p} | {_s(e['cold_s'])} | {_s(e['data_s'])} | {_s(e['warm_s'])} | {_s(e['filter_s'])} "
                     f"| {_s(e['raw_cold_s'])} | {_s(e['raw_warm_s'])} | {_x(e['cold_s'], e['raw_cold_s'])} "
                     f"| {len(e['errors']) or 'none'} |")
    ov, pdr = res["pages"]["overview"], res["pandas"]
    lines += [
        "",
        f"- Pandas overview: cold {_s(pdr['cold_s'])} (reading {_s(pdr['read_s'])}), warm {_s(pdr['warm_s'])}, "
        f"peak {_gb(pdr['rss_mb'])}; **pandas / app: {_x(pdr['cold_s'], ov['cold_s'])} cold, "
        f"{_x(pdr['warm_s'], ov['warm_s'])} warm**; same answer as the app: {'yes' if pdr['same_answer'] else 'NO'} "
        f"(the latest value, its period and the area it is judged in, for each of the {pdr.get('indicators', '?')} "
        "indicators the overview lists)"
        + ("." if pdr["same_answer"] else ": " + "; ".join(pdr.get("differences", [])[:5]) + "."),
        f"- First open with nothing cached (every file validated): {_s(res['first_open']['s'])}; the consolidated "
        f"store was ready {_s(res['first_open']['store_ready_s'])} after the first request (built in the "
        f"background); that process peaked at {_gb(res['first_open']['rss_mb'])}.",
        f"- Peak memory: app and raw processes {_gb(res['app_rss_mb'])}, each server process under the sessions "
        f"{_gb(res['sessions_rss_mb'])}, pandas {_gb(pdr['rss_mb'])}.",
    ]
    d = res["drop"]
    lines.append(f"- Revision file dropped (the latest month for Kent and Medway, {d['value']}): seen after "
                 f"{d['reruns']} rerun(s), {_s(d['seen_s'])} (read from the files while the new store is built; "
                 f"{_s(d['store_wait_s'])} later the store is ready and a rerun takes {_s(d['after_store_s'])}); "
                 f"gone again one rerun after removal ({_s(d['removed_s'])}): "
                 f"{'yes' if d['gone_after_removal'] else 'NO'}.")
    for s in (res["sessions"], res["sessions_many"], *([res["sessions_crowd"]] if "sessions_crowd" in res else [])):
        steps = "; ".join(f"{k} median {_s(v['median_s'])}, p95 {_s(v['p95_s'])}, max {_s(v['max_s'])}"
                          for k, v in s["steps"].items())
        spread = ", ".join(f"{w}: {n}" for w, n in sorted(s.get("workers", {}).items()))
        lines.append(f"- {s['sessions']} sessions at once through nginx to {res['workers']} processes ({spread}): "
                     f"{len(s['errors'])} errors, {len(s['leaks'])} filter leaks; {steps}; all done in "
                     f"{_s(s['wall_s'])}.")
        for e in (s["errors"] + s["leaks"])[:5]:
            lines.append(f"  - {e}")
    lines.append("")
    return lines


def main(argv: list[str] | None = None) -> int:
    from logframe.scale import LAYOUTS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10m", help=f"comma-separated, from {', '.join(SIZES)}")
    ap.add_argument("--layouts", default=",".join(LAYOUTS), help=f"comma-separated, from {', '.join(LAYOUTS)}")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"), help="where data and caches go (not committed)")
    ap.add_argument("--results", default=None, help="the report (default bench/RESULTS.md; with --smoke, OUT/RESULTS.md)")
    ap.add_argument("--repeat", type=int, default=3, help="fresh-process rounds per page")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--many", type=int, default=50, help="the larger crowd: no errors allowed")
    ap.add_argument("--crowd", type=int, default=100,
                    help="the largest crowd (issue 19): p95 to a rendered overview < 3 s, no errors; 0 skips it")
    ap.add_argument("--workers", type=int, default=2, help="server processes behind nginx")
    ap.add_argument("--smoke", action="store_true",
                    help="2,000 rows, two layouts, one round, 3 and 5 sessions, pages in one process")
    # worker modes (internal)
    ap.add_argument("--worker", choices=["pages", "raw", "pandas", "drop", "latest"])
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--warm-runs", type=int, default=5)
    ap.add_argument("--wait-store", action="store_true", help="wait for the background store before exiting")
    ap.add_argument("--params")
    ap.add_argument("--files")
    ap.add_argument("--area", default=KM)
    ap.add_argument("--folder")
    ap.add_argument("--months", type=int)
    args = ap.parse_args(argv)

    if args.worker:
        pages = args.pages.split(",")
        result = {
            "pages": lambda: worker_pages(pages, args.warm_runs, args.wait_store),
            "raw": lambda: worker_raw(args.params, pages),
            "pandas": lambda: worker_pandas(args.files, args.area),
            "drop": lambda: worker_drop(args.folder, args.months),
            "latest": lambda: worker_latest(args.area),
        }[args.worker]()
        _emit(result)
        return 0

    if args.smoke:
        args.sizes, args.repeat = "2k", 1
        args.sessions, args.many, args.crowd = min(args.sessions, 3), min(args.many, 5), min(args.crowd, 6)
        if args.layouts == ",".join(LAYOUTS):
            args.layouts = "indicator-year,revision"
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    results_path = Path(args.results) if args.results else (out / "RESULTS.md" if args.smoke
                                                            else ROOT / "bench" / "RESULTS.md")
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    layouts = [s.strip() for s in args.layouts.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES] + [x for x in layouts if x not in LAYOUTS]
    if unknown:
        ap.error(f"unknown size(s) or layout(s) {unknown}; sizes: {', '.join(SIZES)}; layouts: {', '.join(LAYOUTS)}")
    from deploy.serve import find_nginx
    if find_nginx() is None:
        ap.error("nginx is not installed (make bench installs it: make serve-deps)")
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = _machine()
    t = time.perf_counter()
    results = []
    for size in sizes:
        for layout in layouts:
            results.append(bench_case(size, layout, out, args.repeat, args.sessions, args.many, args.workers,
                                      args.smoke, args.crowd))
            (out / "results.json").write_text(json.dumps({"machine": machine, "results": results}, indent=1))
    machine["load_end"] = os.getloadavg()
    command = ".venv/bin/python bench/run.py " + " ".join(a for a in (argv if argv is not None else sys.argv[1:]))
    write_results(results_path, machine, results, command.strip(), started, time.perf_counter() - t)
    _say(f"wrote {results_path}")
    differ = [f"{r['size']}-{r['layout']}" for r in results if not r["pandas"]["same_answer"]]
    if differ:  # a speed-up over a different answer proves nothing
        _say(f"the pandas baseline's answer differs from the app's in: {', '.join(differ)} (see {results_path})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
