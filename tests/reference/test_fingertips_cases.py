"""recent_trend and compare_ci against fingertips-open's own test cases (OHID's Fingertips, the public code).

Source: github.com/PublicHealthEngland/fingertips-open at 678089724a516138232d273c4c7f511ed3c5a338 (the last
published commit), PholioVisualisationWS/:
  AnalysisTest/TrendMarkerCalculatorTest.cs                  the recent trend (TrendMarkerCalculator)
  DataConstructionTest/TrendMarkersProviderTest.cs           no data: cannot be calculated
  FormattingTest/TrendMarkerLabelProviderTest.cs             the trend's words by polarity
  AnalysisTest/SingleOverlappingCIsForOneCILevelComparatorTest.cs   Fingertips' default comparison
  AnalysisTest/DoubleOverlappingCIsComparerTest.cs           comparison by overlapping CIs

Fingertips' polarity ids: 0 RagLowIsGood (our lower_is_better), 1 RagHighIsGood (higher_is_better),
99 BlueOrangeBlue (maintain), -1 NotApplicable (not_applicable). Its Significance.Same is our 'similar' and
Significance.None our 'not_compared'; a Value of ValueData.NullValue (-1, 'no value') is our None.
"""
from __future__ import annotations

import pytest

from logframe import present
from logframe.stats import TREND_CHI2_CRITICAL, compare_ci, recent_trend

AT = "PublicHealthEngland/fingertips-open@6780897:PholioVisualisationWS"
TREND_TEST = f"{AT}/AnalysisTest/TrendMarkerCalculatorTest.cs"
POLARITY = {0: "lower_is_better", 1: "higher_is_better", 99: "maintain", -1: "not_applicable"}

# TrendMarkerCalculatorTest.GetTrendData_Set1 (also GetTrendDataForProportion_Set1): Count, Denominator, Value,
# LowerCI95, UpperCI95, Year.
SET1 = [
    (1367, 44701, 30.6, 28.98, 32.25, 2018),
    (1332, 44064, 30.2, 28.63, 31.9, 2017),
    (1199, 42811, 28, 26.44, 29.64, 2016),
    (1023, 41527, 24.6, 23.15, 26.19, 2015),
    (994, 40299, 24.67, 23.16, 26.25, 2014),
]
# GetTrendData_Set2.
SET2 = [
    (209, 1017, 20.5506, 18.1803, 23.1427, 2014),
    (213, 1087, 19.5952, 17.3444, 22.0602, 2015),
    (213, 1119, 19.0349, 16.8421, 21.4394, 2016),
    (239, 1117, 21.3966, 19.0918, 23.8975, 2017),
    (210, 1139, 18.4372, 16.2925, 20.7941, 2018),
]
# GetTrendDataForProportion_Set2: 5 of 5 in 2012.
PROPORTION_SET2 = [
    (5, 5, 100, 0, 0, 2012),
    (3, 5, 60, 0, 0, 2013),
    (1, 5, 20, 0, 0, 2014),
    (1, 4, 25, 0, 0, 2015),
    (2, 4, 50, 0, 0, 2016),
]


def points(data):
    """CoreDataSet rows as our (position, value, numerator, denominator, lower_ci, upper_ci)."""
    return [(year, value, count, denom, lo, hi) for count, denom, value, lo, hi, year in data]


def test_invalid_trend_request_year_range_3():
    # TestCalculateTrendInvalidTrendRequest: Set1 with YearRange = 3 gives a message and is not significant.
    trend = recent_trend(points(SET1), "higher_is_better", year_range=3)
    assert trend.direction == "cannot_be_calculated" and present.trend_reason(trend)


def test_is_significant_returns_true():
    # TestIsSignificantReturnsTrue: a Grouping that is not 'SPC for proportions' uses the CI-weighted method
    # (counts_are_proportions=False here); significant, Math.Round(ChiSquare, 2) == 46.77.
    trend = recent_trend(points(SET1), "higher_is_better", counts_are_proportions=False)
    assert trend.method == "ci_weighted"
    assert round(trend.statistic, 2) == 46.77
    assert trend.direction == "increasing"  # significant, and the weighted slope is positive


def test_is_significant_returns_false():
    # TestIsSignificantReturnsFalse: Set2, CI-weighted: not significant.
    trend = recent_trend(points(SET2), "higher_is_better", counts_are_proportions=False)
    assert trend.method == "ci_weighted"
    assert trend.direction == "no_significant_change"


def test_is_significant_for_proportions_returns_true():
    # TestIsSignificantForProportionsReturnsTrue: 'SPC for proportions': significant, Math.Round(ChiSquare, 2)
    # == 47.9. Fingertips' code at this commit never sets the slope on this path, so its marker would read
    # Decreasing; we take the direction from the slopes (docs/statistics.md): the counts rise, so Increasing.
    trend = recent_trend(points(SET1), "higher_is_better")
    assert trend.method == "chi_squared_trend"
    assert round(trend.statistic, 2) == 47.9 and trend.statistic > TREND_CHI2_CRITICAL
    assert trend.direction == "increasing"


def test_is_significant_for_proportions_cannot_be_calculated():
    # TestIsSignificantForProportionsCannotBeCalculated: a count equal to its denominator: not significant,
    # ChiSquare 0, TrendMarker.CannotBeCalculated.
    trend = recent_trend(points(PROPORTION_SET2), "higher_is_better")
    assert trend.direction == "cannot_be_calculated" and trend.statistic is None
    assert "denominator" in present.trend_reason(trend)


def test_trend_markers_provider_no_data():
    # TrendMarkersProviderTest.Test_Trend_Result_Provided_For_Every_Area: an area with no data: CannotBeCalculated.
    assert recent_trend([], "higher_is_better").direction == "cannot_be_calculated"


