"""Our SPC results in NHSRplotthedots' own vocabulary, so its published cases and recorded outputs compare
one-for-one (its columns special_cause_type and point_type, and ptd_calculate_assurance_type's values)."""
from __future__ import annotations

from logframe.stats import SPC_RULES, SpcPoint

# improvement_direction -> our polarity
POLARITY = {"increase": "higher_is_better", "decrease": "lower_is_better", "neutral": "maintain"}

_TYPE = {
    "outside_limits": ("Above UCL", "Below LCL"),
    "trend": ("7 Point Trend (Increasing)", "7 Point Trend (Decreasing)"),
    "two_of_three": ("2 in 3 Above CL", "2 in 3 Below CL"),
    "shift": ("7 Points Above CL", "7 Points Below CL"),
}
ASSURANCE = {"consistently_passing": "consistent_pass", "consistently_failing": "consistent_fail",
             "hit_and_miss": "inconsistent", None: None}


def special_cause_type(p: SpcPoint) -> str:
    """ptd_special_cause_type: the first rule (its precedence is ours) and its side."""
    if not p.rules:
        return "Common Cause"
    high, low = _TYPE[p.rules[0]]
    return high if p.side == "high" else low


def special_cause_type_of(hit: dict[str, int]) -> str:
    """The same from one point's {rule: +1 / -1} (logframe.stats._special_causes)."""
    rules = [r for r in SPC_RULES if r in hit]
    if not rules:
        return "Common Cause"
    high, low = _TYPE[rules[0]]
    return high if hit[rules[0]] > 0 else low


def point_type(p: SpcPoint) -> str:
    """ptd_point_type: improvement / concern, or neutral high / low where no direction is better."""
    if not p.special_cause:
        return "common_cause"
    if p.kind == "neither":
        return f"special_cause_neutral_{p.side}"
    return f"special_cause_{p.kind}"
