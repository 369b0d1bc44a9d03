"""recent_trend against R on 3,000 five-point series: 1,500 proportions (counts) and 1,500 with 95% CIs only.

data/trend_series.json.gz holds the series (tests/reference/trend_series.py makes them); data/trend_r.json.gz
holds, recorded once by tests/reference/record_trend_r.R, R's own chi-squared statistic (prop.trend.test for
counts; weighted lm() for CIs), the six slopes of Fingertips' leave-one-out check (lm()), and the verdict by
Fingertips' rule (TrendMarkerCalculator, fingertips-open 6780897: chi-squared above qchisq(0.998, 1) and six
slopes of one sign). This test needs no R. Fingertips' own C# is not run; its test cases are in
test_fingertips_cases.py.
"""
from __future__ import annotations

from functools import cache

import pytest

from logframe.stats import TREND_CHI2_CRITICAL, _fingertips_ci_weighted, _fingertips_proportions, recent_trend
from tests.reference.trend_series import OUTPUTS, SERIES, generate, load


@cache
def compared() -> list[tuple[dict, dict, object, list[float]]]:
    """(series, R's record, our Trend, our six slopes)."""
    theirs = {r["id"]: r for r in load(OUTPUTS)["series"]}
    out = []
    for s in load(SERIES):
        if s["method"] == "proportions":
            points = [(2019 + i, v, x, n) for i, (v, x, n) in enumerate(s["rows"])]
            _, slopes = _fingertips_proportions([x for _, x, _ in s["rows"]], [n for _, _, n in s["rows"]])
        else:
            points = [(2019 + i, v, None, None, lo, hi) for i, (v, lo, hi) in enumerate(s["rows"])]
            _, slopes = _fingertips_ci_weighted(*zip(*s["rows"]))
        out.append((s, theirs[s["id"]], recent_trend(points, "higher_is_better"), slopes))
    return out


def test_stored_series_are_the_generated_ones():
    assert load(SERIES) == generate()
    assert len(load(OUTPUTS)["series"]) == 3000


def test_the_right_method_is_used():
    want = {"proportions": "chi_squared_trend", "ci": "ci_weighted"}
    assert all(t.method == want[s["method"]] for s, _, t, _ in compared())


def test_chi_squared_agrees_with_r():
    # prop.trend.test and lm() reach the same number by other arithmetic: agreement to 1e-9, relative.
    wrong = [(s["id"], t.statistic, r["chi2"]) for s, r, t, _ in compared()
             if t.statistic != pytest.approx(float(r["chi2"]), rel=1e-9)]
    assert not wrong, wrong[:5]


def test_leave_one_out_slopes_agree_with_r():
    wrong = [(s["id"], ours, r["slopes"]) for s, r, _, ours in compared()
             if ours != pytest.approx([float(x) for x in r["slopes"]], rel=1e-7, abs=1e-12)]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("method", ["proportions", "ci"])
def test_verdicts_agree_with_fingertips_rule(method):
    cases = [(s, r, t) for s, r, t, _ in compared() if s["method"] == method]
    wrong = [(s["id"], t.direction, r["verdict"]) for s, r, t in cases if t.direction != r["verdict"]]
    assert not wrong, wrong[:10]
    verdicts = [r["verdict"] for _, r, _ in cases]
    assert {v: verdicts.count(v) > 50 for v in ("increasing", "decreasing", "no_significant_change")} == \
        {"increasing": True, "decreasing": True, "no_significant_change": True}
    # Cases where each of Fingertips' two conditions alone decides, so both are exercised.
    chi2 = [float(r["chi2"]) for _, r, _ in cases]
    assert sum(3.841 < c <= TREND_CHI2_CRITICAL for c in chi2) > 50  # significant at 95%, not at 99.8%
    assert sum(c > TREND_CHI2_CRITICAL and v == "no_significant_change" for c, v in zip(chi2, verdicts)) > 50
