"""How the dashboard words what the rules decide: labels, icons, colours, numbers, periods and sentences, in one
place, used alike by the pages, the board pack and the CLI. Pure: no Streamlit.

The rules themselves (status, milestones, statistics) live in trajectory, assessments and stats; nothing here
decides anything, it only says it.
"""
from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from logframe.assessments import Assessment, Basis, Headline, Part
from logframe.contract import publisher
from logframe.deprivation import MIN_AREAS
from logframe.folder import SETTING, FolderProblem
from logframe.inequality import SEED as SII_SEED
from logframe.inequality import Inequalities
from logframe.kinds import Missing, Reason, Status
from logframe.periods import parse_period, try_parse_period
from logframe.registry import Indicator, Registry
from logframe.stats import SPC_MIN_POINTS, TREND_POINTS, as_number
from logframe.trajectory import TRACKED, projection_outlook

STATUS_LABEL = {
    "achieved": "Achieved",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "no_data": "No data",
    "not_assessable": "Not assessable",
}
STATUS_ICON = {
    "achieved": "★",
    "on_track": "✔",
    "at_risk": "▲",
    "off_track": "✖",
    "no_data": "○",
    "not_assessable": "–",
}
# Okabe-Ito: distinguishable with the common forms of colour blindness; never the only cue (icon and word too).
STATUS_COLOUR = {
    "achieved": "#0072B2",
    "on_track": "#009E73",
    "at_risk": "#E69F00",
    "off_track": "#D55E00",
    "no_data": "#999999",
    "not_assessable": "#999999",
}
STATUS_RULE = {
    "achieved": "the latest value meets the target",
    "on_track": "not yet achieved, but at or better than the milestone (the straight line from baseline to target, "
                "read at the latest period)",
    "at_risk": "worse than the milestone, but the milestone lies within the value's 95% confidence interval, or the "
               "value is still better than the baseline",
    "off_track": "worse than the milestone beyond its confidence interval, and no better than the baseline",
    "no_data": "the indicator has a trajectory but no figure for the area since its baseline",
    "not_assessable": "the log-frame gives no numeric baseline and target (the reason is shown)",
}
# What a figure rests on (assessments.Basis), as a tag beside it and in words.
BASIS_LABEL = {Basis.REAL: "Real", Basis.DERIVED: "Derived", Basis.ILLUSTRATIVE: "Illustrative"}
BASIS_MEANING = {
    Basis.REAL: "measured and published",
    Basis.DERIVED: "derived from the published figures of the areas it is made of",
    Basis.ILLUSTRATIVE: "generated to show how the dashboard works, not measured",
}
ILLUSTRATIVE_NOTE = ("These numbers are generated to show how the dashboard works, not measured. Real figures "
                     "replace them when analysts add them.")
JUDGING_RULE_DOC = "docs/judging.md"  # the one paragraph every view links to

# --- text from outside -----------------------------------------------------------------------------------------

# Every ASCII punctuation character may be backslash-escaped in Markdown (CommonMark); escaping them all means no
# link, image, emphasis, HTML tag, LaTeX ('$') or Streamlit directive (':red[...]') can form.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub-flavoured Markdown also turns bare addresses into links after parsing, escapes or not ('https://...',
# 'www.', 'a@b.c'): an invisible word joiner after ':' and '@' and inside 'www.' keeps them plain text.
WORD_JOINER = "\u2060"
_WWW = re.compile(r"(?i)(www)(\\\.)")


def text(value: object) -> str:
    """Text from outside (a URL parameter, an extract's note, a file or area name) made safe to show in Markdown:
    every punctuation mark escaped, bare addresses kept from becoming links, line breaks flattened, so it shows
    exactly as typed and never as markup."""
    escaped = _PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))
    escaped = escaped.replace("\\:", "\\:" + WORD_JOINER).replace("\\@", "\\@" + WORD_JOINER)
    return _WWW.sub(lambda m: m.group(1) + WORD_JOINER + m.group(2), escaped)


_GENERATOR = re.compile(r"\s+by logframe\.[a-z_.]+")
_CONVERTED = re.compile(r"\s*Converted from \S+ by python -m logframe \w+\.?")


def source_words(source: str | None) -> str:
    """An extract's attribution as a reader sees it: the program that generated illustrative figures, or converted a
    published file, left out ('Illustrative data generated (seeded); not real measurements.')."""
    return _CONVERTED.sub("", _GENERATOR.sub("", source or "")).strip()


# --- statistics: the words for what logframe.stats decides -----------------------------------------------------

COMPARISON_LABEL = {
    "better": "Better than",
    "similar": "Similar to",
    "worse": "Worse than",
    "higher": "Higher than",
    "lower": "Lower than",
    "not_compared": "Not compared with",
}
# Shapes differ as well as any colour a page adds: filled triangles judge, hollow ones only describe.
COMPARISON_ICON = {
    "better": "▲",
    "similar": "●",
    "worse": "▼",
    "higher": "△",
    "lower": "▽",
    "not_compared": "○",
}

# One line naming each comparison method and its reference, for the page and the board pack.
COMPARISON_METHOD_LABEL = {
    "value_in_ci": "Fingertips comparison: the area's 95% confidence interval against the comparator's value",
    "ci_overlap": "Comparison by overlap of the two 95% confidence intervals (Fingertips' overlapping-CIs method; "
                  "more often similar than Fingertips' default)",
}

TREND_ICON = {
    "increasing": "↑",
    "decreasing": "↓",
    "no_significant_change": "→",
    "cannot_be_calculated": "–",
}

TREND_METHOD_LABEL = {
    "chi_squared_trend": "Fingertips recent trend: chi-squared test for trend on the counts, 99.8%",
    "ci_weighted": "Fingertips recent trend: regression weighted by the 95% confidence intervals, 99.8%",
}

SPC_RULE_LABEL = {
    "outside_limits": "A point outside the process limits",
    "trend": "A run of 7 points each higher (or lower) than the one before",
    "two_of_three": "2 of 3 points close to a process limit (beyond two-thirds of the way, inside the limit), "
                    "all 3 on the same side of the mean",
    "shift": "A run of 7 points on one side of the mean",
}
SPC_METHOD_LABEL = {
    True: "Making Data Count XmR chart as NHSRplotthedots 0.2.2 computes it (moving ranges screened)",
    False: "Making Data Count XmR chart as the Making Data Count spreadsheet computes it (moving ranges not "
           "screened)",
}

VARIATION_LABEL = {
    "common_cause": "Common cause variation",
    "special_cause_improvement": "Special cause variation: improvement",
    "special_cause_concern": "Special cause variation: concern",
    "special_cause_neither": "Special cause variation: neither improvement nor concern",
    "insufficient": "Too few points for SPC",
    "no_limits": "No process limits: the figures do not vary from point to point",
}
VARIATION_ICON = {
    "common_cause": "∼",
    "special_cause_improvement": "⊕",
    "special_cause_concern": "⊖",
    "special_cause_neither": "⊙",
    "insufficient": "○",
    "no_limits": "–",
}
ASSURANCE_LABEL = {
    "consistently_passing": "Consistently passing: both process limits are on the passing side of the target",
    "hit_and_miss": "Hit and miss: the target lies within the process limits",
    "consistently_failing": "Consistently failing: both process limits are on the failing side of the target",
}
# The letters of the Making Data Count assurance icons (P, F), and '?' for hit and miss.
ASSURANCE_ICON = {"consistently_passing": "P", "hit_and_miss": "?", "consistently_failing": "F"}


TREND_REASON = {
    "rolling_periods": "Fingertips calculates a recent trend only for one-year periods; these are {0}-year periods",
    "too_few_points": "needs {0} points; has {1}",
    "not_consecutive": "the last {0} points are not consecutive periods (a period is missing)",
    "count_equals_denominator": "a count equals its denominator (100%), which Fingertips' method cannot use",
    "zero_count": "a count of 0 has no log-odds, which Fingertips' leave-one-out check for proportions needs",
    "zero_width_ci": "a 95% confidence interval of zero width gives that point no variance to weight by",
    "needs_counts_or_ci": "needs counts or a 95% confidence interval for each of the last {0} points",
    "needs_ci": "needs a 95% confidence interval for each of the last {0} points",
    "sign_kept": "chi-squared {0:.2f} on 1 df (99.8% critical value {1:.2f}); the slope keeps its sign whichever "
                 "point is left out",
    "sign_changes": "chi-squared {0:.2f} on 1 df (99.8% critical value {1:.2f}); the slope changes sign when one "
                    "point is left out",
}


