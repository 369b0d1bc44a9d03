"""Commentary in a real database, SQLite and PostgreSQL alike: versions appended and never overwritten, actions kept,
hostile text stored as given (values are bound, never pasted into SQL), two processes writing to one indicator at
once losing nothing, and an import that is all or nothing."""
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from logframe import commentary as c
from logframe import state
from tests.conftest import ROOT

T0 = datetime(2025, 6, 1, 9, tzinfo=UTC)
HOSTILE = "'); DROP TABLE commentary; -- <script>alert(1)</script> [x](http://evil.example)"


def draft(text, period="2024/25", actions=()):
    return c.Draft("loneliness_often_always", "E54000032", period, text, actions)


def test_an_edit_is_a_new_version_and_nothing_is_overwritten(store):
    assert store.versions() == [] and store.revision() == 0
    acts = (c.Action("Recruit link workers", "Public Health", date(2026, 3, 31)), c.Action("Review"))
    first = store.append(draft("First account.", actions=acts), author="a@example.org", written_on=T0,
                         recorded_by="a@example.org", source="dashboard")
    second = store.append(draft(HOSTILE), author="b@example.org", written_on=T0 + timedelta(days=1),
                          recorded_by="b@example.org", source="dashboard")
    other = store.append(draft("About last year.", period="2023/24"), author="a@example.org",
                         written_on=T0 + timedelta(days=2), recorded_by="a@example.org", source="dashboard")
    assert (first.version, second.version, other.version) == (1, 2, 1)  # numbered per indicator, area and period
    kept = store.versions(["loneliness_often_always"])
    assert [v.text for v in kept] == ["First account.", HOSTILE, "About last year."]  # oldest first, verbatim
    assert kept[0].actions == acts and kept[1].actions == ()
    assert kept[0].written_on == T0 and kept[0].author == "a@example.org"
    assert store.revision() == other.id
    assert store.versions(["physical_inactivity_adults"]) == []


def test_the_schema_is_alembics_head(store, database_url):
    store.versions()  # nothing written yet: an SQLite file is not even created
    store.append(draft("x"), author="a", written_on=T0, recorded_by="a", source="dashboard")
    with sa.create_engine(database_url).connect() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar_one() == "0001"
        # a version cannot be taken twice: the database itself refuses it
        try:
            conn.execute(sa.insert(state.commentary).values(
                indicator_id="loneliness_often_always", area_code="E54000032", period="2024/25", version=1, text="y",
                author="a", written_on=T0, recorded_on=T0, recorded_by="a", source="dashboard"))
            raise AssertionError("a duplicate version was accepted")
        except sa.exc.IntegrityError:
            pass


WRITER = """
import sys, time
from datetime import datetime, UTC
from pathlib import Path
from logframe import commentary as c, state
url, tag, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = state.Store(url)
(go.parent / f"ready-{tag}").touch()
while not go.exists():
    time.sleep(0.01)
for i in range(n):
    store.append(c.Draft("loneliness_often_always", "E54000032", "2024/25", f"{tag} {i}", ()), author=tag,
                 written_on=datetime.now(UTC), recorded_by=tag, source="dashboard")
"""


def test_two_processes_writing_to_one_indicator_at_once_lose_nothing(database_url, tmp_path):
    """Both start on an empty database (so they also migrate at once), then write 40 versions each."""
    n, go = 40, tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, database_url, tag, str(n), str(go)], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for tag in ("one", "two")]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{t}").exists() for t in ("one", "two")) and time.monotonic() < deadline:
        time.sleep(0.05)
    go.touch()
    for p in procs:
        assert p.wait(timeout=180) == 0, p.stderr.read()
    kept = state.Store(database_url).versions()
    assert sorted(v.version for v in kept) == list(range(1, 2 * n + 1))  # every version once, no gaps
    assert sorted(v.text for v in kept) == sorted(f"{t} {i}" for t in ("one", "two") for i in range(n))


def test_an_import_is_all_or_nothing_and_not_repeated(store, registry, tmp_path):
    path = tmp_path / "q1.csv"
    good = "loneliness_often_always,E54000032,2024/25,Jo Bloggs,2025-06-30,\"Why, in two lines.\nSecond.\",Act | Jo"
    path.write_text(",".join(c.IMPORT_COLUMNS) + "\n" + good + "\n"
                    + "loneliness_often_always,E54000032,2024/25,Jo Bloggs,2025-07-01,Later.,\n")
    assert state.import_csv(path, registry, "admin", store) == (2, 0)
    assert state.import_csv(path, registry, "admin", store) == (0, 2)  # the same file again adds nothing
    kept = store.versions()
    assert [(v.version, v.source, v.recorded_by) for v in kept] == [(1, "import", "admin"), (2, "import", "admin")]
    assert kept[0].text == "Why, in two lines.\nSecond." and kept[0].actions == (c.Action("Act", "Jo"),)
    bad = tmp_path / "bad.csv"
    bad.write_text(path.read_text().replace("2025-07-01,Later.", "2025-07-02,New.")
                   + "loneliness_often_always,E99,2024/25,Jo,2025-06-30,Text,\n")
    try:
        state.import_csv(bad, registry, "admin", store)
        raise AssertionError("a file with a bad row was imported")
    except state.ImportRejected as exc:
        assert exc.problems == ["bad.csv row 3 (loneliness_often_always, E99, 2024/25): 'E99' is not an area in the "
                                "registry"]
    assert len(store.versions()) == 2  # the good rows of the bad file were not imported either
    out = tmp_path / "out.csv"
    assert state.export_csv(out, store) == 2
    again = state.Store(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    assert state.import_csv(out, registry, "admin", again) == (2, 0)  # an export imports as it is
    assert [(v.text, v.actions, v.written_on) for v in again.versions()] == \
        [(v.text, v.actions, v.written_on) for v in kept]


def test_a_database_url_that_is_not_one_is_named_without_its_password(monkeypatch):
    from logframe import config
    monkeypatch.setenv("LOGFRAME_DATABASE_URL", "mysql://admin:hunter2@db/logframe")
    try:
        config.settings()
        raise AssertionError("accepted")
    except config.ConfigError as exc:
        assert "LOGFRAME_DATABASE_URL" in str(exc) and "postgresql://" in str(exc) and "hunter2" not in str(exc)
    monkeypatch.setenv("LOGFRAME_DATABASE_URL", "postgresql://u:p@db/logframe")
    assert state.database_url() == "postgresql+psycopg://u:p@db/logframe"  # psycopg 3, the driver installed
    assert "p@" not in state.Store().where
