"""ONS "Explore local statistics" indicator files, as downloaded (CSV) or saved as Parquet, mapped through the
registry's ons_indicator column (queries/import_ons.sql). Periods are ISO 8601 intervals ('2023-01-01/P1Y'),
converted by logframe.periods.from_iso_interval; older files name some columns differently."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from logframe import db
from logframe.contract import Problem
from logframe.importers import Conversion, contract_frame, names_held, summarise, suppressed_note
from logframe.periods import from_iso_interval
from logframe.registry import Registry

SOURCE = ("Office for National Statistics, Explore local statistics ({name}). Source: Office for National Statistics "
          "licensed under the Open Government Licence v.3.0.")
# Older files' column names (compared in lower case) and the current ones.
OLDER_NAMES = {"lower confidence interval (95%)": "lci_95", "upper confidence interval (95%)": "uci_95",
               "observation status": "status"}


def current_names(columns: list[str]) -> list[str]:
    """The file's column names as the current files spell them. In older files 'Variable Name' is the indicator
    and 'Indicator' a longer description of it."""
    lower = [c.strip().lower() for c in columns]
    older = "variable name" in lower
    out = []
    for name in lower:
        if older and name == "indicator":
            out.append("indicator_description")
        elif name == "variable name":
            out.append("indicator")
        else:
            out.append(OLDER_NAMES.get(name, name))
    return out


def mapping(registry: Registry) -> list[dict[Any, Any]]:
    """{ons_indicator, duration, indicator_id} for every registry indicator fed by an ONS indicator."""
    out = []
    for ind in registry.indicators.values():
        if ind.ons_indicator:
            name, _, duration = ind.ons_indicator.partition("/")
            out.append({"ons_indicator": name.strip(), "duration": duration, "indicator_id": ind.id})
    return out or [{"ons_indicator": "", "duration": "", "indicator_id": ""}]


def convert(table: pa.Table, registry: Registry, path: str | Path, area_codes: list[str] | None = None) -> Conversion:
    """The file's rows of mapped indicators in registry areas, with contract periods."""
    names = current_names(table.column_names[:-1])
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        return Conversion("ons", problems=[Problem("duplicate_column", twice[0], f"two columns are both read as "
                                                   f"'{twice[0]}' (names are compared without case or spaces)")])
    table = table.rename_columns(names + ["source_row"])
    periods = [{"iso": p, "label": from_iso_interval(p)}
               for p in pc.unique(pc.utf8_trim_whitespace(table["period"].cast(pa.string()))).to_pylist() if p]
    classified = db.run_on(table, "import_ons", mapping=mapping(registry),
                           periods=periods or [{"iso": "", "label": None}],
                           area_codes=list(registry.areas) if area_codes is None else area_codes)
    used, n_used, left_out, problems = summarise(classified, "observation")
    rows = contract_frame(used)
    return Conversion("ons", rows=None if problems else rows, used_rows=n_used, left_out=left_out, problems=problems,
                      notes=suppressed_note(rows), source=SOURCE.format(name=Path(path).name),
                      holds=names_held(pc.unique(table["indicator"].cast(pa.string())).to_pylist()))