def trend_reason(trend: Any) -> str:
    """The recent trend's one line (stats.Trend.reason_code worded): the test's result, or why it cannot be made."""
    if trend.reason_code == "missing_values":
        n, of = trend.reason_numbers
        return f"{n} of the last {of} points {'has' if n == 1 else 'have'} no value"
    return TREND_REASON[trend.reason_code].format(*trend.reason_numbers)


SPC_REASON = {
    "too_few_points": "SPC needs at least 2 points; this series has {0}",
    "one_point_since_rebase": "only {0} point since the rebase; SPC needs at least 2",
    "every_value_same": "every value is the same",
    "no_moving_range": ("every moving range left after screening is zero, so the figures give no variation to set "
                        "limits by"),
    "trial_limits": "trial limits: {0} points; SPC needs {1}",
    "trial_limits_since_rebase": "trial limits: {0} points since the rebase; SPC needs {1}",
}


def spc_reason(r: Any) -> str:
    """Why an XmR chart (stats.SpcResult) is insufficient, has no limits or trial limits; '' when none of these."""
    return SPC_REASON[r.reason_code].format(*r.reason_numbers) if r.reason_code else ""


def spc_notes(r: Any) -> list[str]:
    """What the XmR chart left out or ignored: '1 missing value left out', 'rebase at index 3 ignored: ...'."""
    words: dict[str, Any] = {"missing_left_out": lambda n: f"{n} missing value{'s' if n != 1 else ''} left out",
             "rebase_ignored": lambda i: f"rebase at index {i} ignored: no points on one side of it"}
    return [words[code](n) for code, n in r.notes]


FREQUENCY_WORD = {"month": "monthly", "financial_quarter": "quarterly", "financial_year": "annual",
                  "calendar_year": "annual", "year_range": "multi-year", "financial_year_range": "multi-year"}


def points_words(n: int, kind: str | None) -> str:
    """'7 annual points', '51 monthly points'."""
    word = FREQUENCY_WORD.get(kind or "", "")
    return f"{n} {word + ' ' if word else ''}point{'s' if n != 1 else ''}"


METHOD_SUPPORT_REASON = {
    "spc_has": "SPC has {pts}",
    "spc_has_rolling": "SPC has {pts}; rolling periods overlap, so read with care",
    "spc_needs": "SPC needs at least {spc_min} points; this series has {pts}",
    "trend_uses": "recent trend uses the last {trend_points} of {pts}",
    "trend_needs": "recent trend needs {trend_points} points; this series has {pts}",
    "compared_with_ci": "compared using 95% confidence intervals",
    "needs_ci": "comparison needs 95% confidence intervals; this series has none",
}


def method_support_reason(m: Any) -> str:
    """Why a method applies to a series or not (stats.MethodSupport), in words."""
    return METHOD_SUPPORT_REASON[m.reason_code].format(pts=points_words(m.n_points, m.frequency),
                                                       spc_min=SPC_MIN_POINTS, trend_points=TREND_POINTS)


def trend_label(trend: Any) -> str:
    """What a reader sees: 'Increasing and getting better', 'No significant change', 'Cannot be calculated'."""
    if trend.direction in ("no_significant_change", "cannot_be_calculated"):
        return trend.direction.replace("_", " ").capitalize()
    return trend.direction.capitalize() + (f" and {trend.judgement.replace('_', ' ')}" if trend.judgement else "")


def trend_icon(trend: Any) -> str:
    """The recent trend's arrow: up, down, level or a dash (cannot be calculated)."""
    return TREND_ICON[trend.direction]


# --- numbers --------------------------------------------------------------------------------------------------

DEFAULT_DIGITS = {"percent": 2, "rate_per_100k": 1, "years": 1, "count": 0, "score": 2, "ratio": 2}
_UNIT_SUFFIX = {"percent": "%", "rate_per_100k": " per 100,000", "years": " years"}
_RATE_UNIT = {"percent": " points", "rate_per_100k": " per 100,000", "years": " years", "score": " points"}


