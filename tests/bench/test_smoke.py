"""The benchmark runs end to end on 2,000 rows (no timings are judged here: that is `make bench`'s job)."""
import subprocess
import sys

from tests.conftest import ROOT


def test_bench_smoke_run_writes_a_report(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--out", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    report = (tmp_path / "RESULTS.md").read_text()
    assert "## 2,040 rows" in report and "| overview |" in report and "| data |" in report
    assert "same answer as the app: yes" in report  # pandas and the app agree on the overview's numbers
    assert "seen after 1 rerun(s)" in report  # a dropped file shows on the next rerun
    assert "0 errors, 0 filter leaks" in report
    pages = [line for line in report.splitlines()
             if line.startswith(("| overview ", "| indicator ", "| districts ", "| logframe ", "| data "))]
    assert len(pages) == 5 and all(row.rstrip().endswith("| none |") for row in pages), pages  # no page raised
