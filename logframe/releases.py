"""When each indicator's next figure is due, and which are overdue: from the registry's release schedule
(data/registry/releases.csv: how often the publisher publishes, the usual release month and the lag from the end of
the period) and the latest figure the extracts hold. Pure functions; the words are logframe.present's."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from logframe.periods import canonical_label, fy_label, label_for_position, parse_period, period_sort_key
from logframe.registry import Indicator, Registry, Release

MONTHS_A_STEP = {"month": 1, "financial_quarter": 3}  # by the latest figure's kind of period; a year otherwise


@dataclass(frozen=True)
class Freshness:
    """How current an indicator's latest figure is."""
    latest_period: str
    ended: date  # the first day of the latest period's last month
    next_period: str  # the period the next figure will be for
    due: date | None  # the first day of the month the next figure is expected (None: the schedule is not known)
    overdue: bool  # the month it was due has passed and the folder holds no newer figure

    def age_months(self, today: date) -> int:
        """Whole months from the end of the latest period to today."""
        return (today.year - self.ended.year) * 12 + today.month - self.ended.month


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def next_period(label: str, frequency: str) -> str:
    """The period after label for an indicator published at that frequency ('2020/21' -> '2021/22'; every other
    year for a biennial survey: '2018/19' -> '2020/21'; '2021-23' -> '2022-24'; '2025-03' -> '2025-04')."""
    p = parse_period(label)
    step = MONTHS_A_STEP.get(p.kind, 12) * (2 if frequency == "biennial" else 1)
    if p.kind in ("year_range", "financial_year_range"):
        start, end = _add_months(p.start, step), _add_months(p.end, step)
        if p.kind == "year_range":
            return canonical_label(parse_period(f"{start.year}-{end.year - 1}"))
        return f"{fy_label(start.year)} - {fy_label(end.year - 1)[2:]}"
    start = _add_months(p.start, step)
    return label_for_position(start.year + (start.month - 1) / 12 + 1e-3, p.kind)


def due_month(period: str, release: Release) -> date | None:
    """The month a period's figure is expected: the end of the period plus the publisher's usual lag, then on to the
    usual release month (so a survey year that ends after the label says still lands in the month it is published);
    None when neither is known."""
    p = parse_period(period)
    ended = _add_months(p.end, -1)
    if release.lag_months is None and release.release_month is None:
        return None
    due = _add_months(ended, release.lag_months or 1)
    if release.release_month is not None:
        while due.month != release.release_month:
            due = _add_months(due, 1)
    return due


def latest_shown(a: Any) -> str | None:
    """The latest period of any real figure an assessment shows (its own, its parts', or one on another definition);
    None where the figures are illustrative (a generated figure says nothing about a publisher's release)."""
    own = a.period if a.value is not None and not a.illustrative else None
    periods = [p for p in (own, a.changed_period, *(part.period for part in a.parts if not part.illustrative)) if p]
    return max(periods, key=period_sort_key) if periods else None  # the one rule for which period is later


def of_assessment(registry: Registry, a: Any, today: date) -> Freshness | None:
    """freshness() of the latest figure an assessment shows."""
    ind = registry.indicators[a.indicator_id]
    return freshness(ind, registry.releases.get(ind.id), latest_shown(a), today)


def overdue(registry: Registry, assessments: list[Any], today: date) -> list[tuple[Any, ...]]:
    """(assessment, freshness) of each assessment whose next figure is overdue, in the assessments' order."""
    out = []
    for a in assessments:
        f = of_assessment(registry, a, today)
        if f is not None and f.overdue:
            out.append((a, f))
    return out


def freshness(ind: Indicator, release: Release | None, latest_period: str | None, today: date) -> Freshness | None:
    """How current the latest figure is and when the next is due (None with no figure or no release schedule)."""
    if release is None or not latest_period:
        return None
    p = parse_period(latest_period)
    following = next_period(latest_period, release.frequency)
    due = due_month(following, release)
    this_month = date(today.year, today.month, 1)
    return Freshness(latest_period, _add_months(p.end, -1), following, due, due is not None and due < this_month)
