"""logframe.releases: when each indicator's next figure is due, and which are overdue, from the registry's release
schedule (data/registry/releases.csv) and the latest figure shown. A fixed date: 2 December 2026."""
from __future__ import annotations

from datetime import date

import pytest

from logframe import present, releases

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("label, frequency, following", [
    ("2020/21", "annual", "2021/22"),
    ("2018/19", "biennial", "2020/21"),  # the carers' survey runs every other year
    ("2023", "annual", "2024"),
    ("2021-23", "annual", "2022-24"),
    ("2025-03", "monthly", "2025-04"),
    ("2025-12", "monthly", "2026-01"),
    ("2024/25 Q4", "quarterly", "2025/26 Q1"),
    ("2018/19 - 20/21", "annual", "2019/20 - 21/22"),
])
def test_the_next_period(label, frequency, following):
    assert releases.next_period(label, frequency) == following


@pytest.mark.parametrize("indicator, latest, next_period, due, overdue", [
    # ASCOF: a financial year published in December, 9 months after it ends
    ("reablement_still_home_91_days_kent", "2020/21", "2021/22", date(2022, 12, 1), True),
    ("reablement_still_home_91_days_kent", "2025/26", "2026/27", date(2027, 12, 1), False),
    # Active Lives: the survey year ends in November after the label's March; published the next April
    ("loneliness_often_always", "2024/25", "2025/26", date(2027, 4, 1), False),
    ("loneliness_often_always", "2023/24", "2024/25", date(2026, 4, 1), True),
    # NCMP: an academic year published in October
    ("year6_healthy_weight", "2024/25", "2025/26", date(2026, 10, 1), True),
    # pooled years: the next three-year figure, published in August
    ("suicide_rate", "2021-23", "2022-24", date(2025, 8, 1), True),
    # a calendar year published in March 15 months later (DWP)
    ("child_relative_poverty", "2024", "2025", date(2027, 3, 1), False),
])
def test_when_the_next_figure_is_due(registry, indicator, latest, next_period, due, overdue):
    ind = registry.indicators[indicator]
    f = releases.freshness(ind, registry.releases[indicator], latest, TODAY)
    assert (f.next_period, f.due, f.overdue) == (next_period, due, overdue)


def test_an_unknown_schedule_says_so_and_is_never_overdue(registry):
    ind = registry.indicators["employment_rate_kent"]  # APS: quarterly, the month not established
    f = releases.freshness(ind, registry.releases[ind.id], "2023", TODAY)
    assert f.due is None and not f.overdue
    assert present.freshness_text(f, TODAY).endswith("when the next is published is not recorded")
    assert releases.freshness(registry.indicators["frailty_emergency_admissions"], None, "2025-03", TODAY) is None


def test_the_words(registry):
    ind = registry.indicators["reablement_still_home_91_days_kent"]
    late = releases.freshness(ind, registry.releases[ind.id], "2020/21", TODAY)
    assert present.freshness_text(late, TODAY) == ("Latest figure 2020/21: the next (2021/22) is overdue since "
                                                   "December 2022")
    soon = releases.freshness(ind, registry.releases[ind.id], "2025/26", date(2027, 12, 9))
    assert present.freshness_text(soon, date(2027, 12, 9)).endswith("is expected this month")
