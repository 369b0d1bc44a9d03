"""Checks one extract file against the contract and the registry; never raises on bad input, only reports."""
from __future__ import annotations

import dataclasses
import difflib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from logframe import contract, db, importers
from logframe.contract import LeftOut, Problem, in_words
from logframe.importers import ascof, contract_csv, fingertips, ons
from logframe.periods import PeriodError, canonical, spellings, try_parse_period
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
    "bad_period": "is not a period the indicator's figures are written in",
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
    unused: str = ""  # a file in a known layout none of whose rows the registry maps: what it holds, and what to do
    breakdown_rows: int = 0  # rows for one group (by sex, age, deprivation ...), used by the breakdown queries

    @property
    def ok(self) -> bool:
        """Used: an extract with no problem and rows to use."""
        return not self.problems and self.kind != "not_extract" and not self.unused

    @property
    def is_extract(self) -> bool:
        return self.kind != "not_extract"

    @property
    def rejected(self) -> bool:
        """An extract left out whole for its problems."""
        return self.is_extract and bool(self.problems)

    @property
    def nothing_to_use(self) -> bool:
        """Recognised (an official download) but none of its rows is for the log-frame: not a rejection."""
        return self.is_extract and not self.problems and bool(self.unused)


def check_file(path: str | Path, registry: Registry) -> FileReport:
    """The one boundary around everything done to one file (its layout, conversion and checks): whatever goes wrong
    becomes that file's rejection in plain words, logged with its traceback, and never reaches a page or a command.
    A file removed while it was read is let through as FileNotFoundError (it is no longer in the folder)."""
    try:
        return validate_file(path, registry)
    except FileNotFoundError:
        if not os.path.exists(path):
            raise
        log.exception("could not check %s", path)
        return _failed(path, "it disappeared or changed while it was being read")
    except Exception as exc:  # noqa: BLE001 - the boundary: any failure is this file's rejection, never a page's
        log.exception("could not check %s", path)
        return _failed(path, in_words(exc))


def _failed(path: str | Path, words: str) -> FileReport:
    try:
        st = os.stat(path)
        size, mtime = st.st_size, st.st_mtime
    except OSError:
        size, mtime = 0, 0.0
    return FileReport(path=str(path), size=size, mtime=mtime, data_path=str(path),
                      problems=[Problem("unreadable", None, f"could not be read: {words}")])


def unreadable(report: FileReport, why: str) -> FileReport:
    """A used file's report turned into a rejection: it could not be read with the other files (why: the engine's
    message, kept for the log)."""
    log.error("%s could not be read with the other extracts: %s", report.path, why)
    return dataclasses.replace(report, problems=[Problem(
        "unreadable", None, f"could not be read: {in_words(RuntimeError(why))} (it passed its checks, but reading it "
                            "with the other files failed; nothing from it is used)")])


def unreadable_folder(path: str) -> FileReport:
    """A sub-folder of the extracts folder that could not be listed: named, with nothing in it used."""
    return FileReport(path=path, size=-1, mtime=0.0, kind="folder", problems=[Problem(
        "unreadable_folder", None, "this folder could not be opened (permission denied?), so no file in it is used")])


def _strings(values: Any) -> tuple[str, ...]:
    """A query's list of text values, without missing ones (an empty file's list is NULL, not empty)."""
    if values is None or values is pd.NA or isinstance(values, float):
        return ()
    return tuple(str(v) for v in values if v is not None and v is not pd.NA)


