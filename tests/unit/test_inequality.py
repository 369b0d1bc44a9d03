"""logframe.inequality's rules on breakdown rows: ordering groups, each group against its area's figure, the gap
between the extreme groups, and when the SII applies (phe_sii itself is proven in tests/reference/test_sii_phe.py)."""
import math

import pandas as pd
import pytest

from logframe import present
from logframe.inequality import QuantileRow, age_band, deprivation_rank, finest, inequalities, phe_sii

AREA = "E10000016"


@pytest.mark.parametrize("label, n, rank", [
    ("1", 10, 1), ("10", 10, 10), ("11", 10, None),  # the contract's numbered groups: 1 is the most deprived
    ("Most deprived decile (IMD2019)", 10, 1), ("Second most deprived decile (IMD2019)", 10, 2),
    ("Fifth more deprived decile (IMD2019)", 10, 5), ("Fifth less deprived decile (IMD2019)", 10, 6),
    ("Third less deprived decile", 10, 8), ("Second least deprived decile (IMD2019)", 10, 9),
    ("Least deprived decile (IMD2019)", 10, 10), ("Middle quintile", 5, 3), ("Least deprived quintile", 5, 5),
    ("Deciles", 10, None),  # says neither end: not orderable
])
def test_deprivation_groups_are_ordered_from_the_most_deprived(label, n, rank):
    assert deprivation_rank(label, n) == rank


@pytest.mark.parametrize("label, band", [
    ("65-74", (65, 74)), ("85 and over", (85, math.inf)), ("18-64 yrs", (18, 64)), ("65+", (65, math.inf)),
    ("under 18", (0, 17)), ("64 and under", (0, 64)), ("Female", None),
])
def test_age_bands(label, band):
    assert age_band(label) == band


def test_the_finest_bands_are_the_extremes_not_a_band_that_holds_others():
    assert finest(["65 and over", "65-74", "75-84", "85 and over", "18-64"]) == ["65-74", "75-84", "85 and over",
                                                                                  "18-64"]


def _row(group, kind, period, value, lo=None, hi=None, num=None, den=None, position=None):
    return {"indicator_id": "x", "area_code": AREA, "period": period, "period_kind": "financial_year",
            "position": position if position is not None else float(period[:4]) + 0.75, "breakdown_type": kind,
            "breakdown": group, "value": value, "lower_ci": lo, "upper_ci": hi, "numerator": num,
            "denominator": den, "value_note": None, "suppressed": False, "source_file": "f.parquet",
            "illustrative": False}


def _overall(*points):
    return pd.DataFrame([{"period": p, "position": float(p[:4]) + 0.75, "value": v, "lower_ci": lo, "upper_ci": hi,
                          "numerator": None, "denominator": None} for p, v, lo, hi in points])


def test_each_group_is_compared_with_the_areas_figure_for_its_own_period(registry):
    ind = registry.indicators["reablement_still_home_91_days_kent"]  # higher is better
    rows = pd.DataFrame([
        _row("Female", "sex", "2020/21", 86.5, 83.4, 89.1),  # 86.8 inside the interval: similar
        _row("Male", "sex", "2020/21", 92.0, 90.0, 94.0),  # wholly above: better
        _row("Male", "sex", "2019/20", 70.0, 65.0, 75.0),  # wholly below that year's 88.0: worse
        _row("Female", "sex", "2019/20", 88.5),  # no interval: not compared
    ])
    found = inequalities(ind, rows, _overall(("2020/21", 86.8, 84.3, 88.9), ("2019/20", 88.0, None, None)), AREA)
    got = {(r["breakdown"], r["period"]): (r["compared"], r["overall_value"]) for r in found.rows.to_dict("records")}
    assert got == {("Female", "2020/21"): ("similar", 86.8), ("Male", "2020/21"): ("better", 86.8),
                   ("Male", "2019/20"): ("worse", 88.0), ("Female", "2019/20"): ("not_compared", 88.0)}
    assert [(g.breakdown, g.period, g.compared) for g in found.groups] == [("Female", "2020/21", "similar"),
                                                                           ("Male", "2020/21", "better")]


