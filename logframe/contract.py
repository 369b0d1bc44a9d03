"""The extract contract: the columns an analyst's Parquet file must have. Used by the loader, validator, tests and README."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pyarrow as pa


class BreakdownType(StrEnum):
    """What a breakdown row's group is: the extract contract's breakdown_type values (empty: the whole population)."""
    SEX = "sex"
    AGE = "age"
    DEPRIVATION_DECILE = "deprivation_decile"  # breakdown '1' (most deprived) to '10', or Fingertips' words
    DEPRIVATION_QUINTILE = "deprivation_quintile"  # '1' (most deprived) to '5'
    ETHNICITY = "ethnicity"
    OTHER = "other"



@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # 'string' or 'number'
    required: bool
    meaning: str
    example: object


COLUMNS: tuple[Column, ...] = (
    Column("indicator_id", "string", True, "a registry indicator id", "loneliness_often_always"),
    Column("area_code", "string", True, "an ONS area code from the registry", "a code in areas.csv"),
    Column("period", "string", True, "'2023/24', '2023', '2023/24 Q2', '2024-05' or '2021-23'", "2023/24"),
    Column("value", "number", True, "the measured value in the indicator's unit; null only with a value_note", 6.8),
    Column("lower_ci", "number", False, "lower 95% confidence limit", 6.1),
    Column("upper_ci", "number", False, "upper 95% confidence limit", 7.5),
    Column("numerator", "number", False, "count behind the value (e.g. people who feel lonely)", 412),
    Column("denominator", "number", False, "population behind the value", 6059),
    Column("value_note", "string", False, "why a value is missing or qualified, e.g. 'suppressed'", None),
    Column("breakdown_type", "string", False, "the kind of group a breakdown row is for: "
           + ", ".join(t.value for t in BreakdownType) + "; empty for the whole population", None),
    Column("breakdown", "string", False, "the group, e.g. 'Female', '65-74', '1' (most deprived decile); empty for "
           "the whole population", None),
    Column("definition", "string", False, "what the figure measures where that is not the plan's definition (a "
           "changed or different published series): shown, labelled, never judged against the trajectory; empty for "
           "the plan's own definition", None),
)
BY_NAME = {c.name: c for c in COLUMNS}
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
KEY = ("indicator_id", "area_code", "period")  # a whole-population row's key
BREAKDOWN_KEY = KEY + ("breakdown_type", "breakdown")  # the key of every row: a breakdown row is one group's figure

# Parquet key-value metadata that marks generated (illustrative) extracts and names their source.
META_ILLUSTRATIVE = b"logframe.illustrative"
META_SOURCE = b"logframe.source"
# The contract's columns as Arrow types: what every converted, generated or shipped extract is written with; the
# breakdown columns only where a file has breakdown rows (FULL_SCHEMA), so whole-population files stay as they were.
BREAKDOWN_COLUMNS = ("breakdown_type", "breakdown")
# Columns written only into files that have a value in them, so files without stay as they were.
WHEN_USED = (*BREAKDOWN_COLUMNS, "definition")
FULL_SCHEMA = pa.schema([(c.name, pa.float64() if c.kind == "number" else pa.string()) for c in COLUMNS])
SCHEMA = pa.schema([f for f in FULL_SCHEMA if f.name not in WHEN_USED])


def schema_for(names: list[str] | tuple[str, ...]) -> pa.Schema:
    """The contract's columns among names, in the contract's order and types."""
    return pa.schema([f for f in FULL_SCHEMA if f.name in names])


def schema(source: str, illustrative: bool, columns: list[str] | None = None) -> pa.Schema:
    """SCHEMA (or the contract's columns among `columns`, for a file with breakdown rows or figures on another
    definition) with a file's attribution and illustrative flag in its metadata."""
    return (SCHEMA if columns is None else schema_for(columns)).with_metadata(
        {META_ILLUSTRATIVE: b"true" if illustrative else b"false", META_SOURCE: source.encode()})


def publisher(source: str) -> str:
    """An attribution without its licence sentence ('Office for National Statistics, ... (file.csv)')."""
    return source.split(" Contains ")[0].split(" Source: ")[0].rstrip(". ")


@dataclass(frozen=True)
class Problem:
    """A fault that keeps a whole file out, with the column and (1-based data) rows at fault."""
    rule: str
    column: str | None
    message: str
    rows: tuple[int, ...] = ()
    n_rows: int = 0


@dataclass(frozen=True)
class LeftOut:
    """Rows of an accepted file that were deliberately not used (not a fault), counted and named."""
    reason: str  # plain words, e.g. 'breakdown rows (by sex or age)'
    n_rows: int
    examples: tuple[str, ...] = ()  # a few of the values behind the reason: measure codes, area codes, ...

    def describe(self) -> str:
        shown = f": {', '.join(self.examples)}" if self.examples else ""
        return f"{self.n_rows:,} row(s) left out, {self.reason}{shown}"


def rows_text(rows: tuple[int, ...] | list[int], n_rows: int) -> str:
    """'rows 2, 5 and 12 more' for a problem's example rows out of n_rows."""
    more = f" and {n_rows - len(rows)} more" if n_rows > len(rows) else ""
    return f"rows {', '.join(map(str, rows))}{more}"


