"""Districts and deprivation: each district's figure set against its deprivation (English Indices of Deprivation 2019,
rank of average score by local authority district, data/reference/iod2019_lad_imd.csv), and whether the more deprived
districts fare worse, by Spearman's rank correlation with a permutation test. Pure: no Streamlit."""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from logframe import ROOT

IOD_CSV = ROOT / "data" / "reference" / "iod2019_lad_imd.csv"
IOD_RANK = "IMD - Rank of average score "  # as published, with its trailing space
IOD_SCORE = "IMD - Average score "
IOD_CODE = "Local Authority District code (2019)"
IOD_NAME = "Local Authority District name (2019)"
MIN_AREAS = 5  # fewer areas than this say nothing about a relationship
PERMUTATIONS = 20_000
SEED = 2019
LEVEL = 0.05


@dataclass(frozen=True)
class Deprivation:
    code: str
    name: str
    rank: int  # IMD rank of average score: 1 is the most deprived
    score: float  # IMD average score: higher is more deprived
    of: int  # how many districts are ranked


@lru_cache(maxsize=4)
def load_iod(path: Path = IOD_CSV) -> dict[str, Deprivation]:
    """The IoD 2019 local authority district summary (IMD sheet): each district's rank of average score."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    return {r[IOD_CODE]: Deprivation(r[IOD_CODE], r[IOD_NAME], int(r[IOD_RANK]), float(r[IOD_SCORE]), len(rows))
            for r in rows}


def _ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks (ties share the mean of their places), as Spearman's coefficient uses."""
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(1, len(x) + 1)
    for v in np.unique(x):
        tied = x == v
        if tied.sum() > 1:
            ranks[tied] = ranks[tied].mean()
    return ranks


def spearman(x: Any, y: Any) -> float:
    """Spearman's rank correlation: Pearson's correlation of the average ranks."""
    rx, ry = _ranks(np.asarray(x, float)), _ranks(np.asarray(y, float))
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denominator = math.sqrt(float((rx ** 2).sum() * (ry ** 2).sum()))
    return float((rx * ry).sum() / denominator) if denominator else math.nan


def permutation_p(x: Any, y: Any, rho: float, permutations: int = PERMUTATIONS, seed: int = SEED) -> float:
    """Two-sided p-value of rho: the share of random pairings of y with x (seeded) whose |rho| is at least as
    large, counting the observed pairing (so never 0)."""
    rx, ry = _ranks(np.asarray(x, float)), _ranks(np.asarray(y, float))
    rng = np.random.default_rng(seed)
    shuffled = rng.permuted(np.tile(ry, (permutations, 1)), axis=1)
    rx_c = rx - rx.mean()
    sy = shuffled - shuffled.mean(axis=1, keepdims=True)
    rhos = (sy @ rx_c) / np.sqrt((rx_c ** 2).sum() * (sy ** 2).sum(axis=1))
    return float((np.sum(np.abs(rhos) >= abs(rho) - 1e-12) + 1) / (permutations + 1))


@dataclass(frozen=True)
class Relationship:
    """Whether the more deprived areas fare worse: Spearman's rho between deprivation (more deprived = higher) and
    the figure (turned by polarity so that higher is better, where a direction is better), its p-value and n."""
    n: int
    rho: float | None  # None with fewer than MIN_AREAS areas or no variation
    p: float | None
    directional: bool  # the indicator's polarity says which way is better
    reason_code: str = ""  # why there is no rho: 'too_few_areas' (fewer than MIN_AREAS) or 'no_variation'
    # (present.deprivation_text words it)

    @property
    def significant(self) -> bool:
        return self.p is not None and self.p < LEVEL

    @property
    def worse_where_deprived(self) -> bool | None:
        """True: the more deprived fare significantly worse; False: significantly better; None: no clear sign (or no
        direction to judge)."""
        if not self.significant or not self.directional or self.rho is None:
            return None
        return self.rho < 0


def with_deprivation(table: pd.DataFrame, iod: dict[str, Deprivation]) -> pd.DataFrame:
    """The Districts table (districts.compare_with_kent) with each area's IMD rank and score (NaN where the IoD has
    no such district)."""
    return table.assign(imd_rank=[iod[c].rank if c in iod else math.nan for c in table["area_code"]],
                        imd_score=[iod[c].score if c in iod else math.nan for c in table["area_code"]])


def relationship(table: pd.DataFrame, polarity: str) -> Relationship:
    """Spearman's rho over the areas with both a figure and an IMD rank (with_deprivation rows)."""
    rows = table[table["value"].notna() & table["imd_rank"].notna()]
    n = len(rows)
    directional = polarity in ("higher_is_better", "lower_is_better")
    if n < MIN_AREAS:
        return Relationship(n, None, None, directional, "too_few_areas")
    deprived = -rows["imd_rank"].to_numpy(float)  # rank 1 is the most deprived: more deprived is higher
    figure = rows["value"].to_numpy(float) * (-1 if polarity == "lower_is_better" else 1)
    rho = spearman(deprived, figure)
    if math.isnan(rho):
        return Relationship(n, None, None, directional, "no_variation")
    return Relationship(n, rho, permutation_p(deprived, figure, rho), directional)
