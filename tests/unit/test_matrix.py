"""logframe.matrix: the log-frame's outcome blocks, indicator status at the right area, and the flat CSV."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from logframe import matrix, trajectory

THANET = "E07000114"


def expected_rows(registry, outcome=None, directorate=None):
    """Rows the flat table should have, counted straight from the registry."""
    n = 0
    for code in registry.outcomes:
        if outcome and code != outcome:
            continue
        n += sum(1 for i in registry.indicators.values()
                 if i.shared_outcome == code and (directorate is None or directorate in i.directorates))
        n += sum(1 for a in registry.actions
                 if code in a.shared_outcomes and (directorate is None or a.directorate == directorate))
        n += sum(1 for s in registry.i_statements if s.shared_outcome == code)
    return n


@pytest.mark.parametrize("outcome, directorate", [(None, None), ("SO3", None), (None, "Public Health"),
                                                  ("SO6", "HROD")])
def test_blocks_and_flat_table_follow_the_filters(registry, outcome, directorate):
    blocks = matrix.blocks(registry, outcome, directorate)
    assert [b.code for b in blocks] == ([outcome] if outcome else list(registry.outcomes))
    inds = [i for b in blocks for i in b.indicators]
    status = matrix.statuses(registry, [], inds)
    flat = matrix.flat_table(blocks, status, registry)
    assert list(flat.columns) == matrix.CSV_COLUMNS
    assert len(flat) == expected_rows(registry, outcome, directorate)
    if directorate:
        assert set(flat.loc[flat["type"] == "Action", "directorate"]) == {directorate}
        assert all(directorate in d.split("; ") for d in flat.loc[flat["type"] == "Indicator", "directorate"])
    # An action serving two outcomes is listed under each.
    assert set(flat["type"]) <= set(matrix.TYPES)


def test_status_is_at_own_geography_unless_an_area_is_chosen(registry):
    lonely = registry.indicator("loneliness_often_always")
    kent_only = registry.indicator("reablement_still_home_91_days_kent")
    rows = [
        {**_row(lonely, "E54000032", 6.8), "status": "at_risk"},
        {**_row(kent_only, "E10000016", 80.0), "status": "on_track"},
        {**_row(lonely, THANET, 8.2), "status": "off_track"},
    ]
    own = matrix.statuses(registry, rows, [lonely, kent_only])
    assert (own[lonely.id]["area_code"], own[lonely.id]["status"]) == ("E54000032", "at_risk")
    assert (own[kent_only.id]["area_code"], own[kent_only.id]["status"]) == ("E10000016", "on_track")
    at_thanet = matrix.statuses(registry, rows, [lonely, kent_only], THANET)
    assert at_thanet[lonely.id]["status"] == "off_track"
    # Nothing observed in Thanet for the Kent-only indicator: the trajectory rules say no data.
    assert at_thanet[kent_only.id]["status"] == trajectory.assess(kent_only, THANET, []).status == "no_data"
    assert matrix.status_words(lonely, at_thanet[lonely.id], registry) == "✖ Off track (Thanet, 2024/25: 8.2%)"
    assert matrix.status_words(kent_only, at_thanet[kent_only.id], registry, icon=False) == "No data (Thanet)"


def _row(ind, area, value):
    return {"indicator_id": ind.id, "area_code": area, "period": "2024/25", "value": value, "lower_ci": None,
            "upper_ci": None, "illustrative": True}


def test_not_assessable_indicator_keeps_its_status_without_data(registry):
    ind = next(i for i in registry.indicators.values() if not i.quantified)
    row = matrix.statuses(registry, [], [ind])[ind.id]
    assert row["status"] == "not_assessable" and row["area_code"] == ind.geography


def test_tables_for_the_page(registry):
    block = matrix.blocks(registry, "SO1")[0]
    status = matrix.statuses(registry, [], block.indicators)
    ind_table = matrix.indicator_table(block, status, registry)
    assert len(ind_table) == len(block.indicators)
    assert ind_table["link"].iloc[0] == f"indicator?indicator={block.indicators[0].id}&area=" \
                                         f"{block.indicators[0].geography}"
    linked = matrix.linked_table(ind_table)
    assert "link" not in linked and linked["Indicator"].iloc[0].startswith("[") and \
        linked["Indicator"].iloc[0].endswith(f"({ind_table['link'].iloc[0]})")
    acts = matrix.action_table(block)
    assert list(acts.columns) == ["What", "Directorate", "Lead", "Timescale", "Measure"]
    assert len(acts) == len(block.actions)
    counts = matrix.status_counts(block.indicators, status)
    assert sum(counts.values()) == len(block.indicators)
    assert list(counts) == [s for s in trajectory.STATUSES if s in counts]


@pytest.mark.parametrize("text, shown", [
    ("plain text", "plain text"),
    ("a*b_c", r"a\*b\_c"),
    ("[x](y)", r"\[x\](y)"),  # no link can form without its brackets
    ("costs $5 to $10 (est.)", r"costs \$5 to \$10 (est.)"),  # '$...$' would be LaTeX
    ("<b>5% & more</b>", r"\<b\>5% & more\</b\>"),
])
def test_markdown_safe(text, shown):
    assert matrix.markdown_safe(text) == shown


def test_csv_has_a_bom_and_round_trips(registry):
    blocks = matrix.blocks(registry, "SO6")
    flat = matrix.flat_table(blocks, matrix.statuses(registry, [], [i for b in blocks for i in b.indicators]),
                             registry)
    data = matrix.to_csv(flat)
    assert data.startswith("\ufeff".encode())
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert back.shape == flat.shape and list(back.columns) == matrix.CSV_COLUMNS