def number(v: float, digits: int, strip: bool = True) -> str:
    """v with thousands separators, rounded half-up as printed (0.125 -> 0.13), trailing zeros stripped or not."""
    q = Decimal(f"{v:.12g}").quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)  # no '-0'
    text = f"{q:,.{digits}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def rounded(unit: str, v: float) -> float:
    """v rounded half-up to the digits format_value prints for the unit (a milestone of 6.725 -> 6.73)."""
    digits = DEFAULT_DIGITS.get(unit, 2)
    return float(Decimal(f"{v:.12g}").quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def format_value(unit: str, v: float | None, digits: int | None = None) -> str:
    """A value in its unit for people to read: '6.8%', '4,556 per 100,000', '79.1 years', '1,234'."""
    if v is None:
        return "no value"
    if unit == "text":
        return str(v)
    # With digits given, print exactly that many; otherwise up to the unit's default, without trailing zeros.
    text = number(v, DEFAULT_DIGITS.get(unit, 2) if digits is None else digits, strip=digits is None)
    return text + _UNIT_SUFFIX.get(unit, "")


def range_text(unit: str, lo: float | None, hi: float | None) -> str:
    """'4,477.1 to 4,789.9 per 100,000', '6.2% to 7.4%': a long unit suffix said once."""
    first = format_value(unit, lo)
    long_suffix = _UNIT_SUFFIX.get(unit, "") if unit != "percent" else ""
    return f"{first.removesuffix(long_suffix) if long_suffix else first} to {format_value(unit, hi)}"


def ci_text(unit: str, lo: float | None, hi: float | None) -> str:
    """' (95% CI 6.2% to 7.4%)', or '' without both limits."""
    return "" if lo is None or hi is None else f" (95% CI {range_text(unit, lo, hi)})"


# --- periods ---------------------------------------------------------------------------------------------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def period_text(label: str | None, short: bool = False) -> str:
    """A period as people write it: months in words ('2025-03' -> 'March 2025', or 'Mar 2025' when short); other
    periods as labelled ('2023/24', '2023')."""
    if not label:
        return ""
    p = try_parse_period(label)
    if p is not None and p.kind == "month":
        month = MONTHS[p.start.month - 1]
        return f"{month[:3] if short else month} {p.start.year}"
    return label


def axis_period(label: str | None) -> str:
    """A period as a chart's axis writes it, one style on every axis: months short ('2021-01' -> 'Jan 2021')."""
    return period_text(label, short=True)


# --- indicators ------------------------------------------------------------------------------------------------

_PROPER_FIRST_WORDS = {"Kent", "Medway", "England", "English", "NHS", "Oflog", "ONS", "ASCOF"}
_TARGET_SYMBOL = {"at_least": "≥", "no_more_than": "≤", "above": ">", "below": "<", "equal": ""}


def noun_phrase(title: str) -> str:
    """The title as it reads mid-sentence: 'Loneliness (often or always)' -> 'loneliness (often or always)'."""
    first = title.split(" ", 1)[0]
    if first[:1].isupper() and first[1:] == first[1:].lower() and first not in _PROPER_FIRST_WORDS:
        return title[0].lower() + title[1:]
    return title


def target_short(ind: Indicator, space: str = " ") -> str:
    """'≤ 5%': the target's comparator and level."""
    symbol = _TARGET_SYMBOL.get(ind.target_comparator, "")
    return f"{symbol}{space if symbol else ''}{format_value(ind.unit, ind.target_value)}"


def target_text(ind: Indicator) -> str:
    """The target in a few characters, e.g. '≤ 5% by 2028/29'; the printed target when it has no number."""
    if ind.target_value is None or ind.target_comparator not in _TARGET_SYMBOL:
        return ind.target_as_printed
    by = f" by {period_text(ind.target_period)}" if ind.target_period else ""
    return f"{target_short(ind, space=chr(0xA0))}{by}"  # the symbol never wraps away from its number


def baseline_text(ind: Indicator) -> str:
    """'7.3% in 2020/21', or 'no baseline'."""
    if ind.baseline_value is None:
        return "no baseline"
    when = f" in {period_text(ind.baseline_period)}" if ind.baseline_period else ""
    return f"{format_value(ind.unit, ind.baseline_value)}{when}"


def target_words(unit: str, target: float, comparator: str) -> str:
    """'5% or less', 'more than 10%'."""
    t = format_value(unit, target)
    return {"at_least": f"{t} or more", "no_more_than": f"{t} or less", "above": f"more than {t}",
            "below": f"less than {t}"}.get(comparator, t)


# --- status ----------------------------------------------------------------------------------------------------

def status_words(status: str) -> str:
    """'✔ On track': icon and word, never colour alone."""
    return f"{STATUS_ICON[status]} {STATUS_LABEL[status]}"


def status_pill(status: str, reason: str | None = None, indicator_id: str | None = None) -> str:
    """Status as icon and word in a tinted, outlined pill (colour is never the only cue); reason as its tooltip; the
    indicator it belongs to as a data attribute (a row of the Overview can then be read as one)."""
    colour = STATUS_COLOUR[status]
    tip = f' title="{html.escape(reason, quote=True)}"' if reason else ""
    of = f' data-indicator="{html.escape(indicator_id, quote=True)}"' if indicator_id else ""
    return (f'<span{tip}{of} style="display:inline-block;white-space:nowrap;border:2px solid {colour};'
            f'background:{colour}26;border-radius:1rem;padding:0.05rem 0.55rem;font-weight:600">'
            f'{STATUS_ICON[status]} {STATUS_LABEL[status]}</span>')


SUPPORTING_LABEL = "Supporting measure (no target)"


def supporting_tag() -> str:
    """In place of a status pill for a supporting measure, which has no target and so no status."""
    return f'<span class="lf-supporting-tag">{SUPPORTING_LABEL}</span>'


def status_change(a: Assessment) -> str | None:
    """'Moved from at risk to on track since 2023/24', 'Unchanged (on track) since March 2025', or None."""
    if a.previous_status is None or a.status not in STATUS_LABEL:
        return None
    since = period_text(a.previous_period)
    if a.previous_status == a.status:
        return f"Unchanged ({STATUS_LABEL[a.status].lower()}) since {since}"
    return f"Moved from {STATUS_LABEL[a.previous_status].lower()} to {STATUS_LABEL[a.status].lower()} since {since}"


def judged_sentence(a: Assessment, registry: Registry) -> str | None:
    """'Thanet is judged against the trajectory set for Kent and Medway.' when the area is not the own geography."""
    if not a.judged_elsewhere:
        return None
    return (f"{registry.area_name(a.area_code)} is judged against the trajectory set for "
            f"{registry.area_name(a.own_geography)}.")


def basis_text(a: Assessment) -> str:
    """'real figures', 'derived figures', 'illustrative figures', or 'no figures'."""
    return f"{a.basis.value} figures" if a.basis is not None else "no figures"


def derived_words(a: Assessment, registry: Registry) -> str:
    """'derived from Kent and Medway's published counts (Kent 144 of 3,942 and Medway 17 of 634)', or '' for a figure
    published as it is."""
    if not a.derived:
        return ""
    parts = [registry.area_name(c) for c in registry.components(a.area_code)]
    named = " and ".join(parts) if parts else "its parts"
    return f"derived from {named}'s published counts" + (f" ({a.derived_from})" if a.derived_from else "")


def changed_words(ind: Indicator, a: Assessment) -> str:
    """'From 2024/25 the published measure is not the plan's: ASCOF 2D1 from 2024/25: ... ; 84.1% in 2024/25 is
    shown, not judged.' ('' when the latest figure is on the plan's definition)."""
    if not a.changed_definition:
        return ""
    return (f"A later figure is on another definition ({a.changed_definition}): "
            f"{format_value(ind.unit, a.changed_value)} in {period_text(a.changed_period)} is shown, not judged.")


def month_text(d: Any) -> str:
    """'December 2022'."""
    return f"{MONTHS[d.month - 1]} {d.year}"


def freshness_text(f: Any, today: Any) -> str:
    """'Latest figure 2020/21: the next (2021/22) is overdue since December 2022', or
    '...: the next (2025/26) is expected in April 2027'; '' without a release schedule."""
    if f is None:
        return ""
    if f.due is None:
        return f"Latest figure {period_text(f.latest_period)}: when the next is published is not recorded"
    if f.overdue:
        return (f"Latest figure {period_text(f.latest_period)}: the next ({period_text(f.next_period)}) is overdue "
                f"since {month_text(f.due)}")
    when = "this month" if (f.due.year, f.due.month) == (today.year, today.month) else f"in {month_text(f.due)}"
    return f"Latest figure {period_text(f.latest_period)}: the next ({period_text(f.next_period)}) is expected {when}"


def overdue_line(ind: Indicator, registry: Registry, a: Assessment, f: Any) -> str:
    """'Older people still at home 91 days ... (Kent): latest 2020/21; the 2021/22 figure was due in December 2022
    (NHS England ...)'."""
    release = registry.releases[ind.id]
    return (f"{ind.title} ({registry.area_name(a.area_code)}): latest {period_text(f.latest_period)}; the "
            f"{period_text(f.next_period)} figure was due in {month_text(f.due)} ({release.publisher})")


def basis_label(basis: Basis | str | None) -> str:
    """'Real', 'Derived', 'Illustrative', or '' where there is no figure."""
    return BASIS_LABEL[Basis(basis)] if basis else ""


# --- where the status and the series point different ways -----------------------------------------------------

_POINT_WORD = {"month": "month", "financial_quarter": "quarter"}


def _latest_point(a: Assessment) -> str:
    p = try_parse_period(a.period) if a.period else None
    return _POINT_WORD.get(p.kind if p else "", "figure")


def dissent_clauses(ind: Indicator, a: Assessment, short: bool = False) -> list[str]:
    """The signals that point another way than the status (assessments.Assessment.dissent), each as a clause:
    'since July 2023 it has risen 6.49 a year, away from the target: at that rate 4,556 per 100,000 is never
    reached', 'the latest month shows special cause variation of concern (SPC)'. short: without the figures, for a
    sentence that gives them next ('since July 2023 it has moved away from the target')."""
    fmt: Callable[..., Any] = lambda v: format_value(ind.unit, v)  # noqa: E731
    out = []
    if "projection" in a.dissent:
        since = period_text(a.rate_since)
        target = fmt(a.target_value)
        by = period_text(a.target_period)
        flat = a.rate_achieved is None or number(a.rate_achieved, 2) in ("0", "-0")
        if projection_outlook(a) == "reaches":
            when = period_text(a.target_met_period) if a.target_met_period else by
            out.append(f"at its rate since {since} it reaches the target by {by}" if short else
                       f"at its rate since {since} it reaches the target of {target} by {when}")
        elif a.never_met and short:
            out.append(f"since {since} it has {'barely changed' if flat else 'moved away from the target'}")
        elif a.never_met:
            if flat:
                out.append(f"since {since} it has barely changed: at that rate {target} is never reached")
            else:
                moved = "risen" if a.rate_achieved > 0 else "fallen"  # type: ignore[operator]
                out.append(f"since {since} it has {moved} {number(abs(a.rate_achieved), 2)}"  # type: ignore[arg-type]
                           f"{_RATE_UNIT.get(ind.unit, '')} a year, away from the target: at that rate {target} is "
                           "never reached")
        else:
            out.append(f"at its rate since {since} it falls short of the target by {by}" if short else
                       f"at its rate since {since} it reaches only {fmt(a.projected_value)} by {by}, short of the "
                       f"target of {target}")
    if "spc" in a.dissent:
        kind = "concern" if a.spc_variation == "special_cause_concern" else "improvement"
        out.append(f"the latest {_latest_point(a)} shows special cause variation of {kind} (SPC)")
    return out


# Why an assessment has its status (kinds.Reason), worded; {period} and {baseline} are the raw period labels.
REASON_TEXT = {
    Reason.NO_OBSERVATION: "Nothing has been observed for this area.",
    Reason.BEFORE_BASELINE: ("The latest figure is for {period}, before the baseline period {baseline}, so it cannot "
                             "show progress towards the target."),
    Reason.MEETS_TARGET: "The latest value meets the target.",
    Reason.AT_OR_BETTER_THAN_MILESTONE: "The latest value is at or better than the milestone.",
    Reason.MILESTONE_WITHIN_CI: ("Worse than the milestone, but the milestone is within the value's 95% confidence "
                                 "interval."),
    Reason.BETTER_THAN_BASELINE: "Worse than the milestone, but still better than the baseline.",
    Reason.BEHIND: "Worse than the milestone beyond its confidence interval, and no better than the baseline.",
    Reason.OTHER_DEFINITION: ("There is no figure on the plan's definition; the published measure now measures "
                              "something else, so its figures are shown but not judged against the trajectory."),
    Reason.PARTS_ONLY: ("There is no figure for this area itself; the figures of its parts are shown, but they are "
                        "not judged against its trajectory."),
}


def missing_words(a: Assessment, short: bool = False) -> str:
    """Why the later period (a.suppressed_period) has no figure: 'suppressed (a count too small to publish)' where
    the `suppressed` column says this product's small-count rule withheld it, else 'not published' with the source's
    own reason where it gives one ('not published ([x] not available (ONS))'). short: 'suppressed', 'not published'."""
    if a.missing == Missing.NOT_PUBLISHED:
        return "not published" if short or not a.missing_note else f"not published ({a.missing_note})"
    return "suppressed" if short else "suppressed (a count too small to publish)"


def _g(v: float | None) -> str:
    return "?" if v is None else f"{v:g}"


# Why an indicator has no trajectory (registry.Indicator.not_assessable's code), in a sentence.
NOT_ASSESSABLE_TEXT = {
    "supporting": "Supporting measure: no target in the log-frame.",
    "qualitative": "Qualitative milestone with no numeric target.",
    "relative_to_average": "The target is relative to the England average, which the plan does not fix.",
    "national_ambition": "The target is a national ambition or expectation, which the plan does not give as a number.",
    "below_national_by": "The target is a margin of {value} below the national average, which the plan does not fix.",
    "trend_reversal": "The target is a change of trend (a rising trend to be reversed), not a value.",
    "relative_change_no_baseline": "The target is a relative change ({change}) from a baseline the plan does not give.",
    "relative_change": "The target is a relative change ({change}), not an absolute value.",
    "unknown_comparator": "The target comparator {comparator!r} is not one the trajectory rules know.",
    "hold_baseline_level": "The target is to hold the {baseline} level, which the plan does not give.",
    "direction_only_no_baseline": "The plan gives neither a baseline nor a target value: the target is a direction "
                                  "only ('{printed}').",
    "direction_only": "The plan gives no target value: the target is a direction only ('{printed}').",
    "missing": "The plan gives no {missing}, so no trajectory can be drawn to the target.",
    "unparsed_period": "The {which} {label!r} is not a recognised period.",
}
_PLAN_PART = {"baseline_value": "baseline value", "baseline_period": "baseline period", "target_period": "target date"}
_CHANGE = {"reduce_by_pct": "a fall of {value}%", "increase_by_years": "a rise of {value} {years}",
           "decrease_by_years": "a fall of {value} {years}"}


def not_assessable_text(ind: Indicator) -> str | None:
    """Plain English why the indicator has no trajectory (registry.Indicator.not_assessable), or None when it has
    one: 'The target is relative to the England average, which the plan does not fix.'"""
    found = ind.not_assessable
    if found is None:
        return None
    code, facts = found
    f = dict(facts)
    if "value" in f:
        f["years"] = "year" if f["value"] == 1 else "years"
        f["value"] = _g(f["value"])
    if "comparator" in f and f["comparator"] in _CHANGE:
        f["change"] = _CHANGE[f["comparator"]].format(**f)
    if "missing" in f:
        f["missing"] = " and no ".join(_PLAN_PART[m] for m in f["missing"])
    if "which" in f:
        f["which"] = f["which"].replace("_", " ")
    return NOT_ASSESSABLE_TEXT[code].format(**f)


def reason_text(ind: Indicator, a: Any) -> str:
    """Why the assessment (or trajectory.Judgement) has its status, in a sentence: its reason code worded."""
    code = a.reason_code
    if code == Reason.NOT_ASSESSABLE:
        return not_assessable_text(ind) or ""
    if code == Reason.NO_DIRECTION:
        return f"Polarity '{ind.polarity}' has no better or worse, so there is no trajectory."
    if code == Reason.LATEST_MISSING:
        return f"The latest figure, for {a.suppressed_period}, is {missing_words(a)}."
    return REASON_TEXT[code].format(period=a.period, baseline=a.baseline_period)


def reason_line(ind: Indicator, a: Assessment) -> str:
    """The status and why, in one sentence that also says where the projection or SPC point another way: 'At risk:
    worse than the milestone, but the milestone is within the value's 95% confidence interval; yet since July 2023
    it has risen 6.49 a year, away from the target: at that rate 4,556 per 100,000 is never reached.'"""
    reason = reason_text(ind, a).strip().rstrip(".")
    line = f"{STATUS_LABEL[a.status]}: {reason[:1].lower()}{reason[1:]}" if reason else STATUS_LABEL[a.status]
    clauses = dissent_clauses(ind, a)
    if clauses:
        line += "; yet " + ", and ".join(clauses)
    return line + "."


# --- where the plan prints each indicator ---------------------------------------------------------------------

def plan_source(ind: Indicator, registry: Registry) -> str:
    """Where the plan prints the indicator, as a reader finds it: 'Kent County Council, Integrated Care Strategy
    Delivery Plan (...), Appendix A, page 29; Appendix B, page 111 (page 15 of the appendix)'. A supporting measure
    is not in the plan, and says so."""
    cited = registry.plan_citations(ind)
    if not cited:
        return "Not in the plan: a supporting measure shown beside the log-frame, with no target."
    by_publication: dict[str, list[str]] = {}
    for page in cited:
        if page is None:
            by_publication.setdefault("The plan", []).append("page not recorded")
            continue
        own = f" (page {page.appendix_page} of the appendix)" if page.appendix_page else ""
        by_publication.setdefault(page.publication, []).append(f"{page.appendix}, page {page.page}{own}")
    return "; ".join(f"{pub}, {'; '.join(pages)}" for pub, pages in by_publication.items())


def parts_text(ind: Indicator, registry: Registry, parts: tuple[Part, ...]) -> str:
    """'Kent 38.3% in 2018/19; Medway 41.6% in 2018/19' (with '(illustrative)' where they are)."""
    return "; ".join(f"{registry.area_name(p.area_code)} {format_value(ind.unit, p.value)} in {period_text(p.period)}"
                     + (" (illustrative)" if p.illustrative else "") for p in parts)


def latest_text(ind: Indicator, a: Assessment, registry: Registry) -> str:
    """'6.8% in 2024/25', or 'no figure' (the latest value with its period), with 'derived from Kent and Medway's
    published counts (...)' where it is derived."""
    if a.value is None:
        return "no figure"
    derived = derived_words(a, registry)
    return f"{format_value(ind.unit, a.value)} in {period_text(a.period)}" + (f", {derived}" if derived else "")


def verdict(ind: Indicator, registry: Registry, a: Assessment) -> str:
    """The assessment in plain English: 'In 2024/25, loneliness ... in Kent and Medway was 6.8% (95% CI ...) against
    a milestone of 6.15%: at risk. The target needs a fall of ... a year; since 2020/21 it has fallen ...'."""
    area_name = registry.area_name(a.area_code)
    title = noun_phrase(ind.title)
    fmt: Callable[..., Any] = lambda v: format_value(ind.unit, v)  # noqa: E731
    observed = ""
    if a.value is not None:
        # '6.1% to 7.5%' reads well; '104 per 100,000 to 121 per 100,000' does not, so other units print bare.
        digits = DEFAULT_DIGITS.get(ind.unit, 2)
        limit = fmt if ind.unit in ("percent", "text") else (lambda v: number(v, digits))
        ci = (f" (95% CI {limit(a.lower_ci)} to {limit(a.upper_ci)})"
              if a.lower_ci is not None and a.upper_ci is not None else "")
        observed = f"In {period_text(a.period)}, {title} in {area_name} was {fmt(a.value)}{ci}"
        if a.derived:
            observed += f", {derived_words(a, registry)}"
    changed = changed_words(ind, a)
    return f"{_verdict(ind, registry, a, observed, title, area_name, fmt)}{' ' + changed if changed else ''}"


def _verdict(ind: Indicator, registry: Registry, a: Assessment, observed: str, title: str, area_name: str,
             fmt: Any) -> str:

    if a.status == "not_assessable":
        lead = f"{observed}. It" if observed else ind.title
        reason = reason_text(ind, a).strip().rstrip(".")
        return f"{lead} cannot be assessed against a trajectory. {reason[:1].upper()}{reason[1:]}."
    if a.status == "no_data":
        if a.value is not None:  # a figure older than the baseline: context, not progress
            return (f"{observed}, before the baseline period {period_text(ind.baseline_period)}: no status, as a "
                    "figure from before the baseline cannot show progress towards the target.")
        if a.suppressed_period is not None:
            return (f"There is no figure to judge for {title} in {area_name}: the latest, for "
                    f"{period_text(a.suppressed_period)}, is {missing_words(a)}.")
        if a.parts:
            return (f"There is no {area_name} figure for {title}; the figures for its parts are "
                    f"{parts_text(ind, registry, a.parts)}. They are shown, not judged against the "
                    f"{area_name} trajectory.")
        return f"There is no data for {title} in {area_name}."

    target = target_words(ind.unit, a.target_value, a.comparator)  # type: ignore[arg-type]
    if a.status == "achieved":
        return f"{observed}, meeting the target of {target} by {period_text(a.target_period)}: achieved."
    after_target = parse_period(a.period).position >= parse_period(a.target_period).position  # type: ignore[arg-type]
    against = "the target" if after_target else "a milestone"
    sentence = f"{observed} against {against} of {fmt(a.milestone)}: {STATUS_LABEL[a.status].lower()}."
    if a.dissent:  # the status and the series point different ways: say both, in one sentence
        sentence = sentence[:-1] + ", yet " + ", and ".join(dissent_clauses(ind, a, short=True)) + "."

    unit = _RATE_UNIT.get(ind.unit, "")
    rate: Callable[..., Any] = lambda r: number(abs(r), 2)  # noqa: E731
    if a.rate_needed is None or abs(a.rate_needed) < 1e-12:
        parts = [f"The target is to hold it at {target}"]
    else:
        change = "rise" if a.rate_needed > 0 else "fall"
        parts = [f"The target needs a {change} of {rate(a.rate_needed)}{unit} a year"]
    if a.rate_achieved is not None:
        since = period_text(a.rate_since)
        if number(a.rate_achieved, 2) in ("0", "-0"):
            parts.append(f"since {since} it has barely changed")
        else:
            moved = "risen" if a.rate_achieved > 0 else "fallen"
            parts.append(f"since {since} it has {moved} {rate(a.rate_achieved)} a year")
        if a.target_met_period is not None:
            parts.append(f"at that rate {fmt(a.target_value)} is reached in {period_text(a.target_met_period)}")
        elif a.never_met:
            parts.append(f"at that rate {fmt(a.target_value)} is never reached")
    text = f"{sentence} {'; '.join(parts)}."
    if a.suppressed_period is not None:
        text += f" A later figure, for {period_text(a.suppressed_period)}, is {missing_words(a, short=True)}."
    return text


def headline_sentence(h: Headline, area_name: str) -> str:
    """'Kent and Medway: of 17 indicators with a trajectory, 4 achieved, 5 on track, ... and 3 with no data. ...'"""
    tracked = sum(h.counts.get(s, 0) for s in TRACKED)
    parts = [f"{h.counts[s]} {'with no data' if s == 'no_data' else STATUS_LABEL[s].lower()}"
             for s in TRACKED if h.counts.get(s)]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1] if parts else ""
    noun = "indicator" if tracked == 1 else "indicators"
    if tracked:
        text = f"{area_name}: of {tracked} {noun} with a trajectory, {listed}."
    else:
        text = f"{area_name}: none of the indicators shown has a trajectory to judge against."
    n_na = h.counts.get(Status.NOT_ASSESSABLE, 0)
    if n_na:
        text += f" {n_na} more cannot be assessed against a trajectory; the reasons are listed under each outcome."
    if h.supporting:
        text += f" {h.supporting} supporting {'measure has' if h.supporting == 1 else 'measures have'} no target."
    return text


