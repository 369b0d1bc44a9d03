"""Milestones, status, rates and projection against the log-frame trajectory: the one home of these rules.

Rules only: how they are worded for people (labels, icons, numbers, sentences) lives in logframe.present."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from logframe.kinds import Polarity, Reason, Status, TargetComparator
from logframe.periods import label_for_position, parse_period, recency
from logframe.registry import ABSOLUTE_COMPARATORS, Indicator

STATUSES = tuple(Status)
# Statuses judged against the trajectory from a figure (the others say why there is no judgement).
JUDGED = (Status.ACHIEVED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)
TRACKED = JUDGED + (Status.NO_DATA,)  # statuses of an indicator with a trajectory (no_data: no figure to judge)

POLARITIES = (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.MAINTAIN)  # those with a better

# A value 'equal' to a target is within half a unit of the target's last printed digit; the log-frame prints
# its 'maintain' targets as whole numbers (e.g. 63%), so the half-unit is 0.5.
EQUAL_TOLERANCE = 0.5

# Values computed on the time axis (6.15 = 7.3 - 2.3 * 0.5) carry float noise; two numbers this close are the same.
_SAME = 1e-9


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_SAME, abs_tol=_SAME)


def is_better(a: float, b: float, polarity: str, target: float | None = None) -> bool:
    """True when a is strictly better than b under the polarity."""
    if _same(a, b):
        return False
    if polarity == Polarity.HIGHER_IS_BETTER:
        return a > b
    if polarity == Polarity.LOWER_IS_BETTER:
        return a < b
    if polarity == Polarity.MAINTAIN:
        # To maintain a level, better means closer to the target level; neither direction is better in itself.
        if target is None:
            raise ValueError("polarity 'maintain' needs the target to say which value is better")
        da, db = abs(a - target), abs(b - target)
        return da < db and not _same(da, db)
    raise ValueError(f"polarity {polarity!r} has no better or worse; expected one of {tuple(map(str, POLARITIES))}")


def meets_target(value: float, target_value: float, comparator: str) -> bool:
    """True when value meets the target under an absolute comparator."""
    if comparator == TargetComparator.AT_LEAST:
        return value > target_value or _same(value, target_value)
    if comparator == TargetComparator.NO_MORE_THAN:
        return value < target_value or _same(value, target_value)
    if comparator == TargetComparator.ABOVE:
        return value > target_value and not _same(value, target_value)
    if comparator == TargetComparator.BELOW:
        return value < target_value and not _same(value, target_value)
    if comparator == TargetComparator.EQUAL:
        gap = abs(value - target_value)
        return gap < EQUAL_TOLERANCE and not _same(gap, EQUAL_TOLERANCE)
    raise ValueError(f"comparator {comparator!r} is not absolute; expected one of "
                     f"{tuple(map(str, ABSOLUTE_COMPARATORS))}")


def milestone(baseline_value: float, baseline_pos: float, target_value: float, target_pos: float,
              pos: float) -> float:
    """The straight-line trajectory's value at pos: baseline before the baseline, target after the target."""
    if target_pos <= baseline_pos:
        raise ValueError(f"the target position {target_pos} must come after the baseline position {baseline_pos}")
    if pos <= baseline_pos:
        return baseline_value
    if pos >= target_pos:
        return target_value
    return baseline_value + (target_value - baseline_value) * (pos - baseline_pos) / (target_pos - baseline_pos)


def not_assessable(ind: Indicator) -> Reason | None:
    """Why the indicator has no trajectory (NOT_ASSESSABLE: its target, as Indicator.not_assessable says;
    NO_DIRECTION: its polarity has no better or worse), or None when it has one."""
    if ind.not_assessable is not None:
        return Reason.NOT_ASSESSABLE
    if ind.polarity not in POLARITIES:
        return Reason.NO_DIRECTION
    return None


def indicator_milestone(ind: Indicator, period_label: str) -> float | None:
    """The indicator's milestone for a period, or None when it has no trajectory."""
    if not_assessable(ind) is not None:
        return None
    return milestone(ind.baseline_value, parse_period(ind.baseline_period).position,  # type: ignore[arg-type]
                     ind.target_value, parse_period(ind.target_period).position,  # type: ignore[arg-type]
                     parse_period(period_label).position)


def _milestone_in_ci(m: float, lower_ci: float | None, upper_ci: float | None) -> bool:
    if lower_ci is None or upper_ci is None:
        return False
    return (lower_ci < m or _same(lower_ci, m)) and (m < upper_ci or _same(m, upper_ci))


