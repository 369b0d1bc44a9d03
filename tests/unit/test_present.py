"""logframe.present: numbers, periods and sentences, on hand-checked cases."""
import pytest

from logframe import present
from logframe.assessments import Assessment, make
from logframe.present import STATUS_COLOUR, STATUS_ICON, STATUS_LABEL, format_value, period_text
from logframe.registry import load_registry
from logframe.trajectory import STATUSES, assess
from tests.unit.test_trajectory import healthy_weight, make_indicator

REG = load_registry()


def verdict(ind, registry, a: Assessment) -> str:
    return present.verdict(ind, registry, a)


def test_status_words_cover_every_status():
    for table in (STATUS_LABEL, STATUS_ICON, STATUS_COLOUR, present.STATUS_RULE):
        assert tuple(table) == STATUSES


# --- numbers ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "unit, v, digits, text",
    [
        ("percent", 6.8, None, "6.8%"),
        ("percent", 6.80, None, "6.8%"),
        ("percent", 6.15, None, "6.15%"),  # a milestone that needs two decimals keeps them
        ("percent", 7.3 - 2.3 * 0.5, None, "6.15%"),  # float noise does not show
        ("percent", 6.834, None, "6.83%"),
        ("percent", 0.125, None, "0.13%"),  # half rounds up
        ("percent", 5.0, None, "5%"),  # trailing zeros go
        ("percent", 5.0, 1, "5.0%"),  # unless the digits are asked for
        ("percent", -0.001, None, "0%"),  # no '-0'
        ("rate_per_100k", 4556.0, None, "4,556 per 100,000"),
        ("rate_per_100k", 4556.25, None, "4,556.3 per 100,000"),
        ("rate_per_100k", 12.34, None, "12.3 per 100,000"),
        ("years", 79.1, None, "79.1 years"),
        ("years", 79.14, None, "79.1 years"),
        ("count", 1234, None, "1,234"),
        ("count", 1234.6, None, "1,235"),
        ("score", 46.1, None, "46.1"),
        ("ratio", 8.24, None, "8.24"),
        ("text", "Yes", None, "Yes"),
        ("percent", None, None, "no value"),
    ],
)
def test_format_value(unit, v, digits, text):
    assert format_value(unit, v, digits) == text


def test_verdict_loneliness_at_risk():
    ind = make_indicator()
    a = assess(ind, "E54000032", [("2024/25", 6.8, 6.1, 7.5)])
    assert verdict(ind, REG, make(a)) == (
        "In 2024/25, loneliness (often or always) in Kent and Medway was 6.8% (95% CI 6.1% to 7.5%) against a "
        "milestone of 6.15%: at risk, yet at its rate since 2020/21 it falls short of the target by 2028/29. The "
        "target needs a fall of 0.29 points a year; since 2020/21 it has fallen 0.13 a year; at that rate 5% is "
        "reached in 2038/39.")


def test_verdict_without_ci_and_never():
    ind = make_indicator()
    a = assess(ind, "E07000105", [("2022/23", 7.4, None, None), ("2024/25", 7.6, None, None)])
    assert verdict(ind, REG, make(a)) == (
        "In 2024/25, loneliness (often or always) in Ashford was 7.6% against a milestone of 6.15%: off track. "
        "The target needs a fall of 0.29 points a year; since 2022/23 it has risen 0.1 a year; "
        "at that rate 5% is never reached.")


def test_verdict_after_the_target_period_compares_with_the_target():
    ind = make_indicator()
    a = assess(ind, "E54000032", [("2029/30", 5.5, None, None)])
    assert verdict(ind, REG, make(a)).startswith(
        "In 2029/30, loneliness (often or always) in Kent and Medway was 5.5% against the target of 5%: at risk.")


def test_verdict_achieved():
    ind = make_indicator()
    a = assess(ind, "E54000032", [("2024/25", 4.9, None, None)])
    assert verdict(ind, REG, make(a)) == (
        "In 2024/25, loneliness (often or always) in Kent and Medway was 4.9%, meeting the target of 5% or less "
        "by 2028/29: achieved.")


