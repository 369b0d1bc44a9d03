"""Serve the dashboard with several Streamlit server processes behind nginx, with sticky sessions (`make serve`).

    .venv/bin/python deploy/serve.py --workers 3 --port 8501

Starts WORKERS `streamlit run dashboard.py` processes on 127.0.0.1 (ports PORT+1 ... PORT+WORKERS, or --worker-ports),
writes an nginx configuration from deploy/nginx.conf.template into a run folder and starts nginx in the foreground
on PORT. Every process reads the same extracts folder (LOGFRAME_EXTRACTS_DIR) and cache folder (LOGFRAME_CACHE_DIR):
verdicts and consolidated stores are written once and shared, one store build at a time (logframe.extracts).
Stops everything on Ctrl-C or SIGTERM; a process that dies is restarted. Used by the tests and the benchmark too.
"""
from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
log = logging.getLogger("logframe.serve")


def find_nginx() -> str | None:
    """The nginx binary (Debian puts it in /usr/sbin, which a user's PATH may lack), or None."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                          if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_config(run: Path, listen: str, upstreams: list[str], max_body_mb: int = 60) -> str:
    """The nginx configuration for these upstream host:port addresses, listening on listen (host:port)."""
    servers = "\n".join(f"        server {u} max_fails=3 fail_timeout=10s;" for u in upstreams)
    names = [f"w{n + 1}" for n in range(len(upstreams))]
    pinned = "\n".join(f"    upstream logframe_{name} {{\n        server {u};\n        keepalive 8;\n    }}"
                       for name, u in zip(names, upstreams))
    # As root, nginx's workers drop to nobody; they only relay sockets (no temporary files), so that is enough.
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {"RUN": str(run), "LISTEN": listen, "SERVERS": servers, "USER": user,
                       "MAX_BODY": f"{max_body_mb}m", "PINNED": pinned,
                       "COOKIE_TO_UPSTREAM": "\n".join(f"        {n} logframe_{n};" for n in names),
                       # the address that answered is the last one nginx tried
                       "ADDRESS_TO_NAME": "\n".join(f'        "~(^|[ ,]){re.escape(u)}$" {n};'
                                                    for n, u in zip(names, upstreams))}.items():
        text = text.replace(f"@{key}@", value)
    return text


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """One dashboard process, set up for production: no file watcher, no usage statistics."""
    return [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
            "--server.address", address, "--server.headless", "true", "--server.fileWatcherType", "none",
            "--server.runOnSave", "false", "--browser.gatherUsageStats", "false"]


def wait_healthy(url: str, proc: subprocess.Popen | None, timeout: float, log_file: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: the process exited ({proc.returncode}); see {log_file}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout:.0f} s; see {log_file}")
        time.sleep(0.2)


@dataclass
class Cluster:
    """Running worker processes and the proxy in front of them."""
    port: int
    worker_ports: list[int]
    run: Path
    workers: list[subprocess.Popen] = field(default_factory=list)
    proxy: subprocess.Popen | None = None
    env: dict = field(default_factory=dict)

    def worker_log(self, n: int) -> Path:
        return self.run / f"worker-{n + 1}.log"

    def start_worker(self, n: int) -> subprocess.Popen:
        with open(self.worker_log(n), "a") as out:  # a file, not a pipe: a full pipe would block the server
            proc = _Popen(streamlit_command(self.worker_ports[n]), cwd=ROOT, env=self.env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        if n < len(self.workers):
            self.workers[n] = proc
        else:
            self.workers.append(proc)
        return proc

    def stop(self) -> None:
        """Stop nginx and the processes (TERM, then KILL after 15 s); peak_mb then holds each process's peak memory."""
        for proc in [self.proxy, *self.workers]:
            if proc is not None and proc.poll() is None:
                proc.terminate()
        self.peak_mb = []
        for proc in [self.proxy, *self.workers]:
            if proc is None:
                continue
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc is not self.proxy:
                self.peak_mb.append(getattr(proc, "peak_mb", None))


class _Popen(subprocess.Popen):
    """A Popen that keeps the child's peak memory (ru_maxrss) when it is reaped."""
    peak_mb: float | None = None

    def _try_wait(self, wait_flags):
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0
        if pid:
            self.peak_mb = usage.ru_maxrss / 1024
        return pid, status


