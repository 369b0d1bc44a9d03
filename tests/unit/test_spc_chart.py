"""charts.spc_chart, spc_summary and spc_table: the XmR chart drawn from a stats.xmr result (pure functions)."""
import dataclasses

import pandas as pd
import pytest

from logframe import charts, present, stats
from logframe.periods import parse_period

FRAILTY = "frailty_emergency_admissions"  # lower is better; target no more than 4,556 per 100,000 by 2028
KM = "E54000032"
# Common cause around 10 (each moving range 1 or 2), then the special causes the tests add.
BASE = [10, 11, 9, 10, 12, 10, 9, 11, 10, 12, 9, 10, 11, 10, 9, 11, 10, 12, 10, 11]


def months(n, start_year=2022):
    return [f"{start_year + k // 12}-{k % 12 + 1:02d}" for k in range(n)]


def frame(values, labels=None, indicator=FRAILTY, area=KM):
    """One area's rows shaped like queries/observations.sql, oldest first."""
    labels = labels or months(len(values))
    rows = []
    for label, value in zip(labels, values):
        p = parse_period(label)
        rows.append(dict(indicator_id=indicator, area_code=area, period=label, period_kind=p.kind,
                         start_year=p.start_year, position=p.position, value=value, lower_ci=None, upper_ci=None,
                         numerator=None, denominator=None, illustrative=True))
    return pd.DataFrame(rows)


@pytest.fixture
def frailty(registry):
    return registry.indicator(FRAILTY)


def by_meta(fig):
    return {t.meta: t for t in fig.data}


def draw(ind, values, polarity="lower_is_better", rebase_index=None, target=None, milestone=None, **kw):
    series = frame(values)
    spc = stats.xmr(values, polarity, positions=series["period"].tolist(), rebase_index=rebase_index)
    return series, spc, charts.spc_chart(ind, series, spc, target, milestone, kw.pop("illustrative", False),
                                         "Kent and Medway", **kw)


def test_values_mean_dashed_limits_and_labelled_target(frailty):
    series, spc, fig = draw(frailty, BASE, target=9.5, milestone=10.5, milestone_period="2023-08")
    t = by_meta(fig)
    assert {"values", "mean", "ucl", "lcl", "target", "milestone", "spc_common"} <= set(t)
    assert list(t["values"].y) == BASE and t["values"].mode == "lines"
    assert t["mean"].line.dash == "solid" and list(t["mean"].y) == pytest.approx([spc.mean] * 2)
    assert t["ucl"].line.dash == "dash" and list(t["ucl"].y) == pytest.approx([spc.ucl] * 2)
    assert list(t["lcl"].y) == pytest.approx([spc.lcl] * 2)
    assert t["ucl"].name == "Process limits (dashed)" and t["lcl"].showlegend is False
    assert t["mean"].name == "Mean (solid line)"
    assert t["target"].name.startswith("Target ≤") and set(t["target"].y) == {9.5}
    assert t["milestone"].name.startswith("Milestone for August 2023")
    labels = [a.text for a in fig.layout.annotations]
    assert any(a.startswith("Target ≤") for a in labels) and any(a.startswith("Milestone ") for a in labels)
    assert "XmR chart" in fig.layout.title.text and "trial" not in fig.layout.title.text
    assert "Illustrative" not in fig.layout.title.text


def test_special_causes_are_marked_by_kind_with_shape_colour_and_words(frailty):
    values = BASE[:5] + [-10] + BASE[6:] + [30]  # one far below (improvement: lower is better), one far above
    series, spc, fig = draw(frailty, values)
    t = by_meta(fig)
    improvement, concern, common = t["spc_improvement"], t["spc_concern"], t["spc_common"]
    assert improvement.marker.color == "#0072B2" and concern.marker.color == "#E69F00"
    assert len({improvement.marker.symbol, concern.marker.symbol, common.marker.symbol}) == 3
    assert "improvement" in improvement.name and "blue diamonds" in improvement.name
    assert "concern" in concern.name and "orange squares" in concern.name
    assert "Common cause" in common.name and "grey circles" in common.name
    x = series["position"].tolist()
    assert x[5] in improvement.x and x[-1] in concern.x
    # Every point is drawn once, in the trace of its own kind.
    for kind, trace in (("improvement", improvement), ("concern", concern)):
        want = [x[p.index] for p in spc.points if p.special_cause and p.kind == kind]
        assert list(trace.x) == want
    assert len(common.x) == sum(1 for p in spc.points if not p.special_cause)
    assert "outside the limits" in concern.customdata[-1]


