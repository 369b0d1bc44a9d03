"""The benchmark runs end to end on 2,000 rows in two layouts (no timings are judged here: that is `make bench`'s
job), through nginx and two server processes as `make serve` runs them."""
import subprocess
import sys

from tests.conftest import ROOT
from tests.serve.conftest import needs_nginx


@needs_nginx
def test_bench_smoke_run_writes_a_report(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--out", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True, timeout=900)
    report = (tmp_path / "RESULTS.md").read_text()
    for layout in ("indicator-year", "revision"):
        assert f"## 2,040 rows, {layout} layout" in report
    assert "| target | indicator-year (2k) | revision (2k) |" in report  # every target, per layout
    assert report.count("same answer as the app: yes") == 2  # pandas and the app agree on the overview's numbers
    assert report.count("seen after 1 rerun(s)") == 2  # a dropped revision shows on the next rerun
    crowds = [line for line in report.splitlines() if "sessions at once through nginx to 2 processes" in line]
    assert len(crowds) == 6 and all("0 errors, 0 filter leaks" in c for c in crowds)  # 3, 5 and 6, in each layout
    pages = [line for line in report.splitlines()
             if line.startswith(("| overview ", "| indicator ", "| districts ", "| logframe ", "| data "))]
    assert len(pages) == 10 and all(row.rstrip().endswith("| none |") for row in pages), pages  # no page raised