@contextmanager
def cluster(workers: int, port: int | None = None, env: dict | None = None, run: Path | None = None,
            worker_ports: list[int] | None = None, timeout: float = 120, listen: str = "127.0.0.1",
            warm: bool = True):
    """Start workers and nginx, warm each worker up (unless warm is False); yield the Cluster; stop them all on
    exit."""
    nginx = find_nginx()
    if nginx is None:
        raise RuntimeError("nginx is not installed: `make serve-deps` installs Debian's package")
    port = port or free_port()
    worker_ports = worker_ports or [free_port() for _ in range(workers)]
    run = Path(run or tempfile.mkdtemp(prefix="logframe-serve-"))
    run.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **(env or {})}
    # DuckDB threads per query: the cores shared out between the processes (LOGFRAME_THREADS, if set, wins)
    env.setdefault("LOGFRAME_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))
    c = Cluster(port=port, worker_ports=worker_ports, run=run, env=env)
    try:
        for n in range(workers):
            c.start_worker(n)
        conf = run / "nginx.conf"
        conf.write_text(nginx_config(run, f"{listen}:{port}", [f"127.0.0.1:{p}" for p in worker_ports]))
        with open(run / "nginx.log", "a") as out:
            c.proxy = subprocess.Popen([nginx, "-p", str(run), "-c", str(conf), "-g", "daemon off;"],
                                       stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        for n, wp in enumerate(worker_ports):
            wait_healthy(f"http://127.0.0.1:{wp}/_stcore/health", c.workers[n], timeout, c.worker_log(n))
        wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", c.proxy, timeout, run / "nginx-error.log")
        if warm:
            warm_up_all(c)
        yield c
    finally:
        c.stop()


def warm_up_all(c: Cluster) -> None:
    """Open every page once in each process, all at once: imports, the registry, the extracts' snapshot and its
    store are then ready before the first person arrives (otherwise the first visitors all wait for them)."""
    from concurrent.futures import ThreadPoolExecutor

    from deploy.client import warm_up
    started = time.perf_counter()
    with ThreadPoolExecutor(len(c.worker_ports)) as pool:
        for port, errors in zip(c.worker_ports, pool.map(warm_up, c.worker_ports)):
            for e in errors:
                log.warning("warming up the process on port %d: the page showed %s", port, e)
    log.info("%d process(es) warmed up in %.1f s", len(c.worker_ports), time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=2, help="Streamlit server processes (about one per core)")
    ap.add_argument("--port", type=int, default=8501, help="the port nginx listens on")
    ap.add_argument("--listen", default="0.0.0.0", help="the address nginx listens on")
    ap.add_argument("--worker-ports", default="", help="comma-separated ports for the processes (default PORT+1...)")
    ap.add_argument("--run", default=str(ROOT / ".serve"), help="folder for the nginx configuration and the logs")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.workers < 1:
        ap.error("--workers must be at least 1")
    ports = [int(p) for p in args.worker_ports.split(",") if p.strip()] or [args.port + 1 + n
                                                                           for n in range(args.workers)]
    if len(ports) != args.workers:
        ap.error("--worker-ports must list one port per worker")
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    with cluster(args.workers, port=args.port, run=Path(args.run), worker_ports=ports, listen=args.listen) as c:
        log.info("serving on http://%s:%d with %d processes (ports %s); logs in %s", args.listen, args.port,
                 args.workers, ", ".join(map(str, ports)), c.run)
        try:
            while not stopping:
                for n, proc in enumerate(c.workers):
                    if proc.poll() is not None:  # a process that died: nginx sends its sessions elsewhere
                        log.warning("worker %d (port %d) exited with %s; restarting it", n + 1, ports[n],
                                    proc.returncode)
                        c.start_worker(n)
                if c.proxy.poll() is not None:
                    log.error("nginx exited with %s; see %s", c.proxy.returncode, c.run / "nginx-error.log")
                    return 1
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        log.info("stopping")
    return 0


if __name__ == "__main__":
    sys.exit(main())
