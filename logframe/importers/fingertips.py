"""Fingertips data exports (OHID), as downloaded (CSV) or saved as Parquet, mapped through the registry's
fingertips_id and fingertips_sex columns (queries/import_fingertips.sql)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from logframe import contract, db
from logframe.importers import Conversion, breakdown_of, contract_frame, names_held, summarise, suppressed_note
from logframe.registry import Registry

NUMERIC = ("Indicator ID", "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator")
SOURCE = ("OHID Fingertips data export ({name}). Contains public sector information licensed under the Open "
          "Government Licence v3.0.")


def schema_problems(schema: pa.Schema) -> list[contract.Problem]:
    """A Parquet export whose number columns are not numbers (a CSV is checked row by row instead)."""
    return [contract.Problem("wrong_type", name, f"column '{name}' must be a number but holds "
                                                 f"{contract.type_words(schema.field(name).type)}")
            for name in NUMERIC
            if name in schema.names and not pa.types.is_string(schema.field(name).type)
            and not contract.type_ok("number", schema.field(name).type)]


def mapping(registry: Registry) -> list[dict[Any, Any]]:
    """{fingertips_id, sex, age, indicator_id, definition} for every registry indicator with a Fingertips id (age
    '' where the registry names none; definition '' where the Fingertips indicator is the plan's definition)."""
    out = [{"fingertips_id": i.fingertips_id, "sex": i.fingertips_sex, "age": i.fingertips_age or "",
            "indicator_id": i.id, "definition": i.fingertips_definition}
           for i in registry.indicators.values() if i.fingertips_id is not None]
    return out or [{"fingertips_id": -1, "sex": "", "age": "", "indicator_id": "", "definition": ""}]


def convert(table: pa.Table, registry: Registry, path: str | Path) -> Conversion:
    """The export's rows of mapped indicators in registry areas, as contract rows: the whole population, and each
    group of one breakdown (Sex, Age, or a Category Type such as deprivation deciles) as that group's row."""
    problems = schema_problems(table.schema)
    if problems:
        return Conversion("fingertips", problems=problems)
    classified = db.run_on(table, "import_fingertips", mapping=mapping(registry), area_codes=list(registry.areas))
    used, n_used, left_out, problems = summarise(classified, "Value")
    used = used.assign(breakdown_type=[
        None if kind is None or pd.isna(kind) else kind if kind != "category" else breakdown_of(label, category)[0]
        for kind, label, category in zip(used["breakdown_of"], used["breakdown"], used["category_type"])])
    rows = contract_frame(used)
    named = "Indicator Name" if "Indicator Name" in table.column_names else "Indicator ID"
    return Conversion("fingertips", rows=None if problems else rows, used_rows=n_used, left_out=left_out,
                      problems=problems, notes=suppressed_note(rows), source=SOURCE.format(name=Path(path).name),
                      holds=names_held(table[named].cast(pa.string()).unique().to_pylist()))
