"""The real Oflog measures, converted to the contract, keep the source's numbers and label nothing illustrative."""
import csv

import pyarrow.parquet as pq

from logframe import contract
from logframe.oflog import MEDIAN_CODE, SOURCE_CSV, oflog_rows
from tests.conftest import ROOT


def source_value(code, area, year):
    with open(SOURCE_CSV, newline="", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            if (r["Code"], r["Local authority code"], r["Financial year"]) == (code, area, year):
                return r


def test_values_and_median_match_the_source(registry):
    rows = {(r["indicator_id"], r["area_code"], r["period"]): r for r in oflog_rows(registry)}
    src = source_value("ASC5", "E10000016", "2021-22")
    asc5 = next(i for i in registry.indicators if i.startswith("oflog_asc5_"))
    assert rows[(asc5, "E10000016", "2021/22")]["value"] == float(src["Value"])
    assert rows[(asc5, MEDIAN_CODE, "2021/22")]["value"] == float(src["MEDIAN"])


def test_kent_asc2_zero_is_treated_as_missing_with_a_note(registry):
    asc2 = next(i for i in registry.indicators if i.startswith("oflog_asc2_"))
    row = next(r for r in oflog_rows(registry) if (r["indicator_id"], r["area_code"], r["period"]) == (asc2, "E10000016", "2019/20"))
    assert row["value"] is None and "treated as missing" in row["value_note"]


def test_shipped_real_extract_is_not_illustrative_and_cites_its_licence():
    meta = pq.read_schema(ROOT / "data" / "extracts" / "real" / "oflog_asc_measures.parquet").metadata
    assert not contract.illustrative(meta)
    assert b"Open Government Licence" in meta[contract.META_SOURCE]
