"""The benchmark: the dashboard at about 10 thousand, 1 million and 10 million rows (`make bench`).

For each size it generates scale data (python -m logframe demo-data) under bench/out/, then measures, each in a
fresh process unless said otherwise:
  - every page through AppTest: cold (the page's first run in a fresh process) and warm (the same page again);
  - the raw DuckDB time of the queries each page needs, on a fresh connection, no Streamlit, no pandas;
  - a plain pandas overview (read every file, filter and aggregate in pandas) as the usual alternative;
  - peak memory (ru_maxrss) of each process;
  - the time from dropping a new file into the folder to seeing it on the page (one AppTest rerun);
  - 20 sessions at once against one `streamlit run` server, driven over its WebSocket as browser tabs do
    (bench/sessions.py), checking that no session sees another's filters.
and writes bench/RESULTS.md. Ratios are measured in the same run, so they mean more than the seconds on a
shared machine. `--smoke` runs a tiny version (used by tests/bench); the worker modes are internal.

    .venv/bin/python bench/run.py                       # 10k, 1m and 10m: writes bench/RESULTS.md
    .venv/bin/python bench/run.py --sizes 10k,1m        # a subset
    .venv/bin/python bench/run.py --smoke --out /tmp/b  # a 2,000-row run in a couple of minutes
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
from datetime import datetime, timezone
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
    from streamlit.runtime import pages_manager
    from streamlit.testing.v1 import AppTest
    if not getattr(pages_manager.PagesManager, "_bench_patched", False):
        # AppTest resets the class-wide "uses the legacy pages/ folder" flag before every run, and a pages/ folder
        # sits beside dashboard.py, so its reruns execute the page alone, without dashboard.py (no sidebar, stale
        # filters). A server sets the flag once; st.navigation clears it on the first run. Do the same here.
        init = pages_manager.PagesManager.__init__

        def __init__(self, *args, **kwargs):
            init(self, *args, **kwargs)
            pages_manager.PagesManager.uses_pages_directory = False

        pages_manager.PagesManager.__init__ = __init__
        pages_manager.PagesManager._bench_patched = True
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900)


def _errors(at) -> list[str]:
    return [str(e.message)[:300] for e in at.exception]


def _timed_run(at) -> float:
    t = time.perf_counter()
    at.run()
    return time.perf_counter() - t


def worker_pages(pages: list[str], warm_runs: int, wait_store: bool = False) -> dict:
    """Cold and warm AppTest run time of each page, in this (fresh) process, in the order given."""
    t = time.perf_counter()
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
            at.switch_page(f"pages/{page}.py")
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
            from logframe.extracts import registry_for as load_registry  # with the folder's areas.csv
            from logframe.scale import usable_indicators
            current = at.session_state["f_indicator"]
            at.session_state["f_indicator"] = next(i.id for i in usable_indicators(load_registry()) if i.id != current)
            entry["filter_s"] = _timed_run(at)
        entry["errors"] += _errors(at)
        out["pages"][page] = entry
    if wait_store:
        out["store_ready_s"] = _wait_for_store() - t_first
    return out


def _time_data_layer() -> list[float]:
    """Add up the time the app spends in its data layer (taking the snapshot, running named queries)."""
    from logframe import db, extracts
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
    extracts._snapshot = timed(extracts._snapshot)
    return total


def _wait_for_store() -> float:
    """Wait for the background store of the current snapshot; return the clock time when it is there."""
    from logframe import extracts
    from logframe.extracts import registry_for as load_registry  # with the folder's areas.csv
    extracts.build_store(extracts.take_snapshot(registry=load_registry()), wait=True)
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
    """The overview the usual way: every file into pandas, then filter, de-duplicate and take the latest there."""
    import pandas as pd
    from logframe.periods import parse_period
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

    def overview(data: pd.DataFrame) -> pd.DataFrame:
        own = data[data["area_code"] == area]
        own = own.sort_values("source_mtime").drop_duplicates(["indicator_id", "area_code", "period"], keep="last")
        own = own[own["value"].notna() & ~(own["numerator"] < 5)]
        positions = {p: parse_period(p).position for p in own["period"].unique()}
        own = own.assign(position=own["period"].map(positions))
        latest = own.loc[own.groupby("indicator_id")["position"].idxmax()]
        return latest[["indicator_id", "period", "value"]].sort_values("indicator_id")

    t = time.perf_counter()
    latest = overview(data)
    first_s = time.perf_counter() - t
    t = time.perf_counter()
    overview(data)
    compute_s = time.perf_counter() - t
    return {"read_s": read_s, "cold_s": read_s + first_s, "warm_s": compute_s, "rows": len(data),
            "latest": {r.indicator_id: [r.period, r.value] for r in latest.itertuples()}}


def worker_drop(folder: str) -> dict:
    """Drop a new file (a revised latest month for Kent and Medway) and count the reruns until the page shows it."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from logframe.extracts import registry_for as load_registry  # with the folder's areas.csv
    from logframe.present import format_value
    registry = load_registry()
    unit = registry.indicators[INDICATOR].unit
    value = 42.4
    shown = format_value(unit, value)
    at = _app()
    at.run()
    at.run()
    before = shown in _page_text(at)
    latest = max(p.name for p in (Path(folder) / INDICATOR).glob("*.parquet"))
    period = pq.read_table(Path(folder) / INDICATOR / latest, columns=["period"]).column(0).to_pylist()
    period = max(period)
    drop = Path(folder) / "dropped" / "revision.parquet"
    drop.parent.mkdir(exist_ok=True)
    table = pa.table({"indicator_id": [INDICATOR], "area_code": [KM], "period": [period], "value": [value],
                      "lower_ci": [value - 1], "upper_ci": [value + 1]})
    pq.write_table(table, drop)
    try:
        seen_s, reruns = None, 0
        for reruns in range(1, 4):
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


