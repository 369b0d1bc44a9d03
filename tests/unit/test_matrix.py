"""logframe.matrix: the log-frame's outcome blocks for an area, indicator status where it is judged, the flat CSV."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from logframe import assessments, matrix, trajectory
from logframe.extracts import take_snapshot
from tests.conftest import write_extract

KM, KENT, THANET = "E54000032", "E10000016", "E07000114"


def expected_rows(registry, area, outcome=None, directorate=None):
    """Rows the flat table should have: the registry's, with the indicators the judging rule lists for the area."""
    listed = {i.id for i in assessments.listed(registry, area)}
    n = 0
    for code in registry.outcomes:
        if outcome and code != outcome:
            continue
        n += sum(1 for i in registry.indicators.values() if i.shared_outcome == code and i.id in listed
                 and (directorate is None or directorate in i.directorates))
        n += sum(1 for a in registry.actions
                 if code in a.shared_outcomes and (directorate is None or a.directorate == directorate))
        n += sum(1 for s in registry.i_statements if s.shared_outcome == code)
    return n


@pytest.fixture(scope="module")
def empty(registry, tmp_path_factory):
    return take_snapshot(tmp_path_factory.mktemp("none"), registry)


@pytest.mark.parametrize("area, outcome, directorate", [(KM, None, None), (KM, "SO3", None), (THANET, None, None),
                                                        (KM, None, "Public Health"), (KENT, "SO6", "HROD")])
def test_blocks_and_flat_table_follow_the_filters(registry, empty, area, outcome, directorate):
    blocks = matrix.blocks(registry, area, outcome, directorate)
    assert [b.code for b in blocks] == ([outcome] if outcome else list(registry.outcomes))
    status = assessments.by_id(assessments.assess(registry, empty, area, outcome, directorate))
    assert {i.id for b in blocks for i in b.indicators} == set(status)
    flat = matrix.flat_table(blocks, status, registry)
    assert list(flat.columns) == matrix.CSV_COLUMNS
    assert len(flat) == expected_rows(registry, area, outcome, directorate)
    if directorate:
        assert set(flat.loc[flat["type"] == "Action", "directorate"]) == {directorate}
        assert all(directorate in d.split("; ") for d in flat.loc[flat["type"] == "Indicator", "directorate"])
    assert set(flat["type"]) <= set(matrix.TYPES)


def test_a_medway_indicator_is_not_listed_for_a_kent_district(registry):
    titles = {i.id for b in matrix.blocks(registry, THANET) for i in b.indicators}
    assert "smoking_routine_manual_medway" not in titles and "smoking_routine_manual_kent" in titles


def test_status_words_say_where_the_indicator_is_judged(registry, tmp_path):
    write_extract(tmp_path / "x.parquet", [
        {"indicator_id": "loneliness_often_always", "area_code": THANET, "period": "2024/25", "value": 8.2}])
    snap = take_snapshot(tmp_path, registry)
    at_thanet = assessments.by_id(assessments.assess(registry, snap, THANET, outcome="SO2"))
    lonely = registry.indicator("loneliness_often_always")
    assert matrix.status_words(lonely, at_thanet[lonely.id], registry) == "✖ Off track (Thanet, 2024/25: 8.2%)"
    rm = registry.indicator("smoking_routine_manual_kent")
    at_thanet = assessments.by_id(assessments.assess(registry, snap, THANET, outcome="SO3"))
    assert matrix.status_words(rm, at_thanet[rm.id], registry, icon=False) == "No data (Thanet)"
    table = matrix.indicator_table(matrix.blocks(registry, THANET, "SO2")[0],
                                   assessments.by_id(assessments.assess(registry, snap, THANET, "SO2")), registry, THANET)
    row = table[table["Indicator"] == lonely.title].iloc[0]
    assert row["Judged at"] == "Thanet (against the Kent and Medway trajectory)"
    assert row["link"] == "indicator?indicator=loneliness_often_always&area=E07000114"


def test_tables_for_the_page(registry, empty):
    block = matrix.blocks(registry, KM, "SO1")[0]
    status = assessments.by_id(assessments.assess(registry, empty, KM, "SO1"))
    ind_table = matrix.indicator_table(block, status, registry, KM)
    assert len(ind_table) == len(block.indicators)
    assert ind_table["link"].iloc[0] == f"indicator?indicator={block.indicators[0].id}&area={KM}"
    html = matrix.indicator_table_html("SO1", ind_table)
    href = ind_table["link"].iloc[0].replace("&", "&amp;")
    assert f'<a href="{href}" target="_self">{block.indicators[0].title}</a>' in html
    assert "\n\n" not in html  # one Markdown block
    acts = matrix.action_table(block)
    assert list(acts.columns) == ["What", "Directorate", "Lead", "Timescale", "Measure"]
    assert len(acts) == len(block.actions)
    counts = matrix.status_counts(block.indicators, status)
    # supporting measures have no status: counted apart, as on the Overview
    assert sum(counts.values()) + matrix.supporting_count(block.indicators) == len(block.indicators)
    assert matrix.supporting_count(block.indicators) == sum(i.supporting for i in block.indicators) > 0
    assert list(counts) == [s for s in trajectory.STATUSES if s in counts]


def test_csv_has_a_bom_and_round_trips(registry, empty):
    blocks = matrix.blocks(registry, KM, "SO6")
    flat = matrix.flat_table(blocks, assessments.by_id(assessments.assess(registry, empty, KM, "SO6")), registry)
    data = matrix.to_csv(flat)
    assert data.startswith("\ufeff".encode())
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert back.shape == flat.shape and list(back.columns) == matrix.CSV_COLUMNS
