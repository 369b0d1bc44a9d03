"""How the dashboard words what the rules decide: labels, icons, colours, numbers, periods and sentences, in one
place, used alike by the pages, the board pack and the CLI. Pure: no Streamlit.

The rules themselves (status, milestones, statistics) live in trajectory, assessments and stats; nothing here
decides anything, it only says it.
"""
from __future__ import annotations

import html
import re
from decimal import ROUND_HALF_UP, Decimal

from logframe.assessments import Assessment, Headline, Part
from logframe.contract import publisher
from logframe.periods import parse_period, try_parse_period
from logframe.registry import Indicator, Registry
from logframe.trajectory import TRACKED

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


def trend_icon(trend) -> str:
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


def period_text(label: str | None) -> str:
    """A period as people write it: months in words ('2025-03' -> 'March 2025'); other periods as labelled."""
    if not label:
        return ""
    p = try_parse_period(label)
    if p is not None and p.kind == "month":
        return f"{MONTHS[p.start.month - 1]} {p.start.year}"
    return label


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
    """'real figures', 'illustrative figures', or 'no figures'."""
    return {"real": "real figures", "illustrative": "illustrative figures"}.get(a.basis or "", "no figures")


def parts_text(ind: Indicator, registry: Registry, parts: tuple[Part, ...]) -> str:
    """'Kent 38.3% in 2018/19; Medway 41.6% in 2018/19' (with '(illustrative)' where they are)."""
    return "; ".join(f"{registry.area_name(p.area_code)} {format_value(ind.unit, p.value)} in {period_text(p.period)}"
                     + (" (illustrative)" if p.illustrative else "") for p in parts)


def latest_text(ind: Indicator, a: Assessment) -> str:
    """'6.8% in 2024/25', or 'no figure' (the latest value with its period)."""
    if a.value is None:
        return "no figure"
    return f"{format_value(ind.unit, a.value)} in {period_text(a.period)}"


def verdict(ind: Indicator, registry: Registry, a: Assessment) -> str:
    """The assessment in plain English: 'In 2024/25, loneliness ... in Kent and Medway was 6.8% (95% CI ...) against
    a milestone of 6.15%: at risk. The target needs a fall of ... a year; since 2020/21 it has fallen ...'."""
    area_name = registry.area_name(a.area_code)
    title = noun_phrase(ind.title)
    fmt = lambda v: format_value(ind.unit, v)  # noqa: E731
    observed = ""
    if a.value is not None:
        # '6.1% to 7.5%' reads well; '104 per 100,000 to 121 per 100,000' does not, so other units print bare.
        digits = DEFAULT_DIGITS.get(ind.unit, 2)
        limit = fmt if ind.unit in ("percent", "text") else (lambda v: number(v, digits))
        ci = (f" (95% CI {limit(a.lower_ci)} to {limit(a.upper_ci)})"
              if a.lower_ci is not None and a.upper_ci is not None else "")
        observed = f"In {period_text(a.period)}, {title} in {area_name} was {fmt(a.value)}{ci}"

    if a.status == "not_assessable":
        lead = f"{observed}. It" if observed else ind.title
        reason = a.reason.strip().rstrip(".")
        return f"{lead} cannot be assessed against a trajectory. {reason[:1].upper()}{reason[1:]}."
    if a.status == "no_data":
        if a.value is not None:  # a figure older than the baseline: context, not progress
            return (f"{observed}, before the baseline period {period_text(ind.baseline_period)}: no status, as a "
                    "figure from before the baseline cannot show progress towards the target.")
        if a.suppressed_period is not None:
            return (f"There is no figure to judge for {title} in {area_name}: the latest, for "
                    f"{period_text(a.suppressed_period)}, is suppressed (a count too small to publish).")
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

    unit = _RATE_UNIT.get(ind.unit, "")
    rate = lambda r: number(abs(r), 2)  # noqa: E731
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
        text += f" A later figure, for {period_text(a.suppressed_period)}, is suppressed."
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
    n_na = h.counts.get("not_assessable", 0)
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


def judging_rule() -> str:
    """The one paragraph (docs/judging.md) that says where each indicator is judged; every view links to it."""
    from logframe import ROOT
    text = (ROOT / JUDGING_RULE_DOC).read_text(encoding="utf-8")
    return text.split("\n", 1)[1].strip().replace("\n", " ").replace("`", "")  # plain words on a page and in a pack


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
    cited = "; ".join(dict.fromkeys(publisher(sources[p.source_file])
                                    for p in published if sources.get(p.source_file or "")))
    return (f"The plan: {baseline_text(ind)} ({own}). Published for {period_text(ind.baseline_period)}: {figures}"
            f"{gap}{'; ' + cited if cited else ''}. The trajectory uses the plan's figure, as printed.")


# --- owners' commentary ------------------------------------------------------------------------------------------

STALE_COMMENTARY = "written before the latest figure"
NO_COMMENTARY = "No commentary"
NEEDS_COMMENTARY = ("off_track", "at_risk")  # statuses the board expects an owner's account of


def day_text(d) -> str:
    """'3 June 2025' for a date or a date and time."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def commentary_byline(shown) -> str:
    """'For 2024/25, by jo@council.gov.uk on 3 June 2025 (version 2); written before the latest figure.'
    (shown: a commentary.Shown)"""
    v = shown.version
    text = f"For {period_text(v.period)}, by {v.author} on {day_text(v.written_on)}"
    if v.version > 1:
        text += f" (version {v.version})"
    return text + (f"; {STALE_COMMENTARY}." if shown.stale else ".")


def action_text(a) -> str:
    """'Recruit two link workers: Public Health, by 31 March 2026'."""
    who = f": {a.who}" if a.who else ""
    when = f", by {day_text(a.by_when)}" if a.by_when else ""
    return f"{a.what}{who}{when}"


def commentary_mark(shown, status: str) -> str | None:
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
