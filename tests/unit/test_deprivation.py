"""logframe.deprivation: the shipped IoD 2019 district ranks, Spearman's rank correlation and its permutation test,
and the one sentence the Districts page prints."""
import math

import pandas as pd
import pytest

from logframe import present
from logframe.deprivation import MIN_AREAS, load_iod, permutation_p, relationship, spearman, with_deprivation
from logframe.districts import mapped_areas


def test_every_area_on_the_districts_page_has_a_deprivation_rank(registry):
    iod = load_iod()
    assert len(iod) == 317 and sorted(d.rank for d in iod.values()) == list(range(1, 318))
    for code in mapped_areas(registry):
        assert code in iod and iod[code].of == 317


@pytest.mark.parametrize("x, y", [
    ([1, 2, 3, 4, 5, 6, 7], [2, 1, 4, 3, 7, 5, 6]),
    ([10, 20, 30, 40, 50], [5, 4, 3, 2, 1]),
    ([1, 2, 2, 3, 4, 4, 5], [3, 1, 2, 2, 5, 4, 4]),  # ties: average ranks
])
def test_spearman_is_the_correlation_of_average_ranks(x, y):
    # pandas' own ranking (average for ties) and Pearson's correlation: the definition, computed another way
    assert spearman(x, y) == pytest.approx(pd.Series(x).rank().corr(pd.Series(y).rank()), abs=1e-12)
    if len(set(x)) == len(x) and len(set(y)) == len(y):  # no ties: 1 - 6 sum d^2 / (n (n^2 - 1))
        n, rx, ry = len(x), pd.Series(x).rank(), pd.Series(y).rank()
        assert spearman(x, y) == pytest.approx(1 - 6 * ((rx - ry) ** 2).sum() / (n * (n * n - 1)), abs=1e-12)


def test_the_permutation_test_agrees_with_the_exact_one():
    # Six areas in the same order: of the 720 orderings only this one and its reverse are as extreme, p = 2/720.
    x = [1, 2, 3, 4, 5, 6]
    p = permutation_p(x, x, spearman(x, x))
    assert p == pytest.approx(2 / 720, abs=0.0015)
    assert permutation_p(x, x, spearman(x, x)) == p  # seeded: the same p on every page and in every pack


def _table(values, ranks):
    return pd.DataFrame({"area_code": [f"E0700{n:04d}" for n in range(len(values))], "value": values,
                         "imd_rank": ranks, "imd_score": [10.0] * len(values)})


@pytest.mark.parametrize("polarity, values, worse", [
    ("higher_is_better", [50, 55, 60, 65, 70, 75, 80], True),  # rank 1 (most deprived) has the lowest: worse there
    ("lower_is_better", [50, 55, 60, 65, 70, 75, 80], False),  # the most deprived has the lowest: better there
    ("higher_is_better", [80, 75, 70, 65, 60, 55, 50], False),
])
def test_whether_the_more_deprived_fare_worse_follows_the_polarity(polarity, values, worse):
    rel = relationship(_table(values, [10, 40, 80, 120, 160, 200, 240]), polarity)
    assert rel.n == 7 and rel.significant and rel.worse_where_deprived is worse
    sentence = present.deprivation_text(rel, "2023", present.IOD_LABEL)
    assert ("fare worse" if worse else "fare better") in sentence and "n = 7" in sentence and "Spearman" in sentence


def test_too_few_areas_or_no_clear_sign_is_said_so():
    few = relationship(_table([1.0, 2.0, 3.0], [1, 2, 3]), "higher_is_better")
    assert few.rho is None and f"at least {MIN_AREAS} areas" in present.deprivation_text(few, "2023", present.IOD_LABEL)
    mixed = relationship(_table([5.0, 1.0, 4.0, 2.0, 3.0, 6.0], [1, 2, 3, 4, 5, 6]), "higher_is_better")
    assert not mixed.significant and mixed.worse_where_deprived is None
    assert "no clear sign" in present.deprivation_text(mixed, "2023", present.IOD_LABEL)


def test_areas_without_a_figure_or_rank_are_left_out(registry):
    table = pd.DataFrame({"area_code": mapped_areas(registry) + ["E99999999"],
                          "value": [float(n) for n in range(13)] + [1.0]})
    table.loc[0, "value"] = math.nan
    rel = relationship(with_deprivation(table, load_iod()), "higher_is_better")
    assert rel.n == 12  # 13 areas, one without a figure; the unknown code has no rank
