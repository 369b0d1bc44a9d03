"""The extract contract: the columns an analyst's Parquet file must have. Used by the loader, validator, tests and README."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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
    Column("area_code", "string", True, "an ONS area code from the registry", "E10000016"),
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
FULL_SCHEMA = pa.schema([(c.name, pa.float64() if c.kind == "number" else pa.string()) for c in COLUMNS])
SCHEMA = pa.schema([f for f in FULL_SCHEMA if f.name not in BREAKDOWN_COLUMNS])


def schema(source: str, illustrative: bool, breakdowns: bool = False) -> pa.Schema:
    """SCHEMA (FULL_SCHEMA with breakdowns) with a file's attribution and illustrative flag in its metadata."""
    return (FULL_SCHEMA if breakdowns else SCHEMA).with_metadata(
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


def not_a_number(rule: str, column: str, rows: tuple[int, ...], n_rows: int, examples: list) -> Problem:
    """A column holding text where a number belongs: its first rows, how many, and a few of the values."""
    shown = ", ".join(repr(str(v)) for v in examples[:3])
    return Problem(rule, column, f"column '{column}': is not a number in {n_rows} row(s) "
                                 f"({rows_text(rows, n_rows)}) e.g. {shown}", rows, n_rows)


def type_ok(kind: str, arrow_type: pa.DataType) -> bool:
    """Whether a Parquet column type satisfies the contract kind (any numeric type is a number)."""
    if pa.types.is_null(arrow_type):
        return True  # an all-null optional column carries no type
    if kind == "number":
        return pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type)
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) or pa.types.is_dictionary(arrow_type) and pa.types.is_string(arrow_type.value_type)


def describe(kind: str) -> str:
    """Plain words for a contract kind, for error messages."""
    return "text" if kind == "string" else "a number"


def illustrative(metadata: dict[bytes, bytes] | None) -> bool:
    """Whether a file's Parquet metadata marks it as generated, illustrative data."""
    return bool(metadata) and metadata.get(META_ILLUSTRATIVE, b"").lower() == b"true"