def test_verdict_maintain_holds_the_level():
    ind = healthy_weight()
    a = assess(ind, "E54000032", [("2023/24", 62.0, None, None), ("2024/25", 61.5, 60.5, 62.5)])
    assert verdict(ind, REG, make(a)) == (
        "In 2024/25, year 6 children of healthy weight in Kent and Medway was 61.5% (95% CI 60.5% to 62.5%) "
        "against a milestone of 63%: off track. The target is to hold it at 63%; since 2023/24 it has fallen 0.5 "
        "a year; at that rate 63% is never reached.")


def test_verdict_no_data():
    ind = make_indicator()
    assert verdict(ind, REG, make(assess(ind, "E07000108", []))) == (
        "There is no data for loneliness (often or always) in Dover.")


def test_verdict_not_assessable_gives_the_reason():
    ind = make_indicator(target_value=None, target_comparator="qualitative", target_period=None,
                         target_as_printed="Improve")
    text = verdict(ind, REG, make(assess(ind, "E54000032", [("2024/25", 6.8, None, None)])))
    assert text == ("In 2024/25, loneliness (often or always) in Kent and Medway was 6.8%. It cannot be assessed "
                    f"against a trajectory. {present.not_assessable_text(ind).rstrip('.')}.")
    no_value = verdict(ind, REG, make(assess(ind, "E07000108", [])))
    assert no_value.startswith("Loneliness (often or always) cannot be assessed against a trajectory. ")


def test_verdict_keeps_acronyms_and_place_names_capitalised():
    for title in ("NHS Health Checks taken up", "Kent residents who are active"):
        ind = make_indicator(title=title)
        a = assess(ind, "E54000032", [("2024/25", 4.9, None, None)])
        assert verdict(ind, REG, make(a)).startswith(f"In 2024/25, {title} in")


def test_verdict_rate_ci_prints_the_unit_once():
    ind = make_indicator(unit="rate_per_100k", baseline_value=120.0, target_value=100.0)
    a = assess(ind, "E10000016", [("2022/23", 118.0, None, None), ("2024/25", 112.0, 104.0, 121.5)])
    assert verdict(ind, REG, make(a)) == (
        "In 2024/25, loneliness (often or always) in Kent was 112 per 100,000 (95% CI 104 to 121.5) against a "
        "milestone of 110 per 100,000: at risk, yet at its rate since 2022/23 it reaches the target by 2028/29. The "
        "target needs a fall of 2.5 per 100,000 a year; since 2022/23 it has fallen 3 a year; at that rate 100 per "
        "100,000 is reached in 2028/29.")




# --- periods, changes and the judging rule in words -------------------------------------------------------------

@pytest.mark.parametrize("label, words", [
    ("2025-03", "March 2025"), ("2023-07", "July 2023"), ("2024/25", "2024/25"), ("2024/25 Q2", "2024/25 Q2"),
    ("2021-23", "2021-23"), ("2023", "2023"), (None, ""), ("not a period", "not a period"),
])
def test_months_read_as_people_write_them(label, words):
    assert period_text(label) == words


def test_status_change_between_judged_statuses_only():
    ind = make_indicator()
    base = make(assess(ind, "E54000032", [("2024/25", 6.5, None, None)]), previous_period="2023-07",
                previous_status="on_track")
    assert present.status_change(base) == "Moved from on track to at risk since July 2023"
    same = make(assess(ind, "E54000032", [("2024/25", 6.5, None, None)]), previous_period="2023/24",
                previous_status="at_risk")
    assert present.status_change(same) == "Unchanged (at risk) since 2023/24"
    assert present.status_change(make(assess(ind, "E54000032", []))) is None


def test_a_district_is_said_to_be_judged_against_the_larger_areas_trajectory():
    ind = make_indicator()
    a = make(assess(ind, "E07000114", [("2024/25", 8.1, None, None)]), "E54000032")
    assert a.judged_elsewhere
    assert present.judged_sentence(a, REG) == "Thanet is judged against the trajectory set for Kent and Medway."
    assert present.judged_sentence(make(assess(ind, "E54000032", [])), REG) is None


