"""The illustrative generator: deterministic, through the seed baselines, and a believable mix of statuses."""
from collections import Counter

import pyarrow.parquet as pq

from logframe import contract
from logframe.assessments import assess
from logframe.demo import MONTHLY, write_illustrative
from logframe.extracts import take_snapshot
from logframe.periods import parse_period


def test_same_seed_same_files(tmp_path, registry):
    a = write_illustrative(registry, tmp_path / "a", seed=7)
    b = write_illustrative(registry, tmp_path / "b", seed=7)
    assert [pq.read_table(p).equals(pq.read_table(q)) for p, q in zip(a, b)] == [True] * len(a)


def test_marked_illustrative_and_passes_through_each_baseline(tmp_path, registry):
    paths = write_illustrative(registry, tmp_path, seed=1)
    assert all(contract.illustrative(pq.read_schema(p).metadata) for p in paths)
    snap = take_snapshot(tmp_path, registry)
    assert snap.rejected == ()
    obs = snap.run("observations", indicator_ids=None, area_codes=None)
    for ind in (i for i in registry.indicators.values() if i.quantified and not i.supporting):
        own = obs[(obs.indicator_id == ind.id) & (obs.area_code == ind.geography)]
        if ind.id in MONTHLY:  # noisy months average out to the baseline over the baseline period
            base = parse_period(ind.baseline_period)
            months = own[(own.start_year >= base.start_year) & (own.end_year <= base.end_year)]
            assert len(months) == 12 and abs(months["value"].mean() - ind.baseline_value) < 0.02 * ind.baseline_value
        else:
            assert own[own.period == ind.baseline_period]["value"].tolist() == [round(ind.baseline_value, 1)], ind.id


def test_districts_vary_with_deprivation_and_statuses_are_mixed(tmp_path, registry):
    write_illustrative(registry, tmp_path, seed=2025)
    snap = take_snapshot(tmp_path, registry)
    own = Counter(a.status for a in assess(registry, snap, "E54000032"))  # each at its own geography
    assert all(own[s] >= 2 for s in ("achieved", "on_track", "at_risk", "off_track")), own
    lonely = {c: assess(registry, snap, c, indicator="loneliness_often_always")[0].value
              for c in ("E07000114", "E07000113", "E07000116", "E07000111")}
    thanet, swale, tunbridge_wells, sevenoaks = lonely.values()
    assert min(thanet, swale) > max(tunbridge_wells, sevenoaks)  # lonelier where more deprived


def test_shipped_extracts_are_the_generator_output(tmp_path):
    # Real ones converted from data/reference, illustrative ones only for indicators without real figures.
    from logframe.__main__ import main
    from tests.conftest import ROOT
    assert main(["generate", "--out", str(tmp_path)]) == 0
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.parquet"))
    shipped = sorted(p.relative_to(ROOT / "data" / "extracts") for p in (ROOT / "data" / "extracts").rglob("*.parquet"))
    assert made == shipped
    for rel in made:
        assert pq.read_table(ROOT / "data" / "extracts" / rel).equals(pq.read_table(tmp_path / rel)), \
            f"regenerate with `python -m logframe generate`: {rel}"
    real = {i for p in (tmp_path / "real").rglob("*.parquet") for i in pq.read_table(p)["indicator_id"].to_pylist()}
    made_up = {i for p in (tmp_path / "illustrative").rglob("*.parquet") for i in pq.read_table(p)["indicator_id"].to_pylist()}
    assert real and made_up and not real & made_up
