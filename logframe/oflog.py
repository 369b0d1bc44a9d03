"""Converts the real Oflog adult social care measures (data/reference) into a contract extract."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from logframe import ROOT
from logframe.demo import _table
from logframe.registry import Indicator, Registry

SOURCE_CSV = ROOT / "data" / "reference" / "oflog_asc_measures_all_councils.csv"
MEDIAN_CODE = "X_MEDIAN_ASC"
SOURCE = ("Office for Local Government (Oflog) Local Authority Data Explorer, adult social care measures "
          "(ASCOF, NHS England; Skills for Care), via communitiesuk/oflog-automated-text ASC_data.csv. "
          "Contains public sector information licensed under the Open Government Licence v3.0.")


def measure_ids(registry: Registry) -> dict[str, str]:
    """Oflog measure code ('ASC2') -> registry indicator id, for every Oflog measure the registry lists."""
    return {code: i for ind in registry.indicators.values() for code, i in measure_ids_of(ind).items()}


def measure_ids_of(ind: Indicator) -> dict[str, str]:
    """{'ASC2': its id} for an Oflog measure of the registry (ids oflog_asc2_...), {} for any other indicator."""
    return {ind.id.split("_")[1].upper(): ind.id} if ind.id.startswith("oflog_") else {}


def value_of(r: dict[Any, Any]) -> tuple[float | None, str | None]:
    """A council's value in the Oflog file and its note: a blank is missing, and so is a 0 except in ASC6."""
    raw = r["Value"].strip()
    value, note = (float(raw), None) if raw else (None, "blank in the Oflog source")
    if value == 0 and r["Code"] != "ASC6":
        value, note = None, "reported as 0 in the Oflog source; treated as missing"
    return value, note


def oflog_rows(registry: Registry, source: Path = SOURCE_CSV) -> list[dict[str, Any]]:
    """The partnership's councils' (Registry.councils) and the all-council median rows for every Oflog measure the
    registry lists."""
    ids = measure_ids(registry)
    councils = set(registry.councils())
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    with open(source, newline="", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            ind = ids.get(r["Code"])
            if ind is None:
                continue
            period = r["Financial year"].replace("-", "/")
            if r["Local authority code"] in councils:
                value, note = value_of(r)
                rows[(ind, r["Local authority code"], period)] = _row(ind, r["Local authority code"], period, value, note)
            if r["MEDIAN"].strip():
                rows[(ind, MEDIAN_CODE, period)] = _row(ind, MEDIAN_CODE, period, float(r["MEDIAN"]), None)
    return list(rows.values())


def _row(ind: str, area: str, period: str, value: float | None, note: str | None) -> dict[Any, Any]:
    return {"indicator_id": ind, "area_code": area, "period": period, "value": value, "lower_ci": None,
            "upper_ci": None, "numerator": None, "denominator": None, "value_note": note}


def write_oflog(registry: Registry, out_dir: Path) -> Path:
    """Write the real Oflog extract under out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "oflog_asc_measures.parquet"
    pq.write_table(_table(oflog_rows(registry), SOURCE, illustrative=False), path)
    return path
