"""Files the way downloads break: every official sample and contract extract, damaged as hypothesis chooses.

Seeds are files no one here wrote: the official downloads shipped in data/reference/ (ASCOF, ONS) and the recorded
Fingertips export, each cut to its header and first rows (a sample keeps the layout and the real values), saved as
published (CSV) and as Parquet, and the shipped contract extracts. A damage is a function of the seed's bytes and
hypothesis' draws; `variant` returns (file name, bytes).
"""
from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from hypothesis import strategies as st

from tests.conftest import ROOT

SAMPLE_ROWS = 120  # data rows kept from each official download: its layout, real values, a fast validation


@dataclass(frozen=True)
class Seed:
    name: str  # the file name it is dropped in as (an ASCOF download keeps its published name: it carries the year)
    data: bytes
    csv: bool


def _sample_csv(path: Path, keep: int = SAMPLE_ROWS) -> bytes:
    """The header and the first `keep` data rows of a CSV as published, bytes unchanged."""
    lines = path.read_bytes().splitlines(keepends=True)
    return b"".join(lines[: keep + 1])


def _kent_too(path: Path, keep: int = SAMPLE_ROWS) -> bytes:
    """The header, the first rows and every row naming Kent (E10000016): a sample with the rows the registry uses."""
    lines = path.read_bytes().splitlines(keepends=True)
    kent = [line for line in lines[1:] if b"E10000016" in line][:keep]
    return b"".join([lines[0], *lines[1: keep // 2], *kent])


def _as_parquet(data: bytes) -> bytes:
    table = pacsv.read_csv(pa.py_buffer(data.lstrip(b"\xef\xbb\xbf")),
                           convert_options=pacsv.ConvertOptions(strings_can_be_null=True))
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def seeds() -> list[Seed]:
    """Every seed, in a fixed order."""
    reference = ROOT / "data" / "reference"
    official = [
        ("meas-from-asc-of-eng-2021-open-data.csv", _kent_too(reference / "ascof" / "meas-from-asc-of-eng-2021-open-data.csv")),
        ("reshaped_2019_20.csv", _kent_too(reference / "ascof" / "reshaped_2019_20.csv")),
        ("employment-rate.csv", _kent_too(reference / "ons" / "employment-rate.csv")),
        ("healthy-life-expectancy.csv", _kent_too(reference / "ons" / "healthy-life-expectancy.csv")),
        ("children-in-relative-poverty.csv", _kent_too(reference / "ons" / "children-in-relative-poverty.csv")),
        ("fingertips-export.csv", _sample_csv(ROOT / "tests" / "fixtures" / "fingertips_by_indicator_id.csv")),
    ]
    out = [Seed(name, data, True) for name, data in official]
    out += [Seed(name.replace(".csv", ".parquet"), _as_parquet(data), False) for name, data in official]
    for path in sorted((ROOT / "data" / "extracts").rglob("*.parquet"))[:4]:
        out.append(Seed(path.name, path.read_bytes(), False))
        table = pq.read_table(path)
        text = io.BytesIO()
        pacsv.write_csv(table, text)
        out.append(Seed(path.with_suffix(".csv").name, text.getvalue(), True))
    return out


# --- damage to a CSV's cells --------------------------------------------------------------------------------------
JUNK = ("n/a", "1e309", "inf", "-inf", "12,5", "\u22123.4", "1234567890123456789012345", "NaN", "6.6%", " ", "--",
        "0x1F", "1_000", "TRUE", "\u00a0", "=1+1", "<script>alert(1)</script>")


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"))))


def _csv_bytes(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue().encode("utf-8")


@st.composite
def csv_damage(draw, seed: Seed) -> tuple[str, bytes]:
    """One damaged variant of a CSV seed, named for what was done."""
    data = seed.data
    kind = draw(st.sampled_from([
        "cut_mid_line", "header_only", "empty", "utf16", "latin1", "bom_crlf", "drop_column", "rename_column",
        "reorder_columns", "upper_case", "junk_cells", "nul_bytes", "gzip", "random_bytes", "big_cell",
        "duplicate_header", "ragged_row", "parquet_named_csv"]))
    rows = _rows(data)
    width = len(rows[0]) if rows else 1
    if kind == "cut_mid_line":
        cut = draw(st.integers(min_value=1, max_value=max(1, len(data) - 1)))
        return kind, data[:cut]
    if kind == "header_only":
        return kind, data.splitlines(keepends=True)[0]
    if kind == "empty":
        return kind, b""
    if kind == "utf16":
        return kind, data.decode("utf-8", errors="replace").encode("utf-16")
    if kind == "latin1":
        return kind, data.decode("utf-8", errors="replace").replace("\u2013", "-").encode("cp1252", errors="replace")
    if kind == "bom_crlf":
        return kind, b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if kind == "nul_bytes":
        at = draw(st.integers(min_value=0, max_value=len(data)))
        return kind, data[:at] + b"\x00" * draw(st.integers(1, 4)) + data[at:]
    if kind == "gzip":
        return kind, gzip.compress(data)
    if kind == "random_bytes":
        return kind, draw(st.binary(min_size=1, max_size=2048))
    if kind == "parquet_named_csv":
        return kind, _as_parquet(data) if seed.csv else data
    col = draw(st.integers(min_value=0, max_value=max(0, width - 1)))
    if kind == "drop_column":
        return kind, _csv_bytes([r[:col] + r[col + 1:] for r in rows])
    if kind == "rename_column":
        new = draw(st.sampled_from(["Value ", "value2", "Area", "period ", "", "Indicator_ID", "areacd "]))
        return kind, _csv_bytes([rows[0][:col] + [new] + rows[0][col + 1:], *rows[1:]])
    if kind == "reorder_columns":
        order = draw(st.permutations(list(range(width))))
        return kind, _csv_bytes([[r[i] if i < len(r) else "" for i in order] for r in rows])
    if kind == "upper_case":
        return kind, _csv_bytes([[h.upper() for h in rows[0]], *rows[1:]])
    if kind == "duplicate_header":
        return kind, _csv_bytes([rows[0][:col] + [rows[0][col]] + rows[0][col:], *[r[:col] + [r[col] if col < len(r) else ""] + r[col:] for r in rows[1:]]])
    if kind == "ragged_row":
        at = draw(st.integers(min_value=1, max_value=max(1, len(rows) - 1)))
        return kind, _csv_bytes([*rows[:at], rows[at][: max(0, width - 2)] if at < len(rows) else ["x"], *rows[at + 1:]])
    # cells: junk in a few cells of one column, or one 1 MB cell
    body = [list(r) for r in rows[1:]] or [[""] * width]
    for _ in range(draw(st.integers(1, 3))):
        r = draw(st.integers(min_value=0, max_value=len(body) - 1))
        while len(body[r]) < width:
            body[r].append("")
        body[r][col] = ("x" * (1 << 20)) if kind == "big_cell" else draw(st.sampled_from(JUNK))
    return kind, _csv_bytes([rows[0], *body])


# --- damage to a Parquet file -------------------------------------------------------------------------------------
def _parquet(table: pa.Table) -> bytes:
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


@st.composite
def parquet_damage(draw, seed: Seed) -> tuple[str, bytes]:
    """One damaged variant of a Parquet seed, named for what was done."""
    data = seed.data
    table = pq.read_table(io.BytesIO(data))
    names = table.column_names
    kind = draw(st.sampled_from([
        "truncated", "zero_rows", "empty", "random_bytes", "gzip", "drop_column", "rename_column", "reorder_columns",
        "upper_case", "value_as_text", "codes_as_numbers", "bool_column", "nested_column", "extra_nested",
        "csv_named_parquet", "duplicate_column", "dictionary", "decimal_value"]))
    col = draw(st.integers(min_value=0, max_value=len(names) - 1))
    if kind == "truncated":
        return kind, data[: draw(st.integers(min_value=0, max_value=len(data) - 1))]
    if kind == "zero_rows":
        return kind, _parquet(table.slice(0, 0))
    if kind == "empty":
        return kind, b""
    if kind == "random_bytes":
        return kind, b"PAR1" + draw(st.binary(min_size=0, max_size=2048)) + draw(st.sampled_from([b"", b"PAR1"]))
    if kind == "gzip":
        return kind, gzip.compress(data)
    if kind == "csv_named_parquet":
        text = io.BytesIO()
        pacsv.write_csv(table, text)
        return kind, text.getvalue()
    if kind == "drop_column":
        return kind, _parquet(table.remove_column(col))
    if kind == "rename_column":
        return kind, _parquet(table.rename_columns([n if i != col else draw(st.sampled_from(["Value", "x", " period"]))
                                                    for i, n in enumerate(names)]))
    if kind == "reorder_columns":
        order = draw(st.permutations(names))
        return kind, _parquet(table.select(order))
    if kind == "upper_case":
        return kind, _parquet(table.rename_columns([n.upper() for n in names]))
    if kind == "duplicate_column":
        return kind, _parquet(pa.table([*table.columns, table.column(col)], names=[*names, names[col]]))
    target = names[col]
    column = table.column(col)
    if kind == "value_as_text":
        junk = [draw(st.sampled_from(JUNK)) if i % 7 == 0 else (None if v is None else str(v))
                for i, v in enumerate(column.to_pylist())]
        return kind, _parquet(table.set_column(col, target, pa.array(junk, pa.string())))
    if kind == "codes_as_numbers":
        return kind, _parquet(table.set_column(col, target, pa.array(range(table.num_rows), pa.int64())))
    if kind == "bool_column":
        return kind, _parquet(table.set_column(col, target, pa.array([i % 2 == 0 for i in range(table.num_rows)])))
    if kind == "nested_column":
        return kind, _parquet(table.set_column(col, target, pa.array([{"v": i} for i in range(table.num_rows)])))
    if kind == "extra_nested":
        return kind, _parquet(table.append_column("details", pa.array([[i, i] for i in range(table.num_rows)])))
    if kind == "dictionary":
        return kind, _parquet(table.set_column(col, target, column.cast(pa.string()).dictionary_encode()
                                               if pa.types.is_string(column.type) else column))
    # decimal_value: a numeric column stored as decimal (valid: any numeric type is a number)
    if pa.types.is_floating(column.type):
        return kind, _parquet(table.set_column(col, target, column.cast(pa.decimal128(20, 6), safe=False)))
    return kind, data


def variant(seed: Seed):
    """A strategy for (what was done, bytes) of a damaged copy of the seed."""
    return csv_damage(seed) if seed.csv else parquet_damage(seed)
