"""One bad extract per fault the validator must catch, and odd-but-valid extracts it must accept.

Each case writes its file into a folder and says what the report must contain.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

L, KM, KENT = "loneliness_often_always", "E54000032", "E10000016"


def good_rows(n: int = 3) -> list[dict]:
    periods = ["2021/22", "2022/23", "2023/24", "2024/25"]
    return [{"indicator_id": L, "area_code": KM, "period": periods[i], "value": 7.0 - 0.1 * i,
             "lower_ci": 6.5 - 0.1 * i, "upper_ci": 7.5 - 0.1 * i} for i in range(n)]


def _write(path: Path, rows: list[dict], schema: pa.Schema | None = None) -> None:
    keys = list(dict.fromkeys(k for r in rows for k in r))  # every row's columns, not just the first row's
    pq.write_table(pa.Table.from_pylist([{k: r.get(k) for k in keys} for r in rows], schema=schema), path)


def _with(i: int, **changes) -> list[dict]:
    rows = good_rows()
    rows[i] = {**rows[i], **changes}
    return rows


def _without(column: str) -> list[dict]:
    return [{k: v for k, v in r.items() if k != column} for r in good_rows()]


# name -> (writer(path), rule, text fragments the message must contain)
BAD = {
    "not_parquet": (lambda p: p.write_text("indicator_id,area_code\nx,y\n"), "not_parquet", ["not a readable Parquet file"]),
    "truncated": (lambda p: (_write(p, good_rows()), p.write_bytes(p.read_bytes()[:-40])), "not_parquet", ["not a readable Parquet"]),
    "missing_value_column": (lambda p: _write(p, _without("value")), "missing_column", ["'value'", "missing"]),
    "value_as_text": (lambda p: _write(p, [{**r, "value": f"{r['value']}%"} for r in good_rows()]), "wrong_type",
                      ["'value'", "is not a number", "rows 1, 2, 3", "'7.0%'"]),
    "unknown_indicator": (lambda p: _write(p, _with(1, indicator_id="loneliness_often_alway")), "unknown_indicator",
                          ["'indicator_id'", "rows 2", "did you mean 'loneliness_often_always'"]),
    "unknown_area": (lambda p: _write(p, _with(2, area_code="E1000016")), "unknown_area",
                     ["'area_code'", "rows 3", "did you mean E10000016 (Kent)?"]),
    "bad_period": (lambda p: _write(p, _with(0, period="2023/25")), "bad_period", ["'period'", "rows 1", "'2023/25'"]),
    "percent_over_100": (lambda p: _write(p, _with(1, value=130.0, upper_ci=140.0)), "out_of_range",
                         ["'value'", "rows 2", "outside the range", "percent"]),
    "negative_rate": (lambda p: _write(p, [{**r, "indicator_id": "frailty_emergency_admissions", "value": -4.0,
                                            "lower_ci": -5.0, "upper_ci": -3.0} for r in good_rows()]), "out_of_range",
                      ["'value'", "rate_per_100k"]),
    "lower_ci_above_value": (lambda p: _write(p, _with(0, lower_ci=7.2)), "lower_ci_above_value", ["'lower_ci'", "rows 1"]),
    "upper_ci_below_value": (lambda p: _write(p, _with(2, upper_ci=6.0)), "upper_ci_below_value", ["'upper_ci'", "rows 3"]),
    "duplicate_key": (lambda p: _write(p, good_rows() + [good_rows()[0]]), "duplicate_key", ["rows 1, 4", "more than once"]),
    "null_value_without_note": (lambda p: _write(p, _with(1, value=None)), "missing_value_without_note", ["'value'", "rows 2"]),
}


def _float32(p: Path) -> None:
    schema = pa.schema([("value", pa.float32()), ("period", pa.string()), ("area_code", pa.string()),
                        ("indicator_id", pa.string()), ("numerator", pa.int32()), ("denominator", pa.int64())])
    _write(p, [{"indicator_id": L, "area_code": KENT, "period": "2023/24", "value": 6.5, "numerator": 40,
                "denominator": 615}], schema)


# name -> writer; every one must be accepted
ODD_BUT_VALID = {
    "extra_columns_other_order": lambda p: _write(p, [{"comment": "ok", "period": r["period"], "value": r["value"],
                                                        "area_code": r["area_code"], "indicator_id": r["indicator_id"]}
                                                       for r in good_rows()]),
    "float32_and_int_counts": _float32,
    "quarters_and_months": lambda p: _write(p, [
        {"indicator_id": "frailty_emergency_admissions", "area_code": KM, "period": "2024/25 Q1", "value": 1190.0},
        {"indicator_id": "frailty_emergency_admissions", "area_code": KM, "period": "2024-05", "value": 395.0}]),
    "suppressed_with_note": lambda p: _write(p, _with(1, value=None, lower_ci=None, upper_ci=None, value_note="suppressed")),
    "range_period": lambda p: _write(p, [{"indicator_id": "le_birth_male", "area_code": KENT, "period": "2021-23", "value": 79.4}]),
}
