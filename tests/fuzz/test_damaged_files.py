"""Files no one here wrote, broken the way downloads break (tests/fuzz/damage.py), dropped beside good ones.

Properties, for every damaged variant of every official sample and contract extract:
- checking it never raises, and it is named: used, rejected with reasons in words, recognised with nothing to use,
  or not an extract;
- no message speaks the engine's language (Arrow, DuckDB or pandas type and error names);
- the figures from the good files are exactly what they were without the bad ones (a rejected file changes nothing);
- `validate` on the folder ends with an exit code, never a traceback.
The fixed-seed corpus (hypothesis, derandomized) runs in `make test`; `make fuzz` searches far longer
(LOGFRAME_FUZZ=long) and writes every failing variant to tests/fuzz/found/ to become a regression fixture.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logframe import assessments
from logframe.__main__ import main
from logframe.extracts import take_snapshot
from tests.conftest import ROOT
from tests.fuzz.damage import seeds, variant

BATCH = 5  # damaged files dropped together: 100 examples x 5 = the 500-variant corpus
LONG = os.environ.get("LOGFRAME_FUZZ") == "long"
settings.register_profile("corpus", derandomize=True, max_examples=100, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck), print_blob=True)
settings.register_profile("long", derandomize=False, max_examples=3000, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck), print_blob=True)
PROFILE = "long" if LONG else "corpus"
# The engine's words, which no analyst should have to read.
ENGINE = re.compile(r"\b(Arrow\w*|pyarrow|DuckDB|duckdb|pandas|large_string|u?int(8|16|32|64)|float(32|64)|double|"
                    r"utf8|NAType|dtype|Traceback|Binder|Catalog|Conversion Error|Invalid Input|\w+Error|\w+Exception)\b")
SEEDS = seeds()
KM = "E54000032"


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """The shipped extracts, copied: the good files every damaged one is dropped beside."""
    folder = tmp_path_factory.mktemp("fuzz") / "extracts"
    shutil.copytree(ROOT / "data" / "extracts", folder)
    return folder


def figures(registry, snapshot) -> dict:
    """What the board reads (the whole area, where every indicator is listed): status, value, period and basis."""
    return {(area, a.indicator_id): (a.status, a.value, a.period, a.basis, a.area_code)
            for area in (KM,) for a in assessments.assess(registry, snapshot, area)}


def _keep_failures(folder: Path) -> None:
    found = os.environ.get("LOGFRAME_FUZZ_FOUND")
    if found:
        shutil.copytree(folder, Path(found) / folder.name, dirs_exist_ok=True)


@settings(settings.get_profile(PROFILE))
@given(st.data())
def test_damaged_files_are_named_and_change_no_good_figure(good, registry, capsys, data):
    batch = good / "damaged"
    shutil.rmtree(batch, ignore_errors=True)
    batch.mkdir()
    made = {}
    for n in range(BATCH):
        seed = data.draw(st.sampled_from(SEEDS), label="seed")
        kind, content = data.draw(variant(seed), label="damage")
        path = batch / f"{n}-{kind}-{seed.name}"
        path.write_bytes(content)
        made[str(path)] = kind
    try:
        snap = take_snapshot(good, registry)
        reports = {r.path: r for r in snap.reports}
        assert set(made) <= set(reports), "every damaged file is named"
        for path in made:
            r = reports[path]
            assert r.ok or r.rejected or r.nothing_to_use or not r.is_extract
            said = " ".join([p.message for p in r.problems] + [r.unused])
            assert not ENGINE.search(said), (made[path], said)
            if r.rejected:
                assert all(p.message.strip() for p in r.problems)

        # A rejected (or unusable) file changes nothing: the figures are those of the folder without it.
        unused = [path for path in made if not reports[path].ok]
        for path in unused:
            Path(path).unlink()
        if unused:
            assert figures(registry, snap) == figures(registry, take_snapshot(good, registry))

        code = main(["validate", str(batch)]) if any(Path(p).exists() for p in made) else 1
        out = capsys.readouterr()
        assert code in (0, 1) and "Traceback" not in out.out + out.err
    except AssertionError:
        _keep_failures(batch)
        raise
    finally:
        shutil.rmtree(batch, ignore_errors=True)
