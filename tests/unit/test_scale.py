"""Scale data (python -m logframe demo-data) and the extracts folder's areas.csv for areas beyond the registry's."""
import pyarrow.parquet as pq
import pytest

from logframe.__main__ import main
from logframe.extracts import registry_for, take_snapshot
from logframe.registry import RegistryError, load_registry
from logframe.scale import usable_indicators


def test_demo_data_writes_every_row_valid_across_several_files(tmp_path, monkeypatch, capsys):
    out = tmp_path / "scale"
    assert main(["demo-data", "--out", str(out), "--indicators", "3", "--areas", "25", "--periods", "14",
                 "--seed", "1"]) == 0
    assert capsys.readouterr().out.startswith("6 file(s), 1050 rows")
    files = sorted(out.rglob("*.parquet"))
    # one folder per indicator, one file per financial year: 14 months ending March 2025 span two years
    assert len(files) == 3 * 2
    assert sum(pq.read_metadata(f).num_rows for f in files) == 3 * 25 * 14
    registry = registry_for(out)  # merges out/areas.csv: the 8 areas beyond the registry's 17
    extra = [a for a in registry.areas.values() if a.kind == "neighbourhood"]
    assert len(extra) == 8 and all(a.parent in registry.areas for a in extra)
    snap = take_snapshot(out, registry)
    assert snap.rejected == () and len(snap.valid) == 6 and snap.overlapping == frozenset()
    obs = snap.run("observations", indicator_ids=None, area_codes=None)
    assert len(obs) == 3 * 25 * 14 and not obs.duplicated(["indicator_id", "area_code", "period"]).any()
    assert set(obs["indicator_id"]) == {i.id for i in usable_indicators(registry)[:3]}


def test_same_seed_same_data(tmp_path):
    registry = load_registry()
    from logframe.scale import write_scale
    a = write_scale(registry, tmp_path / "a", 2, 20, 5, seed=3)
    b = write_scale(registry, tmp_path / "b", 2, 20, 5, seed=3)
    assert [pq.read_table(x).equals(pq.read_table(y)) for x, y in zip(a, b)] == [True] * len(a)


def test_too_many_indicators_is_refused(tmp_path, capsys):
    assert main(["demo-data", "--out", str(tmp_path), "--indicators", "999"]) == 2
    assert "--indicators must be 1 to" in capsys.readouterr().err


@pytest.mark.parametrize("row, message", [
    ("E10000016,Kent again,county,,E54000032", "already in data/registry/areas.csv"),  # may only add areas
    ("N1,Somewhere,neighbourhood,,N404", "'N404' is not an area code in this file or the registry"),
    ("N1,Somewhere,ward,,E07000114", "'ward' is not one of"),
])
def test_extra_areas_are_checked_like_the_registry(tmp_path, monkeypatch, row, message):
    (tmp_path / "areas.csv").write_text(f"code,name,kind,other_names,parent\n{row}\n")
    with pytest.raises(RegistryError, match=message) as err:
        registry_for(tmp_path)
    assert "areas.csv row 1" in str(err.value)


def test_validate_on_a_folder_reads_the_areas_in_its_areas_csv(tmp_path, capsys):
    """The dashboard accepts the folder's own areas (its areas.csv); so must `validate` on that folder, wherever the
    configured extracts folder is."""
    out = tmp_path / "scale"
    main(["demo-data", "--out", str(out), "--indicators", "2", "--areas", "25", "--periods", "3", "--seed", "1"])
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"Areas beyond the registry's: {out / 'areas.csv'}" in said and "0 rejected" in said
    (out / "areas.csv").unlink()  # without it the made-up neighbourhoods are not areas
    assert main(["validate", str(out)]) == 1
    assert "is not an area code in the registry" in capsys.readouterr().out


def test_demo_data_with_every_usable_indicator_is_all_valid(tmp_path):
    """`make bench` cycles through every usable indicator: a file holding one whose periodicity refuses monthly
    labels (a multi-year one) would be rejected whole, and the benchmark would measure an empty dashboard."""
    out = tmp_path / "scale"
    every = len(usable_indicators(load_registry()))
    assert main(["demo-data", "--out", str(out), "--indicators", str(every), "--areas", "20", "--periods", "3",
                 "--seed", "1", "--layout", "national"]) == 0
    snap = take_snapshot(out, registry_for(out))
    assert snap.rejected == () and len(snap.valid) == 1
    assert len(snap.run("observations", indicator_ids=None, area_codes=None)) == every * 20 * 3