FALLING = [(c, d, 60 - v, 60 - hi, 60 - lo, y) for c, d, v, lo, hi, y in SET1]  # Set1 mirrored: decreasing


@pytest.mark.parametrize(
    "polarity_id, data, kwargs, label",
    [
        # Test_NotApplicable: all four markers.
        (-1, SET1, {"counts_are_proportions": False}, "Increasing"),
        (-1, FALLING, {"counts_are_proportions": False}, "Decreasing"),
        (-1, SET2, {"counts_are_proportions": False}, "No significant change"),
        (-1, SET1, {"year_range": 3}, "Cannot be calculated"),
        # Test_Blue_Orange_Blue, Test_Rag_Low_Is_Good, Test_Rag_High_Is_Good: Increasing.
        (99, SET1, {"counts_are_proportions": False}, "Increasing"),
        (0, SET1, {"counts_are_proportions": False}, "Increasing and getting worse"),
        (1, SET1, {"counts_are_proportions": False}, "Increasing and getting better"),
    ],
    ids=lambda v: str(v) if not isinstance(v, list) else "data",
)
def test_trend_marker_labels(polarity_id, data, kwargs, label):
    # FormattingTest/TrendMarkerLabelProviderTest.cs (the markers made from the calculator's own data).
    assert present.trend_label(recent_trend(points(data), POLARITY[polarity_id], **kwargs)) == label


# --- comparisons ---------------------------------------------------------------------------------------------

ONE = f"{AT}/AnalysisTest/SingleOverlappingCIsForOneCILevelComparatorTest.cs"


@pytest.mark.parametrize(
    "parent, parent_upper, value, lower, upper, polarity_id, expected",
    [
        (11, None, 11, 10, 12, 0, "similar"),  # TestSameExactly
        (11, None, 11, 10, 12, 1, "similar"),
        (3.0, None, 3.05, 2.7, 3.1, 0, "similar"),  # TestSame
        (3.0, None, 3.3, 3.2, 3.5, 0, "worse"),  # TestHigher
        (3.0, None, 3.3, 3.2, 3.5, 1, "better"),
        (3.0, None, 2.5, 2.2, 2.8, 0, "better"),  # TestLower
        (3.0, None, 2.5, 2.2, 2.8, 1, "worse"),
        (3.0, None, None, None, None, 0, "not_compared"),  # TestMinusOneData (Value = NullValue)
        (3.0, None, None, None, None, 1, "not_compared"),
        (None, None, 2.5, 2.2, 2.8, 0, "not_compared"),  # TestMinusOneParent
        (None, None, 2.5, 2.2, 2.8, 1, "not_compared"),
        (None, None, None, None, None, 0, "not_compared"),  # TestMinusOneBoth
        (None, None, None, None, None, 1, "not_compared"),
        # TestNoCIsOnLocalDataReturnNoneSignificance: the parent is { Value = 3.0, UpperCI95 = 3.0 }.
        (3.0, 3.0, 4.0, None, None, 0, "not_compared"),
        (3.0, 3.0, 4.0, 3.0, None, 0, "not_compared"),
        (3.0, 3.0, 4.0, None, None, 0, "not_compared"),
    ],
    ids=[f"{ONE}:{name}" for name in (
        "TestSameExactly-0", "TestSameExactly-1", "TestSame", "TestHigher-0", "TestHigher-1", "TestLower-0",
        "TestLower-1", "TestMinusOneData-0", "TestMinusOneData-1", "TestMinusOneParent-0", "TestMinusOneParent-1",
        "TestMinusOneBoth-0", "TestMinusOneBoth-1", "TestNoCIs-noLower", "TestNoCIs-noUpper", "TestNoCIs-none")],
)
def test_single_overlapping_cis_for_one_ci_level(parent, parent_upper, value, lower, upper, polarity_id, expected):
    assert compare_ci(value, lower, upper, parent, None, parent_upper, POLARITY[polarity_id],
                      method="value_in_ci") == expected


DOUBLE = f"{AT}/AnalysisTest/DoubleOverlappingCIsComparerTest.cs"


@pytest.mark.parametrize(
    "data, parent, expected",
    [
        # TestSame: overlapping CIs, data above and below the parent.
        ((4.0, 3.5, 4.5), (3.0, 2.7, 3.6), "similar"),
        ((3.0, 2.7, 3.6), (4.0, 3.5, 4.5), "similar"),
        # ... and a CI that reaches the other's value.
        ((3.0, 2.7, 4.1), (4.0, 3.5, 4.5), "similar"),
        ((4.0, 3.5, 4.5), (3.0, 2.7, 4.1), "similar"),
        # TestDifferent (polarity 0, low is good): data above the parent is worse, below is better.
        ((4.0, 3.5, 4.5), (3.0, 2.7, 3.1), "worse"),
        ((3.0, 2.7, 3.1), (4.0, 3.5, 4.5), "better"),
        # TestNoCIsReturnNoneSignificance: either side without CIs.
        ((4.0, 3.5, 4.5), (3.0, None, None), "not_compared"),
        ((3.0, None, None), (4.0, 3.5, 4.5), "not_compared"),
    ],
    ids=[f"{DOUBLE}:{n}" for n in ("TestSame-1", "TestSame-2", "TestSame-3", "TestSame-4", "TestDifferent-1",
                                     "TestDifferent-2", "TestNoCIs-1", "TestNoCIs-2")],
)
def test_double_overlapping_cis(data, parent, expected):
    assert compare_ci(*data, *parent, polarity=POLARITY[0], method="ci_overlap") == expected
