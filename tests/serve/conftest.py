"""Two dashboard processes behind nginx, sharing one extracts folder and one cache folder (as `make serve` runs)."""
import os
import subprocess
import sys

import pytest

from deploy.serve import cluster, find_nginx
from tests.conftest import ROOT

# `make test` installs nginx (serve-deps); a bare pytest run without it skips these, CI never does
needs_nginx = pytest.mark.skipif(find_nginx() is None and not os.environ.get("CI"),
                                 reason="nginx is not installed: run `make serve-deps` or `make test`")


@pytest.fixture(scope="module")
def scale_extracts(tmp_path_factory):
    """A small scale-data folder (6 indicators x 20 areas x 17 months) written by the demo-data command."""
    folder = tmp_path_factory.mktemp("extracts")
    subprocess.run([sys.executable, "-m", "logframe", "demo-data", "--out", str(folder), "--indicators", "6",
                    "--areas", "20", "--periods", "17", "--seed", "7"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return folder


@pytest.fixture(scope="module")
def two_processes(scale_extracts, tmp_path_factory):
    """Two server processes behind the proxy, one extracts folder and one (fresh) cache folder between them."""
    cache = tmp_path_factory.mktemp("cache")
    env = {"LOGFRAME_EXTRACTS_DIR": str(scale_extracts), "LOGFRAME_CACHE_DIR": str(cache)}
    with cluster(2, env=env, run=tmp_path_factory.mktemp("run")) as c:
        yield c
