"""The registry's districts and its other councils compared with the districts' own council (stats.compare_ci, by the
indicator's comparison method): pure, no Streamlit. Which areas these are comes from the registry's areas.csv."""
from __future__ import annotations

from typing import Any

import pandas as pd

from logframe.assessments import basis_of
from logframe.periods import period_sort_key
from logframe.present import COMPARISON_ICON, COMPARISON_LABEL, COMPARISON_METHOD_LABEL, format_value
from logframe.registry import Indicator, Registry
from logframe.stats import as_number, compare_ci

# The order a reader meets the categories in: judgements first, then descriptions, then what could not be compared.
COMPARISON_ORDER = ("worse", "better", "higher", "lower", "similar", "not_compared")
COLUMNS = ["area_code", "area_name", "value", "lower_ci", "upper_ci", "value_note", "comparison", "icon", "label",
           "value_text", "ci_text", "detail", "illustrative"]


def reference(registry: Registry) -> str | None:
    """The area every mapped area is compared with: the upper-tier council the districts belong to."""
    return registry.district_parent()


def mapped_areas(registry: Registry) -> list[str]:
    """The areas on the Districts page: the districts in name order, then the partnership's other councils (the
    unitary ones, which are no district's parent)."""
    ref = reference(registry)
    return [a.code for a in registry.districts()] + [c for c in registry.councils() if c != ref]


def references(registry: Registry) -> list[str]:
    """The reference areas shown beside the map: the districts' council, the partnership, the nation."""
    return list(dict.fromkeys(c for c in (reference(registry), registry.partnership, registry.nation) if c))


def query_areas(registry: Registry) -> list[str]:
    """The areas the district_values query returns: the mapped areas, then the references."""
    return mapped_areas(registry) + references(registry)


def whole_phrase(registry: Registry) -> str:
    """How the summary names every mapped area: 'the 12 Kent districts and Medway'."""
    ref = reference(registry)
    others = [registry.area_name(c) for c in mapped_areas(registry) if registry.areas[c].kind != "district"]
    n = len(registry.districts())
    head = f"the {n} {registry.area_name(ref) + ' ' if ref else ''}district{'s' if n != 1 else ''}"
    return head + (" and " + " and ".join(others) if others else "")


def indicators_with_districts(coverage: pd.DataFrame, registry: Registry) -> list[str]:
    """Indicator ids that have a value for at least one district (coverage: district_coverage.sql), registry order."""
    have = set(coverage["indicator_id"]) if not coverage.empty else set()
    return [i for i in registry.indicators if i in have]


def district_periods(coverage: pd.DataFrame, indicator_id: str) -> list[str]:
    """Periods with district values for the indicator, oldest first."""
    rows = coverage[coverage["indicator_id"] == indicator_id]
    return sorted(rows["period"].unique(), key=period_sort_key)


def ci_text(unit: str, lower: float | None, upper: float | None) -> str:
    """'6.18% to 7.42%', or 'no CI' when either limit is missing."""
    if lower is None or upper is None:
        return "no CI"
    return f"{format_value(unit, lower)} to {format_value(unit, upper)}"


def reference_row(values: pd.DataFrame, code: str | None) -> dict[str, Any] | None:
    """The reference area's row of district_values.sql as a dict (None values for NaN), or None if absent."""
    rows = values[values["area_code"] == code]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return {k: (as_number(r[k]) if k in ("value", "lower_ci", "upper_ci") else r[k]) for k in values.columns}


def compare_with_kent(values: pd.DataFrame, registry: Registry, ind: Indicator) -> pd.DataFrame:
    """One row per mapped area: value, CI, the comparison with the reference council (stats.compare_ci, polarity-aware) and its words."""
    ref = reference(registry)
    kent = reference_row(values, ref) or {}
    by_code = {r["area_code"]: r for r in values.to_dict("records")}
    name = registry.area_name(ref) if ref else ""
    out = []
    for code in mapped_areas(registry):
        r = by_code.get(code, {})
        value, lower, upper = as_number(r.get("value")), as_number(r.get("lower_ci")), as_number(r.get("upper_ci"))
        comparison = compare_ci(value, lower, upper, kent.get("value"), kent.get("lower_ci"), kent.get("upper_ci"),
                                polarity=ind.polarity, method=ind.comparison_method)
        note = r.get("value_note")
        note = None if note is None or pd.isna(note) else str(note)
        flag = r.get("illustrative")
        out.append({
            "area_code": code,
            "area_name": registry.area_name(code),
            "value": value,
            "lower_ci": lower,
            "upper_ci": upper,
            "value_note": note,
            "comparison": comparison,
            "icon": COMPARISON_ICON[comparison],
            "label": f"{COMPARISON_LABEL[comparison]} {name}",
            "value_text": format_value(ind.unit, value) if value is not None else (note or "no data"),
            "ci_text": ci_text(ind.unit, lower, upper),
            "detail": with_ci(format_value(ind.unit, value), ci_text(ind.unit, lower, upper)) if value is not None
            else (note or "no data"),
            "illustrative": bool(flag) if flag is not None and not pd.isna(flag) else False,
        })
    return pd.DataFrame(out, columns=COLUMNS)


