"""The Adult Social Care Outcomes Framework (ASCOF) open-data file from NHS England, as downloaded (CSV) or saved
as Parquet, mapped through the registry's ascof_measure column (queries/import_ascof.sql); and the same data in
the reshaped layout some analysts keep (one row per measure, outcome values only, measures named by description:
queries/import_ascof_reshaped.sql).

The official file carries no year: it is taken from the published file name ('meas-from-asc-of-eng-2021-...' is
2020/21). Outcome, Numerator, Denominator and Margin Of Error rows become one contract row; a proportion with its
counts gets the Wilson score 95% interval Fingertips uses for proportions, a survey measure value +/- its published
margin of error; '[x]' (suppressed in the source) becomes a suppressed value.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from logframe import db
from logframe.contract import LeftOut, Problem
from logframe.importers import FATES, Conversion, breakdown_of, contract_frame, names_held, summarise, suppressed_note
from logframe.periods import fy_label
from logframe.registry import Registry
from logframe.stats import wilson_ci

SOURCE = ("NHS England, Adult Social Care Outcomes Framework (ASCOF) open data, {period} ({name}). Contains public "
          "sector information licensed under the Open Government Licence v3.0.")
SOURCE_RESHAPED = ("NHS England, Adult Social Care Outcomes Framework (ASCOF) open data, {periods}, in a reshaped "
                   "layout (outcome values only) ({name}). Contains public sector information licensed under the "
                   "Open Government Licence v3.0.")
# The markers ASCOF files put in place of a value, and what each means (the Government Statistical Service's symbols
# for tables, as NHS England's publication code writes them: [c] for disclosure control, [x] where the outcome cannot
# be calculated, [z] where a cell does not apply; 'c' and ':' in the 2018/19 and 2019/20 files). A value followed by
# [u] is published but of low reliability: kept, with the note.
MARKERS = {
    "[x]": "not available (it cannot be calculated, e.g. no one in the denominator)",
    "[c]": "suppressed to protect confidentiality (a count too small to publish)",
    "[z]": "not applicable",
    "[u]": "low reliability",
    "c": "suppressed to protect confidentiality (a count too small to publish)",
    ":": "not available",
}
SUPPRESSED = "[x] suppressed in the ASCOF source"


def marker_note(marker: str) -> str:
    """The value note for an ASCOF marker: '[c] in the ASCOF source: suppressed to protect confidentiality ...'."""
    if marker == "[x]":
        return SUPPRESSED  # the 2020/21 file marks its suppressed values [x]
    return f"{marker} in the ASCOF source: {MARKERS[marker]}"


# Each year's column names (compared in lower case) and the names this importer reads: the 2022/23 file has
# 'Disaggregation' and 'Measure value'; the 2024/25 file lower-cases every name after its first word and has no
# measure-group columns; the 2018/19 file has 'ONS Area Code' (data/registry/ascof_layouts.md).
NAMES = {"geographical code": "Geographical Code", "geographical description": "Geographical Description",
         "geographical level": "Geographical Level", "ons code": "ONS Code", "ons area code": "ONS Code",
         "ascof measure code": "ASCOF Measure Code", "disaggregation level": "Disaggregation Level",
         "disaggregation": "Disaggregation Level", "measure type": "Measure Type", "measure value": "Measure Value",
         "measure group": "Measure Group", "measure group description": "Measure Group Description"}
# A breakdown's suffix on a measure code ('2B1F', '2B16574', '1C1B64U'), and what a code may be written as in a later
# file ('2B(1)', '2D part 1'): compared as letters and digits only.
_SUFFIX = re.compile(r"(1864|65OV|6574|7584|85OV|64U|6584|F|M)$")


def measure_code(text: str | None) -> str:
    """An ASCOF measure code as the registry writes it: '2B(1)' -> '2B1', '2D part 1' -> '2D1', ' 3b ' -> '3B'."""
    code = re.sub(r"[^0-9A-Z]", "", str(text or "").upper().replace("PART", ""))
    return code


def with_current_names(table: pa.Table) -> pa.Table:
    """The file's columns under the names this importer reads, whatever year's spelling the file uses; a file with no
    measure-group column gets one from its measure codes (a breakdown row's code without its breakdown's suffix)."""
    names = [NAMES.get(n.strip().lower(), n) if n != "source_row" else n for n in table.column_names]
    table = table.rename_columns(names)
    if "Measure Group" not in names and "ASCOF Measure Code" in names:
        codes = table["ASCOF Measure Code"].cast(pa.string()).to_pylist()
        groups = (table["Disaggregation Level"].cast(pa.string()).to_pylist() if "Disaggregation Level" in names
                  else [None] * len(codes))
        base = [measure_code(c) if not g or g.strip().lower() in ("total", "") else _SUFFIX.sub("", measure_code(c))
                for c, g in zip(codes, groups)]
        table = table.append_column("Measure Group", pa.array(base, pa.string()))
    elif "Measure Group" in names:
        table = table.set_column(names.index("Measure Group"), "Measure Group", pa.array(
            [measure_code(c) for c in table["Measure Group"].cast(pa.string()).to_pylist()], pa.string()))
    if "Geographical Description" not in table.column_names:
        table = table.append_column("Geographical Description", pa.array([None] * table.num_rows, pa.string()))
    return table
HOW_TO_NAME = ("ASCOF open data carries no year, so it is read from the file name, and {name!r} gives none. Keep the "
               "name it was published with (meas-from-asc-of-eng-2021-open-data.csv is 2020/21) or put the financial "
               "year in the name, e.g. ascof-2020-21.csv.")

# The published name: 'meas-from-asc-of-eng-2021-open-data-csv.csv' holds 2020/21 (the year the report came out).
_PUBLISHED = re.compile(r"asc-of-eng-(\d{4})", re.IGNORECASE)  # '2021': the year 2020/21 ends; '1920': 2019/20
_FINANCIAL = re.compile(r"(?<!\d)(\d{4})[-_/ ](\d{2}|\d{4})(?!\d)")

# Each measure description used in ASCOF files (and their reshapings) and its code; compared in lower case, with
# spacing, dashes and a leading 'the' normalised (descriptions changed wording between years).
DESCRIPTIONS = {
    "social care-related quality of life": "1A", "social care-related quality of life score": "1A",
    "proportion of people who use services who have control over their daily life": "1B",
    "proportion of people who use services who receive self-directed support": "1C1A",
    "proportion of people using social care who receive self-directed support": "1C1A",
    "proportion of carers who receive self-directed support": "1C1B",
    "proportion of people who use services who receive direct payments": "1C2A",
    "proportion of people using social care who receive direct payments": "1C2A",
    "proportion of carers who receive direct payments": "1C2B",
    "carer-reported quality of life score": "1D",
    "proportion of adults with a learning disability in paid employment": "1E",
    "proportion of adults with learning disabilities in paid employment": "1E",
    "proportion of adults in contact with secondary mental health services in paid employment": "1F",
    "proportion of adults with a learning disability who live in their own home or with their family": "1G",
    "proportion of adults with learning disabilities who live in their own home or with their family": "1G",
    "proportion of adults in contact with secondary mental health services living independently, with or without "
    "support": "1H",
    "proportion of adults in contact with secondary mental health services who live independently, with or without "
    "support": "1H",
    "proportion of people who use services who reported that they had as much social contact as they would like": "1I1",
    "proportion of carers who reported that they had as much social contact as they would like": "1I2",
    "adjusted social care-related quality of life - impact of adult social care services": "1J",
    "long-term support needs of younger adults aged 18-64 met by admission to residential and nursing care homes, "
    "per 100,000 population": "2A1",
    "long-term support needs of older adults aged 65 and over met by admission to residential and nursing care "
    "homes, per 100,000 population": "2A2",
    "proportion of older people (aged 65 and over) who were still at home 91 days after discharge from hospital "
    "into reablement/rehabilitation services": "2B1",
    "proportion of older people 65 and over who were still at home 91 days after discharge from hospital into "
    "reablement/rehabilitation services effectiveness of the service": "2B1",
    "proportion of older people (aged 65 and over) who received reablement/rehabilitation services after discharge "
    "from hospital": "2B2",
    "proportion of older people 65 and over who were still at home 91 days after discharge from hospital into "
    "reablement/rehabilitation services offered the service": "2B2",
    "delayed transfers of care from hospital, per 100,000 population": "2C1",
    "delayed transfers of care from hospital per 100,000 population": "2C1",
    "delayed transfers of care from hospital that are attributable to adult social care, per 100,000 population": "2C2",
    "delayed transfers of care from hospital which are attributable to adult social care per 100,000 population": "2C2",
    "delayed transfers of care from hospital that are jointly attributable to nhs and adult social care, per 100,000 "
    "population": "2C3",
    "delayed transfers of care from hospital which are jointly attributable to the nhs and adult social care per "
    "100,000 population": "2C3",
    "outcome of short-term services: sequel to service": "2D",
    "proportion of those that received a short term service during the year where the sequel to service was either "
    "no ongoing support or support of a lower level": "2D",
    "overall satisfaction of people who use services with their care and support": "3A",
    "overall satisfaction of carers with social services": "3B",
    "proportion of carers who report that they have been included or consulted in discussion about the person they "
    "care for": "3C",
    "proportion of people who use services who find it easy to find information about support": "3D1",
    "proportion of people who use services and carers who find it easy to find information about services": "3D1",
    "proportion of carers who find it easy to find information about support": "3D2",
    "proportion of people who use services who feel safe": "4A",
    "proportion of people who use services who say that those services have made them feel safe and secure": "4B",
}


def normalise(description: str) -> str:
    """A measure description compared the way DESCRIPTIONS is keyed."""
    text = re.sub(r"\s+", " ", str(description).replace("\u2013", "-").replace("\u2014", "-")).strip().lower()
    return text[4:] if text.startswith("the ") else text


def period_from_name(name: str) -> str | None:
    """The financial year an official ASCOF file holds, from its name; None when the name gives none."""
    stem = Path(name).stem
    for m in _FINANCIAL.finditer(stem):
        first, second = int(m[1]), m[2]
        follows = int(second) == first + 1 if len(second) == 4 else int(second) == (first + 1) % 100
        if follows and 1990 <= first <= 2100:
            return fy_label(first)
    m = _PUBLISHED.search(stem)  # type: ignore[assignment]
    if m and int(m[1][2:]) == (int(m[1][:2]) + 1) % 100 and not 1991 <= int(m[1]) <= 2101:
        return fy_label(2000 + int(m[1][:2]))  # '1819', '1920': the two halves of a financial year
    if m and 1991 <= int(m[1]) <= 2101:
        return fy_label(int(m[1]) - 1)  # '2021' is the year 2020/21 ends (and '2021' read as halves agrees)
    return None


def mapping(registry: Registry, period: str | None = None) -> list[dict[Any, Any]]:
    """{code, indicator_id, definition} for every registry indicator an ASCOF measure feeds in a year: the code the
    registry's lineage (ascof_codes.csv) records for that year, or its ascof_measure where it records none; the
    definition is empty where the measure is the plan's (or a successor recorded as comparable), and otherwise says
    what it measures instead (the figure is then shown, labelled, and not judged)."""
    out = []
    for ind in registry.indicators.values():
        if not ind.ascof_measure:
            continue  # the lineage of a measure fed from elsewhere (Oflog's) is its documentation only
        spans = registry.ascof_lineage.get(ind.id, ())
        if spans and period is not None:
            for span in spans:
                if span.covers(period):
                    out.append({"code": measure_code(span.ascof_code), "indicator_id": ind.id,
                                "definition": "" if span.comparable else span.label()})
        elif not spans or period is None:
            out.append({"code": measure_code(ind.ascof_measure), "indicator_id": ind.id, "definition": ""})
    return out or [{"code": "", "indicator_id": "", "definition": ""}]


def _joined(used: pd.DataFrame, registry: Registry) -> tuple[list[dict[Any, Any]], int]:
    """One contract row per indicator x area x period x group (the Total, or a breakdown's 'Female', '65-74') from
    its Outcome, Numerator, Denominator and Margin Of Error rows; and how many source rows had no Outcome row."""
    rows, orphans = [], 0
    keys = ("indicator_id", "area_code", "period", "disaggregation")
    # Grouped through plain records: a pandas group per council and breakdown costs ~10 ms, and every council's
    # rows come through here for logframe.benchmark.
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for r in used[[*keys, "measure_type", "value", "value_text", "marker", "definition"]].to_dict("records"):
        groups.setdefault(tuple(r[k] for k in keys), []).append(r)
    for (ind_id, area, period, group_of), group in groups.items():
        by_type = {r["measure_type"]: r for r in group}
        outcome = by_type.get("Outcome")
        if outcome is None:
            orphans += len(group)
            continue
        value = None if pd.isna(outcome["value"]) else float(outcome["value"])
        count: Callable[..., Any] = lambda t: (None if t not in by_type or pd.isna(by_type[t]["value"])  # noqa: E731, B023 - used at once
                           else float(by_type[t]["value"]))  # noqa: B023
        numerator, denominator, margin = count("Numerator"), count("Denominator"), count("Margin Of Error")
        lower = upper = None
        unit = registry.indicators[ind_id].unit
        if value is not None and margin is not None:
            lower, upper = value - margin, value + margin
            if unit == "percent":
                lower, upper = max(lower, 0.0), min(upper, 100.0)
        elif value is not None and unit == "percent" and numerator is not None and denominator is not None:
            ci = wilson_ci(numerator, denominator)
            if ci is not None and ci[0] <= value <= ci[1]:  # the published value is rounded; never a CI beside it
                lower, upper = round(ci[0], 2), round(ci[1], 2)
        breakdown_type, breakdown = (None, None) if group_of in (None, "Total") else breakdown_of(group_of)
        rows.append({"indicator_id": ind_id, "area_code": area, "period": period, "value": value, "lower_ci": lower,
                     "upper_ci": upper, "numerator": numerator, "denominator": denominator,
                     "value_note": marker_note(outcome["marker"]) if isinstance(outcome["marker"], str) else None,
                     "definition": outcome["definition"] or None if isinstance(outcome["definition"], str) else None,
                     "breakdown_type": breakdown_type, "breakdown": breakdown})
    return rows, orphans


def _finish(kind: str, classified: pd.DataFrame, registry: Registry, source: str, holds: str = "") -> Conversion:
    used, n_used, left_out, problems = summarise(classified, "Measure Value")
    if problems:
        return Conversion(kind, problems=problems, left_out=left_out)
    rows, orphans = _joined(used, registry)
    if orphans:
        left_out.append(LeftOut(FATES["no_outcome"], orphans))
        n_used -= orphans
    frame = contract_frame(rows)
    notes = [n.replace("in the source", "in the ASCOF source ([x])") for n in suppressed_note(frame)]
    return Conversion(kind, rows=frame, used_rows=n_used, left_out=left_out, notes=notes, source=source, holds=holds)


def convert(table: pa.Table, registry: Registry, path: str | Path, area_codes: list[str] | None = None) -> Conversion:
    """The official open-data file's rows of mapped measures in registry areas: the whole population and each
    breakdown (Disaggregation Level) as that group's row."""
    name = Path(path).name
    period = period_from_name(name)
    if period is None:
        return Conversion("ascof", problems=[Problem("no_year", None, HOW_TO_NAME.format(name=name))])
    table = with_current_names(table)
    areas = list(registry.areas) if area_codes is None else area_codes  # every council's, for logframe.benchmark
    classified = db.run_on(table, "import_ascof", mapping=mapping(registry, period), area_codes=areas,
                           markers=list(MARKERS))
    classified["period"] = period
    codes = names_held(pc.unique(table["Measure Group"].cast(pa.string())).to_pylist(), limit=6)
    return _finish("ascof", classified, registry, SOURCE.format(period=period, name=name), f"measures {codes}")


def convert_reshaped(table: pa.Table, registry: Registry, path: str | Path,
                     area_codes: list[str] | None = None) -> Conversion:
    """The reshaped layout: measures matched by description, the year from its Year column (2019 is 2018/19)."""
    descriptions = [{"description": d, "code": DESCRIPTIONS.get(normalise(d))}
                    for d in pc.unique(table["Measure Group Description"].cast(pa.string())).to_pylist() if d]
    years = []
    for y in pc.unique(table["Year"].cast(pa.string())).to_pylist():
        text = (y or "").strip()
        if text.isdigit() and 1991 <= int(text) <= 2101:
            years.append({"year": text, "period": fy_label(int(text) - 1)})
    # One year's file is mapped by that year's codes; a file of several years by the registry's ascof_measure.
    year = years[0]["period"] if len(years) == 1 else None
    classified = db.run_on(table, "import_ascof_reshaped", mapping=mapping(registry, year),
                           descriptions=descriptions or [{"description": "", "code": None}],
                           years=years or [{"year": "", "period": None}],
                           area_codes=list(registry.areas) if area_codes is None else area_codes)
    periods = ", ".join(sorted(y["period"] for y in years)) or "no year"
    return _finish("ascof_reshaped", classified, registry,
                   SOURCE_RESHAPED.format(periods=periods, name=Path(path).name),
                   names_held([d["description"] for d in descriptions]))
