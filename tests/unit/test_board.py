"""logframe.board: one status per indicator for the chosen area, the counts and the summary sentence."""
import dataclasses

import pandas as pd
import pytest

from logframe import board, trajectory

LONELY, FRAILTY, KCC, OFLOG = ("loneliness_often_always", "frailty_emergency_admissions", "kcc_spend_in_county",
                               "oflog_asc1_carer_qol")
KM, KENT = "E54000032", "E10000016"


def row(ind, area, series):
    return {**dataclasses.asdict(trajectory.assess(ind, area, series)), "source_file": "x.parquet",
            "illustrative": True}


@pytest.fixture
def items(registry):
    inds = [registry.indicator(i) for i in (LONELY, FRAILTY, KCC, OFLOG)]
    rows = [row(inds[0], KM, [("2024/25", 6.8, 6.2, 7.4)]),
            row(inds[0], KENT, [("2024/25", 9.9, 9.0, 10.0)])]  # another area: ignored
    return board.board_items(inds, rows, KM)


def test_every_indicator_gets_one_item_for_the_area(items):
    assert [i.indicator.id for i in items] == [LONELY, FRAILTY, KCC, OFLOG]
    assert [i.status for i in items] == ["at_risk", "no_data", "not_assessable", "not_assessable"]
    assert items[0].assessment["value"] == 6.8  # the chosen area's row, not Kent's
    # without figures for the area, trajectory.assess says why
    assert items[1].reason == "Nothing has been observed for this area."
    assert items[2].reason == items[2].indicator.not_assessable_reason


def test_counts_leave_supporting_measures_out(items):
    counts = board.status_counts(items)
    assert list(counts) == list(trajectory.STATUSES)
    assert counts == {"achieved": 0, "on_track": 0, "at_risk": 1, "off_track": 0, "no_data": 1,
                      "not_assessable": 1}
    assert [i.indicator.id for i in board.supporting(items)] == [OFLOG]


def test_by_outcome_splits_tracked_from_not_assessable(items):
    groups = board.by_outcome(items)
    assert list(groups) == ["SO2", "SO3"]
    assert [i.indicator.id for i in groups["SO2"]["tracked"]] == [LONELY]
    assert [i.indicator.id for i in groups["SO2"]["not_assessable"]] == [KCC]
    assert [i.indicator.id for i in groups["SO3"]["tracked"]] == [FRAILTY]


@pytest.mark.parametrize("counts, expected", [
    ({"achieved": 4, "on_track": 6, "at_risk": 5, "off_track": 2, "no_data": 0, "not_assessable": 38},
     "Kent: of 17 indicators with a trajectory, 4 achieved, 6 on track, 5 at risk and 2 off track. 38 more cannot "
     "be assessed against a trajectory; the reasons are listed under each outcome. 7 supporting measures have no "
     "target."),
    ({"achieved": 0, "on_track": 1, "at_risk": 0, "off_track": 0, "no_data": 1, "not_assessable": 0},
     "Kent: of 2 indicators with a trajectory, 1 on track and 1 with no data. 1 supporting measure has no target."),
    ({"achieved": 0, "on_track": 1, "at_risk": 0, "off_track": 0, "no_data": 0, "not_assessable": 0},
     "Kent: of 1 indicator with a trajectory, 1 on track."),
    ({"achieved": 0, "on_track": 0, "at_risk": 0, "off_track": 0, "no_data": 0, "not_assessable": 2},
     "Kent: none of the indicators shown has a trajectory to judge against. 2 more cannot be assessed against a "
     "trajectory; the reasons are listed under each outcome."),
])
def test_summary_sentence(counts, expected):
    n_supporting = 7 if "7 supporting" in expected else 1 if "1 supporting" in expected else 0
    assert board.summary_sentence(counts, "Kent", n_supporting) == expected


def test_status_pill_has_icon_word_and_escaped_reason():
    pill = board.status_pill("off_track", 'worse than "the" <milestone>')
    assert "✖ Off track" in pill and trajectory.STATUS_COLOUR["off_track"] in pill
    assert 'title="worse than &quot;the&quot; &lt;milestone&gt;"' in pill


def test_shown_area_falls_back_to_the_own_geography(registry):
    oflog = registry.indicator(OFLOG)
    series = pd.DataFrame([{"indicator_id": OFLOG, "area_code": KENT, "period": "2021/22", "position": 2021.75,
                            "value": 6.7}])
    assert board.shown_area(series, oflog, KM) == KENT
    assert board.shown_area(series, oflog, KENT) == KENT
    assert board.latest(board.series_for(series, OFLOG, KENT))["value"] == 6.7
    assert board.latest(board.series_for(series, OFLOG, KM)) is None