def basis_sentence(h: Headline) -> str:
    """'Judged on real figures: 1; on illustrative figures: 9. 3 more have real figures but no status ...'"""
    text = (f"Judged on real figures: {h.real}; on illustrative (generated) figures: {h.illustrative}.")
    if h.real_but_not_judged:
        text += (f" {h.real_but_not_judged} more {'has' if h.real_but_not_judged == 1 else 'have'} real figures but "
                 "no status: published only for parts of the area, or older than the baseline.")
    return text


# --- the same figures for machines: status --json ----------------------------------------------------------------

RATE_DIGITS = 2  # rates a year, as the verdict prints them
_VALUE_FIELDS = ("value", "lower_ci", "upper_ci", "baseline_value", "target_value", "milestone", "projected_value")
_RATE_FIELDS = ("rate_needed", "rate_achieved")


def _round_to(v: Any, digits: int) -> Any:
    if v is None:
        return None
    q = Decimal(f"{v:.12g}").quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return int(q) if digits == 0 else float(q) + 0.0  # + 0.0: no '-0.0'


def status_record(ind: Indicator, registry: Registry, a: Assessment, relative: Any, today: Any = None) -> dict[Any, Any]:
    """One row of `status --json`: the assessment with its figures rounded to the indicator's published precision
    (the digits the pages print), the basis of every figure (its own and each part's), file paths relative to the
    extracts folder (relative: Snapshot.relative), the area's name, the verdict, and when the next figure is due
    (next_figure: latest_period, next_period, due as 'YYYY-MM', overdue; null without a release schedule)."""
    from datetime import date

    from logframe import releases
    f = releases.of_assessment(registry, a, today or date.today())
    # the reason in words where the code sits, then the code (kinds.Reason) for a program to read
    d = {k2: v2 for k, v in a.as_dict().items()
         for k2, v2 in ((("reason", reason_text(ind, a)), ("reason_code", v)) if k == "reason_code" else ((k, v),))}
    digits = DEFAULT_DIGITS.get(ind.unit, 2)
    for key in _VALUE_FIELDS:
        d[key] = _round_to(d[key], digits)
    for key in _RATE_FIELDS:
        d[key] = _round_to(d[key], RATE_DIGITS)
    for key in ("numerator", "denominator"):
        d[key] = _round_to(d[key], 0) if d[key] is not None and float(d[key]).is_integer() else d[key]
    d["source_mtime"] = _round_to(d["source_mtime"], 0)
    d["source_file"] = relative(a.source_file) or None
    d["parts"] = [{**part, "value": _round_to(part["value"], digits), "lower_ci": _round_to(part["lower_ci"], digits),
                   "upper_ci": _round_to(part["upper_ci"], digits), "source_file": relative(p.source_file) or None,
                   "basis": p.basis.value} for part, p in zip(d["parts"], a.parts)]
    d.update(area_name=registry.area_name(a.area_code), basis=a.basis.value if a.basis is not None else None,
             basis_words=derived_words(a, registry) or None, verdict=verdict(ind, registry, a),
             next_figure=None if f is None else {"latest_period": f.latest_period, "next_period": f.next_period,
                                                 "due": f.due.strftime("%Y-%m") if f.due else None,
                                                 "overdue": f.overdue})
    d["changed_value"] = _round_to(d["changed_value"], digits)
    return d


