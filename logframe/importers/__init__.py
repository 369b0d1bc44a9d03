"""Analysts' files in the layouts they download, recognised by their columns and turned into contract rows.

A file is read as it is (a CSV as published, or the same table saved as Parquet); the importer for its layout
classifies every source row in SQL (queries/import_*.sql) as used or left out with a reason, and returns the
contract rows with counts of what it left out and why. The converted rows are written to the conversions folder;
the analyst's file is never changed, and every converted value still names it as its source.
"""
from __future__ import annotations

import atexit
import csv
import hashlib
import io
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from logframe import contract
from logframe.config import settings
from logframe.contract import BreakdownType, LeftOut, Problem, in_words

log = logging.getLogger(__name__)

# What a file that is not Parquet or CSV is, in words, and what to do with it.
SPREADSHEETS = {".xlsx": "Excel workbook", ".xlsm": "Excel workbook", ".xls": "Excel 97-2003 workbook",
                ".ods": "OpenDocument spreadsheet", ".numbers": "Numbers spreadsheet"}
OTHER_TYPES = {".docx": "Word document", ".doc": "Word document", ".odt": "OpenDocument text", ".pdf": "PDF document",
               ".json": "JSON file", ".txt": "text file", ".md": "Markdown text", ".html": "web page",
               ".htm": "web page", ".xml": "XML file", ".zip": "ZIP archive", ".gz": "compressed file",
               ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image", ".svg": "image",
               ".pptx": "PowerPoint presentation", ".tsv": "tab-separated text"}

# Layouts, as the Data page and the validator name them.
LAYOUTS = {
    "contract": "extract (Parquet)",
    "contract_csv": "extract (CSV)",
    "fingertips": "Fingertips export",
    "ascof": "ASCOF open data",
    "ascof_reshaped": "ASCOF open data, reshaped",
    "ons": "ONS Explore local statistics",
}

# Why rows of an accepted file were left out, in words (the fate keys of queries/import_*.sql).
FATES = {
    "unmapped_indicator": "indicators the registry does not map (no fingertips_id or ons_indicator)",
    "unmapped_measure": "measures the registry does not map (no ascof_measure)",
    "unknown_measure": "measure descriptions not recognised as ASCOF measures",
    "breakdown": "rows broken down two ways at once (e.g. deprivation deciles by sex): one breakdown at a time is kept",
    "other_sex": "rows for a sex other than the one the registry uses for the indicator",
    "other_age": "age bands where the file gives no 'All ages' figure to set them against",
    "unnamed_group": "breakdown rows that name no group (a Category Type with an empty Category)",
    "outside_registry": "areas outside the registry (other councils, regions, ...)",
    "other_measure_type": "rows that are not values (survey Base sizes)",
    "other_period_length": "periods of another length than the registry maps (another series of the same name)",
    "period_not_converted": "periods with no contract equivalent",
    "bad_year": "rows whose Year is not a year",
    "no_outcome": "numerators, denominators or margins with no published Outcome row",
}

# A breakdown's group, as the downloads name it, and its contract breakdown_type.
_SEXES = {"male": "Male", "female": "Female", "males": "Male", "females": "Female", "men": "Male", "women": "Female"}
_AGE = re.compile(r"\d+\s*(-|–|to|\+|and over|or over|plus|and under|or under|yrs|years)|(under|below)\s*\d+", re.I)


def breakdown_of(group: str, category_type: str | None = None) -> tuple[str, str]:
    """(breakdown_type, breakdown) of a download's group: 'Female' is sex, '65-74' age; with a Fingertips Category
    Type, its deprivation deciles or quintiles, ethnic groups, or other."""
    label = str(group).strip()
    if category_type:
        words = category_type.lower()
        if "depriv" in words and "decile" in words:
            return BreakdownType.DEPRIVATION_DECILE.value, label
        if "depriv" in words and "quintile" in words:
            return BreakdownType.DEPRIVATION_QUINTILE.value, label
        if "ethnic" in words:
            return BreakdownType.ETHNICITY.value, label
        return BreakdownType.OTHER.value, label
    if label.lower() in _SEXES:
        return BreakdownType.SEX.value, _SEXES[label.lower()]
    if _AGE.search(label):
        return BreakdownType.AGE.value, label
    return BreakdownType.OTHER.value, label


