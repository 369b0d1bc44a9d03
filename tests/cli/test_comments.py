"""python -m logframe comments import / export, and the commentary they carry into status --json and the board pack's
exception report: the whole file or nothing, each bad row named, hostile text kept as text."""
import csv
import json
import os
import subprocess
import sys

import pytest

from logframe import commentary
from tests.conftest import ROOT

SCRIPT = "<script>alert('pack')</script>"
LINK = "[Sign in](https://evil.example/login)"
IMAGE = "![x](http://127.0.0.1:9/tracker.png)"
ROWS = [  # loneliness is at risk in Kent and Medway, its latest figure 2024/25
    ["loneliness_often_always", "E54000032", "2023/24", "Jo Bloggs", "2024-06-30", "Last year's account.", ""],
    ["loneliness_often_always", "E54000032", "2024/25", "Jo Bloggs", "2025-06-30",
     f"Still above the milestone. {SCRIPT}\n{LINK} {IMAGE}", f"Recruit link workers | Public Health | 2026-03-31\n"
                                                              f"Report back {SCRIPT} | Jo | "],
    ["physical_inactivity_adults", "E54000032", "2022/23", "Sam", "2024-01-15", "Written long ago.", ""],
]


def run(*args, env):
    return subprocess.run([sys.executable, "-m", "logframe", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "LOGFRAME_EXTRACTS_DIR": str(ROOT / "data" / "extracts"), **env})


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(commentary.IMPORT_COLUMNS)
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A state folder the quarterly file was imported into."""
    folder = tmp_path_factory.mktemp("commentary")
    env = {"LOGFRAME_STATE_DIR": str(folder / "state")}
    out = run("comments", "import", str(write_csv(folder / "q1.csv", ROWS)), env=env)
    assert out.returncode == 0, out.stderr
    assert "3 version(s) added" in out.stdout
    return env, folder


def test_one_bad_row_imports_nothing_and_is_named(tmp_path):
    env = {"LOGFRAME_STATE_DIR": str(tmp_path / "state")}
    bad = ROWS[:1] + [["loneliness_often_always", "E54000032", "2025", "Jo", "2025-06-30", "Wrong period.", ""]]
    out = run("comments", "import", str(write_csv(tmp_path / "bad.csv", bad)), env=env)
    assert out.returncode == 1
    assert "bad.csv row 2 (loneliness_often_always, E54000032, 2025): the period is not valid" in out.stderr
    assert "nothing was imported" in out.stderr
    out = run("comments", "export", "--out", str(tmp_path / "out.csv"), env=env)
    assert out.returncode == 0 and "0 version(s)" in out.stdout  # the good row was not imported either
    assert len((tmp_path / "out.csv").read_text().splitlines()) == 1


def test_export_is_every_version_oldest_first(imported):
    env, folder = imported
    out = run("comments", "export", "--out", str(folder / "all.csv"), env=env)
    assert out.returncode == 0, out.stderr
    with open(folder / "all.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["written_on"][:10] for r in rows] == ["2024-01-15", "2024-06-30", "2025-06-30"]
    assert rows[2]["commentary"] == ROWS[1][5] and rows[2]["actions"] == ROWS[1][6].strip().removesuffix(" |")
    assert {r["source"] for r in rows} == {"import"}


def test_status_json_carries_the_latest_commentary(imported):
    env, _ = imported
    rows = {r["indicator_id"]: r for r in json.loads(run("status", "--json", env=env).stdout)}
    note = rows["loneliness_often_always"]["commentary"]
    assert note == {"text": ROWS[1][5], "author": "Jo Bloggs", "written_on": "2025-06-30T00:00:00+00:00",
                    "period": "2024/25", "stale": False,
                    "actions": [{"what": "Recruit link workers", "who": "Public Health", "by_when": "2026-03-31"},
                                {"what": f"Report back {SCRIPT}", "who": "Jo", "by_when": None}]}
    inactive = rows["physical_inactivity_adults"]["commentary"]
    assert inactive["period"] == "2022/23" and inactive["stale"] is True  # its latest figure is later
    assert rows["alcohol_admissions"]["commentary"] is None


def test_the_pack_opens_with_the_exceptions_and_shows_commentary_as_text(imported):
    env, folder = imported
    out = run("boardpack", "--out", str(folder / "pack.html"), env=env)
    assert out.returncode == 0, out.stderr
    html = (folder / "pack.html").read_text(encoding="utf-8")
    exceptions = html.split('id="exceptions"', 1)[1].split("</section>", 1)[0]
    assert html.index('id="exceptions"') < html.index('id="summary"')  # at the front
    lonely = exceptions.split('id="exception-loneliness_often_always"', 1)[1].split("</article>", 1)[0]
    assert "At risk" in lonely and "Still above the milestone." in lonely and "Recruit link workers" in lonely
    assert "31 March 2026" in lonely and "For 2024/25, by Jo Bloggs on 30 June 2025" in lonely
    assert SCRIPT not in html and "&lt;script&gt;alert(&#39;pack&#39;)&lt;/script&gt;" in lonely  # escaped
    assert LINK in lonely and IMAGE in lonely  # Markdown is not rendered in the pack: it reads as typed
    assert "<img" not in exceptions and "evil.example" not in exceptions.replace(LINK, "")
    # an off-track indicator with no commentary says so
    assert exceptions.count("No commentary.</strong>") >= 1
    assert "written before the latest figure" not in lonely
