"""Every failure the damaged-file search found, kept as a fixture (tests/fuzz/regressions/): what each now says.

Each of these once ended in a traceback, an engine's message or a silent misreading (noted per file); now each is
named with what was used or why not, in words, and every page still works with all of them in the folder.
"""
from __future__ import annotations

import shutil

import pytest

from logframe.__main__ import main
from logframe.validate import check_file
from tests.app.conftest import open_page, page_text
from tests.conftest import ROOT
from tests.fuzz.test_damaged_files import ENGINE

FIXTURES = ROOT / "tests" / "fuzz" / "regressions"
# file -> (state, what the report says) ; what it did before, as found
EXPECTED = {
    "ons-indicator-not-in-registry.csv": (  # NAType traceback in validate, every page showed it
        "recognised", "'Early years foundation stage: pupils achieving a good level of development', 59 rows; none of "
                      "its indicators is in the registry; add an `ons_indicator`"),
    "ons-header-only.csv": ("rejected", "the file has its header but no rows"),  # NAType / ArrowTypeError
    "ons-cut-short.csv": ("rejected", "row 31 has 4 cell(s) where the header names 12"),  # ArrowInvalid
    "ons-two-area-code-columns.csv": ("rejected", "two columns are both read as 'areacd'"),  # KeyError
    "meas-from-asc-of-eng-2021-nested.parquet": ("rejected", "column 'Measure Type' holds lists or groups of values"),
    "reshaped_2019_20-renamed-column.csv": ("rejected", "required column 'Geographical Description' is missing"),
    "employment-rate-duplicate-column.parquet": ("rejected", "names column(s) 'geography' more than once"),
    "employment-rate-upper-case.csv": ("used", ""),  # upper-cased ONS headers are the same columns
    "employment-rate-utf16.csv": ("used", ""),  # Excel's 'Unicode text' was read as Windows-1252 garbage
    "loneliness-2025-26.csv": ("used", ""),  # was read as the calendar years 2025 to 2026
    "value-as-text.parquet": ("rejected", "column 'value': is not a number in 2 row(s) (rows 2, 3) e.g. 'n/a', '6,7'"),
    "empty.parquet": ("rejected", "the file is empty (0 bytes)"),  # ArrowInvalid: Parquet file size is 0 bytes
    "gzipped.csv": ("rejected", "it is a compressed (gzip) file named .csv: unzip it first"),
    "extra-nested-column.parquet": ("used", ""),  # its extra column broke every query over all the files
    "area-name-not-code.csv": ("rejected", "'Thanet' is not an area code; did you mean E07000114 (Thanet)?"),
}


def test_every_fixture_is_listed():
    assert {p.name for p in FIXTURES.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_regression_is_named_in_words(registry, name):
    state, says = EXPECTED[name]
    report = check_file(FIXTURES / name, registry)
    got = "used" if report.ok else "rejected" if report.rejected else "recognised" if report.nothing_to_use else "other"
    text = " ".join([p.message for p in report.problems] + [report.unused])
    assert (got, says in text) == (state, True), text
    assert not ENGINE.search(text), text


def test_a_financial_year_written_2025_26_is_the_financial_year(registry):
    report = check_file(FIXTURES / "loneliness-2025-26.csv", registry)
    assert report.periods == ("2025/26",)


def test_every_page_and_validate_work_with_all_of_them_in_the_folder(extracts, capsys):
    shutil.copytree(ROOT / "data" / "extracts", extracts, dirs_exist_ok=True)
    shutil.copytree(FIXTURES, extracts / "dropped")
    assert main(["validate"]) == 1  # some are rejected
    said = capsys.readouterr()
    assert all(name in said.out for name in EXPECTED) and "Traceback" not in said.err
    for page in (None, "pages/indicator.py", "pages/districts.py", "pages/logframe.py", "pages/data.py"):
        open_page(page)  # raises nothing
    at = open_page("pages/data.py")
    shown = page_text(at).replace("\\", "")
    for name, (state, _) in EXPECTED.items():  # the rejected and the recognised are named in words; all in the table
        assert state == "used" or f"dropped/{name}" in shown, name
    files = next(d.value for d in at.dataframe if "problems" in d.value.columns)
    assert {f"dropped/{name}" for name in EXPECTED} <= set(files["file"])
    assert "Recognised, nothing to use: dropped/ons-indicator-not-in-registry.csv" in shown