@dataclass
class Conversion:
    """What an importer made of one file."""
    kind: str
    rows: pd.DataFrame | None = None  # contract columns; None when the file is rejected
    used_rows: int = 0  # source rows that became (part of) contract rows
    left_out: list[LeftOut] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was done that is neither a fault nor left out
    source: str = ""  # attribution of the published file
    holds: str = ""  # what the file holds, in words ("'Employment rate', 'Economically inactive' and 3 more")


def names_held(values: list[object], limit: int = 3) -> str:
    """"'A', 'B' and 3 more": the distinct names a download holds, for a message."""
    names = sorted({str(v).strip() for v in values if v is not None and str(v).strip()})
    shown = ", ".join(repr(n[:80] + ("..." if len(n) > 80 else "")) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def file_format(path: str | Path) -> str:
    """'parquet', 'csv', or 'other', by the file's extension."""
    suffix = Path(path).suffix.lower()
    return {".parquet": "parquet", ".csv": "csv"}.get(suffix, "other")


def other_type(path: str | Path) -> str:
    """What a file that is neither Parquet nor CSV is, and how to use it if it could hold figures."""
    suffix = Path(path).suffix.lower()
    if suffix in SPREADSHEETS:
        return f"{SPREADSHEETS[suffix]}: to use it, save the sheet as CSV (UTF-8) or Parquet"
    if suffix in OTHER_TYPES:
        return OTHER_TYPES[suffix]
    return f"'{suffix}' file" if suffix else "file with no extension"


def detect(columns: list[str]) -> str | None:
    """The layout of a table from its column names, or None when it is none the dashboard reads."""
    names = set(columns)
    lower = {c.strip().lower() for c in columns}
    if names & {"indicator_id", "area_code"}:
        return "contract"
    if {"Indicator ID", "Area Code", "Time period", "Value"} <= names:
        return "fingertips"
    # ASCOF's names as each year published them, compared in lower case: 'Disaggregation' or 'Disaggregation Level',
    # 'ONS Code' or 'ONS Area Code', a measure group or (2024/25) only the measure code (importers.ascof).
    if {"measure type", "measure value"} <= lower and lower & {"ons code", "ons area code"} \
            and lower & {"disaggregation level", "disaggregation"} and lower & {"measure group", "ascof measure code"} \
            and "year" not in lower:
        return "ascof"
    if {"ONS Code", "Measure Group Description", "Disaggregation Level", "Measure Value", "Year"} <= names:
        return "ascof_reshaped"
    if {"areacd", "period", "observation"} <= lower and lower & {"indicator", "variable name"}:
        return "ons"
    if names & set(contract.REQUIRED):
        return "contract"  # some of the contract's columns: say which are missing
    return None


def column_hints(columns: list[str]) -> list[str]:
    """For a file that is not recognised: contract columns written another way ('found 'Value': column names are
    lower case')."""
    hints = []
    for col in contract.COLUMNS:
        for name in columns:
            squashed = name.strip().lower().replace(" ", "_").replace("-", "_")
            if name != col.name and squashed == col.name:
                why = "column names are lower case" if name.lower() == col.name else "write it exactly"
                hints.append(f"found '{name}': {why} ('{col.name}')")
    return hints


# --- reading a file as it was downloaded ---------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _decoded(path: Path) -> bytes:
    """The file's bytes as UTF-8 text, whatever it was saved as: UTF-8 (with or without a byte-order mark), UTF-16
    (Excel's 'Unicode text'), or Windows-1252 (Excel on Windows); ValueError naming what it is when it is not text
    at all (a compressed file, a spreadsheet or random bytes named .csv)."""
    data = path.read_bytes()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding).encode("utf-8")
            except UnicodeDecodeError:
                raise ValueError(f"it starts as {encoding.upper()} text but is not: the file is damaged") from None
    if data[:2] == b"\x1f\x8b":
        raise ValueError("it is a compressed (gzip) file named .csv: unzip it first")
    if data[:4] == b"PK\x03\x04":
        raise ValueError("it is a ZIP archive or an Excel workbook named .csv: save the sheet as CSV (UTF-8)")
    if data[:4] == b"PAR1":
        raise ValueError("it is a Parquet file named .csv: name it .parquet")
    if b"\x00" in data[:65536]:
        raise ValueError("it is not plain text (it holds NUL bytes): perhaps another kind of file named .csv")
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8")


