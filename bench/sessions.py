"""Many people at once: sessions against one `streamlit run` server, driven over its WebSocket as a browser does.

Each session sends the rerun requests a browser tab sends (a link's query string, a page switch) and reads the
page the server streams back, so filters, caches and threads are exercised exactly as in production, without a
browser. Used by bench/run.py (20 sessions) and tests/app/test_sessions.py (a few).
"""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from deploy.client import Page, Session, run_async  # noqa: E402,F401  (re-exported: the tests import them here)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(env: dict, log: Path, timeout: float = 120):
    """`streamlit run dashboard.py` on a free 127.0.0.1 port (output to a file: a full pipe would block it).

    Yields (port, process); on exit the server is stopped and process.maxrss_mb holds its peak memory.
    """
    port = free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start; see {log}") from None
                time.sleep(0.2)
        yield port, proc
    finally:
        proc.terminate()
        try:
            _, _, usage = os.wait4(proc.pid, 0)
            proc.maxrss_mb = usage.ru_maxrss / 1024
        except ChildProcessError:
            proc.maxrss_mb = None
        proc.returncode = proc.returncode if proc.returncode is not None else -15


async def _session(port: int, area: str, area_name: str, outcomes: tuple[str, str], start: asyncio.Event) -> dict:
    """Open a link to the overview (area, outcome), then the Indicator page, then a new outcome; check each."""
    out: dict = {"area": area, "times": {}, "errors": [], "leaks": []}
    first, second = outcomes
    async with Session(port) as s:
        out["worker"] = s.worker
        await start.wait()
        steps = [("open", f"area={area}&outcome={first}", "", first),
                 ("indicator", f"area={area}&outcome={first}", "indicator", None),
                 ("filter", f"area={area}&outcome={second}", "", second)]
        for step, query, page, outcome in steps:
            page_result = await s.open(query, page)
            out["times"][step] = page_result.seconds
            out["errors"] += [f"{step}: {e}" for e in page_result.exceptions]
            text = page_result.text
            if page == "":
                wanted = f"Showing {area_name} · {outcome}:"
                if wanted not in text:
                    shown = next((t[:70] for t in page_result.texts if t.startswith("Showing")), "no 'Showing' line")
                    out["leaks"].append(f"{step}: the overview for {area_name}/{outcome} shows {shown!r}")
            elif area_name not in text:
                out["leaks"].append(f"{step}: the indicator page for {area_name} does not name it")
    return out


async def _all(port: int, plan: list[tuple[str, str, tuple[str, str]]]) -> list[dict]:
    start = asyncio.Event()
    tasks = [asyncio.create_task(_session(port, *p, start)) for p in plan]
    await asyncio.sleep(0.5)  # every session connected, then all ask at once
    start.set()
    return await asyncio.gather(*tasks, return_exceptions=True)


def run_sessions(port: int, n: int) -> dict:
    """n sessions at once, each with its own area and shared outcome; errors, filter leaks and response times."""
    sys.path.insert(0, str(ROOT))
    from logframe.extracts import registry_for  # with the folder's areas.csv
    from logframe.filters import area_options
    registry = registry_for()
    areas, outcomes = area_options(registry), list(registry.outcomes)
    plan = [(areas[i % len(areas)], registry.area_name(areas[i % len(areas)]),
             (outcomes[i % len(outcomes)], outcomes[(i + 3) % len(outcomes)])) for i in range(n)]
    t = time.perf_counter()
    results = run_async(_all(port, plan))
    wall = time.perf_counter() - t
    errors, leaks, times, workers = [], [], {}, {}
    for r in results:
        if isinstance(r, BaseException):
            errors.append(f"{type(r).__name__}: {r}")
            continue
        errors += r["errors"]
        leaks += r["leaks"]
        workers[r["worker"]] = workers.get(r["worker"], 0) + 1
        for step, s in r["times"].items():
            times.setdefault(step, []).append(s)
    steps = {}
    for step, ts in times.items():
        ts.sort()
        steps[step] = {"median_s": ts[len(ts) // 2] if len(ts) % 2 else (ts[len(ts) // 2 - 1] + ts[len(ts) // 2]) / 2,
                       "p95_s": ts[min(len(ts) - 1, int(0.95 * len(ts)))], "max_s": ts[-1], "n": len(ts)}
    return {"sessions": n, "wall_s": wall, "steps": steps, "errors": errors, "leaks": leaks,
            "workers": {k or "direct": v for k, v in workers.items()}}