def test_higher_is_better_turns_the_same_points_round(frailty):
    values = BASE[:5] + [-10] + BASE[6:] + [30]
    _, _, fig = draw(dataclasses.replace(frailty, polarity="higher_is_better"), values, polarity="higher_is_better")
    t = by_meta(fig)
    assert len(t["spc_improvement"].x) == 1 and len(t["spc_concern"].x) == 1
    assert t["spc_improvement"].y[0] == 30 and t["spc_concern"].y[0] == -10


def test_fewer_than_12_points_are_labelled_trial_limits(frailty):
    _, spc, fig = draw(frailty, BASE[:8], illustrative=True)
    assert spc.trial_limits
    assert "(trial limits)" in fig.layout.title.text and "Illustrative data" in fig.layout.title.text
    assert by_meta(fig)["ucl"].name.startswith("Trial process limits")


def test_a_rebased_series_draws_each_segment_with_its_own_limits(frailty):
    values = BASE[:12] + [v + 20 for v in BASE[:12]]
    series, spc, fig = draw(frailty, values, rebase_index=12)
    t = by_meta(fig)
    for key in ("mean", "ucl", "lcl"):
        ys = list(t[key].y)
        assert None in ys  # a break between the segments
        before, after = ys[:ys.index(None)], ys[ys.index(None) + 1:]
        assert len(set(before)) == 1 and len(set(after)) == 1 and after[0] == pytest.approx(before[0] + 20)
    mean_x = list(t["mean"].x)
    x = series["position"].tolist()
    # The first segment's lines end, and the second's start, half a month before the rebase point.
    assert mean_x[1] == pytest.approx(mean_x[3]) and x[11] < mean_x[1] < x[12]
    assert any(a.text == "Limits recalculated from 2023-01" for a in fig.layout.annotations)
    assert any(s.type == "line" for s in fig.layout.shapes)
    # Without the rebase the step itself is the special cause; with it, neither segment has one.
    assert not any(p.special_cause for p in spc.points)


def test_summary_sentence_and_table(frailty):
    values = BASE[:5] + [-10] + BASE[6:] + [30]
    series, spc, _ = draw(frailty, values)
    text = charts.spc_summary(frailty, series, spc, "Kent and Medway", target=9.5, illustrative=True)
    assert text.startswith("XmR chart of emergency admissions for people who are frail in Kent and Medway, "
                           "January 2022 to September 2023 (21 points, illustrative data)")
    assert "2 points show special cause variation (1 improvement, 1 concern)" in text
    assert "shows special cause variation (concern)" in text and "the target is 9.5 per 100,000" in text
    table = charts.spc_table(frailty, series, spc)
    assert list(table.columns) == ["Period", "Value (per 100,000)", "Mean (per 100,000)",
                                   "Lower process limit (per 100,000)", "Upper process limit (per 100,000)",
                                   "Variation", "Special cause rule(s)", "Basis"]
    last = table.iloc[-1]
    assert last["Period"] == "2023-09" and last["Variation"] == "Special cause: concern (higher)"
    assert last["Special cause rule(s)"] == present.SPC_RULE_LABEL["outside_limits"]
    assert table.iloc[0]["Special cause rule(s)"] == "" and table.iloc[0]["Variation"] == "Common cause"
    assert table["Mean (per 100,000)"].iloc[0] == pytest.approx(round(spc.mean, 1))