def _status_and_reason(value: float | None, lower_ci: float | None, upper_ci: float | None, m: float,
                       baseline_value: float, target_value: float, comparator: str,
                       polarity: str) -> tuple[Status, Reason]:
    if value is None:
        return Status.NO_DATA, Reason.NO_OBSERVATION
    if meets_target(value, target_value, comparator):
        return Status.ACHIEVED, Reason.MEETS_TARGET
    if not is_better(m, value, polarity, target_value):
        return Status.ON_TRACK, Reason.AT_OR_BETTER_THAN_MILESTONE
    if _milestone_in_ci(m, lower_ci, upper_ci):
        return Status.AT_RISK, Reason.MILESTONE_WITHIN_CI
    if is_better(value, baseline_value, polarity, target_value):
        return Status.AT_RISK, Reason.BETTER_THAN_BASELINE
    return Status.OFF_TRACK, Reason.BEHIND


def status(value: float | None, lower_ci: float | None, upper_ci: float | None, *, milestone: float,
           baseline_value: float, target_value: float, comparator: str, polarity: str) -> Status:
    """Status of one observation against the target and the milestone for its period."""
    return _status_and_reason(value, lower_ci, upper_ci, milestone, baseline_value, target_value, comparator,
                              polarity)[0]


@dataclass(frozen=True)
class Judgement:
    indicator_id: str
    area_code: str
    period: str | None  # the latest observed period
    value: float | None
    lower_ci: float | None
    upper_ci: float | None
    baseline_value: float | None
    baseline_period: str | None
    target_value: float | None
    target_period: str | None
    comparator: TargetComparator
    milestone: float | None
    status: Status
    reason_code: Reason  # why this status: a code, worded by present.reason_text
    rate_needed: float | None  # units a year, baseline to target, signed
    rate_achieved: float | None  # units a year, signed
    rate_since: str | None  # the period the achieved rate is measured from
    projected_value: float | None  # at the target period, at rate_achieved from the latest value
    target_met_period: str | None  # when the target is reached at rate_achieved
    never_met: bool  # True when the value is flat or moving away from the target

    @property
    def figure_before_baseline(self) -> bool:
        """True when the latest figure is left unjudged because it is from before the baseline (before_baseline):
        the only way assess gives no_data with a value."""
        return self.status == Status.NO_DATA and self.value is not None


def _slope(points: list[tuple[float, float]]) -> float | None:
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def rate_needed(baseline_value: float, baseline_pos: float, target_value: float, target_pos: float) -> float:
    """Units a year the trajectory asks for, baseline to target (signed)."""
    return (target_value - baseline_value) / (target_pos - baseline_pos)


def rate_achieved(observations: list[tuple[float, float]], baseline_value: float,
                  baseline_pos: float) -> float | None:
    """Units a year achieved since the baseline (signed), or None when there is no time to measure over.

    observations are (position, value). With two or more observations at or after the baseline period the rate is
    their least-squares slope; otherwise it is the two-point rate from the baseline to the latest observation.
    """
    since = [(x, y) for x, y in observations if x > baseline_pos or _same(x, baseline_pos)]
    if len(since) >= 2 and (slope := _slope(since)) is not None:
        return slope
    if not observations:
        return None
    x, y = max(observations)
    if x <= baseline_pos or _same(x, baseline_pos):
        return None
    return (y - baseline_value) / (x - baseline_pos)


def projected_value(latest_value: float, latest_pos: float, rate: float, target_pos: float) -> float | None:
    """The value at the target position if the rate continues from the latest observation."""
    if latest_pos > target_pos and not _same(latest_pos, target_pos):
        return None  # the target period has passed: there is an observation, not a projection
    return latest_value + rate * (target_pos - latest_pos)


def target_met_position(latest_value: float, latest_pos: float, rate: float, target_value: float) -> float | None:
    """Decimal-year position where the value reaches the target at the rate, or None if it never does."""
    gap = target_value - latest_value
    if _same(rate, 0.0) or gap * rate <= 0:
        return None  # flat, or moving away from the target
    return latest_pos + gap / rate


def before_baseline(ind: Indicator, period: str) -> bool:
    """True when the period ends before the indicator's baseline period starts: a figure for it cannot show progress
    towards the target."""
    return parse_period(period).end_year <= parse_period(ind.baseline_period).start_year + 1e-9  # type: ignore[arg-type]