def _suggest(bad: str | None, known: list[str]) -> str:
    if bad is None:
        return ""
    close = difflib.get_close_matches(str(bad), known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def suggest_area(bad: str | None, registry: Registry) -> str:
    """' (did you mean <code> (<name>)?)' for an area name (or another name of it) where a code belongs, or the
    nearest code to a mistyped one; '' when nothing is close."""
    if bad is None:
        return ""
    code = registry.area_code_for(str(bad))
    if code is not None and code != bad:
        return f" ('{bad}' is not an area code; did you mean {code} ({registry.area_name(code)})?)"
    close = difflib.get_close_matches(str(bad), list(registry.areas), n=1, cutoff=0.6)
    return f" (did you mean {close[0]} ({registry.area_name(close[0])})?)" if close else ""


# How to use a recognised download whose indicators the registry does not map, by layout.
_ADD_MAPPING = {"ons": "an `ons_indicator`", "fingertips": "a `fingertips_id`", "ascof": "an `ascof_measure`",
                "ascof_reshaped": "an `ascof_measure`"}
_UNMAPPED = ("unmapped_indicator", "unmapped_measure", "unknown_measure")


def validate_file(path: str | Path, registry: Registry) -> FileReport:
    """Every problem in one file of the extracts folder, with the column and example rows at fault.

    A Parquet or CSV file is an extract in the contract's columns or an official download (Fingertips, ASCOF, ONS),
    converted to contract rows first; any other file is reported as not an extract, with what it is. Call it through
    check_file, the boundary that turns anything unexpected into the file's rejection.
    """
    path = str(path)
    st = os.stat(path)
    report = FileReport(path=path, size=st.st_size, mtime=st.st_mtime, data_path=path)
    fmt = importers.file_format(path)
    if fmt == "other":
        report.kind, report.file_type = "not_extract", importers.other_type(path)
        return report
    if st.st_size == 0:
        report.problems.append(Problem("empty_file", None, "the file is empty (0 bytes): nothing to read"))
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
    except ValueError as exc:  # a row that cannot be read, named in words
        report.problems.append(Problem("not_csv", None, str(exc)))
        return report
    if layout == "contract":
        done = contract_csv.convert(table)
        if done.problems and (hints := importers.column_hints(columns)):
            done.problems.append(Problem("column_names", None, "; ".join(hints)))
    else:
        nested = [f.name for f in table.schema if pa.types.is_nested(f.type)]
        if nested:  # a download as published has plain cells only
            report.problems.append(Problem("wrong_type", nested[0], f"column '{nested[0]}' holds lists or groups of "
                                           "values (nested columns), not plain cells, so the file cannot be read "
                                           f"in the {importers.LAYOUTS[layout]} layout"))
            return report
        convert = {"fingertips": fingertips.convert, "ascof": ascof.convert,
                   "ascof_reshaped": ascof.convert_reshaped, "ons": ons.convert}[layout]
        try:
            done = convert(table, registry, report.path)
        except duckdb.BinderException as exc:  # a column the layout's query reads is not in the file
            missing = re.search(r'Referenced column "([^"]+)" not found', str(exc))
            if missing is None:
                raise
            report.problems.append(Problem("missing_column", missing[1], f"required column '{missing[1]}' is missing "
                                           f"(files in the {importers.LAYOUTS[layout]} layout have it)"))
            return report
    report.problems += done.problems
    report.left_out, report.notes, report.source = done.left_out, done.notes, done.source
    if report.problems or done.rows is None:
        return report
    if table.num_rows == 0:
        report.problems.append(Problem("no_rows", None, "the file has its header but no rows: nothing to use"))
        return report
    if len(done.rows) == 0:  # recognised, but nothing in it is for the log-frame: said, not rejected
        report.unused = _nothing_to_use(layout, done, table.num_rows)
        return report
    report.used_rows = done.used_rows
    key = "|".join(map(str, (report.path, report.size, os.stat(report.path).st_mtime_ns, layout,
                             registry_mapping_key(registry))))
    report.data_path = importers.write_converted(_canonical_periods(done.rows, registry), key)
    return _check_rows(report, registry)


def _nothing_to_use(layout: str, done: importers.Conversion, n_rows: int) -> str:
    """'ONS Explore local statistics: 'Early years ...', 3,120 rows; none of its indicators is in the registry; add an
    `ons_indicator` to use it'."""
    holds = f": {done.holds}" if done.holds else ""
    if all(x.reason in {importers.FATES[f] for f in _UNMAPPED} for x in done.left_out) and done.left_out:
        why = (f"none of its indicators is in the registry; add {_ADD_MAPPING.get(layout, 'a mapping')} to an "
               "indicator in data/registry/indicators.csv to use it")
    else:
        why = "none of its rows could be used (" + "; ".join(x.describe() for x in done.left_out) + ")"
    return f"{importers.LAYOUTS.get(layout, layout)}{holds}, {n_rows:,} rows; {why}"


def _canonical_periods(rows: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """Converted rows with each period in its stored form, read by its indicator's periodicity (a period that cannot
    be read is left as it is, for the row checks to name)."""
    if rows.empty:
        return rows
    mapped = {}
    for ind, label in rows[["indicator_id", "period"]].drop_duplicates().itertuples(index=False):
        stored = _stored_period(registry, ind, label)
        if stored is not None and stored != label:
            mapped[(ind, label)] = stored
    if not mapped:
        return rows
    periods = [mapped.get((i, p), p) for i, p in zip(rows["indicator_id"], rows["period"])]
    return rows.assign(period=periods)


def _stored_period(registry: Registry, indicator_id: object, label: object) -> str | None:
    """The stored form of a period for an indicator (by its periodicity; any standard label for an unknown
    indicator), or None when it cannot be read."""
    if label is None or label is pd.NA or not isinstance(label, str):
        return None
    ind = registry.indicators.get(indicator_id) if isinstance(indicator_id, str) else None
    try:
        if ind is not None:
            return canonical(label, ind.periodicity)
        parsed = try_parse_period(label)
        return None if parsed is None else canonical(label, _GENERIC.get(parsed.kind, "calendar_year"))
    except PeriodError:
        return None


# A standard label's kind read back through the periodicity that stores it unchanged.
_GENERIC = {"financial_year": "financial_year", "calendar_year": "calendar_year", "financial_quarter": "quarter",
            "month": "month", "year_range": "multi_year", "financial_year_range": "financial_year"}


def registry_mapping_key(registry: Registry) -> str:
    """What a conversion depends on in the registry: the mappings, units, periodicities and areas."""
    inds = sorted((i.id, i.unit, i.fingertips_id, i.fingertips_sex, i.ascof_measure, i.ons_indicator, i.periodicity)
                  for i in registry.indicators.values())
    return repr((inds, sorted(registry.areas)))


def _check_contract_parquet(report: FileReport, registry: Registry) -> FileReport:
    """A Parquet extract in the contract's columns: column types, then the rows. A column of another type that can
    be read as the contract's (numbers written as text, codes stored as numbers, dates for periods) is read through
    the same row-by-row checks as a CSV, naming the rows that cannot."""
    parquet = pq.ParquetFile(report.path)
    schema = parquet.schema_arrow
    meta = schema.metadata or {}
    report.illustrative = contract.illustrative(meta)
    report.source = meta.get(contract.META_SOURCE, b"").decode("utf-8", "replace")
    names = schema.names
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        report.problems.append(Problem("duplicate_column", None, f"the file names column(s) "
                                       f"{', '.join(map(repr, repeated))} more than once"))
        return report
    recast = False
    n_rows = parquet.metadata.num_rows
    for col in contract.COLUMNS:
        if col.name not in names:
            if col.required:
                report.problems.append(Problem("missing_column", col.name, f"required column '{col.name}' is missing ({col.meaning})"))
            continue
        arrow_type = schema.field(col.name).type
        fit = contract.type_fit(col.kind, arrow_type)
        if fit == "cast":
            recast = True
        elif fit == "bad":
            rows = tuple(range(1, min(n_rows, 5) + 1))
            examples = _first_values(parquet, col.name)
            shown = f" e.g. {', '.join(examples)}" if examples else ""
            report.problems.append(Problem(
                "wrong_type", col.name, f"column '{col.name}': must be {contract.describe(col.kind)} but holds "
                f"{contract.type_words(arrow_type)} in {n_rows:,} row(s) ({contract.rows_text(rows, n_rows)}){shown}",
                rows, n_rows))
    if report.problems:
        hints = importers.column_hints(names)
        if hints:
            report.problems.append(Problem("column_names", None, "; ".join(hints)))
        return report
    if recast:
        present = [c.name for c in contract.COLUMNS if c.name in names]
        table = contract.as_text(parquet.read(columns=present))
        table = table.append_column("source_row", pa.array(range(1, table.num_rows + 1), pa.int64()))
        done = contract_csv.convert(table)
        if done.problems:
            report.problems += done.problems
            return report
        key = "|".join(map(str, (report.path, report.size, os.stat(report.path).st_mtime_ns, "contract",
                                 registry_mapping_key(registry))))
        report.data_path = importers.write_converted(_canonical_periods(done.rows, registry), key)
    report = _check_rows(report, registry)
    report.used_rows = report.n_rows if report.ok else 0
    return report


def _first_values(parquet: pq.ParquetFile, column: str) -> list[str]:
    """Up to three of a column's first values, as text, for a message (nothing when they cannot be read)."""
    try:
        values = parquet.read_row_group(0, columns=[column]).column(0).slice(0, 3).to_pylist()
    except Exception as exc:  # noqa: BLE001 - examples are a courtesy; the problem is reported without them
        log.info("no example values of %s in %s: %s", column, parquet, exc)
        return []
    return [repr(str(v))[:60] for v in values if v is not None]


def _check_rows(report: FileReport, registry: Registry) -> FileReport:
    path = report.data_path
    summary = db.run("extract_summary", file=path).iloc[0]
    report.n_rows = int(summary["n_rows"])
    report.breakdown_rows = int(summary["n_breakdown_rows"])
    report.indicators = _strings(summary["indicators"])
    report.areas = _strings(summary["areas"])
    if report.n_rows == 0:
        report.problems.append(Problem("no_rows", None, "the file has no rows: nothing to use"))
        return report
    pairs = summary["pairs"]
    readable, changed, bad_periodicities = [], [], set()
    for pair in (pairs if pairs is not None and not isinstance(pairs, float) else ()):
        ind, label = pair["indicator_id"], pair["period"]
        if label is None:
            continue  # a missing period is its own rule
        stored = _stored_period(registry, ind, label)
        if stored is None:
            if ind in registry.indicators:
                bad_periodicities.add(registry.indicators[ind].periodicity)
            continue
        readable.append({"indicator_id": ind, "period": label, "stored": stored})
        if stored != label:
            changed.append({"indicator_id": ind, "period": label, "stored": stored})
    report.periods = tuple(sorted({p["stored"] for p in readable}, key=lambda p: try_parse_period(p).start_year))  # type: ignore[union-attr]
    bounds = [
        {"indicator_id": ind.id, "low": UNIT_RANGES.get(ind.unit, (None, None))[0],
         "high": UNIT_RANGES.get(ind.unit, (None, None))[1], "unit": ind.unit}
        for ind in registry.indicators.values()
    ]
    nothing = [{"indicator_id": "", "period": "", "stored": ""}]
    broken = db.run(
        "validate_rows", file=path, indicator_ids=list(registry.indicators), area_codes=list(registry.areas),
        periods=readable or nothing, period_changes=changed or nothing, bounds=bounds,
        breakdown_types=[t.value for t in contract.BreakdownType],
    )

    for r in broken.itertuples(index=False):
        rows = tuple(int(x) for x in r.example_rows)
        values = [v for v in r.example_values if v is not None]
        hint = ""
        if r.rule == "unknown_indicator":
            hint = "".join(_suggest(v, list(registry.indicators)) for v in values[:1])
        elif r.rule == "unknown_area":
            hint = "".join(suggest_area(v, registry) for v in values[:1])
        elif r.rule == "bad_period":
            hint = "; accepted: " + " | ".join(f"by {p.replace('_', ' ')}: {spellings(p)}"
                                               for p in sorted(bad_periodicities)) if bad_periodicities else ""
        shown = f" e.g. {', '.join(repr(v) for v in values[:3])}" if values else ""
        more = f" and {r.n_rows - len(rows)} more" if r.n_rows > len(rows) else ""
        message = (
            f"column '{r.column_name}': {RULE_TEXT.get(r.rule, r.rule)} in {r.n_rows} row(s) "
            f"(rows {', '.join(map(str, rows))}{more}){shown}{hint}"
        )
        report.problems.append(Problem(r.rule, r.column_name, message, rows, int(r.n_rows)))
    if not report.problems and changed:
        # Periods written another way ('2025-26'): the rows are read from a copy with each period as stored.
        key = "|".join(map(str, (report.path, report.size, report.mtime, path, "periods",
                                 registry_mapping_key(registry))))
        report.data_path = importers.copy_converted(
            key, lambda out: db.write_parquet("normalise_extract", str(out), file=path, period_changes=changed))
    return report


def describe_report(report: FileReport, shown_path: str | None = None) -> str:
    """The validator's plain-text verdict on one file: OK with what it covers and what it left out, REJECTED with
    every problem, RECOGNISED (a download with nothing for the log-frame) with what it holds, or NOT AN EXTRACT
    with what the file is."""
    name = shown_path or report.path
    if not report.is_extract:
        return f"NOT AN EXTRACT {name}: {report.file_type}; nothing from it is used"
    layout = "" if report.kind == "contract" else f" ({importers.LAYOUTS.get(report.kind, report.kind)})"
    if report.nothing_to_use:  # recognised, not rejected: what it holds says why nothing is used
        return f"RECOGNISED {name}: {report.unused}; nothing from it is used"
    elif report.ok:
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