def read_columns(path: str | Path) -> list[str]:
    """The column names of a Parquet or CSV file (ValueError, in words, when it cannot be read as one)."""
    path = Path(path)
    if file_format(path) == "parquet":
        try:
            names = pq.ParquetFile(path).schema_arrow.names
        except Exception as exc:  # any reader error means the file is not usable Parquet
            raise ValueError(f"not a readable Parquet file: {in_words(exc)}") from None
        _no_repeats(names)
        return names
    try:
        text = _decoded(path)[:65536].decode("utf-8", errors="replace")
    except ValueError as exc:
        raise ValueError(f"not a readable CSV file: {exc}") from None
    try:
        header = next(csv.reader(io.StringIO(text, newline="")), None)
    except csv.Error:
        raise ValueError("not a readable CSV file: its first line cannot be read as CSV (a stray line break or "
                         "quote in the header?)") from None
    if not header or not any(h.strip() for h in header):
        raise ValueError("not a readable CSV file: it has no header row naming the columns")
    _no_repeats(header)
    return header


def _no_repeats(names: list[str]) -> None:
    repeated = sorted({h for h in names if names.count(h) > 1})
    if repeated:
        raise ValueError(f"the header names column(s) {', '.join(map(repr, repeated))} more than once")


def read_table(path: str | Path) -> pa.Table:
    """Every row of a Parquet or CSV file, CSV cells as text (so nothing is guessed), with a 1-based source_row;
    ValueError, in words, when a CSV row cannot be read."""
    path = Path(path)
    if file_format(path) == "parquet":
        table = pq.read_table(path)
    else:
        names = [h.lstrip("\ufeff") for h in read_columns(path)]
        data = _decoded(path)
        try:
            table = pacsv.read_csv(
                pa.py_buffer(data),
                read_options=pacsv.ReadOptions(column_names=names, skip_rows=1,
                                               block_size=max(1 << 20, min(len(data) + 1, 1 << 30))),
                convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                     strings_can_be_null=False, quoted_strings_can_be_null=False))
        except pa.ArrowInvalid:
            raise ValueError(f"not a readable CSV file: {_csv_fault(data, len(names))}") from None
    return table.append_column("source_row", pa.array(range(1, table.num_rows + 1), pa.int64()))


def _csv_fault(data: bytes, width: int) -> str:
    """Which row of a CSV file breaks it, in words (the first row whose cells do not match the header)."""
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""))
    try:
        next(reader, None)
        for n, cells in enumerate(reader, start=1):
            if cells and len(cells) != width:
                last = " (the last row: the file may have been cut short)" if reader.line_num >= data.count(b"\n") \
                    else ""
                return f"row {n} has {len(cells)} cell(s) where the header names {width}{last}"
    except csv.Error:
        return f"row {reader.line_num} cannot be read as CSV (a stray quote or line break?)"
    return "its rows cannot be read as CSV (an unclosed quote?)"


# --- what every importer does with its classified rows -------------------------------------------------------

def summarise(classified: pd.DataFrame, value_column: str) -> tuple[pd.DataFrame, int, list[LeftOut], list[Problem]]:
    """From an import query's rows (source_row, fate, detail, contract columns): the used rows, how many source
    rows they came from, what was left out by reason, and the faults (values that are not numbers)."""
    used = classified[classified["fate"].isna()]
    bad = classified[classified["fate"] == "not_a_number"].drop_duplicates("source_row")
    problems = []
    if len(bad):
        problems.append(contract.not_a_number("not_a_number", value_column,
                                              tuple(int(r) for r in bad["source_row"].head(5)), len(bad),
                                              list(bad["detail"].dropna().unique()[:3])))
    left = classified[~classified["source_row"].isin(used["source_row"]) & (classified["fate"] != "not_a_number")]
    left = left.drop_duplicates("source_row")
    left_out = []
    for fate, group in left.groupby("fate", sort=False):
        common = group["detail"].dropna().astype(str).value_counts()
        left_out.append(LeftOut(FATES.get(fate, fate), len(group), tuple(common.index[:5])))
    left_out.sort(key=lambda x: -x.n_rows)
    return used, int(used["source_row"].nunique()), left_out, problems