def not_a_number(rule: str, column: str, rows: tuple[int, ...], n_rows: int, examples: list[Any]) -> Problem:
    """A column holding text where a number belongs: its first rows, how many, and a few of the values."""
    shown = ", ".join(repr(str(v)) for v in examples[:3])
    return Problem(rule, column, f"column '{column}': is not a number in {n_rows} row(s) "
                                 f"({rows_text(rows, n_rows)}) e.g. {shown}", rows, n_rows)


def _is_text(t: pa.DataType) -> bool:
    return (pa.types.is_string(t) or pa.types.is_large_string(t)
            or (pa.types.is_dictionary(t) and (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type))))


def _is_number(t: pa.DataType) -> bool:
    return pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)


def type_ok(kind: str, arrow_type: pa.DataType) -> bool:
    """Whether a Parquet column type satisfies the contract kind as it is (any numeric type is a number)."""
    return type_fit(kind, arrow_type) == "ok"


def type_fit(kind: str, arrow_type: pa.DataType) -> str:
    """'ok' when a Parquet column's type is the contract kind's, 'cast' when its values can be read as that kind
    row by row (numbers written as text; codes or periods stored as numbers or dates), 'bad' otherwise."""
    t = arrow_type
    if pa.types.is_null(t):
        return "ok"  # an all-null optional column carries no type
    if kind == "number":
        return "ok" if _is_number(t) else "cast" if _is_text(t) else "bad"
    if _is_text(t):
        return "ok"
    return "cast" if _is_number(t) or pa.types.is_date(t) or pa.types.is_timestamp(t) else "bad"


def type_words(arrow_type: pa.DataType) -> str:
    """What a column holds, in words (never a storage engine's type name)."""
    t = arrow_type
    if _is_text(t):
        return "text"
    if pa.types.is_integer(t):
        return "whole numbers"
    if _is_number(t):
        return "numbers"
    if pa.types.is_boolean(t):
        return "true/false values"
    if pa.types.is_date(t):
        return "dates"
    if pa.types.is_timestamp(t) or pa.types.is_time(t):
        return "dates and times"
    if pa.types.is_duration(t) or pa.types.is_interval(t):
        return "lengths of time"
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return "lists of values"
    if pa.types.is_struct(t) or pa.types.is_map(t):
        return "groups of values (nested columns)"
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        return "binary data"
    return "values of another kind"


def as_text(table: pa.Table) -> pa.Table:
    """Every column as text, the way it would read in a spreadsheet: whole numbers without '.0', dates as
    YYYY-MM-DD (so a Parquet file with numbers written as text, or codes stored as numbers, can be checked row by
    row exactly as a CSV is)."""
    import pyarrow.compute as pc
    columns = []
    for column in table.columns:
        t = column.type
        if pa.types.is_dictionary(t):
            column = column.cast(t.value_type)
            t = column.type
        if pa.types.is_floating(t) or pa.types.is_decimal(t):
            column = pa.chunked_array([pa.array([_number_text(v) for v in chunk.to_pylist()], pa.string())
                                       for chunk in column.chunks], pa.string())
        elif pa.types.is_date(t) or pa.types.is_timestamp(t):
            column = pc.strftime(column, format="%Y-%m-%d")
        else:
            column = column.cast(pa.string())
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _number_text(v: object) -> str | None:
    if v is None:
        return None
    f = float(v)  # type: ignore[arg-type]
    return str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f)


def describe(kind: str) -> str:
    """Plain words for a contract kind, for error messages."""
    return "text" if kind == "string" else "a number"


def illustrative(metadata: dict[bytes, bytes] | None) -> bool:
    """Whether a file's Parquet metadata marks it as generated, illustrative data."""
    return bool(metadata) and metadata.get(META_ILLUSTRATIVE, b"").lower() == b"true"  # type: ignore[union-attr]


# The engine's words for what went wrong, and the plain words shown instead (checked in order, lower case).
_IN_WORDS = (
    ("file size is 0 bytes", "the file is empty (0 bytes)"),
    ("magic bytes not found", "it is not a Parquet file (perhaps another kind of file renamed, or a file cut short)"),
    ("couldn't deserialize thrift", "the Parquet file is damaged or cut short"),
    ("unexpected end of stream", "the Parquet file is damaged or cut short"),
    ("out of bounds", "the Parquet file is damaged or cut short"),
    ("corrupt", "the file is damaged"),
    ("invalid parquet", "the file is damaged"),
    ("nested", "a column holds lists or structures, not plain values"),
    ("straddling", "a cell is too large to read"),
    ("memory", "it is too large to read on this server"),
    ("permission denied", "the server is not allowed to read it (permission denied)"),
    ("is a directory", "it is a folder, not a file"),
    ("codec", "it is not text in a known character encoding"),
    ("utf-8", "it is not text in a known character encoding"),
    ("conversion failed", "a column holds values of a type that cannot be read as the contract asks"),
    ("could not convert", "a column holds values of a type that cannot be read as the contract asks"),
)


def in_words(exc: BaseException) -> str:
    """What went wrong reading a file, in words an analyst reads (never an engine's class or type names)."""
    message = f"{type(exc).__name__} {exc}".lower()
    for needle, words in _IN_WORDS:
        if needle in message:
            return words
    if isinstance(exc, MemoryError):
        return "it is too large to read on this server"
    if isinstance(exc, (OSError, IOError)):
        return "the server could not read it" + (f" ({exc.strerror.lower()})" if getattr(exc, "strerror", None) else "")  # type: ignore[union-attr]
    return "an unexpected problem while reading it (recorded in the server's log)"