def judging_rule() -> str:
    """The one paragraph (docs/judging.md) that says where each indicator is judged; every view links to it."""
    from logframe import ROOT
    text = (ROOT / JUDGING_RULE_DOC).read_text(encoding="utf-8")
    reader = text.split("\n", 1)[1].split("\n## ", 1)[0]  # the reader's paragraph, not the developers' section
    return reader.strip().replace("\n", " ").replace("`", "")  # plain words on a page and in a pack


def plan_and_published(ind: Indicator, registry: Registry, published: list[Part], sources: dict[str, str]) -> str:
    """'The plan: 20.9% in 2023 (Kent and Medway). Published: Kent 21.1% (95% CI ...), Medway ...; ONS ... The
    trajectory uses the plan's figure, as printed.' Empty when nothing is published for the baseline period."""
    if not published:
        return ""
    own = registry.area_name(ind.geography)
    figures = "; ".join(f"{registry.area_name(p.area_code)} {format_value(ind.unit, p.value)}"
                        f"{ci_text(ind.unit, p.lower_ci, p.upper_ci)}" for p in published)
    gap = "" if any(p.area_code == ind.geography for p in published) else f" (no published figure for {own} itself)"
    # The publisher, without the licence sentence (the page's sources list carries it).
    cited = "; ".join(dict.fromkeys(publisher(sources[p.source_file])  # type: ignore[index]
                                    for p in published if sources.get(p.source_file or "")))
    return (f"The plan: {baseline_text(ind)} ({own}). Published for {period_text(ind.baseline_period)}: {figures}"
            f"{gap}{'; ' + cited if cited else ''}. The trajectory uses the plan's figure, as printed.")