def make_data(out: Path, size: str) -> Path:
    """Generate (or reuse) the scale data for a size, through the CLI an analyst would use."""
    ind, areas, periods = SIZES[size]
    folder = out / size
    stamp = folder / ".params"
    wanted = json.dumps([ind, areas, periods, 2025])
    if not (stamp.is_file() and stamp.read_text() == wanted):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "logframe", "demo-data", "--out", str(folder), "--indicators", str(ind),
                        "--areas", str(areas), "--periods", str(periods), "--seed", "2025"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        stamp.write_text(wanted)
    return folder


def page_queries(folder: Path, env: dict) -> dict:
    """The snapshot's bound parameters and, per page, the named queries (and parameters) that page runs."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        from logframe import assessments, districts, extracts
        from logframe.extracts import registry_for as load_registry  # with the folder's areas.csv
        registry = load_registry()
        snap = extracts.take_snapshot(folder, registry)
        params = snap.params()
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
            "indicator": [["observations", {"indicator_ids": [INDICATOR], "area_codes": [KM]}],
                          ["observations", {"indicator_ids": [INDICATOR], "area_codes": None}]],
            "districts": [["district_coverage", {"district_codes": [a.code for a in registry.districts()]}],
                          ["district_values", {"indicator_id": pick, "period": periods[-1],
                                               "area_codes": districts.query_areas(registry)}]],
            "logframe": [["observations", {"indicator_ids": ids, "area_codes": own}]],
            "data": [["conflicts", {}], ["latest_periods", {}]],
        },
    }


def bench_size(size: str, out: Path, repeat: int, sessions: int, smoke: bool) -> dict:
    folder = make_data(out, size)
    rows = SIZES[size][0] * SIZES[size][1] * SIZES[size][2]
    cache = out / f"cache-{size}"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "LOGFRAME_EXTRACTS_DIR": str(folder), "LOGFRAME_CACHE_DIR": str(cache),
           "PYTHONPATH": str(ROOT)}
    res: dict = {"size": size, "rows": rows, "files": len(list(folder.rglob("*.parquet")))}

    _say(f"[{size}] first open, nothing cached (every file validated)")
    first = _run_worker(["--worker", "pages", "--pages", "overview", "--warm-runs", "1", "--wait-store"], env)
    res["first_open"] = {"s": first["pages"]["overview"]["cold_s"], "rss_mb": first["rss_mb"],
                         "store_ready_s": first["store_ready_s"]}

    spec = page_queries(folder, {"LOGFRAME_EXTRACTS_DIR": str(folder), "LOGFRAME_CACHE_DIR": str(cache)})
    spec_file = out / f"queries-{size}.json"
    spec_file.write_text(json.dumps(spec))
    files_file = out / f"files-{size}.json"
    files_file.write_text(json.dumps(spec["files"]))

    app: dict = {p: [] for p in PAGES}
    raw: dict = {p: [] for p in PAGES}
    rss: list[float] = []
    for n in range(repeat):
        _say(f"[{size}] pages, round {n + 1}/{repeat}")
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

    _say(f"[{size}] pandas overview")
    pdr = _run_worker(["--worker", "pandas", "--files", str(files_file), "--area", KM], env)
    res["pandas"] = {k: pdr[k] for k in ("read_s", "cold_s", "warm_s", "rss_mb", "rows")}
    check = _run_worker(["--worker", "latest", "--area", KM], env)
    res["pandas"]["same_answer"] = check["latest"] == pdr["latest"]

    _say(f"[{size}] drop a file")
    res["drop"] = _run_worker(["--worker", "drop", "--folder", str(folder)], env)

    _say(f"[{size}] {sessions} sessions at once against one server")
    from bench.sessions import run_sessions, server
    with server(env, out / f"server-{size}.log") as (port, proc):
        res["sessions"] = run_sessions(port, sessions)  # a fresh server: the first visitors fill its caches
        res["sessions_again"] = run_sessions(port, sessions)  # the same links again: what the day looks like
    res["sessions_rss_mb"] = proc.maxrss_mb
    return res


def worker_latest(area: str) -> dict:
    """The latest value per indicator for the area from the app's own assessment (to check pandas' answer)."""
    from logframe import assessments, extracts
    from logframe.extracts import registry_for as load_registry  # with the folder's areas.csv
    registry = load_registry()
    snap = extracts.take_snapshot(registry=registry)
    rows = assessments.assess(registry, snap, area)
    return {"latest": {a.indicator_id: [a.period, a.value] for a in sorted(rows, key=lambda a: a.indicator_id)
                       if a.area_code == area and a.value is not None}}


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
            "pandas": pandas.__version__, "pyarrow": pyarrow.__version__, "load": os.getloadavg()}


def _s(v) -> str:
    if v is None:
        return "–"
    return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"


def _x(a, b) -> str:
    return "–" if not a or not b else f"{a / b:.1f}x"


def _gb(mb) -> str:
    return f"{mb / 1024:.2f} GB"


def targets(res: dict) -> list[tuple[str, str, bool]]:
    """(target, measured, met) at the target size."""
    p = res["pages"]
    ov, ind = p["overview"], p["indicator"]
    peak = max(res["app_rss_mb"], res["drop"]["rss_mb"], res["first_open"]["rss_mb"])
    worst_ratio = max(p[k]["cold_s"] / p[k]["raw_cold_s"] for k in ("overview", "indicator"))
    worst_data = max(p[k]["data_s"] / p[k]["raw_cold_s"] for k in ("overview", "indicator"))
    return [
        ("Overview warm < 0.3 s", _s(ov["warm_s"]), ov["warm_s"] < 0.3),
        ("Overview cold < 2 s", _s(ov["cold_s"]), ov["cold_s"] < 2),
        ("Indicator warm < 0.5 s", _s(ind["warm_s"]), ind["warm_s"] < 0.5),
        ("Peak memory < 1.5 GB: an app process (pages, first open, dropped file)", _gb(peak), peak < 1536),
        ("Peak memory < 1.5 GB: the server under 20 sessions at once, twice", _gb(res["sessions_rss_mb"]),
         res["sessions_rss_mb"] < 1536),
        ("App within 2x raw DuckDB: whole page run, cold (overview, indicator; worst)", f"{worst_ratio:.1f}x",
         worst_ratio <= 2),
        ("App within 2x raw DuckDB: the app's data layer, cold (overview, indicator; worst)", f"{worst_data:.1f}x",
         worst_data <= 2),
        ("Pandas / app >= 10x (overview, cold)", _x(res["pandas"]["cold_s"], ov["cold_s"]),
         res["pandas"]["cold_s"] / ov["cold_s"] >= 10),
        ("A dropped file visible within one rerun", f"{res['drop']['reruns']} rerun(s), {_s(res['drop']['seen_s'])}",
         res["drop"]["reruns"] == 1),
        ("20 sessions at once on one server: no errors, no leaks",
         f"{sum(len(res[k]['errors']) for k in ('sessions', 'sessions_again'))} errors, "
         f"{sum(len(res[k]['leaks']) for k in ('sessions', 'sessions_again'))} leaks",
         not any(res[k]["errors"] or res[k]["leaks"] for k in ("sessions", "sessions_again"))
         and res["sessions"]["sessions"] >= 20),
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
        f"pandas {machine['pandas']}, pyarrow {machine['pyarrow']}",
        f"- Load average when the run started: {', '.join(f'{x:.1f}' for x in machine['load'])} "
        "(a shared machine: compare the ratios, measured in the same run, more than the seconds)",
        "",
        "## How it was measured",
        "",
        "- Data: `python -m logframe demo-data` (indicators x areas x months, one file per indicator per financial "
        "year, areas beyond the registry's in the folder's `areas.csv`).",
        "- **cold**: the page's first run in a fresh process (median of the rounds). The app always opens on the "
        "overview, so for the other pages the process has first run the overview (their own queries are still "
        "cold); the overview's cold includes importing the app's modules. The persistent validation cache is warm "
        "(the *first open* line shows the run with nothing cached at all).",
        "- **warm**: the same page rerun in the same process (median of 5): what a user sees on every click "
        "that does not change the data.",
        "- **new filter**: a warm process, a filter not seen before (area Thanet on the overview, another "
        "indicator on the indicator page).",
        "- **raw DuckDB**: the page's named queries, with the same bound parameters, on a fresh DuckDB connection "
        "in a fresh process (results fetched as Arrow); *warm* is the second run on the same connection.",
        "- **app / raw**: app cold / raw DuckDB cold: what the app adds (Python imports, validation lookup, "
        "pandas, the trajectory rules, drawing). **of which data layer**: the part of the cold run spent taking the "
        "snapshot and running the named queries into pandas; **data layer / raw** compares that with DuckDB alone.",
        "- **pandas**: every file read with `pd.read_parquet`, concatenated, then the overview's numbers (latest "
        "value per indicator for Kent and Medway, newest file winning, small counts suppressed) computed in "
        "pandas; *cold* includes reading, *warm* is the computation alone on the frame in memory. Its answer is "
        "checked against the app's.",
        "- Peak memory: `ru_maxrss` of each process.",
        "",
    ]
    for res in results:
        lines += _size_section(res)
    at = next((r for r in results if r["size"] == TARGETS_AT), None)
    if at is not None:
        lines += ["## Targets at 10 million rows", "", "| target | measured | met |", "|---|---|---|"]
        lines += [f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in targets(at)]
        lines.append("")
    notes = Path(__file__).with_name("optimisations.md")
    if notes.is_file():
        lines += [notes.read_text(encoding="utf-8").rstrip(), ""]
    lines += ["## Reproduce", "", "```sh", "make bench        # = .venv/bin/python bench/run.py", command, "```", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _size_section(res: dict) -> list[str]:
    rows = f"{res['rows']:,}"
    lines = [f"## {rows} rows ({res['size']}, {res['files']} files)", "",
             "| page | cold | of which data layer | warm | new filter | raw DuckDB cold | raw DuckDB warm "
             "| app / raw (cold) | data layer / raw | errors |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for p, e in res["pages"].items():
        lines.append(f"| {p} | {_s(e['cold_s'])} | {_s(e['data_s'])} | {_s(e['warm_s'])} | {_s(e['filter_s'])} "
                     f"| {_s(e['raw_cold_s'])} | {_s(e['raw_warm_s'])} | {_x(e['cold_s'], e['raw_cold_s'])} "
                     f"| {_x(e['data_s'], e['raw_cold_s'])} | {len(e['errors']) or 'none'} |")
    ov, pdr = res["pages"]["overview"], res["pandas"]
    lines += [
        "",
        f"- Pandas overview: cold {_s(pdr['cold_s'])} (reading {_s(pdr['read_s'])}), warm {_s(pdr['warm_s'])}, "
        f"peak {_gb(pdr['rss_mb'])}; **pandas / app: {_x(pdr['cold_s'], ov['cold_s'])} cold, "
        f"{_x(pdr['warm_s'], ov['warm_s'])} warm**; same answer as the app: {'yes' if pdr['same_answer'] else 'NO'}.",
        f"- First open with nothing cached (every file validated): {_s(res['first_open']['s'])}; the consolidated "
        f"store was ready {_s(res['first_open']['store_ready_s'])} after the first request (built in the "
        f"background); that process peaked at {_gb(res['first_open']['rss_mb'])}.",
        f"- Peak memory: app processes {_gb(res['app_rss_mb'])}, the server under {res['sessions']['sessions']} sessions "
        f"{_gb(res['sessions_rss_mb'])}, "
        f"pandas {_gb(pdr['rss_mb'])}.",
    ]
    d = res["drop"]
    lines.append(f"- Dropped file (a revised latest month for Kent and Medway, {d['value']}): seen after "
                 f"{d['reruns']} rerun(s), {_s(d['seen_s'])} (read from the files while the new store is built; "
                 f"{_s(d['store_wait_s'])} later the store is ready and a rerun takes {_s(d['after_store_s'])}); "
                 f"gone again one rerun after removal ({_s(d['removed_s'])}): "
                 f"{'yes' if d['gone_after_removal'] else 'NO'}.")
    for label, s in (("a fresh server", res["sessions"]), ("the same links again", res["sessions_again"])):
        steps = "; ".join(f"{k} median {_s(v['median_s'])}, p95 {_s(v['p95_s'])}, max {_s(v['max_s'])}"
                          for k, v in s["steps"].items())
        lines.append(f"- {s['sessions']} sessions at once against one `streamlit run` server, {label}: "
                     f"{len(s['errors'])} errors, {len(s['leaks'])} filter leaks; {steps}; all done in "
                     f"{_s(s['wall_s'])}.")
        for e in (s["errors"] + s["leaks"])[:5]:
            lines.append(f"  - {e}")
    lines.append("")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,1m,10m", help=f"comma-separated, from {', '.join(SIZES)}")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"), help="where data and caches go (not committed)")
    ap.add_argument("--results", default=None, help="the report (default bench/RESULTS.md; with --smoke, OUT/RESULTS.md)")
    ap.add_argument("--repeat", type=int, default=3, help="fresh-process rounds per page")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--smoke", action="store_true", help="2,000 rows, one round, 3 sessions, pages in one process")
    # worker modes (internal)
    ap.add_argument("--worker", choices=["pages", "raw", "pandas", "drop", "latest"])
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--warm-runs", type=int, default=5)
    ap.add_argument("--wait-store", action="store_true", help="wait for the background store before exiting")
    ap.add_argument("--params")
    ap.add_argument("--files")
    ap.add_argument("--area", default=KM)
    ap.add_argument("--folder")
    args = ap.parse_args(argv)

    if args.worker:
        pages = args.pages.split(",")
        result = {
            "pages": lambda: worker_pages(pages, args.warm_runs, args.wait_store),
            "raw": lambda: worker_raw(args.params, pages),
            "pandas": lambda: worker_pandas(args.files, args.area),
            "drop": lambda: worker_drop(args.folder),
            "latest": lambda: worker_latest(args.area),
        }[args.worker]()
        _emit(result)
        return 0

    if args.smoke:
        args.sizes, args.repeat, args.sessions = "2k", 1, min(args.sessions, 3)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    results_path = Path(args.results) if args.results else (out / "RESULTS.md" if args.smoke
                                                            else ROOT / "bench" / "RESULTS.md")
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        ap.error(f"unknown size(s) {unknown}; choose from {', '.join(SIZES)}")
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    machine = _machine()
    t = time.perf_counter()
    results = []
    for size in sizes:
        results.append(bench_size(size, out, args.repeat, args.sessions, args.smoke))
        (out / "results.json").write_text(json.dumps({"machine": machine, "results": results}, indent=1))
    command = ".venv/bin/python bench/run.py " + " ".join(a for a in (argv if argv is not None else sys.argv[1:]))
    write_results(results_path, machine, results, command.strip(), started, time.perf_counter() - t)
    _say(f"wrote {results_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
