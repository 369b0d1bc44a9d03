"""xmr against NHSRplotthedots' own code on 3,200 generated series (noise, shifts, trends, spikes, small integer
counts, rebased, near-flat, excursions beyond two sigma), every improvement direction, with and without
screening and targets.

data/spc_series.json.gz holds the series (tests/reference/spc_series.py makes them); data/spc_nhsrplotthedots
.json.gz holds what NHSRplotthedots 0.2.2 (nhs-r-community/NHSRplotthedots@050b07d7eacc011767532732f69b8fd7d6a28fd3)
computed for them with ptd_spc's defaults, recorded once with R by tests/reference/record_nhsrplotthedots.R
(docs/statistics.md gives the command). This test needs no R.

Compared: each rebase group's mean and process limits (to the last bit), every point's special_cause_type and
point_type, the latest point's (the variation icon) and ptd_calculate_assurance_type's verdict. The one
documented difference: where a group's moving ranges left after screening are all zero, NHSRplotthedots' limits
are of zero width (nearly every point then special cause) or NaN (every value the same, or a group of one point),
and ours are absent, with the reason.
"""
from __future__ import annotations

import math
from functools import cache

import pytest

from logframe import present
from logframe.stats import xmr
from tests.reference.ptd import ASSURANCE, POLARITY, point_type, special_cause_type
from tests.reference.spc_series import OUTPUTS, SERIES, generate, load


@cache
def recorded() -> dict:
    return load(OUTPUTS)


@cache
def compared() -> list[tuple[dict, dict, object]]:
    """(series, NHSRplotthedots' outputs, our SpcResult) for every series."""
    theirs = {r["id"]: r for r in recorded()["series"]}
    return [(s, theirs[s["id"]], xmr(s["values"], POLARITY[s["direction"]], s["rebase"], target=s["target"],
                                     screen=s["screen"]))
            for s in load(SERIES)]


def groups(r: dict) -> list[tuple[float, float, float]]:
    """NHSRplotthedots' (mean, lpl, upl) of each rebase group, in order."""
    return [tuple(float(x) if x is not None else math.nan for x in g) for g in r["groups"]]


def degenerate(limits: tuple[float, float, float]) -> bool:
    """A group whose mean moving range after screening was 0 (limits equal to the mean) or which had no moving
    range to average (NaN limits: every value the same, or a group of one point)."""
    _, lpl, upl = limits
    return math.isnan(upl) or upl == lpl


def pairs():
    """(series id, NHSRplotthedots' group limits and point classes, our segment limits and points) per group."""
    for s, r, spc in compared():
        ours: dict[int, list] = {}
        for p in spc.points:
            ours.setdefault(p.segment, []).append(p)
        labels = list(dict.fromkeys(r["group"]))
        assert len(labels) == len(ours) == len(r["groups"]), s["id"]
        for (_k, pts), label, limits in zip(sorted(ours.items()), labels, groups(r)):
            rows = [i for i, g in enumerate(r["group"]) if g == label]
            theirs = [(r["special_cause_type"][i], r["point_type"][i]) for i in rows]
            yield s, limits, theirs, pts


def test_recorded_from_the_stated_release():
    meta = recorded()
    assert meta["nhsrplotthedots"] == {"version": "0.2.2", "commit": "050b07d7eacc011767532732f69b8fd7d6a28fd3"}
    assert len(meta["series"]) == len(load(SERIES)) == 3200


def test_stored_series_are_the_generated_ones():
    assert load(SERIES) == generate()


def test_process_limits_agree_to_the_last_bit():
    wrong = [(s["id"], limits, (pts[0].mean, pts[0].lcl, pts[0].ucl)) for s, limits, _, pts in pairs()
             if not degenerate(limits) and (pts[0].mean, pts[0].lcl, pts[0].ucl) != limits]
    assert not wrong, wrong[:5]


def test_every_point_is_classified_as_nhsrplotthedots_classifies_it():
    wrong, points, special = [], 0, 0
    for s, limits, theirs, pts in pairs():
        if degenerate(limits):
            continue
        ours = [(special_cause_type(p), point_type(p)) for p in pts]
        points += len(theirs)
        special += sum(t != "common_cause" for _, t in theirs)
        wrong += [(s["id"], p.index, a, b) for p, a, b in zip(pts, ours, theirs) if a != b]
    assert not wrong, wrong[:10]
    assert points > 60_000 and special > 5_000  # the comparison is not vacuous


def test_latest_point_variation_icon_agrees():
    latest = [(s, r, spc) for s, r, spc in compared() if not degenerate(groups(r)[-1])]
    wrong = [(s["id"], point_type(spc.points[-1]), r["point_type"][-1]) for s, r, spc in latest
             if point_type(spc.points[-1]) != r["point_type"][-1]]
    assert not wrong, wrong[:10]
    assert {r["point_type"][-1] for _, r, _ in latest} == {
        "common_cause", "special_cause_improvement", "special_cause_concern", "special_cause_neutral_high",
        "special_cause_neutral_low"}


def test_assurance_agrees():
    targeted = [(s, r, spc) for s, r, spc in compared() if s["target"] is not None and not degenerate(groups(r)[-1])]
    wrong = [(s["id"], spc.assurance, r["assurance"]) for s, r, spc in targeted
             if ASSURANCE[spc.assurance] != r["assurance"]]
    assert not wrong, wrong[:10]
    assert {r["assurance"] for _, r, _ in targeted} == {"consistent_pass", "consistent_fail", "inconsistent", None}


@pytest.mark.parametrize("screen", [True, False])
def test_documented_difference_no_limits_where_nothing_varies(screen):
    # Where NHSRplotthedots' group has NaN or zero-width limits, ours has none (the same mean), flags nothing,
    # and says why; everywhere else the limits exist on both sides.
    seen = 0
    for s, limits, _theirs, pts in pairs():
        if s["screen"] is not screen:
            continue
        assert degenerate(limits) == (pts[0].ucl is None), s["id"]
        if degenerate(limits):
            seen += 1
            assert pts[0].mean == limits[0] and pts[0].lcl is None
            assert not any(p.special_cause for p in pts)
    assert seen  # such groups occur with and without screening
    for s, r, spc in compared():
        if s["screen"] is screen and degenerate(groups(r)[-1]):
            # A group of one point (a rebase at the last point) has no moving range at all: 'insufficient'.
            one = sum(1 for p in spc.points if p.segment == spc.points[-1].segment) == 1
            assert spc.variation == ("insufficient" if one else "no_limits") and spc.assurance is None
            assert present.spc_reason(spc)


def test_how_often_nhsrplotthedots_limits_collapse():
    # For the record in docs/statistics.md: zero-width groups make nearly every point special cause there.
    zero = [(limits, theirs) for _, limits, theirs, _ in pairs() if not math.isnan(limits[2]) and degenerate(limits)]
    flagged = sum(t != "common_cause" for _, theirs in zero for _, t in theirs)
    assert len(zero) == 167 and flagged == 3565
