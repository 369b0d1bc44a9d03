"""An extract in the contract's own columns saved as CSV: read as text, cast to the contract's types
(queries/import_contract_csv.sql), then checked exactly like a Parquet extract."""
from __future__ import annotations

import pyarrow as pa

from logframe import contract, db
from logframe.contract import Problem
from logframe.importers import Conversion, contract_frame


def convert(table: pa.Table) -> Conversion:
    """The file's rows with the contract's types; a number column holding text is a problem naming its rows."""
    missing = [c for c in contract.REQUIRED if c not in table.column_names]
    if missing:
        return Conversion("contract_csv", problems=[
            Problem("missing_column", c, f"required column '{c}' is missing ({contract.BY_NAME[c].meaning})")
            for c in missing])
    for col in contract.COLUMNS:  # optional columns the file lacks, as empty text
        if col.name not in table.column_names:
            table = table.append_column(col.name, pa.array([""] * table.num_rows, pa.string()))
    rows = db.run_on(table, "import_contract_csv")
    problems = []
    for col in (c.name for c in contract.COLUMNS if c.kind == "number"):  # type: ignore[assignment]
        bad = rows[rows[f"bad_{col}"].notna()]
        if len(bad):
            problems.append(contract.not_a_number("wrong_type", col, tuple(int(r) for r in bad["source_row"].head(5)),  # type: ignore[arg-type]
                                                  len(bad), list(bad[f"bad_{col}"].unique()[:3])))
    if problems:
        return Conversion("contract_csv", problems=problems)
    return Conversion("contract_csv", rows=contract_frame(rows), used_rows=len(rows))