def test_lower_is_better_turns_the_judgement(registry):
    ind = registry.indicators["suicide_rate"]
    rows = pd.DataFrame([_row("Male", "sex", "2021", 20.0, 18.0, 22.0, position=2021.5)])
    overall = pd.DataFrame([{"period": "2021", "position": 2021.5, "value": 10.0, "lower_ci": 9.0,
                             "upper_ci": 11.0}])
    assert inequalities(ind, rows, overall, AREA).groups[0].compared == "worse"


def test_the_gap_between_the_extreme_groups_over_time(registry):
    ind = registry.indicators["reablement_still_home_91_days_kent"]
    rows = pd.DataFrame([_row("Female", "sex", "2018/19", 77.7), _row("Male", "sex", "2018/19", 84.5),
                         _row("Female", "sex", "2020/21", 86.5), _row("Male", "sex", "2020/21", 87.4),
                         _row("65-74", "age", "2020/21", 86.5), _row("75-84", "age", "2020/21", 87.9),
                         _row("85 and over", "age", "2020/21", 85.9), _row("65 and over", "age", "2018/19", 82.0)])
    found = inequalities(ind, rows, _overall(("2020/21", 86.8, 84.3, 88.9)), AREA)
    sex = next(g for g in found.gaps if g.breakdown_type == "sex")
    assert (sex.first, sex.second, sex.change) == ("Female", "Male", "narrowed")
    assert [(p, round(v, 6)) for p, v in sex.points] == [("2018/19", 6.8), ("2020/21", 0.9)]
    age = next(g for g in found.gaps if g.breakdown_type == "age")
    # the youngest and oldest of the latest period's bands; '65 and over' (which holds them) is not an extreme
    assert (age.first, age.second, age.change) == ("65-74", "85 and over", None)
    assert [g.breakdown for g in found.groups if g.breakdown_type == "age"] == ["65-74", "75-84", "85 and over"]
    assert not found.sii  # no deprivation groups: the SII is not attempted


def _deciles(period="2022", with_denominators=True, drop=()):
    values = [20.0 + 1.5 * k for k in range(10)]  # 1 = most deprived
    rows = []
    for k, v in enumerate(values, 1):
        if k in drop:
            continue
        den = 1000.0 + 50 * k if with_denominators else None
        rows.append(_row(str(k), "deprivation_decile", period, v, v - 2.0, v + 2.0, None, den, position=2022.5))
    return pd.DataFrame(rows)


def test_the_sii_is_phe_sii_on_the_latest_deciles_with_populations(registry):
    ind = registry.indicators["smoking_routine_manual_kent"]  # a percentage: a proportion, back in points
    found = inequalities(ind, _deciles(), _overall(), AREA)
    (finding,) = found.sii
    assert finding.reason_code == "" and present.sii_reason(finding) == "" and finding.period == "2022"
    direct = phe_sii([QuantileRow(float(k), 1000.0 + 50 * k, (20.0 + 1.5 * (k - 1)) / 100,
                                  lower_cl=(18.0 + 1.5 * (k - 1)) / 100, upper_cl=(22.0 + 1.5 * (k - 1)) / 100)
                      for k in range(1, 11)], value_type=2, multiplier=100)
    assert finding.sii == direct  # the same seed: the same simulated limits in every view
    lim = finding.sii.at(0.95)
    assert lim.sii_lower < finding.sii.sii < lim.sii_upper and finding.sii.sii > 0  # rises towards the least deprived
    assert 12 < finding.sii.sii < 15  # 13.5 points from the first decile's 20% to the last's 33.5%, near enough


@pytest.mark.parametrize("frame, words", [
    (_deciles(drop=(4,)), "needs all 10 deciles with a figure; 2022 has 9"),
    (_deciles(with_denominators=False), "weights each of the deciles by its population"),
])
def test_the_sii_says_why_it_cannot_be_given(registry, frame, words):
    ind = registry.indicators["smoking_routine_manual_kent"]
    (finding,) = inequalities(ind, frame, _overall(), AREA).sii
    assert finding.sii is None and words in present.sii_reason(finding)


def test_the_report_is_plain_values(registry):
    import json
    ind = registry.indicators["smoking_routine_manual_kent"]
    out = present.inequality_report(inequalities(ind, _deciles(), _overall(), AREA))
    text = json.dumps(out)  # no NaN, no numpy types
    assert "NaN" not in text and out["sii"][0]["applies"] and len(out["rows"]) == 10
    assert out["sii"][0]["sii_lower_95"] < out["sii"][0]["sii"] < out["sii"][0]["sii_upper_95"]