# --- the extracts folder, when it cannot be used ------------------------------------------------------------------
_FOLDER_WRONG = {
    "missing": "does not exist (is the share mounted, and is the setting right?)",
    "not_a_folder": "is a file, not a folder",
    "unreadable": "cannot be read{detail}",
}


def folder_problem_text(problem: FolderProblem, show_path: bool = False) -> str:
    """What is wrong with the extracts folder, naming the setting (and, for an administrator's command line, the
    path): shown instead of any status, so a missing share never looks like 'no data'."""
    where = f"{problem.folder} (set by {SETTING})" if show_path else f"the folder set by {SETTING}"
    if problem.kind == "empty":
        return (f"No extracts yet: {where} holds no files. Drop Parquet or CSV extracts in the contract's columns, or "
                "official downloads as published (Fingertips, ASCOF, ONS), into it; with uploads switched on, the "
                "Data page takes them too. Nothing is judged until it holds some.")
    wrong = _FOLDER_WRONG[problem.kind].format(detail=f" ({problem.detail})" if problem.detail else "")
    return f"The extracts folder cannot be used: {where} {wrong}. No status is shown until it can be read."


# --- groups (breakdowns), councils compared, districts and deprivation ------------------------------------------
# The rules are logframe.inequality, logframe.benchmark and logframe.deprivation; these are only their words.

BREAKDOWN_TYPE_LABEL = {
    "sex": "By sex", "age": "By age", "deprivation_decile": "By deprivation decile",
    "deprivation_quintile": "By deprivation quintile", "ethnicity": "By ethnic group", "other": "By other groups",
}
BREAKDOWN_TYPE_NOUN = {
    "sex": "sex", "age": "age band", "deprivation_decile": "deprivation decile",
    "deprivation_quintile": "deprivation quintile", "ethnicity": "ethnic group", "other": "group",
}
SII_METHOD = ("Slope index of inequality (SII) and relative index of inequality (RII) as PHEindicatormethods' phe_sii "
              "computes them (Low and Low, 2004): a line fitted across the deprivation groups, each weighted by its "
              "population and placed at the midpoint of its share of the population, from the most deprived (0) to "
              "the least deprived (1); 95% confidence intervals by simulation")
RANK_METHOD = ("Ranked on the published figures of every English council (the official files, not the dashboard's "
               "extracts): rank 1 is the best by the indicator's polarity (the highest where neither direction is "
               "better), tied councils share the better rank, and quarters are of the councils ranked")
SPEARMAN_METHOD = ("Spearman's rank correlation between deprivation (English Indices of Deprivation 2019, rank of "
                   "average score by district) and each area's figure, with a two-sided permutation test (20,000 "
                   "random pairings)")


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '4th', '11th', '22nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def and_list(words: list[str]) -> str:
    """'sex', 'sex and age band', 'sex, age band and ethnic group'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""


def group_name(breakdown_type: str, label: str) -> str:
    """A group as a reader says it: 'women', 'men', 'aged 65-74', or the published label."""
    if breakdown_type == "sex":
        return {"female": "women", "male": "men"}.get(label.lower(), label)
    if breakdown_type == "age":
        return f"aged {label}"
    return label


def group_text(ind: Indicator, g: Any, area_name: str) -> str:
    """'65-74: 86.5% (95% CI 78.9% to 91.6%) in 2020/21, ● similar to Kent's 86.8% (n = 96 of 111)'."""
    if g.value is None:
        return f"{g.breakdown}: {g.value_note or 'no figure'} in {period_text(g.period)}"
    counts = (f" ({number(g.numerator, 0)} of {number(g.denominator, 0)})"
              if g.numerator is not None and g.denominator is not None else "")
    overall = (f"{area_name}'s {format_value(ind.unit, g.overall_value)}" if g.overall_value is not None
               else f"{area_name}'s overall figure")
    return (f"{g.breakdown}: {format_value(ind.unit, g.value)}{ci_text(ind.unit, g.lower_ci, g.upper_ci)}{counts} "
            f"in {period_text(g.period)}, {COMPARISON_ICON[g.compared]} "
            f"{COMPARISON_LABEL[g.compared].lower()} {overall}")


def _between(gap: Any) -> tuple[str, str]:
    """('men and women', 'men minus women') for a gap; the age bands and deprivation groups by their labels."""
    first, second = gap.first, gap.second
    if gap.breakdown_type == "sex":
        a, b = group_name("sex", second), group_name("sex", first)
        return f"{a} and {b}", f"{a} minus {b}"
    if gap.breakdown_type == "age":
        return f"the {second} and {first} age bands", f"{second} minus {first}"
    return f"{second} and {first}", f"{second} minus {first}"


def _difference(unit: str, v: float) -> str:
    digits = 1 if unit == "percent" else DEFAULT_DIGITS.get(unit, 2)
    return f"{number(v, digits, strip=False)}{_RATE_UNIT.get(unit, '')}"


def gap_text(ind: Indicator, gap: Any) -> str:
    """'The gap between men and women (men minus women) was 6.8 points in 2018/19, 1.0 points in 2019/20 and 0.9
    points in 2020/21: it has narrowed since 2018/19.'"""
    between, how = _between(gap)
    figures = [f"{_difference(ind.unit, v)} in {period_text(p)}" for p, v in gap.points]
    text = f"The gap between {between} ({how}) was "
    if len(figures) == 1:
        return text + figures[0] + "."
    text += ", ".join(figures[:-1]) + " and " + figures[-1]
    return text + f": it has {gap.change} since {period_text(gap.points[0][0])}."


def gap_change_text(gap: Any) -> str | None:
    """'the gap between men and women has narrowed since 2018/19' (None with one period)."""
    if gap.change is None:
        return None
    return f"the gap between {_between(gap)[0]} has {gap.change} since {period_text(gap.points[0][0])}"


SII_REASON = {
    "no_figures": "no deprivation {what} have a figure",
    "missing_quantiles": "phe_sii needs all {n} {what} with a figure; {period} has {0}",
    "no_denominator": ("phe_sii weights each of the {what} by its population; the {period} figures do not all give "
                       "one (denominator)"),
    "no_ci": "phe_sii needs each of the {what}' 95% confidence interval; the {period} figures do not all have one",
    "sii_error": "phe_sii cannot use the {period} figures: {0}",
}


def sii_reason(finding: Any) -> str:
    """Why an inequality.SiiFinding gives no SII, in words ('' when it gives one)."""
    if not finding.reason_code:
        return ""
    n, *rest = finding.reason_detail
    return SII_REASON[finding.reason_code].format(*rest, n=n, what="deciles" if n == 10 else "quintiles",
                                                  period=finding.period)


def sii_text(ind: Indicator, finding: Any) -> str:
    """'Deprivation deciles, 2022/23: SII 5.2 points (95% CI 3.1 to 7.4): the fitted line runs 5.2 points higher
    at the least deprived end than at the most deprived; RII 1.08 (95% CI 1.04 to 1.12).' or why not."""
    what = BREAKDOWN_TYPE_LABEL[finding.breakdown_type].removeprefix("By ").capitalize()
    if finding.sii is None:
        return f"{what}: no slope index of inequality: {sii_reason(finding)}."
    s, lim = finding.sii, finding.sii.at(0.95)
    digits = DEFAULT_DIGITS.get(ind.unit, 2)
    unit = _RATE_UNIT.get(ind.unit, "")
    size = number(abs(s.sii), digits)
    way = "higher" if s.sii > 0 else "lower"
    return (f"{what}, {period_text(finding.period)}: SII {number(s.sii, digits)}{unit} (95% CI "
            f"{number(lim.sii_lower, digits)} to {number(lim.sii_upper, digits)}): the fitted line is {size}{unit} "
            f"{way} at the least deprived end than at the most deprived; RII {number(s.rii, 3)} (95% CI "
            f"{number(lim.rii_lower, 3)} to {number(lim.rii_upper, 3)}).")


def quarter_text(quartile: int, directional: bool) -> str:
    """'the best quarter', 'the third quarter', 'the lowest quarter'."""
    if directional:
        return {1: "the best quarter", 2: "the second quarter", 3: "the third quarter", 4: "the worst quarter"}[quartile]
    return {1: "the highest quarter", 2: "the second-highest quarter", 3: "the second-lowest quarter",
            4: "the lowest quarter"}[quartile]


KIND_PLURAL = {"county": "county councils", "unitary": "unitary authorities", "metropolitan": "metropolitan boroughs",
               "london": "London boroughs", "district": "district councils"}  # benchmark.COUNCIL_KINDS, in words
