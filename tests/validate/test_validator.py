"""The validator on one bad file per fault, odd-but-valid files, conflicts, and random tables (it never raises)."""
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logframe.extracts import take_snapshot
from logframe.validate import validate_file
from tests.conftest import ROOT, write_extract
from tests.validate.cases import BAD, ODD_BUT_VALID, good_rows


def cli(*paths):
    return subprocess.run([sys.executable, "-m", "logframe", "validate", *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True)


@pytest.mark.parametrize("name", BAD)
def test_each_fault_is_named_with_its_column_and_rows(tmp_path, registry, name):
    writer, rule, fragments = BAD[name]
    path = tmp_path / f"{name}.parquet"
    writer(path)
    before = path.read_bytes()
    report = validate_file(path, registry)
    assert not report.ok
    problem = next((p for p in report.problems if p.rule == rule), None)
    assert problem is not None, [p.message for p in report.problems]
    for fragment in fragments:
        assert fragment in problem.message
    assert path.read_bytes() == before  # the analyst's file is never changed


@pytest.mark.parametrize("name", ODD_BUT_VALID)
def test_odd_but_valid_files_are_accepted(tmp_path, registry, name):
    path = tmp_path / f"{name}.parquet"
    ODD_BUT_VALID[name](path)
    report = validate_file(path, registry)
    assert report.ok, [p.message for p in report.problems]
    assert report.n_rows >= 1


def test_cli_reports_every_file_and_exits_1_on_any_bad_one(tmp_path):
    for name in ("value_as_text", "unknown_area"):
        BAD[name][0](tmp_path / f"{name}.parquet")
    write_extract(tmp_path / "good.parquet", good_rows())
    out = cli(tmp_path)
    assert out.returncode == 1
    assert f"OK {tmp_path / 'good.parquet'}: 3 rows, 1 indicator(s), 1 area(s), 2021/22 to 2023/24" in out.stdout
    assert f"REJECTED {tmp_path / 'value_as_text.parquet'}" in out.stdout
    assert "did you mean E10000016 (Kent)?" in out.stdout
    assert "1 file(s) valid, 2 rejected, 0 recognised with nothing to use, 0 not an extract." in out.stdout


def test_cli_exits_0_when_all_valid_and_names_the_conflict_winner(tmp_path):
    old = write_extract(tmp_path / "old.parquet", good_rows(), mtime=1_700_000_000)
    changed = good_rows()
    changed[0]["value"] = 6.9
    new = write_extract(tmp_path / "new.parquet", changed[:1], mtime=1_700_000_500)
    out = cli(old, new)
    assert out.returncode == 0, out.stdout
    assert "the most recently modified file wins" in out.stdout
    assert f"{new} (6.9) wins over {old}" in out.stdout


def test_missing_path_is_reported():
    out = cli("/nonexistent/x.parquet")
    assert out.returncode == 1 and "no such file or folder" in out.stdout


def test_app_and_validator_agree_on_every_fixture(tmp_path, registry):
    for name, (writer, _, _) in BAD.items():
        writer(tmp_path / f"bad_{name}.parquet")
    for name, writer in ODD_BUT_VALID.items():
        writer(tmp_path / f"ok_{name}.parquet")
    snap = take_snapshot(tmp_path, registry)
    rejected = sorted(os.path.basename(r.path) for r in snap.rejected)
    assert rejected == sorted(f"bad_{n}.parquet" for n in BAD)
    out = cli(tmp_path)
    assert [line.split()[1].rsplit("/", 1)[1].rstrip(":") for line in out.stdout.splitlines()
            if line.startswith("REJECTED")] == sorted(rejected)


cells = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                  st.text(max_size=30), st.sampled_from(["loneliness_often_always", "E10000016", "2023/24", "2024-13"]))
columns = st.sampled_from(["indicator_id", "area_code", "period", "value", "lower_ci", "upper_ci", "numerator",
                           "value_note", "x"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_tables_are_reported_never_raised(tmp_path_factory, registry, data):
    names = data.draw(st.lists(columns, min_size=1, max_size=6, unique=True))
    n = data.draw(st.integers(0, 6))
    rows = []
    for _ in range(n):
        row = {}
        for name in names:
            row[name] = data.draw(cells)
        rows.append(row)
    path = tmp_path_factory.mktemp("random") / "random.parquet"
    try:
        write_extract(path, rows)
    except Exception:  # pyarrow could not type the column (mixed types): write it as text instead
        import pyarrow as pa
        write_extract(path, [{k: None if v is None else str(v) for k, v in r.items()} for r in rows],
                      schema=pa.schema([(k, pa.string()) for k in names]))
    report = validate_file(path, registry)  # must not raise
    assert report.ok or all(p.message for p in report.problems)
