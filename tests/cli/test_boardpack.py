"""python -m logframe boardpack: writes the pack, compares with a previous one, and refuses bad input plainly."""
import os
import re
import subprocess
import sys

from logframe.boardpack import read_previous
from tests.conftest import ROOT

ENV = {**os.environ, "LOGFRAME_EXTRACTS_DIR": str(ROOT / "data" / "extracts")}


def boardpack(*args):
    return subprocess.run([sys.executable, "-m", "logframe", "boardpack", *args], cwd=ROOT, capture_output=True,
                          text=True, env=ENV)


def test_writes_a_pack_and_compares_the_next_with_it(tmp_path):
    first = tmp_path / "packs" / "march.html"
    out = boardpack("--out", str(first), "--outcome", "SO2")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(first)
    html = first.read_text(encoding="utf-8")
    assert "Kent and Medway Integrated Care Strategy: log-frame board pack" in html
    block = read_previous(html)
    assert block["outcome"] == "SO2" and block["indicators"]

    second = tmp_path / "june.html"
    out = boardpack("--out", str(second), "--outcome", "SO2", "--previous", str(first))
    assert out.returncode == 0, out.stderr
    # Same data, so every indicator with a status is unchanged since the first pack.
    assert re.search(r"Unchanged \([a-z ]+\) since the pack of \d+ \w+ \d{4}", second.read_text(encoding="utf-8"))


def test_refuses_unknown_filters_and_a_previous_file_that_is_not_a_pack(tmp_path):
    out = boardpack("--out", str(tmp_path / "p.html"), "--area", "NOPE")
    assert out.returncode == 2 and "unknown area 'NOPE'" in out.stderr
    out = boardpack("--out", str(tmp_path / "p.html"), "--outcome", "SO9")
    assert out.returncode == 2 and "unknown shared outcome 'SO9'" in out.stderr
    other = tmp_path / "other.html"
    other.write_text("<html><body>minutes</body></html>")
    out = boardpack("--out", str(tmp_path / "p.html"), "--previous", str(other))
    assert out.returncode == 2 and "status block" in out.stderr
    out = boardpack("--out", str(tmp_path / "p.html"), "--previous", str(tmp_path / "missing.html"))
    assert out.returncode == 2 and "missing.html" in out.stderr
    assert not (tmp_path / "p.html").exists()


def test_a_folder_for_out_is_one_clear_line(tmp_path):
    for out_arg in (str(tmp_path), str(tmp_path / "new") + "/"):
        out = boardpack("--out", out_arg)
        assert out.returncode == 2 and "Traceback" not in out.stderr
        assert out.stderr.strip().count("\n") == 0 and "is a folder; give the file to write" in out.stderr
    assert not (tmp_path / "new").exists()
