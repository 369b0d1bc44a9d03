"""Two server processes behind nginx: sessions spread over both, each browser stays with its process, and nobody
sees another's filters."""
import urllib.request

from bench.sessions import run_sessions
from tests.serve.conftest import needs_nginx

pytestmark = needs_nginx


def get(port, cookie=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        r.read()
        return r.headers.get("X-Logframe-Worker"), r.headers.get("Set-Cookie")


def test_sessions_through_the_proxy_use_both_processes_and_keep_their_filters(two_processes):
    result = run_sessions(two_processes.port, 6)
    assert result["errors"] == [] and result["leaks"] == []
    assert {step: s["n"] for step, s in result["steps"].items()} == {"open": 6, "indicator": 6, "filter": 6}
    # least_conn hands new browsers to the process with fewer open tabs: both serve some
    assert set(result["workers"]) == {"w1", "w2"}, result["workers"]


def test_a_browser_stays_with_the_process_that_first_answered(two_processes):
    worker, cookie = get(two_processes.port)
    assert worker in ("w1", "w2") and cookie.startswith(f"logframe_worker={worker};")
    for _ in range(5):
        assert get(two_processes.port, f"logframe_worker={worker}")[0] == worker
    other = "w2" if worker == "w1" else "w1"
    assert get(two_processes.port, f"logframe_worker={other}")[0] == other


def test_a_cookie_naming_no_process_is_served_and_pinned_afresh(two_processes):
    worker, cookie = get(two_processes.port, "logframe_worker=w99")
    assert worker in ("w1", "w2") and cookie.startswith(f"logframe_worker={worker};")


def test_a_browser_pinned_to_a_process_that_died_is_served_by_another(scale_extracts, tmp_path):
    from deploy.serve import cluster
    env = {"LOGFRAME_EXTRACTS_DIR": str(scale_extracts), "LOGFRAME_CACHE_DIR": str(tmp_path / "cache")}
    with cluster(2, env=env, run=tmp_path / "run", warm=False) as c:
        assert get(c.port, "logframe_worker=w1")[0] == "w1"
        c.workers[0].kill()
        c.workers[0].wait()
        worker, cookie = get(c.port, "logframe_worker=w1")
        assert worker == "w2" and cookie.startswith("logframe_worker=w2;")  # re-pinned to the one still there
        result = run_sessions(c.port, 2)
        assert result["errors"] == [] and result["workers"] == {"w2": 2}
