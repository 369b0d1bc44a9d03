"""Checks one extract file against the contract and the registry; never raises on bad input, only reports."""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from logframe import contract, db, fingertips
from logframe.periods import try_parse_period
from logframe.registry import Registry

# The range a value may take in each unit; None = open.
UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "percent": (0.0, 100.0),
    "rate_per_100k": (0.0, 100_000.0),
    "count": (0.0, None),
    "years": (0.0, 130.0),
    "score": (None, None),
    "ratio": (0.0, None),
}

RULE_TEXT = {
    "missing": "is empty",
    "missing_value_without_note": "is empty with no value_note to say why (e.g. 'suppressed')",
    "unknown_indicator": "is not an indicator in the registry",
    "unknown_area": "is not an area code in the registry",
    "bad_period": "is not a period in a known format ('2023/24', '2023', '2023/24 Q2', '2024-05', '2021-23')",
    "not_finite": "is not a finite number",
    "out_of_range": "is outside the range its unit allows",
    "lower_ci_above_value": "lower_ci is above the value",
    "upper_ci_below_value": "upper_ci is below the value",
    "duplicate_key": "the same indicator x area x period appears more than once in this file",
}


@dataclass(frozen=True)
class Problem:
    rule: str
    column: str | None
    message: str
    rows: tuple[int, ...] = ()
    n_rows: int = 0


@dataclass
class FileReport:
    path: str
    size: int
    mtime: float
    problems: list[Problem] = field(default_factory=list)
    n_rows: int = 0
    indicators: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    illustrative: bool = False
    source: str = ""
    kind: str = "contract"  # or 'fingertips'
    data_path: str = ""  # the file queries read: the analyst's own, or a Fingertips export's converted copy
    notes: list[str] = field(default_factory=list)  # not faults: what a Fingertips export had that we left out

    @property
    def ok(self) -> bool:
        return not self.problems


def _strings(values) -> tuple[str, ...]:
    return tuple(v for v in (values if values is not None else ()) if v is not None)


def _suggest(bad: str | None, known: list[str]) -> str:
    if bad is None:
        return ""
    close = difflib.get_close_matches(str(bad), known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def validate_file(path: str | Path, registry: Registry) -> FileReport:
    """Every contract problem in one Parquet extract, with the column and example rows at fault."""
    path = str(path)
    st = os.stat(path)
    report = FileReport(path=path, size=st.st_size, mtime=st.st_mtime)
    try:
        pf = pq.ParquetFile(path)
        schema = pf.schema_arrow
    except Exception as exc:  # any reader error means the file is not usable Parquet
        report.problems.append(Problem("not_parquet", None, f"not a readable Parquet file ({type(exc).__name__}: {str(exc)[:200]})"))
        return report
    meta = schema.metadata or {}
    report.illustrative = contract.illustrative(meta)
    report.source = meta.get(contract.META_SOURCE, b"").decode("utf-8", "replace")

    report.data_path = path
    if fingertips.is_fingertips(schema.names):
        report.kind = "fingertips"
        report.problems += [Problem(rule, col, msg) for rule, col, msg in fingertips.schema_problems(schema)]
        if report.problems:
            return report
        try:
            report.data_path, report.notes, _ = fingertips.convert(path, registry)
        except duckdb.Error as exc:
            report.problems.append(Problem("unreadable", None, f"could not be read ({str(exc)[:200]})"))
            return report
        return _check_rows(report, registry)

    names = set(schema.names)
    for col in contract.COLUMNS:
        if col.name not in names:
            if col.required:
                report.problems.append(Problem("missing_column", col.name, f"required column '{col.name}' is missing ({col.meaning})"))
            continue
        arrow_type = schema.field(col.name).type
        if not contract.type_ok(col.kind, arrow_type):
            report.problems.append(
                Problem("wrong_type", col.name, f"column '{col.name}' must be {contract.describe(col.kind)} but is {arrow_type}")
            )
    if report.problems:
        return report
    return _check_rows(report, registry)


def _check_rows(report: FileReport, registry: Registry) -> FileReport:
    path = report.data_path
    try:
        summary = db.run("extract_summary", file=path).iloc[0]
        report.n_rows = int(summary["n_rows"])
        report.indicators = _strings(summary["indicators"])
        report.areas = _strings(summary["areas"])
        labels = _strings(summary["periods"])
        good_periods = [p for p in labels if try_parse_period(p) is not None]
        report.periods = tuple(sorted(good_periods, key=lambda p: try_parse_period(p).start_year))
        bounds = [
            {"indicator_id": ind.id, "low": UNIT_RANGES.get(ind.unit, (None, None))[0],
             "high": UNIT_RANGES.get(ind.unit, (None, None))[1], "unit": ind.unit}
            for ind in registry.indicators.values()
        ]
        broken = db.run(
            "validate_rows", file=path, indicator_ids=list(registry.indicators), area_codes=list(registry.areas),
            period_labels=good_periods or [""], bounds=bounds,
        )
    except duckdb.Error as exc:
        report.problems.append(Problem("unreadable", None, f"could not be read ({str(exc)[:200]})"))
        return report

    for r in broken.itertuples(index=False):
        rows = tuple(int(x) for x in r.example_rows)
        values = [v for v in r.example_values if v is not None]
        hint = ""
        if r.rule == "unknown_indicator":
            hint = "".join(_suggest(v, list(registry.indicators)) for v in values[:1])
        elif r.rule == "unknown_area":
            hint = "".join(_suggest(v, list(registry.areas)) for v in values[:1])
        shown = f" e.g. {', '.join(repr(v) for v in values[:3])}" if values else ""
        more = f" and {r.n_rows - len(rows)} more" if r.n_rows > len(rows) else ""
        message = (
            f"column '{r.column_name}': {RULE_TEXT.get(r.rule, r.rule)} in {r.n_rows} row(s) "
            f"(rows {', '.join(map(str, rows))}{more}){shown}{hint}"
        )
        report.problems.append(Problem(r.rule, r.column_name, message, rows, int(r.n_rows)))
    return report


def describe_report(report: FileReport) -> str:
    """The validator's plain-text verdict on one file: OK with what it covers, or every problem."""
    if report.ok:
        span = f"{report.periods[0]} to {report.periods[-1]}" if report.periods else "no periods"
        kind = " (Fingertips export)" if report.kind == "fingertips" else ""
        label = " [illustrative]" if report.illustrative else ""
        lines = [f"OK {report.path}{kind}{label}: {report.n_rows} rows, {len(report.indicators)} indicator(s), "
                 f"{len(report.areas)} area(s), {span}"]
    else:
        lines = [f"REJECTED {report.path}: {len(report.problems)} problem(s); nothing from this file is used"]
        lines += [f"  - {p.message}" for p in report.problems]
    lines += [f"  note: {n}" for n in report.notes]
    return "\n".join(lines)