def test_verdicts_for_a_figure_before_the_baseline_a_suppressed_one_and_the_parts():
    ind = make_indicator(baseline_period="2021/22")
    before = make(assess(ind, "E10000016", [("2020/21", 6.9, None, None)]), "E10000016")
    assert verdict(ind, REG, before) == (
        "In 2020/21, loneliness (often or always) in Kent was 6.9%, before the baseline period 2021/22: no status, as "
        "a figure from before the baseline cannot show progress towards the target.")
    hidden = make(assess(ind, "E54000032", []), suppressed_period="2024/25")
    assert verdict(ind, REG, hidden) == (
        "There is no figure to judge for loneliness (often or always) in Kent and Medway: the latest, for 2024/25, "
        "is suppressed (a count too small to publish).")
    from logframe.assessments import Part
    parts = make(assess(ind, "E54000032", []), parts=(Part("E10000016", "2023/24", 7.1, None, None, False),
                                                      Part("E06000035", "2023/24", 8.0, None, None, True)))
    assert verdict(ind, REG, parts) == (
        "There is no Kent and Medway figure for loneliness (often or always); the figures for its parts are Kent 7.1% "
        "in 2023/24; Medway 8% in 2023/24 (illustrative). They are shown, not judged against the Kent and Medway "
        "trajectory.")


def test_the_plan_beside_the_published_record():
    from logframe.assessments import Part
    ind = REG.indicator("economic_inactivity_16_64")
    published = [Part("E10000016", "2023", 21.1, 18.4, 23.8, False, "ons.parquet"),
                 Part("E06000035", "2023", 20.0, 15.9, 24.1, False, "ons.parquet")]
    sources = {"ons.parquet": "Office for National Statistics, Explore local statistics (employment-rate.csv). "
                              "Source: Office for National Statistics licensed under the Open Government Licence."}
    assert present.plan_and_published(ind, REG, published, sources) == (
        "The plan: 20.9% in 2023 (Kent and Medway). Published for 2023: Kent 21.1% (95% CI 18.4% to 23.8%); Medway "
        "20% (95% CI 15.9% to 24.1%) (no published figure for Kent and Medway itself); Office for National "
        "Statistics, Explore local statistics (employment-rate.csv). The trajectory uses the plan's figure, as "
        "printed.")
    assert present.plan_and_published(ind, REG, [], sources) == ""


@pytest.mark.parametrize("hostile", [
    "[Sign in](https://evil.example)", "![x](http://evil.example/x.png)", "<script>alert(1)</script>",
    ":red[loud] $x^2$ **bold** `code`", "line one\n# heading", "www.evil.example",
])
def test_text_from_outside_shows_as_typed(hostile):
    safe = present.text(hostile)
    assert "\n" not in safe
    # every markup character is escaped: removing the escapes gives back the text (line breaks flattened)
    assert safe.replace("\\", "").replace("\u2060", "") == " ".join(hostile.split())
    for mark in "[]()<>!*`$:#":
        assert all(safe[i - 1] == "\\" for i, ch in enumerate(safe) if ch == mark)
    # no bare address is left for Markdown to link: a word joiner breaks '://', 'www.' and '@'
    bare = safe.replace("\\", "")
    assert "://" not in bare and "www." not in bare.lower() and "@" not in bare.replace("@\u2060", "")


def test_status_pill_has_icon_word_and_escaped_reason():
    pill = present.status_pill("off_track", 'worse than "the" <milestone>')
    assert "✖ Off track" in pill and STATUS_COLOUR["off_track"] in pill
    assert 'title="worse than &quot;the&quot; &lt;milestone&gt;"' in pill


