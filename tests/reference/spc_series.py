"""The series for the differential test against NHSRplotthedots: written once to data/spc_series.json.gz, read
by record_nhsrplotthedots.R (which stores NHSRplotthedots' outputs beside them) and by test_spc_differential.py.

    .venv/bin/python -m tests.reference.spc_series     # rewrites data/spc_series.json.gz (same seed, same file)

Values are rounded to at most 3 decimals so that R and Python read the same doubles from the same text.
"""
from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SERIES = DATA / "spc_series.json.gz"
OUTPUTS = DATA / "spc_nhsrplotthedots.json.gz"
DIRECTIONS = ("increase", "decrease", "neutral")
KINDS = ("noise", "shift", "trend", "spikes", "counts", "rebased", "near_flat", "two_of_three")
PER_KIND = 400


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: small counts with many ties, points on the mean and zero moving ranges.
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _series(rng: random.Random, kind: str) -> tuple[list[float], int | None]:
    n = rng.choice([rng.randint(2, 12), rng.randint(12, 30), rng.randint(30, 60)])
    level, sd = rng.uniform(-50, 200), rng.choice([0.5, 1, 5, 20])
    noise = [rng.gauss(0, sd) for _ in range(n)]
    rebase = None
    if kind == "noise":
        values = [level + e for e in noise]
    elif kind == "shift":
        at, step = rng.randint(1, n - 1), rng.choice([-1, 1]) * rng.uniform(0.5, 4) * sd
        values = [level + e + (step if i >= at else 0) for i, e in enumerate(noise)]
    elif kind == "trend":
        slope = rng.choice([-1, 1]) * rng.uniform(0.05, 1) * sd
        values = [level + slope * i + e for i, e in enumerate(noise)]
    elif kind == "spikes":
        values = [level + e + (rng.choice([-1, 1]) * rng.uniform(4, 15) * sd if rng.random() < 0.1 else 0)
                  for e in noise]
    elif kind == "counts":
        lam = rng.choice([0.5, 1, 2, 4, 8])
        values = [float(_poisson(rng, lam)) for _ in range(n)]
    elif kind == "rebased":
        at = rng.randint(0, n - 1)  # 0 (the first point) is no rebase in NHSRplotthedots nor here
        step = rng.uniform(-5, 5) * sd
        values = [level + e + (step if i >= at else 0) for i, e in enumerate(noise)]
        rebase = at
    elif kind == "near_flat":
        # Mostly one value with the odd step: where screening leaves no moving range above zero.
        base = float(rng.randint(0, 10))
        values = [base + (rng.choice([-1, 1]) if rng.random() < 0.15 else 0) for _ in range(n)]
    else:  # two_of_three: quiet series with excursions beyond two sigma, on one side or both
        values = [level + rng.gauss(0, 0.3) for _ in range(n)]
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(n)
            values[i] += rng.choice([-1, 1]) * rng.uniform(0.8, 1.6)
    return [round(v, rng.choice([0, 1, 3])) for v in values], rebase


def generate(seed: int = 20250101) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for kind in KINDS:
        for k in range(PER_KIND):
            values, rebase = _series(rng, kind)
            target = round(rng.uniform(min(values) - 5, max(values) + 5), 2) if rng.random() < 0.5 else None
            out.append({"id": f"{kind}-{k}", "values": values, "direction": rng.choice(DIRECTIONS),
                        "rebase": rebase, "target": target, "screen": rng.random() < 0.75})
    return out


def write(series: list[dict], path: Path = SERIES) -> None:
    DATA.mkdir(exist_ok=True)
    # mtime=0 keeps the file byte-for-byte the same each time it is written.
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(json.dumps(series, separators=(",", ":")).encode())


def load(path: Path) -> list | dict:
    with gzip.open(path, "rt") as f:
        return json.load(f)


if __name__ == "__main__":
    write(generate())
    print(f"wrote {SERIES}")
