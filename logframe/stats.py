"""Confidence-interval comparison, recent trend, SPC and the Wilson interval: pure functions, each following one
published reference and proven against that reference's own test cases (tests/reference, docs/statistics.md).

Conventions, each decided once here and used by every page, the CLI and the board pack:

* compare_ci: Fingertips (fingertips-open, PholioVisualisationWS/Analysis). The default, 'value_in_ci', is its
  SingleOverlappingCIsForOneCILevelComparer: similar when the comparator's value lies within the area's 95% CI.
  'ci_overlap' is its DoubleOverlappingCIsComparer: similar when the two 95% CIs overlap (more often similar).
* recent_trend: Fingertips' recent trend (TrendMarkerCalculator): the last five points, significant only at 99.8%
  and only when the slope through all five and the five slopes leaving one point out share a sign. Proportions:
  chi-squared test for trend on the counts; anything else: a regression weighted by each point's variance, taken
  from its 95% CI.
* xmr: the Making Data Count XmR chart as NHSRplotthedots 0.2.2 computes it (ptd_spc's defaults): mean +/- 2.66 x
  mean moving range, moving ranges screened (switchable off, as in the Making Data Count spreadsheet), its four
  special-cause rules with its precedence, and assurance against a target.
* wilson_ci: the Wilson score interval as PHEindicatormethods (wilson_lower, wilson_upper) computes it.

Where we differ from a reference on purpose, docs/statistics.md says where and why.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, NamedTuple

from logframe.kinds import Polarity

POLARITIES = tuple(Polarity)

# ---------------------------------------------------------------------------------------------------------------
# Comparison with a reference (England, Kent, the all-council median)
# ---------------------------------------------------------------------------------------------------------------

COMPARISONS = ("better", "similar", "worse", "higher", "lower", "not_compared")
COMPARISON_METHODS = ("value_in_ci", "ci_overlap")


def as_number(x: Any) -> float | None:
    """None for None, NaN, pd.NA or anything not a number; otherwise a float."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _check_polarity(polarity: str) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"polarity {polarity!r} is not one of {', '.join(POLARITIES)}")


def _judge(direction: str, polarity: str) -> str:
    """Map 'higher'/'lower' to 'better'/'worse' by polarity; unchanged when polarity has no direction."""
    if polarity == "higher_is_better":
        return "better" if direction == "higher" else "worse"
    if polarity == "lower_is_better":
        return "better" if direction == "lower" else "worse"
    return direction


def compare_ci(
    value: float | None,
    lower: float | None,
    upper: float | None,
    ref_value: float | None,
    ref_lower: float | None = None,
    ref_upper: float | None = None,
    polarity: str = "higher_is_better",
    method: str = "value_in_ci",
) -> str:
    """Compare a value's 95% CI with a reference, by Fingertips' method: 'better'/'similar'/'worse',
    'higher'/'lower' (polarity without a direction), or 'not_compared'."""
    _check_polarity(polarity)
    if method not in COMPARISON_METHODS:
        raise ValueError(f"method {method!r} is not one of {', '.join(COMPARISON_METHODS)}")
    value, lower, upper = as_number(value), as_number(lower), as_number(upper)
    ref_value, ref_lower, ref_upper = as_number(ref_value), as_number(ref_lower), as_number(ref_upper)
    # Fingertips compares nothing without both values and the area's two CI bounds (Are95CIsValid).
    if value is None or lower is None or upper is None or ref_value is None:
        return "not_compared"
    lower, upper = min(lower, upper), max(lower, upper)  # bounds given the wrong way round are put right
    if method == "value_in_ci":
        # SingleOverlappingCIsForOneCILevelComparer: the reference's own CI plays no part; a value on a bound
        # is inside.
        similar = lower <= ref_value <= upper
    else:
        # DoubleOverlappingCIsComparer: needs the reference's CI too; touching intervals overlap. Which interval
        # is the upper one is decided by the values, as Fingertips does.
        if ref_lower is None or ref_upper is None:
            return "not_compared"
        ref_lower, ref_upper = min(ref_lower, ref_upper), max(ref_lower, ref_upper)
        similar = lower <= ref_upper if ref_value < value else ref_lower <= upper
    if similar:
        return "similar"
    # Fingertips takes the direction from the two values, not from the intervals.
    return _judge("lower" if value < ref_value else "higher", polarity)


