"""The five-point series for the recent-trend differential test: written once to data/trend_series.json.gz, read
by record_trend_r.R (which stores R's own statistics and Fingertips' verdict beside them) and by
test_trend_differential.py.

    .venv/bin/python -m tests.reference.trend_series     # rewrites data/trend_series.json.gz (same seed, same file)
"""
from __future__ import annotations

import math
import random
from pathlib import Path

from tests.reference.spc_series import load, write  # noqa: F401 (load is used by the tests)

DATA = Path(__file__).resolve().parent / "data"
SERIES = DATA / "trend_series.json.gz"
OUTPUTS = DATA / "trend_r.json.gz"
PER_METHOD = 1500


def _proportions(rng: random.Random) -> list[list[float]]:
    """Five (value %, count, denominator) with a trend in the log-odds of any strength, counts never 0 or all."""
    p0 = rng.uniform(0.01, 0.9)
    step = rng.choice([0, rng.gauss(0, 0.05), rng.gauss(0, 0.2)])
    rows = []
    for t in range(5):
        n = rng.choice([rng.randint(20, 200), rng.randint(200, 5000), rng.randint(5000, 60000)])
        p = 1 / (1 + math.exp(-(math.log(p0 / (1 - p0)) + step * t)))
        r = round(n * p + rng.gauss(0, math.sqrt(n * p * (1 - p))))
        r = min(max(r, 1), n - 1)
        rows.append([round(100 * r / n, 6), r, n])
    return rows


def _ci_weighted(rng: random.Random) -> list[list[float]]:
    """Five (value, lower, upper) with a trend of any strength and CIs of varying (and uneven) width."""
    level, slope = rng.uniform(1, 500), rng.choice([0, rng.gauss(0, 1), rng.gauss(0, 5)])
    se = rng.uniform(0.2, 10)
    # One point in five series thrown far off, so that the leave-one-out check has work to do.
    spike = rng.randrange(5) if rng.random() < 0.2 else None
    rows = []
    for t in range(5):
        s = se * rng.uniform(0.5, 2)
        y = level + slope * t + rng.gauss(0, s) + (rng.choice([-1, 1]) * rng.uniform(5, 20) * se if t == spike else 0)
        lo, hi = y - 1.96 * s * rng.uniform(0.8, 1.2), y + 1.96 * s * rng.uniform(0.8, 1.2)
        rows.append([round(y, 3), round(lo, 3), round(hi, 3)])
    return rows


def generate(seed: int = 20250102) -> list[dict]:
    rng = random.Random(seed)
    out = [{"id": f"proportions-{k}", "method": "proportions", "rows": _proportions(rng)} for k in range(PER_METHOD)]
    out += [{"id": f"ci-{k}", "method": "ci", "rows": _ci_weighted(rng)} for k in range(PER_METHOD)]
    return out


if __name__ == "__main__":
    write(generate(), SERIES)
    print(f"wrote {SERIES}")
