"""What a status, polarity, comparator or reason can be: each a StrEnum, defined once here and used from the registry
loader through the rules to every output.

A StrEnum member is a str equal to its value ('on_track' == Status.ON_TRACK), so data files, dict keys, JSON
(json.dumps writes the value) and templates see the same strings as before; a typo in code becomes an AttributeError
instead of a silent wrong branch. Codes only: how each is worded for people lives in logframe.present."""
from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """An indicator's status against its trajectory (trajectory.assess)."""
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NOT_ASSESSABLE = "not_assessable"


class Polarity(StrEnum):
    """Which way is better (registry column polarity)."""
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    MAINTAIN = "maintain"
    NOT_APPLICABLE = "not_applicable"


class TargetComparator(StrEnum):
    """How a target is stated (registry column target_comparator; not registry.Comparator, a comparator area)."""
    # absolute: the target is a value the figure is compared with
    AT_LEAST = "at_least"
    NO_MORE_THAN = "no_more_than"
    ABOVE = "above"
    BELOW = "below"
    EQUAL = "equal"
    # relative or unquantified: no value the plan fixes
    MATCH_NATIONAL = "match_national"
    REDUCE_BY_PCT = "reduce_by_pct"
    INCREASE_BY_YEARS = "increase_by_years"
    DECREASE_BY_YEARS = "decrease_by_years"
    BELOW_NATIONAL_BY = "below_national_by"
    TREND_REVERSAL = "trend_reversal"
    QUALITATIVE = "qualitative"
    NONE = "none"  # supporting measures only


class Reason(StrEnum):
    """Why an assessment has its status (Judgement.reason_code); present.reason_text words each."""
    NOT_ASSESSABLE = "not_assessable"  # the registry's target has no trajectory (Indicator.not_assessable)
    NO_DIRECTION = "polarity_without_direction"  # a polarity with no better or worse
    NO_OBSERVATION = "no_observation"  # nothing observed for the area
    BEFORE_BASELINE = "before_baseline"  # the latest figure is from before the baseline period
    MEETS_TARGET = "meets_target"
    AT_OR_BETTER_THAN_MILESTONE = "at_or_better_than_milestone"
    MILESTONE_WITHIN_CI = "milestone_within_ci"
    BETTER_THAN_BASELINE = "better_than_baseline"
    BEHIND = "behind_beyond_ci_and_baseline"
    # set by assessments, where the extracts explain the absence of a figure
    OTHER_DEFINITION = "other_definition"  # only figures on another definition than the plan's
    LATEST_MISSING = "latest_missing"  # the latest period has no figure (Assessment.missing says why)
    PARTS_ONLY = "parts_only"  # no figure for the area itself; its parts' figures are shown


class Missing(StrEnum):
    """Why a period has no figure: the `suppressed` column (this product's small-count rule) or the source itself
    (its value_note gives the reason where it gives one)."""
    SUPPRESSED = "suppressed"
    NOT_PUBLISHED = "not_published"