@pytest.mark.parametrize("counts, supporting, expected", [
    ({"achieved": 4, "on_track": 6, "at_risk": 5, "off_track": 2, "no_data": 0, "not_assessable": 38}, 7,
     "Kent: of 17 indicators with a trajectory, 4 achieved, 6 on track, 5 at risk and 2 off track. 38 more cannot "
     "be assessed against a trajectory; the reasons are listed under each outcome. 7 supporting measures have no "
     "target."),
    ({"achieved": 0, "on_track": 1, "at_risk": 0, "off_track": 0, "no_data": 1, "not_assessable": 0}, 1,
     "Kent: of 2 indicators with a trajectory, 1 on track and 1 with no data. 1 supporting measure has no target."),
    ({"achieved": 0, "on_track": 1, "at_risk": 0, "off_track": 0, "no_data": 0, "not_assessable": 0}, 0,
     "Kent: of 1 indicator with a trajectory, 1 on track."),
    ({"achieved": 0, "on_track": 0, "at_risk": 0, "off_track": 0, "no_data": 0, "not_assessable": 2}, 0,
     "Kent: none of the indicators shown has a trajectory to judge against. 2 more cannot be assessed against a "
     "trajectory; the reasons are listed under each outcome."),
])
def test_headline_sentence(counts, supporting, expected):
    from logframe.assessments import Headline
    assert present.headline_sentence(Headline(counts, 0, 0, 0, supporting), "Kent") == expected


def test_basis_sentence_says_what_the_statuses_rest_on():
    from logframe.assessments import Headline
    counts = dict.fromkeys(STATUSES, 0)
    assert present.basis_sentence(Headline(counts, 1, 12, 3, 0)) == (
        "Judged on real figures: 1; on illustrative (generated) figures: 12. 3 more have real figures but no status: "
        "published only for parts of the area, or older than the baseline.")


def test_the_judging_rule_is_the_docs_paragraph():
    from tests.conftest import ROOT
    doc = (ROOT / "docs" / "judging.md").read_text(encoding="utf-8")
    assert present.judging_rule() in " ".join(doc.split()).replace("`", "")
    assert present.judging_rule().startswith("Each log-frame indicator has a target set for one area")


def test_every_statistical_outcome_has_its_words_here_and_only_here():
    from logframe import stats
    assert tuple(present.VARIATION_LABEL) == tuple(present.VARIATION_ICON) == stats.VARIATIONS
    assert tuple(present.ASSURANCE_LABEL) == tuple(present.ASSURANCE_ICON) == stats.ASSURANCES
    assert tuple(present.COMPARISON_LABEL) == tuple(present.COMPARISON_ICON) == stats.COMPARISONS
    assert tuple(present.COMPARISON_METHOD_LABEL) == stats.COMPARISON_METHODS
    assert tuple(present.TREND_METHOD_LABEL) == stats.TREND_METHODS and tuple(present.SPC_RULE_LABEL) == stats.SPC_RULES
    # the rules modules hold no labels, icons or colours
    import logframe.trajectory as trajectory
    for module in (stats, trajectory):
        assert not [n for n in vars(module) if n.endswith(("_LABEL", "_ICON", "_COLOUR"))], module.__name__


# The status and the series pointing different ways: one sentence says both (the status rule is unchanged).
@pytest.mark.parametrize("series, spc, want", [
    # at risk, moving away from the target: the card's line says so after the reason
    ([("2022/23", 7.4, None, None), ("2024/25", 7.6, 6.0, 9.0)], None,
     "At risk: worse than the milestone, but the milestone is within the value's 95% confidence interval; yet since "
     "2022/23 it has risen 0.1 points a year, away from the target: at that rate 5% is never reached."),
    # on track and heading for the target: nothing to reconcile
    ([("2022/23", 6.9, None, None), ("2024/25", 6.0, None, None)], None,
     "On track: the latest value is at or better than the milestone."),
    # on track, yet the latest point is special cause variation of concern
    ([("2022/23", 6.9, None, None), ("2024/25", 6.0, None, None)], "special_cause_concern",
     "On track: the latest value is at or better than the milestone; yet the latest figure shows special cause "
     "variation of concern (SPC)."),
    # off track, yet the rate since the baseline reaches the target in time
    ([("2020/21", 7.3, None, None), ("2024/25", 7.0, None, None), ("2025/26", 5.6, None, None)], None,
     None),
])
def test_reason_line_reconciles_the_status_with_the_projection_and_spc(series, spc, want):
    ind = make_indicator()
    a = make(assess(ind, "E54000032", series), spc_variation=spc)
    line = present.reason_line(ind, a)
    if want is not None:
        assert line == want
    else:
        assert line.startswith(f"{present.STATUS_LABEL[a.status]}: ")
        assert ("; yet at its rate since" in line) == (a.status in ("at_risk", "off_track"))
