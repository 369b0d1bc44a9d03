"""The shipped real extracts: data/reference's published files, converted by the same importers an analyst's
dropped download goes through, written as contract Parquet with their attribution (python -m logframe generate)."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from logframe import ROOT, contract
from logframe.registry import Registry
from logframe.validate import describe_report, validate_file

REFERENCE_DIR = ROOT / "data" / "reference"
# The published files to convert, relative to REFERENCE_DIR (the Oflog measures have a converter of their own).
SOURCES = ("ascof/reshaped_2018_19.csv", "ascof/reshaped_2019_20.csv", "ascof/meas-from-asc-of-eng-2021-open-data.csv",
           "ons/employment-rate.csv", "ons/children-in-relative-poverty.csv", "ons/adult-obesity-prevalence.csv",
           "ons/healthy-life-expectancy.csv", "ons/cigarette-smokers-2023-with-kent.csv", "ons/cigarette-smokers.csv")


class BuildError(RuntimeError):
    """A reference file did not convert; the message is the validator's report on it."""


def write_real(registry: Registry, out_dir: Path, reference_dir: Path = REFERENCE_DIR) -> list[Path]:
    """Convert each published file into out_dir/<folder>/<name>.parquet, citing the file it came from."""
    written = []
    for name in SOURCES:
        source = reference_dir / name
        report = validate_file(source, registry)
        if not report.ok:
            raise BuildError(describe_report(report, shown_path=f"data/reference/{name}"))
        citation = f"{report.source} Converted from data/reference/{name} by python -m logframe generate."
        out = out_dir / Path(name).with_suffix(".parquet")
        out.parent.mkdir(parents=True, exist_ok=True)
        table = pq.read_table(report.data_path)
        pq.write_table(table.cast(contract.schema(citation, illustrative=False, columns=table.column_names)), out)
        written.append(out)
    return written


def indicators_in(paths: list[Path]) -> set[str]:
    """The indicator ids the given contract extracts hold."""
    return {i for p in paths for i in pq.read_table(p, columns=["indicator_id"]).column(0).to_pylist()}