def contract_frame(rows: pd.DataFrame | list[dict[Any, Any]]) -> pd.DataFrame:
    """Rows with exactly the contract's columns, in order (the breakdown columns only when some row has one, the
    definition only when some row is on another definition than the plan's)."""
    frame = pd.DataFrame(rows) if not isinstance(rows, pd.DataFrame) else rows
    used: Callable[..., Any] = lambda col: col in frame.columns and bool(frame[col].notna().any())  # noqa: E731
    names = [n for n in contract.FULL_SCHEMA.names if n not in contract.WHEN_USED
             or (n in contract.BREAKDOWN_COLUMNS and used("breakdown_type")) or (n == "definition" and used(n))]
    for col in names:
        if col not in frame.columns:
            frame = frame.assign(**{col: None})
    return frame[names].reset_index(drop=True)


def suppressed_note(rows: pd.DataFrame) -> list[str]:
    """'12 value(s) suppressed or not published in the source are kept, shown as such' (or nothing)."""
    n = int((rows["value"].isna()).sum()) if len(rows) else 0
    return [f"{n} value(s) suppressed or not published in the source are kept as such (no figure shown)"] if n else []


# --- the conversions folder ----------------------------------------------------------------------------------

_temp_dir: Path | None = None
_temp_lock = threading.Lock()


def _temporary_folder() -> Path:
    global _temp_dir
    with _temp_lock:
        if _temp_dir is None:
            _temp_dir = Path(tempfile.mkdtemp(prefix="logframe-conversions-"))
            atexit.register(shutil.rmtree, _temp_dir, ignore_errors=True)
        return _temp_dir


def conversions_folder() -> Path:
    """Where converted rows are written: the cache folder's conversions/, or (cache off, or not writable) a
    temporary folder removed when the process ends."""
    cache = settings().cache_dir
    if cache is not None:
        folder = cache / "conversions"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
            log.warning("cache folder %s is not writable; converted files go to a temporary folder", folder)
        except OSError as exc:
            log.warning("cache folder %s cannot be used (%s); converted files go to a temporary folder", folder, exc)
    return _temporary_folder()


def write_converted(rows: pd.DataFrame, key: str) -> str:
    """Write contract rows to the conversions folder under a name derived from key; returns the path. A full or
    read-only cache folder falls back to the temporary one."""
    frame = contract_frame(rows)
    table = pa.Table.from_pandas(frame, schema=contract.schema_for(list(frame.columns)), preserve_index=False)
    name = hashlib.sha256(key.encode()).hexdigest()[:24] + ".parquet"
    try:
        return _write_atomically(table, conversions_folder() / name)
    except OSError as exc:
        log.warning("could not write a converted file in %s (%s); using a temporary folder", conversions_folder(),
                    exc)
        return _write_atomically(table, _temporary_folder() / name)


def copy_converted(key: str, write: Callable[[Path], Any]) -> str:
    """A converted copy written by write(path) (a DuckDB COPY) to the conversions folder under a name derived from
    key, atomically; returns its path."""
    name = hashlib.sha256(key.encode()).hexdigest()[:24] + ".parquet"
    for folder in (conversions_folder(), _temporary_folder()):
        out = folder / name
        tmp = out.with_name(f".{out.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            write(tmp)
            tmp.replace(out)
            return str(out)
        except (OSError, duckdb.IOException) as exc:
            log.warning("could not write a converted file in %s (%s)", folder, exc)
            tmp.unlink(missing_ok=True)
    raise OSError(f"no folder would take the converted copy {name}")


def _write_atomically(table: pa.Table, out: Path) -> str:
    tmp = out.with_name(f".{out.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        pq.write_table(table, tmp)
        tmp.replace(out)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return str(out)
