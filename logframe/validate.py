"""Checks one extract file against the contract and the registry; never raises on bad input, only reports."""
from __future__ import annotations

import difflib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from logframe import contract, db, importers
from logframe.contract import LeftOut, Problem
from logframe.importers import ascof, contract_csv, fingertips, ons
from logframe.periods import try_parse_period
from logframe.registry import Registry

log = logging.getLogger(__name__)

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
    "duplicate_key": "the same indicator x area x period (and breakdown) appears more than once in this file",
    "bad_breakdown_type": ("is not a breakdown type the contract knows ("
                           + ", ".join(t.value for t in contract.BreakdownType) + ")"),
    "breakdown_without_group": "has a breakdown_type but no breakdown (the group, e.g. 'Female')",
    "group_without_breakdown_type": "has a breakdown (a group) but no breakdown_type",
}


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
    source: str = ""  # attribution: the Parquet metadata's, or the published file's for a converted download
    kind: str = "contract"  # a key of importers.LAYOUTS, or 'not_extract'
    data_path: str = ""  # the file queries read: the analyst's own, or a converted copy of a download or CSV
    notes: list[str] = field(default_factory=list)  # not faults: e.g. values kept as suppressed
    left_out: list[LeftOut] = field(default_factory=list)  # rows of an accepted file deliberately not used
    used_rows: int = 0  # source rows used (a download's Outcome, Numerator and Denominator rows make one value)
    file_type: str = ""  # what a file that is not an extract is ('Word document', 'Excel workbook: to use it, ...')
    breakdown_rows: int = 0  # rows for one group (by sex, age, deprivation ...), used by the breakdown queries

    @property
    def ok(self) -> bool:
        """Used: an extract with no problem."""
        return not self.problems and self.kind != "not_extract"

    @property
    def is_extract(self) -> bool:
        return self.kind != "not_extract"


def _strings(values) -> tuple[str, ...]:
    return tuple(v for v in (values if values is not None else ()) if v is not None)