def method_text(ind: Indicator, registry: Registry) -> str:
    """One line naming the comparison method and saying that the reference council's figure contains the
    districts'."""
    ref = reference(registry)
    name = registry.area_name(ref) if ref else "the council"
    others = [registry.area_name(c) for c in mapped_areas(registry) if registry.areas[c].kind != "district"]
    apart = f" ({' and '.join(others)} {'is' if len(others) == 1 else 'are'} not part of {name})" if others else ""
    return (f"{COMPARISON_METHOD_LABEL[ind.comparison_method]}, with {name} as the comparator. {name}'s figure "
            f"includes the {len(registry.districts())} districts{apart}, so a district and {name} share data and a "
            "difference is harder to show.")


def _names(rows: pd.DataFrame, kent_value: float | None) -> list[str]:
    """Area names furthest from Kent first (so the most different district leads), then by name."""
    if kent_value is None:
        return sorted(rows["area_name"])
    dist = (rows["value"] - kent_value).abs()
    return list(rows.assign(_d=dist).sort_values(["_d", "area_name"], ascending=[False, True])["area_name"])


def summary_sentence(table: pd.DataFrame, period: str, kent_value: float | None = None,
                     reference_name: str = "the reference", whole: str | None = None) -> str:
    """One sentence: how many of the mapped areas (whole: 'the 12 Kent districts and Medway', whole_phrase) were
    significantly worse / better than the reference, naming them."""
    n = len(table)
    whole = whole or f"the {n} areas"
    if kent_value is None:
        return f"In {period}, there is no {reference_name} value to compare {whole} with."
    groups = {c: table[table["comparison"] == c] for c in COMPARISON_ORDER}
    judged = [c for c in ("worse", "better", "higher", "lower") if len(groups[c])]
    parts: list[str] = []
    for c in judged:
        rows = groups[c]
        word = {"worse": "worse than", "better": "better than", "higher": "higher than", "lower": "lower than"}[c]
        verb = "was" if len(rows) == 1 else "were"
        lead = f"{len(rows)} {verb} significantly {word} {reference_name}" if not parts \
            else f"{len(rows)} significantly {word.split()[0]}"
        parts.append(f"{lead}: {', '.join(_names(rows, kent_value))}")
    similar = len(groups["similar"])
    missing = groups["not_compared"]
    no_value = int(missing["value"].isna().sum())
    no_ci = len(missing) - no_value
    if not parts:
        if similar == 0:
            return f"In {period}, none of {whole} could be compared with {reference_name}."
        head = (f"In {period}, none of {whole} was significantly different from {reference_name}: "
                f"{'all ' if similar == n else ''}{similar} {'was' if similar == 1 else 'were'} similar")
    else:
        head = f"In {period}, of {whole}, " + "; ".join(parts)
        if similar:
            head += f"; {similar} {'was' if similar == 1 else 'were'} similar"
    if no_value:
        head += f"; {no_value} had no data"
    if no_ci:
        head += f"; {no_ci} could not be compared (no confidence interval)"
    return head + "."


def display_table(table: pd.DataFrame, reference_name: str) -> pd.DataFrame:
    """The table alternative to the charts: area, value, 95% CI, the comparison as icon and words, and what each
    figure rests on (basis: real or illustrative; empty where there is no figure)."""
    return pd.DataFrame({
        "Area": table["area_name"],
        "Value": table["value_text"],
        "95% CI": table["ci_text"],
        f"Compared with {reference_name}": table["icon"] + " " + table["label"],
        "Basis": [basis_of(bool(i)).value if v is not None and v == v else ""
                  for i, v in zip(table["illustrative"], table["value"])],
    })


def sorted_table(table: pd.DataFrame, order: str = "value") -> pd.DataFrame:
    """The table in reading order: by value, highest first ('value'), or by area name ('name'); no data last."""
    if order == "name":
        return table.sort_values("area_name", kind="stable").reset_index(drop=True)
    if order != "value":
        raise ValueError(f"order {order!r} is not 'value' or 'name'")
    return table.sort_values(["value", "area_name"], ascending=[False, True], na_position="last",
                             kind="stable").reset_index(drop=True)


def any_illustrative(values: pd.DataFrame) -> bool:
    """True when any row of a query result came from an illustrative extract."""
    if values.empty or "illustrative" not in values:
        return False
    return bool(values["illustrative"].astype("boolean").fillna(False).any())


def with_ci(value_text: str, ci: str) -> str:
    """'6.8% (95% CI 6.18% to 7.42%)', or the value alone when there is no CI."""
    return value_text if ci == "no CI" else f"{value_text} (95% CI {ci})"


def reference_line(values: pd.DataFrame, registry: Registry, ind: Indicator) -> str:
    """'Kent 6.8% (95% CI ...); Kent and Medway ...; England ...' for the references that have a value."""
    parts = []
    for code in references(registry):
        r = reference_row(values, code)
        if r and r["value"] is not None:
            parts.append(f"{registry.area_name(code)} "
                         + with_ci(format_value(ind.unit, r["value"]), ci_text(ind.unit, r["lower_ci"], r["upper_ci"])))
    return "; ".join(parts) if parts else "none"