# ---------------------------------------------------------------------------------------------------------------
# Confidence interval of a proportion (Wilson score, as PHEindicatormethods computes it)
# ---------------------------------------------------------------------------------------------------------------

Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile (R: qnorm(0.975))


def wilson_ci(numerator: float, denominator: float, multiplier: float = 100.0,
              z: float = Z_95) -> tuple[float, float] | None:
    """Wilson score 95% interval of numerator / denominator, times multiplier (100 for a percentage); None when
    the counts cannot make a proportion (denominator not positive, numerator outside 0..denominator)."""
    n, x = as_number(denominator), as_number(numerator)
    if n is None or x is None or n <= 0 or not 0 <= x <= n:
        return None
    # PHEindicatormethods' wilson_lower / wilson_upper, term for term: (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n)))
    # / 2 / (n + z^2).
    spread = z * math.sqrt(z ** 2 + 4 * x * (1 - (x / n)))
    lower = (2 * x + z ** 2 - spread) / 2 / (n + z ** 2)
    upper = (2 * x + z ** 2 + spread) / 2 / (n + z ** 2)
    return lower * multiplier, upper * multiplier


# ---------------------------------------------------------------------------------------------------------------
# Recent trend (Fingertips' TrendMarkerCalculator: the last five points)
# ---------------------------------------------------------------------------------------------------------------

TREND_POINTS = 5
TREND_LEVEL = 0.998
# Fingertips' ChiSquareConfidence: the 99.8% point of chi-squared on 1 df (R: qchisq(0.998, 1)).
TREND_CHI2_CRITICAL = 9.54953570608324
# Fingertips turns a 95% CI into a standard error by dividing its width by 2 x 1.96.
TREND_CI_WIDTH_SE = 3.92

TREND_METHODS = ("chi_squared_trend", "ci_weighted")


# Why a recent trend has its result (Trend.reason_code), worded by present.trend_reason with Trend.reason_numbers.
TREND_REASONS = (
    "rolling_periods",  # multi-year periods: (year_range,)
    "too_few_points",  # (points needed, points there)
    "missing_values",  # (how many of the last points have no value, points needed)
    "not_consecutive",  # (points needed,)
    "count_equals_denominator",
    "zero_count",
    "zero_width_ci",
    "needs_counts_or_ci",  # (points needed,)
    "needs_ci",  # (points needed,)
    "sign_kept",  # tested: (chi-squared, critical value); the slope keeps its sign whichever point is left out
    "sign_changes",  # tested: (chi-squared, critical value); the slope changes sign when one point is left out
)


@dataclass(frozen=True)
class Trend:
    """Fingertips' recent trend: codes and numbers (present.trend_label and present.trend_reason word them)."""
    direction: str  # 'increasing' | 'decreasing' | 'no_significant_change' | 'cannot_be_calculated'
    judgement: str | None  # 'getting_better' | 'getting_worse' | None (no change, or polarity without direction)
    reason_code: str  # a TREND_REASONS code: the test's result (present.TREND_METHOD_LABEL names the test), or why not
    slope: float | None  # OLS slope of value per unit of position (per year); descriptive, the test decides
    method: str | None = None  # a TREND_METHODS key; None when it cannot be calculated
    statistic: float | None = None  # chi-squared on 1 df
    level: float | None = None  # TREND_LEVEL when a test was made
    reason_numbers: tuple[float, ...] = ()  # the numbers the reason cites (see TREND_REASONS)


