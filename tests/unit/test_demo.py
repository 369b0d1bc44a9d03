"""The illustrative generator: deterministic, through the seed baselines, and a believable mix of statuses."""
from collections import Counter

import pyarrow.parquet as pq

from logframe import contract
from logframe.assessments import assess_all
from logframe.demo import MONTHLY, write_illustrative
from logframe.periods import parse_period
from logframe.extracts import take_snapshot


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
    rows = assess_all(registry, snap, list(registry.indicators.values()))
    own = Counter(r["status"] for r in rows if r["area_code"] == registry.indicators[r["indicator_id"]].geography)
    assert all(own[s] >= 2 for s in ("achieved", "on_track", "at_risk", "off_track")), own
    lonely = {r["area_code"]: r["value"] for r in rows if r["indicator_id"] == "loneliness_often_always"}
    thanet, swale, tunbridge_wells, sevenoaks = (lonely[c] for c in ("E07000114", "E07000113", "E07000116", "E07000111"))
    assert min(thanet, swale) > max(tunbridge_wells, sevenoaks)  # lonelier where more deprived


def test_shipped_illustrative_extracts_are_the_generator_output(tmp_path, registry):
    from tests.conftest import ROOT
    for path in write_illustrative(registry, tmp_path, seed=2025):
        shipped = ROOT / "data" / "extracts" / "illustrative" / path.name
        assert pq.read_table(shipped).equals(pq.read_table(path)), f"regenerate with `python -m logframe generate`: {path.name}"