TIER_LABEL = {"upper": "councils with adult social care duties", "lower": "district-level councils"}


def among_text(bm: Any, s: Any) -> str:
    """Whom an area is ranked among (benchmark.Standing.among): 'county councils', 'councils with adult social care
    duties' (all of its tier), or its comparator group's name."""
    if s.among == "kind":
        return KIND_PLURAL[bm.kind]
    if s.among == "group":
        return str(bm.group_name)
    return TIER_LABEL["lower" if bm.kind == "district" else "upper"]


def rank_text(ind: Indicator, bm: Any) -> str:
    """'In 2020/21 Kent (86.8%) ranks 4th of 25 county councils (the best quarter), 34th of 147 councils with adult
    social care duties (the best quarter) and 2nd of 7 South East county councils (the second quarter).'"""
    directional = ind.polarity in ("higher_is_better", "lower_is_better")
    high = "" if directional else " highest"
    parts = []
    for s in bm.standings:
        parts.append(f"{ordinal(s.rank)}{high} of {s.n} {among_text(bm, s)} ({quarter_text(s.quartile, directional)})")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"In {period_text(bm.period)} {bm.area_name} ({format_value(ind.unit, bm.value)}) ranks {listed}."


def references_text(ind: Indicator, bm: Any) -> str:
    """'England 79.1%; South East 76.7%.'"""
    return "; ".join(f"{name} {format_value(ind.unit, v)}" for _, name, v in bm.references)


# The deprivation measure the Districts page ranks by (deprivation.load_iod's rank column), as people read it.
IOD_LABEL = "English Indices of Deprivation 2019, rank of average score (1 = most deprived of 317 districts)"
DEPRIVATION_REASON = {"too_few_areas": "needs figures for at least {min_areas} areas; has {n}",
                      "no_variation": "the figures do not vary"}


def deprivation_text(rel: Any, period: str, reference: str) -> str:
    """One sentence on whether the more deprived districts fare worse, naming the method and n."""
    if rel.rho is None:
        why = DEPRIVATION_REASON[rel.reason_code].format(min_areas=MIN_AREAS, n=rel.n)
        return f"In {period}, deprivation and the figures cannot be compared: Spearman's rank correlation {why}."
    against = "how well each area does" if rel.directional else "the figure"
    stats_words = (f"Spearman's rank correlation between deprivation and {against}: ρ = {number(rel.rho, 2)}, "
                   f"n = {rel.n}, permutation p = {number(rel.p, 3)}")
    if not rel.significant:
        lead = ("there is no clear sign that the more deprived areas fare worse or better" if rel.directional
                else "there is no clear sign that the figure rises or falls with deprivation")
    elif not rel.directional:
        lead = f"the figure is {'higher' if rel.rho > 0 else 'lower'} where deprivation is greater"
    elif rel.rho < 0:
        lead = "the more deprived areas fare worse"
    else:
        lead = "the more deprived areas fare better"
    return f"In {period}, {lead} ({stats_words}; {reference})."


def benchmark_line(ind: Indicator, marks: list[Any], gap: Any) -> str | None:
    """The board pack's line on an indicator's groups and councils: 'Kent ranks 4th of 25 county councils and 34th
    of 147 councils with adult social care duties (2020/21); the gap between men and women has narrowed since
    2018/19.' (None when there is neither)."""
    parts = []
    for bm in marks:
        kind, every = bm.standings[0], bm.standings[min(1, len(bm.standings) - 1)]
        high = "" if ind.polarity in ("higher_is_better", "lower_is_better") else " highest"
        parts.append(f"{bm.area_name} ranks {ordinal(kind.rank)}{high} of {kind.n} {among_text(bm, kind)} and "
                     f"{ordinal(every.rank)}{high} of {every.n} {among_text(bm, every)} ({period_text(bm.period)})")
    change = gap_change_text(gap) if gap is not None else None
    if change:
        parts.append(change)
    if not parts:
        return None
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
# --- owners' commentary ------------------------------------------------------------------------------------------

STALE_COMMENTARY = "written before the latest figure"
NO_COMMENTARY = "No commentary"
NEEDS_COMMENTARY = ("off_track", "at_risk")  # statuses the board expects an owner's account of


def day_text(d: Any) -> str:
    """'3 June 2025' for a date or a date and time."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def commentary_byline(shown: Any) -> str:
    """'For 2024/25, by jo@council.gov.uk on 3 June 2025 (version 2); written before the latest figure.'
    (shown: a commentary.Shown)"""
    v = shown.version
    text = f"For {period_text(v.period)}, by {v.author} on {day_text(v.written_on)}"
    if v.version > 1:
        text += f" (version {v.version})"
    return text + (f"; {STALE_COMMENTARY}." if shown.stale else ".")


def action_text(a: Any) -> str:
    """'Recruit two link workers: Public Health, by 31 March 2026'."""
    who = f": {a.who}" if a.who else ""
    when = f", by {day_text(a.by_when)}" if a.by_when else ""
    return f"{a.what}{who}{when}"


def commentary_mark(shown: Any, status: str) -> str | None:
    """The Overview's mark on a row: commentary there (and whether it predates the latest figure), or none where
    the board expects it (off track, at risk); None for other rows without commentary."""
    if shown is not None:
        when = f"{STALE_COMMENTARY}" if shown.stale else f"for {period_text(shown.version.period)}"
        return f"💬 Owner's commentary, {when}"
    if status in NEEDS_COMMENTARY:
        return f"⚠ {NO_COMMENTARY} from the owner yet"
    return None


def paragraphs(value: object) -> str:
    """Text from outside that keeps its line breaks (commentary) made safe for Markdown: each line as text()."""
    lines = [text(line) for line in str(value).split("\n")]
    return "  \n".join(line for line in lines)


# --- the Statistics section's SPC and recent-trend lines (methods builds the state, these word it) ----------

def variation_text(spc: Any) -> str:
    """The latest SPC point's variation (methods.SpcState): '⊖ Special cause variation: concern, higher than
    expected (a point outside the process limits)'."""
    r = spc.result
    words = f"{VARIATION_ICON[r.variation]} {VARIATION_LABEL[r.variation]}"
    latest = r.points[-1] if r.points else None
    if latest is not None and latest.special_cause:
        rule = SPC_RULE_LABEL[latest.rules[0]]
        words += f"; {'higher' if latest.side == 'high' else 'lower'} than expected: {rule[:1].lower()}{rule[1:]}"
    elif r.variation in ("insufficient", "no_limits") and r.reason_code:
        words += f" ({spc_reason(r)})"
    return words


def assurance_text(key: str, against: str) -> str:
    """'? Hit and miss: the milestone lies within the process limits' (against is 'target' or 'milestone')."""
    label = ASSURANCE_LABEL[key].replace("the target", f"the {against}")
    return f"{ASSURANCE_ICON[key]} {label}"


def limits_text(ind: Indicator, spc: Any) -> str:
    """'Mean 4,700 per 100,000; process limits 4,500 to 4,900, from 51 points (2021-01 to 2025-03).'"""
    r = spc.result
    fmt: Any = lambda v: format_value(ind.unit, v)  # noqa: E731
    if r.ucl is None or r.lcl is None:
        return ""
    since = ""
    if r.rebase_index is not None:
        rebased = r.points[[p.index for p in r.points].index(r.rebase_index)]
        since = f"; recalculated from {period_text(rebased.position)}"
    text = (f"Mean {fmt(r.mean)}; process limits {range_text(ind.unit, r.lcl, r.ucl)}, from {r.n} points "
            f"({period_text(spc.first)} to {period_text(spc.last)}){since}.")
    if r.trial_limits:
        text += f" Trial limits: fewer than {SPC_MIN_POINTS} points, so they will move as figures arrive."
    return text


def trend_method_text(trend: Any) -> str:
    """'Fingertips recent trend: chi-squared test for trend on the counts, 99.8%, over the last five points: ...'"""
    if trend.method is None:
        return f"Fingertips recent trend (99.8%, last five points): {trend_reason(trend)}."
    return f"{TREND_METHOD_LABEL[trend.method]}, over the last five points: {trend_reason(trend)}."


def trend_text(series: Any, trend: Any) -> str:
    """'↓ Decreasing and getting better, 2020/21 to 2024/25'."""
    if trend.direction == "cannot_be_calculated":
        return f"{trend_icon(trend)} {trend_label(trend)}: {trend_reason(trend)}"
    last = series.tail(TREND_POINTS)["period"].tolist()
    return f"{trend_icon(trend)} {trend_label(trend)}, {last[0]} to {last[-1]}"