def assess(ind: Indicator, area_code: str,
           series: list[tuple[str, float | None, float | None, float | None]]) -> Judgement:
    """Assess one indicator in one area from its series of (period, value, lower_ci, upper_ci)."""
    observed = [(parse_period(label), value, lo, hi) for label, value, lo, hi in series if value is not None]
    latest = max(observed, key=lambda o: recency(o[0]), default=None)
    period, value, lower_ci, upper_ci = ((latest[0].label, latest[1], latest[2], latest[3]) if latest
                                         else (None, None, None, None))
    base: dict[str, Any]  # Judgement's fields, of several types
    empty: dict[str, Any]
    base = dict(indicator_id=ind.id, area_code=area_code, period=period, value=value, lower_ci=lower_ci,
                upper_ci=upper_ci, baseline_value=ind.baseline_value, baseline_period=ind.baseline_period,
                target_value=ind.target_value, target_period=ind.target_period,
                comparator=ind.target_comparator)
    empty = dict(milestone=None, rate_needed=None, rate_achieved=None, rate_since=None, projected_value=None,
                 target_met_period=None, never_met=False)

    reason = not_assessable(ind)
    if reason is not None:
        return Judgement(**base, **empty, status=Status.NOT_ASSESSABLE, reason_code=reason)

    baseline_pos = parse_period(ind.baseline_period).position  # type: ignore[arg-type]
    target = parse_period(ind.target_period)  # type: ignore[arg-type]
    needed = rate_needed(ind.baseline_value, baseline_pos, ind.target_value, target.position)  # type: ignore[arg-type]
    if latest is None:
        return Judgement(**base, **{**empty, "rate_needed": needed}, status=Status.NO_DATA,
                         reason_code=Reason.NO_OBSERVATION)

    if before_baseline(ind, latest[0].label):
        # A figure from before the baseline period says where things stood, not how far they have come.
        return Judgement(**base, **{**empty, "rate_needed": needed}, status=Status.NO_DATA,
                         reason_code=Reason.BEFORE_BASELINE)

    latest_pos = latest[0].position
    m = milestone(ind.baseline_value, baseline_pos, ind.target_value,  # type: ignore[arg-type]
                  target.position, latest_pos)
    state, why = _status_and_reason(value, lower_ci, upper_ci, m, ind.baseline_value, ind.target_value,  # type: ignore[arg-type]
                                    ind.target_comparator, ind.polarity)

    points = sorted((p.position, v) for p, v, _, _ in observed)
    achieved = rate_achieved(points, ind.baseline_value, baseline_pos)  # type: ignore[arg-type]
    since = [p for p, *_ in observed if p.position >= baseline_pos or _same(p.position, baseline_pos)]
    rate_since = (min(since, key=lambda p: p.position).label if len(since) >= 2 else ind.baseline_period
                  ) if achieved is not None else None

    projection = met_period = None
    never = False
    if achieved is not None:
        projection = projected_value(value, latest_pos, achieved, target.position)  # type: ignore[arg-type]
        if state != Status.ACHIEVED:
            met_pos = target_met_position(value, latest_pos, achieved, ind.target_value)  # type: ignore[arg-type]
            never = met_pos is None
            met_period = None if never else label_for_position(met_pos, target.kind)  # type: ignore[arg-type]

    return Judgement(**base, milestone=m, status=state, reason_code=why, rate_needed=needed, rate_achieved=achieved,
                      rate_since=rate_since, projected_value=projection, target_met_period=met_period,
                      never_met=never)


# --- signals beside the status ------------------------------------------------------------------------------

# The status reads one figure against one period's milestone; the projection (the rate since the baseline carried on)
# and SPC (the latest point against the series' own variation) read the series. Where they point another way, every
# view says so beside the status (the status rule itself is unchanged).
BEHIND = (Status.AT_RISK, Status.OFF_TRACK)  # statuses that say the figure is behind its milestone
SPC_CONCERN, SPC_IMPROVEMENT = "special_cause_concern", "special_cause_improvement"


def projection_outlook(j: Judgement) -> str | None:
    """'reaches' when the value, carried on at the rate achieved since the baseline, meets the target by the target
    period; 'misses' when it does not (flat, moving away, or too slowly); None without a projection."""
    if j.status not in JUDGED:
        return None
    if j.never_met:
        return "misses"
    if j.projected_value is None or j.target_value is None:
        return None
    return "reaches" if meets_target(j.projected_value, j.target_value, j.comparator) else "misses"


def dissenting(j: Judgement, spc_variation: str | None = None) -> tuple[str, ...]:
    """The signals that point another way than the status: 'projection' (a status at or ahead of its milestone
    whose projection misses the target, a status behind it whose projection reaches it; at risk, between the two,
    always says where the projection leads) and 'spc' (concern on a status at or ahead of its milestone,
    improvement on one behind it)."""
    out = []
    outlook = projection_outlook(j)
    if outlook is not None and (j.status == "at_risk" or (outlook == "misses") != (j.status in BEHIND)):
        out.append("projection")
    if spc_variation == SPC_CONCERN and j.status not in BEHIND or spc_variation == SPC_IMPROVEMENT \
            and j.status in BEHIND:
        out.append("spc")
    return tuple(out)


# --- status over time ----------------------------------------------------------------------------------------

def status_history(ind: Indicator, area_code: str,
                   series: list[tuple[str, float | None, float | None, float | None]],
                   last: int | None = None) -> list[tuple[str, Status]]:
    """(period, status) for each observed period (or the last `last` of them), judged on what was known up to and
    including it."""
    observed = sorted(((parse_period(p).position, p) for p, v, _, _ in series if v is not None))
    out = []
    for pos, period in observed[-last:] if last else observed:  # each is a full assessment: a long series adds up
        known = [s for s in series if s[1] is not None and parse_period(s[0]).position <= pos]
        out.append((period, assess(ind, area_code, known).status))
    return out
