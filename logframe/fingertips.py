"""Fingertips data exports (OHID) saved as Parquet: recognised, mapped to the registry and turned into contract rows."""
from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from logframe import contract, db
from logframe.registry import Registry

REQUIRED = ("Indicator ID", "Area Code", "Time period", "Value")
NUMERIC = ("Indicator ID", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator")
CACHE = Path(tempfile.gettempdir()) / "logframe-fingertips"


def is_fingertips(names: list[str]) -> bool:
    """Whether a file's columns are a Fingertips export's rather than the contract's."""
    return all(n in names for n in contract.FINGERTIPS_MARKER) and "indicator_id" not in names


def schema_problems(schema: pa.Schema) -> list[tuple[str, str, str]]:
    """(rule, column, message) for Fingertips columns that are missing or of the wrong type."""
    out = []
    for name in REQUIRED:
        if name not in schema.names:
            out.append(("missing_column", name, f"Fingertips column '{name}' is missing"))
    for name in NUMERIC:
        if name in schema.names and not contract.type_ok("number", schema.field(name).type):
            out.append(("wrong_type", name, f"column '{name}' must be a number but is {schema.field(name).type}"))
    return out


def convert(path: str, registry: Registry) -> tuple[str, list[str], int]:
    """Write the export's mapped rows as a contract Parquet file in a cache folder (the analyst's file is
    never touched); return (its path, notes on what was left out, rows kept)."""
    mapping = [{"fingertips_id": i.fingertips_id, "sex": i.fingertips_sex, "indicator_id": i.id}
               for i in registry.indicators.values() if i.fingertips_id is not None]
    df = db.run("fingertips_rows", file=path, mapping=mapping or [{"fingertips_id": -1, "sex": "", "indicator_id": ""}])
    notes = []
    unmapped = df[df["indicator_id"].isna()]
    if len(unmapped):
        ids = unmapped.groupby(["fingertips_id", "fingertips_name"], dropna=False).size()
        listed = "; ".join(f"{int(i) if pd.notna(i) else '?'} {n if isinstance(n, str) else ''} ({c} rows)".strip()
                           for (i, n), c in list(ids.items())[:5])
        notes.append(f"{len(unmapped)} row(s) of Fingertips indicators with no registry fingertips_id were left out: {listed}")
    mapped = df[df["indicator_id"].notna()]
    unknown = mapped[~mapped["area_code"].isin(list(registry.areas))]
    if len(unknown):
        codes = ", ".join(sorted(map(str, unknown["area_code"].unique()))[:8])
        notes.append(f"{len(unknown)} row(s) for areas not in the registry were left out: {codes}")
    kept = mapped[mapped["area_code"].isin(list(registry.areas))]
    table = pa.Table.from_pandas(kept[[c.name for c in contract.COLUMNS]], preserve_index=False)
    digest = hashlib.sha256(f"{path}|{Path(path).stat().st_mtime_ns}".encode()).hexdigest()[:16]
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"{digest}.parquet"
    tmp = out.with_suffix(".tmp")
    pq.write_table(table, tmp)
    tmp.replace(out)
    return str(out), notes, len(kept)