def _ols(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope (descriptive only)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


def _sign_votes(slopes: Sequence[float]) -> int:
    # Fingertips counts a slope of exactly 0 (and NaN) as positive: only 'slope < 0' votes -1.
    return sum(-1 if s < 0 else 1 for s in slopes)


def _fingertips_proportions(num: Sequence[float], den: Sequence[float]) -> tuple[float, list[float]]:
    """IsSignificantForProportions: the chi-squared statistic for trend on counts at times 1..5, and the slopes
    of the log-odds on time through all five points and leaving each point out (in that order)."""
    n_sum = rt_sum = r_sum = nt_sum = ntt_sum = 0.0
    for t, (r, n) in enumerate(zip(num, den), 1):
        n_sum += n
        rt_sum += r * t
        r_sum += r
        nt_sum += n * t
        ntt_sum += n * t ** 2
    chi2 = n_sum * (n_sum * rt_sum - r_sum * nt_sum) ** 2 / (r_sum * (n_sum - r_sum) * (n_sum * ntt_sum - nt_sum ** 2))
    logits = [math.log(r / (n - r)) for r, n in zip(num, den)]
    slopes = []
    for left_out in range(TREND_POINTS + 1):  # 0: none left out; k: point k (1..5) left out
        ts = [t for t in range(1, TREND_POINTS + 1) if t != left_out]
        y_sum = sum(logits[t - 1] for t in ts)
        yt_sum = len(ts) * sum(logits[t - 1] * t for t in ts)
        t_sum, ntt = sum(ts), len(ts) * sum(t * t for t in ts)
        slopes.append((yt_sum - y_sum * t_sum) / (ntt - t_sum ** 2))
    return chi2, slopes


def _fingertips_ci_weighted(values: Sequence[float], lows: Sequence[float],
                            highs: Sequence[float]) -> tuple[float, list[float]]:
    """IsSignificant: each point weighted by 1 / se^2 with se = CI width / 3.92; the weighted least-squares slope
    on times 1..5 over its standard error, squared, and the slopes through all five and leaving each out."""
    terms = []
    for t, (y, lo, hi) in enumerate(zip(values, lows, highs), 1):
        divisor = ((hi - lo) / TREND_CI_WIDTH_SE) ** 2
        terms.append((t, 1 / divisor, (y * t) / divisor, t / divisor, y / divisor, t ** 2 / divisor))
    chi2, slopes = 0.0, []
    for left_out in range(TREND_POINTS + 1):
        s1 = s2 = s3 = s4 = s5 = 0.0
        for t, v1, v2, v3, v4, v5 in terms:
            if t != left_out:
                s1, s2, s3, s4, s5 = s1 + v1, s2 + v2, s3 + v3, s4 + v4, s5 + v5
        slope = (s1 * s2 - s3 * s4) / (s1 * s5 - s3 ** 2)
        slopes.append(slope)
        if left_out == 0:
            beta = math.sqrt(s1 / (s1 * s5 - s3 ** 2))
            chi2 = (slope / beta) ** 2
    return chi2, slopes


def _cannot(reason_code: str, *numbers: float) -> Trend:
    return Trend("cannot_be_calculated", None, reason_code, None, None, reason_numbers=tuple(numbers))


def recent_trend(points: Sequence[Sequence[Any]], polarity: str, *, counts_are_proportions: bool = True,
                 year_range: int = 1) -> Trend:
    """Fingertips' recent trend over the last five points, from (position, value[, numerator, denominator[,
    lower_ci, upper_ci]]) tuples.

    counts_are_proportions: the numerators and denominators make the value a proportion (a percentage), so the
    proportions method may use them; Fingertips uses it only for proportions, so callers pass False for rates per
    100,000 and the like, which then use the CI-weighted method. year_range: the length of each period in years;
    Fingertips calculates no recent trend for multi-year (rolling) periods.
    """
    _check_polarity(polarity)
    if year_range != 1:
        return _cannot("rolling_periods", year_range)
    rows = []
    for p in points:
        p = tuple(p)[:6] + (None,) * (6 - len(tuple(p)[:6]))
        rows.append(tuple(as_number(x) for x in p))
    rows = sorted((r for r in rows if r[0] is not None), key=lambda r: r[0])  # type: ignore[arg-type, return-value]
    if len(rows) < TREND_POINTS:
        return _cannot("too_few_points", TREND_POINTS, len(rows))
    last = rows[-TREND_POINTS:]
    # Fingertips walks back from the latest point while the points are valid and needs five: any of the last
    # five without a value breaks the run.
    missing = sum(1 for r in last if r[1] is None)
    if missing:
        return _cannot("missing_values", missing, TREND_POINTS)
    xs = [r[0] for r in last]
    steps = [b - a for a, b in zip(xs, xs[1:])]  # type: ignore[operator]
    # A gap in the periods (e.g. 2019/20 absent between 2018/19 and 2020/21) shows as a step much longer than the
    # shortest one; the test assumes five consecutive periods (Fingertips numbers them 1..5).
    if min(steps) <= 0 or max(steps) > 1.5 * min(steps):
        return _cannot("not_consecutive", TREND_POINTS)
    ys = [r[1] for r in last]
    num, den, lows, highs = ([r[i] for r in last] for i in (2, 3, 4, 5))
    if any(r is not None and n is not None and r == n for r, n in zip(num, den)):
        # TrendRequest.IsPossibleDivideByZeroErrors: a count equal to its denominator stops the calculation.
        return _cannot("count_equals_denominator")
    counts = all(r is not None and n is not None and n > 0 and 0 <= r <= n for r, n in zip(num, den))
    cis = all(lo is not None and hi is not None for lo, hi in zip(lows, highs))
    if counts_are_proportions and counts:
        if any(r == 0 for r in num):
            return _cannot("zero_count")
        method = "chi_squared_trend"
        chi2, slopes = _fingertips_proportions(num, den)  # type: ignore[arg-type]
    elif cis:
        if any(hi == lo for lo, hi in zip(lows, highs)):
            return _cannot("zero_width_ci")
        method = "ci_weighted"
        chi2, slopes = _fingertips_ci_weighted(ys, lows, highs)  # type: ignore[arg-type]
    else:
        return _cannot("needs_counts_or_ci" if counts_are_proportions else "needs_ci", TREND_POINTS)

    slope = _ols(xs, ys)  # type: ignore[arg-type]
    same_sign = abs(_sign_votes(slopes)) == len(slopes)
    significant = same_sign and chi2 > TREND_CHI2_CRITICAL
    # The test itself is named by present.TREND_METHOD_LABEL[method]; the reason gives its result.
    code, numbers = ("sign_kept" if same_sign else "sign_changes"), (chi2, TREND_CHI2_CRITICAL)
    if not significant:
        return Trend("no_significant_change", None, code, slope, method, chi2, TREND_LEVEL, numbers)
    # The direction of the slope through all five points (the other five share its sign).
    rising = slopes[0] > 0
    direction = "increasing" if rising else "decreasing"
    judged = _judge("higher" if rising else "lower", polarity)
    judgement = {"better": "getting_better", "worse": "getting_worse"}.get(judged)
    return Trend(direction, judgement, code, slope, method, chi2, TREND_LEVEL, numbers)


# ---------------------------------------------------------------------------------------------------------------
# SPC: the Making Data Count XmR chart, as NHSRplotthedots 0.2.2 computes it
# ---------------------------------------------------------------------------------------------------------------

SPC_MIN_POINTS = 12  # fewer than this and the limits are trial limits (Making Data Count; NHSRplotthedots' docs)
LIMIT_FACTOR = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two
# Two sigma, written as NHSRplotthedots writes it (limitclose <- 2 * (limit / 3)) so the arithmetic matches.
NEAR_LIMIT_FACTOR = 2 * (LIMIT_FACTOR / 3)
MR_SCREEN_FACTOR = 3.267  # D4 for moving ranges of two
RUN_LENGTH = 7  # Making Data Count counts points: 7 points in a run (so 6 successive rises or falls)

# Why an XmR chart is insufficient, has no limits or trial limits (SpcResult.reason_code; present.spc_reason).
SPC_REASONS = ("too_few_points", "one_point_since_rebase", "every_value_same", "no_moving_range", "trial_limits",
               "trial_limits_since_rebase")
SPC_NOTES = ("missing_left_out", "rebase_ignored")  # SpcResult.notes codes (present.spc_notes)
SPC_RULES = ("outside_limits", "trend", "two_of_three", "shift")  # NHSRplotthedots' precedence, first wins
VARIATIONS = ("common_cause", "special_cause_improvement", "special_cause_concern", "special_cause_neither",
              "insufficient", "no_limits")
ASSURANCES = ("consistently_passing", "hit_and_miss", "consistently_failing")


@dataclass(frozen=True)
class SpcPoint:
    index: int  # position in the values passed to xmr
    position: Any  # the caller's x value (period label or decimal year); the index when none given
    value: float
    segment: int  # 0 before the rebase, 1 from it (always 0 without a rebase)
    mean: float
    ucl: float | None  # upper process limit of this point's segment (None when the segment has none)
    lcl: float | None
    special_cause: bool
    rules: tuple[str, ...]  # the rules this point is part of, in SPC_RULES order
    side: str | None  # 'high' | 'low': the direction of the first rule that flagged it; None for common cause
    kind: str | None  # 'improvement' | 'concern' | 'neither'; None for common cause


@dataclass(frozen=True)
class SpcResult:
    polarity: str
    n: int
    mean: float | None  # of the latest segment (from rebase_index on, or the whole series)
    ucl: float | None
    lcl: float | None
    mr_bar: float | None  # mean moving range after screening
    points: tuple[SpcPoint, ...]
    variation: str  # a VARIATIONS key, for the latest point
    assurance: str | None = None  # an ASSURANCES key for `target`; None without a target
    target: float | None = None
    trial_limits: bool = False  # the latest segment has fewer than SPC_MIN_POINTS points
    rebase_index: int | None = None  # index (into values) where the latest segment starts; None if not rebased
    excluded_moving_ranges: tuple[int, ...] = ()  # indices i whose moving range |x[i] - x[i-1]| was screened out
    reason_code: str = ""  # an SPC_REASONS code: why 'insufficient' or 'no_limits', or trial limits ('' for none)
    reason_numbers: tuple[int, ...] = ()  # the numbers the reason cites (see SPC_REASONS); present.spc_reason words both
    notes: tuple[tuple[str, int], ...] = ()  # (SPC_NOTES code, number): missing values left out, a rebase ignored
    screened: bool = True  # moving ranges screened (NHSRplotthedots' default) or not (the MDC spreadsheet)

    @property
    def sigma(self) -> float | None:
        return None if self.mr_bar is None else LIMIT_FACTOR / 3 * self.mr_bar


@dataclass(frozen=True)
class _Limits:
    mean: float
    mr_bar: float | None
    ucl: float | None
    lcl: float | None
    excluded: tuple[int, ...]  # offsets within the segment of screened moving ranges
    no_limits: str = ""  # an SPC_REASONS code: why there are no limits although there are moving ranges


def _mean(xs: Sequence[float]) -> float:
    # The correctly rounded mean. R's mean() sums in extended precision and corrects the result, which gives
    # this value; a plain float sum can be one unit in the last place away, enough to move a point that sits on
    # the mean or on a limit.
    return float(sum(map(Fraction, xs)) / len(xs))


def _limits(values: Sequence[float], screen: bool) -> _Limits:
    """ptd_spc_standard: the mean, the mean moving range after one screening pass, and the limits."""
    mean = _mean(values)
    if len(values) < 2:
        return _Limits(mean, None, None, None, ())
    mrs = [abs(b - a) for a, b in zip(values, values[1:])]
    amr = _mean(mrs)
    if amr == 0:
        # Every value the same. NHSRplotthedots screens every range out (0 < 0 is false) and its limits become
        # NaN; there is no variation to set limits by.
        return _Limits(mean, 0.0, None, None, (), "every_value_same")
    excluded: tuple[int, ...] = ()
    if screen:
        # One pass, as NHSRplotthedots does: a range is kept only when below 3.267 x the mean range, then the
        # mean is recomputed. Not every range can reach 3.267 x their own mean, so some always remain. The Making
        # Data Count spreadsheet does not screen (the indicator's spc_screening switches this off).
        excluded = tuple(i + 1 for i, mr in enumerate(mrs) if not mr < MR_SCREEN_FACTOR * amr)
    mr_bar = _mean([mr for i, mr in enumerate(mrs) if i + 1 not in excluded])
    if mr_bar == 0:
        # NHSRplotthedots would draw limits of zero width here and call every point special cause; we draw none
        # (docs/statistics.md).
        return _Limits(mean, 0.0, None, None, excluded, "no_moving_range")
    return _Limits(mean, mr_bar, mean + (LIMIT_FACTOR * mr_bar), mean - (LIMIT_FACTOR * mr_bar), excluded)


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _trend_ends(values: Sequence[float]) -> list[int]:
    """ptd_seven_point_trend: +1 / -1 at each point that ends RUN_LENGTH points each strictly higher / lower than
    the one before (a tie ends the run), else 0."""
    out = [0] * len(values)
    for i in range(RUN_LENGTH - 1, len(values)):
        steps = {_sign(values[j] - values[j - 1]) for j in range(i - RUN_LENGTH + 2, i + 1)}
        if steps in ({1}, {-1}):
            out[i] = steps.pop()
    return out


def _shift_ends(side: Sequence[int]) -> list[int]:
    """ptd_seven_point_one_side_mean: 1 at each point that ends RUN_LENGTH points on one side of the mean (a point
    on the mean ends the run), else 0."""
    padded = [0] * (RUN_LENGTH - 1) + list(side)
    return [int(s != 0 and all(padded[i + k] == s for k in range(RUN_LENGTH - 1))) for i, s in enumerate(side)]


def _part_of_run(ends: Sequence[int]) -> list[bool]:
    """ptd_part_of_seven_trend: a point is part of a run when it or one of the next RUN_LENGTH - 1 points ends one
    (an end is +1 or -1)."""
    return [any(abs(e) == 1 for e in ends[i:i + RUN_LENGTH]) for i in range(len(ends))]


def _two_in_three(close: Sequence[bool], side: Sequence[int]) -> list[bool]:
    """ptd_two_in_three: a point is in a window of 3 consecutive points (ending at, around or starting at it)
    holding at least 2 points close to a limit, with all 3 points on the same side of the mean."""
    c = [0, 0] + [int(x) for x in close] + [0, 0]
    s = [0, 0] + list(side) + [0, 0]
    return [any(sum(c[i + k:i + k + 3]) >= 2 and abs(sum(s[i + k:i + k + 3])) == 3 for k in range(3))
            for i in range(len(close))]


def _special_causes(values: Sequence[float], side: Sequence[int], outside: Sequence[bool], trend: Sequence[bool],
                    two: Sequence[bool], shift: Sequence[bool]) -> list[dict[str, int]]:
    """ptd_special_cause_type: for each point, {rule: +1 high / -1 low} for each rule it belongs to, given which
    points are outside the limits and which are part of a trend, a 2 of 3 and a shift."""
    n = len(values)
    steps = [_sign(b - a) for a, b in zip(values, values[1:])]
    hits: list[dict[str, int]] = [{} for _ in values]
    for i in range(n):
        if outside[i]:
            hits[i]["outside_limits"] = 1 if side[i] == 1 else -1
        if trend[i]:
            # NHSRplotthedots' direction for a point in a trend: the step to the next point when that point is
            # in a trend too, else the step from the previous point; anything but a rise reads as decreasing.
            step = steps[i] if i + 1 < n and trend[i + 1] else (steps[i - 1] if i > 0 else 0)
            hits[i]["trend"] = 1 if step == 1 else -1
        if two[i]:
            hits[i]["two_of_three"] = 1 if side[i] > 0 else -1
        if shift[i]:
            hits[i]["shift"] = 1 if side[i] > 0 else -1
    return hits


def _segment_rules(values: Sequence[float], lim: _Limits) -> list[dict[str, int]]:
    """For each point of one segment: {rule: +1 high / -1 low} for each rule it belongs to (ptd_spc_standard and
    ptd_calculate_point_type). No limits, no rules."""
    if lim.ucl is None or lim.lcl is None or lim.mr_bar is None:
        return [{} for _ in values]
    near_hi = lim.mean + (NEAR_LIMIT_FACTOR * lim.mr_bar)
    near_lo = lim.mean - (NEAR_LIMIT_FACTOR * lim.mr_bar)
    side = [_sign(v - lim.mean) for v in values]
    # A point exactly on a limit is inside it.
    outside = [v > lim.ucl or v < lim.lcl for v in values]
    # Close to a limit: beyond two sigma but not outside (points outside the limits do not count towards 2 of 3).
    close = [not o and (v < near_lo or v > near_hi) for v, o in zip(values, outside)]
    trend = _part_of_run(_trend_ends(values))
    # ptd_part_of_two_in_three: of the points in such a window, only those close to a limit are flagged.
    two = [bool(c) and t for c, t in zip(close, _two_in_three(close, side))]
    shift = _part_of_run(_shift_ends(side))
    return _special_causes(values, side, outside, trend, two, shift)


def _kind(side: int, polarity: str) -> str:
    judged = _judge("higher" if side > 0 else "lower", polarity)
    return {"better": "improvement", "worse": "concern"}.get(judged, "neither")


def _pass_direction(polarity: str, comparator: str | None) -> int:
    """+1 when higher values pass the target, -1 when lower pass, 0 when there is no passing side."""
    if comparator in ("at_least", "above"):
        return 1
    if comparator in ("no_more_than", "below"):
        return -1
    return {"higher_is_better": 1, "lower_is_better": -1}.get(polarity, 0)


def assurance(spc: SpcResult, target: float | None, polarity: str, comparator: str | None = None) -> str | None:
    """Assurance of the latest segment's limits against a target or milestone (ptd_calculate_assurance_type);
    None without a target, a passing side or limits."""
    _check_polarity(polarity)
    target = as_number(target)
    direction = _pass_direction(polarity, comparator)
    if target is None or direction == 0 or spc.ucl is None or spc.lcl is None:
        return None
    # A target exactly on a limit is 'hit_and_miss', as NHSRplotthedots has it (strict inequalities): the limits
    # are estimates, and a process whose limit sits on the target will sometimes land on its failing side.
    if target > spc.ucl:
        return "consistently_failing" if direction > 0 else "consistently_passing"
    if target < spc.lcl:
        return "consistently_passing" if direction > 0 else "consistently_failing"
    return "hit_and_miss"


def xmr(
    values: Sequence[float | None],
    polarity: str = "higher_is_better",
    rebase_index: int | None = None,
    *,
    target: float | None = None,
    comparator: str | None = None,
    positions: Sequence[Any] | None = None,
    screen: bool = True,
) -> SpcResult:
    """XmR chart as NHSRplotthedots' ptd_spc computes it: limits, special causes, variation and assurance (values
    in time order). screen=False leaves the moving ranges unscreened, as the Making Data Count spreadsheet does."""
    _check_polarity(polarity)
    if positions is not None and len(positions) != len(values):
        raise ValueError(f"positions has {len(positions)} items; values has {len(values)}")
    pos = list(positions) if positions is not None else list(range(len(values)))
    notes: list[tuple[str, int]] = []
    kept = [(i, as_number(v)) for i, v in enumerate(values)]
    dropped = sum(1 for _, v in kept if v is None)
    kept = [(i, v) for i, v in kept if v is not None]
    if dropped:
        notes.append(("missing_left_out", dropped))
    n = len(kept)
    if n < 2:
        reason, numbers_ = "too_few_points", (n,)
        points = tuple(
            SpcPoint(i, pos[i], v, 0, v, None, None, False, (), None, None) for i, v in kept  # type: ignore[arg-type]
        )
        return SpcResult(polarity=polarity, n=n, mean=kept[0][1] if kept else None, ucl=None, lcl=None,
                         mr_bar=None, points=points, variation="insufficient", target=as_number(target),
                         trial_limits=True, reason_code=reason, reason_numbers=numbers_, notes=tuple(notes),
                         screened=screen)

    # Rebase: the earlier points keep limits of their own, computed from the earlier segment alone; the latest
    # segment (rebase_index onwards) gives the result's mean, limits, trial flag and assurance. Rules never look
    # across the rebase (NHSRplotthedots groups by rebase_group). A rebase_index outside 1..len(values)-1 (e.g. a
    # rebase period not yet in the data) is ignored. rebase_index counts the values passed in, missing ones
    # included.
    cut = None
    if rebase_index is not None and 0 < rebase_index < len(values):
        cut = sum(1 for i, _ in kept if i < rebase_index)
        if cut == 0 or cut == n:
            cut = None
    if rebase_index is not None and cut is None:
        notes.append(("rebase_ignored", rebase_index))
    bounds = [(0, n)] if cut is None else [(0, cut), (cut, n)]

    points: list[SpcPoint] = []  # type: ignore[no-redef]
    excluded: list[int] = []
    lim = None
    for seg, (a, b) in enumerate(bounds):
        vals = [v for _, v in kept[a:b]]
        lim = _limits(vals, screen)  # type: ignore[arg-type]
        excluded.extend(kept[a + k][0] for k in lim.excluded)
        for k, hit in enumerate(_segment_rules(vals, lim)):  # type: ignore[arg-type]
            i, v = kept[a + k]
            rules = tuple(r for r in SPC_RULES if r in hit)
            side = hit[rules[0]] if rules else 0
            points.append(SpcPoint(  # type: ignore[attr-defined]
                index=i, position=pos[i], value=v, segment=seg, mean=lim.mean, ucl=lim.ucl, lcl=lim.lcl,  # type: ignore[arg-type]
                special_cause=bool(rules), rules=rules,
                side=("high" if side > 0 else "low") if rules else None,
                kind=_kind(side, polarity) if rules else None,
            ))
    assert lim is not None
    seg_n = n - (cut or 0)
    latest = points[-1]
    numbers: tuple[int, ...] = ()
    if lim.mr_bar is None:
        variation, reason, numbers = "insufficient", "one_point_since_rebase", (seg_n,)
    elif lim.ucl is None:
        variation, reason = "no_limits", lim.no_limits
    else:
        variation = f"special_cause_{latest.kind}" if latest.special_cause else "common_cause"
        reason = ""
    trial = seg_n < SPC_MIN_POINTS
    if trial and not reason:
        reason = "trial_limits_since_rebase" if cut else "trial_limits"
        numbers = (seg_n, SPC_MIN_POINTS)
    result = SpcResult(
        polarity=polarity, n=n, mean=lim.mean, ucl=lim.ucl, lcl=lim.lcl, mr_bar=lim.mr_bar, points=tuple(points),
        variation=variation, target=as_number(target), trial_limits=trial,
        rebase_index=kept[cut][0] if cut is not None else None, excluded_moving_ranges=tuple(excluded),
        reason_code=reason, reason_numbers=numbers, notes=tuple(notes), screened=screen,
    )
    if as_number(target) is None:
        return result
    return replace(result, assurance=assurance(result, target, polarity, comparator))


# ---------------------------------------------------------------------------------------------------------------
# Which methods a series supports
# ---------------------------------------------------------------------------------------------------------------

class MethodSupport(NamedTuple):
    method: str
    applies: bool
    reason_code: str  # a METHOD_REASONS code; present.method_support_reason words it with the counts
    n_points: int = 0
    frequency: str | None = None  # the series' period kind


# Why a method applies or not (MethodSupport.reason_code).
METHOD_REASONS = ("spc_has", "spc_has_rolling", "spc_needs", "trend_uses", "trend_needs", "compared_with_ci",
                  "needs_ci")


def method_support(n_points: int, has_ci: bool, frequency: str | None = None) -> list[MethodSupport]:
    """Which of SPC, recent trend and comparison with England apply to a series, each with the code of why."""
    spc = n_points >= SPC_MIN_POINTS
    # Rolling multi-year periods share years, so neighbouring points are not independent: SPC is read with care.
    spc_why = ("spc_has_rolling" if frequency == "year_range" else "spc_has") if spc else "spc_needs"
    trend = n_points >= TREND_POINTS
    return [MethodSupport(method, applies, why, n_points, frequency) for method, applies, why in (
        ("SPC", spc, spc_why),
        ("Recent trend", trend, "trend_uses" if trend else "trend_needs"),
        ("Comparison with England", bool(has_ci), "compared_with_ci" if has_ci else "needs_ci"),
    )]
