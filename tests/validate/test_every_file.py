"""Every file in the extracts folder is accounted for: used, rejected with reasons, or listed as not an extract;
and an extract in the contract's columns may be a CSV, read with the contract's types."""
import shutil
import subprocess
import sys

import pytest

from logframe.extracts import take_snapshot
from logframe.validate import describe_report, validate_file
from tests.conftest import ROOT

CSV_HEADER = "indicator_id,area_code,period,value,lower_ci,upper_ci,numerator,denominator,value_note\n"


def cli(*args):
    return subprocess.run([sys.executable, "-m", "logframe", "validate", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


def test_a_contract_csv_is_read_with_the_contracts_types(tmp_path, registry):
    path = tmp_path / "loneliness.csv"
    path.write_text(CSV_HEADER + "loneliness_often_always,E54000032,2024/25,6.8,6.2,7.4,412,6059,\n"
                    "loneliness_often_always,E10000016,2024/25,,,,,,suppressed\n", encoding="utf-8")
    report = validate_file(path, registry)
    assert report.ok and report.kind == "contract_csv" and report.n_rows == 2, describe_report(report)
    obs = take_snapshot(tmp_path, registry).run("observations", indicator_ids=None, area_codes=None)
    assert obs.set_index("area_code").loc["E54000032", "value"] == 6.8
    assert obs["source_file"].unique().tolist() == [str(path)]


def test_a_csv_with_only_the_required_columns_is_enough(tmp_path, registry):
    path = tmp_path / "minimal.csv"
    path.write_text("period,value,area_code,indicator_id\n2024/25,6.8,E54000032,loneliness_often_always\n")
    assert validate_file(path, registry).ok


@pytest.mark.parametrize("cells, rule, fragments", [
    ("loneliness_often_always,E54000032,2024/25,6.8%,,,,,", "wrong_type", ["column 'value'", "'6.8%'", "rows 1"]),
    ("loneliness_often_always,E54000032,2024/25,6.8,,,\"1,234\",,", "wrong_type", ["column 'numerator'", "'1,234'"]),
    ("loneliness_often_always,E1000016,2024/25,6.8,,,,,", "unknown_area", ["did you mean E10000016 (Kent)?"]),
    ("loneliness_often_always,E54000032,2023/25,6.8,,,,,", "bad_period", ["'2023/25'"]),
])
def test_a_bad_csv_is_rejected_naming_column_and_rows(tmp_path, registry, cells, rule, fragments):
    path = tmp_path / "bad.csv"
    path.write_text(CSV_HEADER + cells + "\n")
    before = path.read_bytes()
    report = validate_file(path, registry)
    problem = next(p for p in report.problems if p.rule == rule)
    assert all(f in problem.message for f in fragments), problem.message
    assert path.read_bytes() == before


def test_capitalised_column_names_get_a_hint(tmp_path, registry):
    path = tmp_path / "caps.csv"
    path.write_text("Indicator_ID,Area_Code,Period,Value\nloneliness_often_always,E54000032,2024/25,6.8\n")
    report = validate_file(path, registry)
    assert not report.ok
    assert "found 'Value': column names are lower case ('value')" in describe_report(report)
    assert "found 'Indicator_ID': column names are lower case ('indicator_id')" in describe_report(report)


@pytest.mark.parametrize("name, content, words", [
    ("figures.xlsx", b"PK\x03\x04 not really", "Excel workbook: to use it, save the sheet as CSV (UTF-8) or Parquet"),
    ("briefing.docx", b"PK\x03\x04", "Word document"),
    ("notes", b"hello", "file with no extension"),
])
def test_files_that_are_not_extracts_are_listed_with_their_type(tmp_path, registry, name, content, words):
    (tmp_path / name).write_bytes(content)
    report = validate_file(tmp_path / name, registry)
    assert not report.ok and not report.is_extract and not report.problems
    assert f"NOT AN EXTRACT {tmp_path / name}: {words}" in describe_report(report)


def test_beside_the_defaults_every_file_is_accounted_for(tmp_path, registry):
    folder = tmp_path / "extracts"
    shutil.copytree(ROOT / "data" / "extracts", folder)
    (folder / "lonely.csv").write_text(CSV_HEADER + "loneliness_often_always,E07000114,2024/25,8.1,7.0,9.2,,,\n")
    (folder / "figures.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "briefing.docx").write_bytes(b"PK\x03\x04")
    snap = take_snapshot(folder, registry)
    kinds = {r.path.rsplit("/", 1)[-1]: (r.kind, r.ok) for r in snap.reports}
    assert kinds["lonely.csv"] == ("contract_csv", True)
    assert kinds["figures.xlsx"] == kinds["briefing.docx"] == ("not_extract", False)
    assert len(snap.reports) == len(list(p for p in folder.rglob("*") if p.is_file()))
    out = cli(folder)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "NOT AN EXTRACT" in out.stdout and "figures.xlsx: Excel workbook" in out.stdout
    assert "OK " + str(folder / "lonely.csv") in out.stdout and "2 not an extract" in out.stdout


def test_validate_on_a_path_with_no_extract_fails_and_says_so(tmp_path):
    (tmp_path / "readme.txt").write_text("nothing here")
    for target in (tmp_path, "/etc/passwd"):
        out = cli(target)
        assert out.returncode == 1 and "No extract was found" in out.stdout, out.stdout