# --- the Statistics section's SPC lines, comparisons and methods (methods decides, codes and numbers; these word it)

def spc_lines(ind: Indicator, spc: Any, period: str | None) -> tuple[tuple[str, str], ...]:
    """(what, finding) for the SPC section (methods.SpcState): the variation, then assurance against the target and
    the milestone, or why assurance is not assessed."""
    lines = [(f"Variation ({period_text(spc.last)})", variation_text(spc))]
    if spc.target:
        lines.append((f"Assurance against the target ({target_text(ind)})", assurance_text(spc.target, "target")))
    if spc.milestone:
        lines.append((f"Assurance against the milestone for {period_text(period)} "
                      f"({format_value(ind.unit, spc.milestone_value)})", assurance_text(spc.milestone, "milestone")))
    if spc.result.ucl is not None and not (spc.target or spc.milestone):
        lines.append(("Assurance", "not assessed; there is no target level to compare the process limits with"))
    return tuple(lines)


def spc_caption(ind: Indicator, spc: Any) -> str:
    """The SPC section's caption: the limits, the method, and what variation and assurance read."""
    return (limits_text(ind, spc) + f" {SPC_METHOD_LABEL[spc.result.screened]}. Variation reads the latest point "
            "against its rules; assurance reads where the process limits sit against the target and the "
            "milestone.").strip()


def figure_text(unit: str, name: str, value: Any, lo: Any, hi: Any) -> str:
    """One area's figure with its 95% CI: 'England 7.1% (95% CI 7% to 7.2%)'."""
    return f"{name} {format_value(unit, as_number(value))}{ci_text(unit, as_number(lo), as_number(hi))}"


def comparison_text(comparison: str, name: str, method: str, period: str, missing_ci: str | None = None) -> str:
    """'▼ Worse than England (England's value lies outside the 95% CI)'; for 'not_compared', why: no figure for the
    comparator in the period, or (missing_ci: the area whose CI is missing) no CI to compare with."""
    icon = COMPARISON_ICON[comparison]
    if comparison == "not_compared":
        why = (f"no 95% confidence interval for {missing_ci} in {period_text(period)}" if missing_ci
               else f"no {name} figure for {period_text(period)}")
        return f"{icon} Not compared with {name}: {why}"
    if method == "ci_overlap":
        how = "95% CIs overlap" if comparison == "similar" else "95% CIs do not overlap"
    else:
        how = f"{name}'s value lies {'within' if comparison == 'similar' else 'outside'} the 95% CI"
    return f"{icon} {COMPARISON_LABEL[comparison]} {name} ({how})"


COMPARISON_RULE = {
    "ci_overlap": "Similar where the two intervals overlap; better or worse, by the indicator's polarity, where they "
                  "do not",
    "value_in_ci": "Similar where the comparator's value lies within {area}'s interval; better or worse, by the "
                   "indicator's polarity, where it lies outside",
}


def comparison_caption(method: str, period: str, figures: list[str], area_name: str, parents: list[str]) -> str:
    """The figures behind the comparisons: 'In 2024/25: Thanet 8.2% (95% CI ...); England 6.7% (...). <method>.
    <rule>.', and, where a comparator contains the area (a parent), that the two share data."""
    rule = COMPARISON_RULE[method].format(area=area_name)
    text = f"In {period_text(period)}: {'; '.join(figures)}. {COMPARISON_METHOD_LABEL[method]}. {rule}."
    if parents:  # a parent area's figure contains the area's own, so the two are not independent
        text += f" {' and '.join(parents)} includes {area_name}, so the two figures share data."
    return text


# Why each method applies to one area's figures or not (methods.Method's code); the facts fill the gaps:
# n and kind (the series' points), period, baseline and target (period labels), area, council, districts (a count),
# screening (SPC_METHOD_LABEL's key), trend (a stats.Trend), comparison_method, support (a stats.MethodSupport).
METHOD_REASON = {
    "not_quantified": "{reason}",
    "no_figures": "there are no {area} figures",
    "before_baseline": "the latest figure ({period}) is from before the baseline period {baseline}",
    "judged": "the latest figure is judged against the line from {baseline} to {target}",
    "trend_not_for_spc": "the recent trend is a test on five annual points; these figures are {frequency}, so SPC is "
                         "used instead",
    "spc_too_few": "SPC needs at least 2 points for trial limits; this series has {points}",
    "spc_trial": "trial limits only: {points}; SPC needs {spc_min} for firm limits",
    "spc_firm": "{spc_method}: an XmR chart of {points}",
    "trend": "{trend_method}, on the last {trend_points} of {points}",
    "trend_cannot": "cannot be calculated: {trend_reason}",
    "spc_not_annual": "SPC is drawn for monthly or quarterly figures; these are {points}",
    "is_nation": "the area shown is England",
    "no_nation_figure": "there is no England figure for {period}",
    "no_ci": "comparison needs a 95% confidence interval; the {period} figure has none",
    "compared": "{period}: {comparison_method}",
    "no_district_figures": "the extracts hold no district figures for it",
    "no_district_ci": "the district figures have no 95% confidence intervals to compare",
    "districts": "district figures up to {period}, each compared with {council} on the Districts page, whose figure "
                 "includes the {districts} districts",
}


def method_reason(code: str, facts: Mapping[str, Any]) -> str:
    """Why a method applies or not (a METHOD_REASON code, or 'counts': stats.method_support's reason), in words."""
    if code == "counts":
        return method_support_reason(facts["support"])
    f = dict(facts)
    for key in ("period", "baseline", "target"):
        if key in f:
            f[key] = period_text(f[key])
    if "n" in f:
        f["points"] = points_words(f["n"], f.get("kind"))
        f["frequency"] = FREQUENCY_WORD.get(f.get("kind") or "", "")
    if "screening" in f:
        f["spc_method"] = SPC_METHOD_LABEL[f["screening"]]
    if "trend" in f:
        f["trend_method"] = TREND_METHOD_LABEL.get(f["trend"].method or "", "")
        f["trend_reason"] = trend_reason(f["trend"])
    if "comparison_method" in f:
        f["comparison_method"] = COMPARISON_METHOD_LABEL[f["comparison_method"]]
    if code == "not_quantified":
        f["reason"] = f.get("reason") or "no trajectory"
    return METHOD_REASON[code].format(spc_min=SPC_MIN_POINTS, trend_points=TREND_POINTS, **f)


def inequality_report(found: Inequalities) -> dict[Any, Any]:
    """Every breakdown row with its comparison, the gaps, and the SII and RII with their 95% limits where they apply,
    as plain values (the CLI's `breakdowns --json`)."""
    def plain(v: Any) -> Any:
        n = as_number(v) if not isinstance(v, (str, bool)) else v
        return None if isinstance(n, float) and math.isnan(n) else n

    keep = ("breakdown_type", "breakdown", "period", "value", "lower_ci", "upper_ci", "numerator", "denominator",
            "value_note", "suppressed", "overall_value", "overall_lower_ci", "overall_upper_ci", "compared",
            "source_file", "illustrative")
    rows = [{k: plain(r.get(k)) for k in keep} for r in found.rows.to_dict("records")]
    trends = {(g.breakdown_type, g.breakdown): g.trend for g in found.groups}
    for r in rows:
        t = trends.get((r["breakdown_type"], r["breakdown"]))
        r["recent_trend"] = None if t is None else trend_label(t)
    sii = []
    for f in found.sii:
        item: dict[str, Any] = {"breakdown_type": f.breakdown_type, "period": f.period,
                                "applies": f.sii is not None, "reason": sii_reason(f) or None}
        if f.sii is not None:
            lim = f.sii.at(0.95)
            item.update(sii=f.sii.sii, sii_lower_95=lim.sii_lower, sii_upper_95=lim.sii_upper, rii=f.sii.rii,
                        rii_lower_95=lim.rii_lower, rii_upper_95=lim.rii_upper, value_type=f.sii.value_type,
                        multiplier=f.sii.multiplier, repetitions=f.sii.repetitions, seed=SII_SEED)
        sii.append(item)
    gaps = [{"breakdown_type": g.breakdown_type, "first": g.first, "second": g.second, "change": g.change,
             "points": [{"period": p, "second_minus_first": v} for p, v in g.points]} for g in found.gaps]
    return {"area_code": found.area_code, "rows": rows, "gaps": gaps, "sii": sii}