def _suggest(bad: str | None, known: list[str]) -> str:
    if bad is None:
        return ""
    close = difflib.get_close_matches(str(bad), known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def validate_file(path: str | Path, registry: Registry) -> FileReport:
    """Every problem in one file of the extracts folder, with the column and example rows at fault.

    A Parquet or CSV file is an extract in the contract's columns or an official download (Fingertips, ASCOF, ONS),
    converted to contract rows first; any other file is reported as not an extract, with what it is.
    """
    path = str(path)
    st = os.stat(path)
    report = FileReport(path=path, size=st.st_size, mtime=st.st_mtime, data_path=path)
    fmt = importers.file_format(path)
    if fmt == "other":
        report.kind, report.file_type = "not_extract", importers.other_type(path)
        return report
    try:
        columns = importers.read_columns(path)
    except ValueError as exc:
        rule = "not_parquet" if fmt == "parquet" else "not_csv"
        report.problems.append(Problem(rule, None, str(exc)))
        return report
    layout = importers.detect(columns)
    if layout == "contract" and fmt == "parquet":
        return _check_contract_parquet(report, registry)
    if layout is None:
        hints = importers.column_hints(columns)
        shown = ", ".join(repr(c) for c in columns[:12]) + (" ..." if len(columns) > 12 else "")
        report.problems.append(Problem(
            "unknown_layout", None,
            f"the columns are not the extract contract's ({', '.join(contract.REQUIRED)}, ...) nor those of a "
            f"Fingertips, ASCOF or ONS download; found {shown}" + (f"; {'; '.join(hints)}" if hints else "")))
        return report
    return _convert(report, layout, registry, columns)


def _convert(report: FileReport, layout: str, registry: Registry, columns: list[str]) -> FileReport:
    """A download or a CSV extract: read as it is, converted to contract rows, then checked as an extract."""
    report.kind = "contract_csv" if layout == "contract" else layout
    try:
        table = importers.read_table(report.path)
        if layout == "contract":
            done = contract_csv.convert(table)
            if done.problems and (hints := importers.column_hints(columns)):
                done.problems.append(Problem("column_names", None, "; ".join(hints)))
        else:
            convert = {"fingertips": fingertips.convert, "ascof": ascof.convert,
                       "ascof_reshaped": ascof.convert_reshaped, "ons": ons.convert}[layout]
            done = convert(table, registry, report.path)
    except (ValueError, pa.ArrowException, duckdb.Error) as exc:
        log.warning("could not read %s as %s: %s", report.path, layout, exc)
        report.problems.append(Problem("unreadable", None, f"could not be read ({str(exc)[:200]})"))
        return report
    report.problems += done.problems
    report.left_out, report.notes, report.source = done.left_out, done.notes, done.source
    if report.problems or done.rows is None:
        return report
    report.used_rows = done.used_rows
    key = "|".join(map(str, (report.path, report.size, os.stat(report.path).st_mtime_ns, layout,
                             registry_mapping_key(registry))))
    report.data_path = importers.write_converted(done.rows, key)
    return _check_rows(report, registry)


def registry_mapping_key(registry: Registry) -> str:
    """What a conversion depends on in the registry: the mappings, units and areas."""
    inds = sorted((i.id, i.unit, i.fingertips_id, i.fingertips_sex, i.ascof_measure, i.ons_indicator)
                  for i in registry.indicators.values())
    return repr((inds, sorted(registry.areas)))


def _check_contract_parquet(report: FileReport, registry: Registry) -> FileReport:
    """A Parquet extract in the contract's columns: column types, then the rows."""
    schema = pq.ParquetFile(report.path).schema_arrow
    meta = schema.metadata or {}
    report.illustrative = contract.illustrative(meta)
    report.source = meta.get(contract.META_SOURCE, b"").decode("utf-8", "replace")
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
        hints = importers.column_hints(schema.names)
        if hints:
            report.problems.append(Problem("column_names", None, "; ".join(hints)))
        return report
    report = _check_rows(report, registry)
    report.used_rows = report.n_rows if report.ok else 0
    return report


def _check_rows(report: FileReport, registry: Registry) -> FileReport:
    path = report.data_path
    try:
        summary = db.run("extract_summary", file=path).iloc[0]
        report.n_rows = int(summary["n_rows"])
        report.breakdown_rows = int(summary["n_breakdown_rows"])
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
            breakdown_types=[t.value for t in contract.BreakdownType],
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


def describe_report(report: FileReport, shown_path: str | None = None) -> str:
    """The validator's plain-text verdict on one file: OK with what it covers and what it left out, REJECTED with
    every problem, or NOT AN EXTRACT with what the file is."""
    name = shown_path or report.path
    if not report.is_extract:
        return f"NOT AN EXTRACT {name}: {report.file_type}; nothing from it is used"
    layout = "" if report.kind == "contract" else f" ({importers.LAYOUTS.get(report.kind, report.kind)})"
    if report.ok:
        span = f"{report.periods[0]} to {report.periods[-1]}" if report.periods else "no periods"
        label = " [illustrative]" if report.illustrative else ""
        used = f" from {report.used_rows:,} source row(s)" if report.kind not in ("contract", "contract_csv") else ""
        groups = f" ({report.breakdown_rows:,} of them for groups: by sex, age, ...)" if report.breakdown_rows else ""
        lines = [f"OK {name}{layout}{label}: {report.n_rows:,} rows{groups}{used}, {len(report.indicators)} "
                 f"indicator(s), {len(report.areas)} area(s), {span}"]
    else:
        lines = [f"REJECTED {name}{layout}: {len(report.problems)} problem(s); nothing from this file is used"]
        lines += [f"  - {p.message}" for p in report.problems]
    lines += [f"  left out: {x.describe()}" for x in report.left_out]
    lines += [f"  note: {n}" for n in report.notes]
    if report.source and report.kind not in ("contract", "contract_csv"):
        lines.append(f"  source: {report.source}")
    return "\n".join(lines)
