"""logframe.derived: Kent and Medway from Kent's and Medway's published counts, only where the publisher's own rule
allows (tests/importers/test_ascof_sums.py proves the rule on ASCOF's own figures)."""
from __future__ import annotations

import pandas as pd
import pytest

from logframe import derived
from logframe.stats import wilson_ci

KM, KENT, MEDWAY = "E54000032", "E10000016", "E06000035"
LD = "ld_paid_employment"  # derive_from_parts: ASCOF 1E, published with counts
CARERS = "carer_satisfaction_very_satisfied"  # a survey measure: never derived


def obs(*rows) -> pd.DataFrame:
    base = {"indicator_id": LD, "period": "2020/21", "period_kind": "financial_year", "start_year": 2020.25,
            "end_year": 2021.25, "position": 2020.75, "lower_ci": None, "upper_ci": None, "value_note": None,
            "suppressed": False, "definition": None, "source_file": "ascof.parquet", "source_mtime": 1.0,
            "illustrative": False}
    return pd.DataFrame([{**base, **r} for r in rows])


KENT_1E = {"area_code": KENT, "value": 3.7, "numerator": 144.0, "denominator": 3942.0}
MEDWAY_1E = {"area_code": MEDWAY, "value": 2.7, "numerator": 17.0, "denominator": 634.0}


def test_kent_and_medway_is_its_parts_counts_summed_with_a_wilson_interval(registry):
    out = derived.with_derived(obs(KENT_1E, MEDWAY_1E), registry)
    km = out[out["area_code"] == KM].iloc[0]
    assert (km["numerator"], km["denominator"]) == (161, 4576) and km["value"] == round(161 / 4576 * 100, 2)
    assert (km["lower_ci"], km["upper_ci"]) == pytest.approx(wilson_ci(161, 4576), abs=0.005)  # to 2 decimals
    assert bool(km["derived"]) and km["derived_from"] == "Kent 144 of 3,942 and Medway 17 of 634"
    assert not out[out["area_code"] != KM]["derived"].any()  # the parts are as published


@pytest.mark.parametrize("why, rows", [
    ("a part has no counts", (KENT_1E, {**MEDWAY_1E, "numerator": None})),
    ("a part is missing", (KENT_1E,)),
    ("a part is illustrative", (KENT_1E, {**MEDWAY_1E, "illustrative": True})),
    ("a part is suppressed", (KENT_1E, {**MEDWAY_1E, "suppressed": True})),
    ("a part is on another definition", (KENT_1E, {**MEDWAY_1E, "definition": "ASCOF 2E1 from 2024/25: ..."})),
    ("the area has a figure of its own", (KENT_1E, MEDWAY_1E, {"area_code": KM, "value": 3.4, "numerator": None,
                                                               "denominator": None})),
    ("the publisher does not add counts", tuple({**r, "indicator_id": CARERS} for r in (KENT_1E, MEDWAY_1E))),
])
def test_nothing_is_derived_where_the_rule_does_not_hold(registry, why, rows):
    out = derived.with_derived(obs(*rows), registry)
    assert not out["derived"].any(), why
    assert len(out) == len(rows)


def test_only_percentages_published_with_counts_are_marked_derivable(registry):
    marked = {i.id for i in registry.indicators.values() if i.derive_from_parts}
    assert LD in marked and CARERS not in marked and "economic_inactivity_16_64" not in marked
    assert all(registry.indicators[i].unit == "percent" for i in marked)
