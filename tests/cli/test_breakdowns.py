"""python -m logframe breakdowns --json --indicator ID --area CODE: every group's figure in an area, each compared
with the area's own, and the SII and RII where deprivation deciles or quintiles are given."""
import json
import os
import subprocess
import sys

from tests.conftest import ROOT, write_extract

KENT = "E10000016"
REABLEMENT = "reablement_still_home_91_days_kent"
# Kent's ASCOF 2020/21 reablement by age band and sex, as published (meas-from-asc-of-eng-2021-open-data.csv).
PUBLISHED = {("age", "65-74"): 86.5, ("age", "75-84"): 87.9, ("age", "85 and over"): 85.9, ("sex", "Female"): 86.5,
             ("sex", "Male"): 87.4}


def breakdowns(*args, env=None, ok=True):
    out = subprocess.run([sys.executable, "-m", "logframe", "breakdowns", *args], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, **(env or {})})
    assert (out.returncode == 0) == ok, out.stderr
    return out


def test_kents_2020_21_reablement_by_age_and_sex_each_compared_with_kents_figure():
    out = breakdowns("--json", "--indicator", REABLEMENT, "--area", KENT,
                     env={"LOGFRAME_EXTRACTS_DIR": str(ROOT / "data" / "extracts")})
    got = json.loads(out.stdout)
    assert got["area_code"] == KENT and got["area_name"] == "Kent"
    latest = {(r["breakdown_type"], r["breakdown"]): r for r in got["rows"] if r["period"] == "2020/21"}
    assert {k: r["value"] for k, r in latest.items()} == PUBLISHED
    for r in latest.values():
        assert r["overall_value"] == 86.8 and r["compared"] == "similar"  # each group's 95% CI holds 86.8%
        assert r["lower_ci"] < r["value"] < r["upper_ci"] and r["numerator"] <= r["denominator"]
        assert r["source_file"] == "real/ascof/meas-from-asc-of-eng-2021-open-data.parquet"
    assert {(r["breakdown"], r["period"]) for r in got["rows"] if r["breakdown_type"] == "sex"} >= {
        ("Female", "2018/19"), ("Male", "2018/19"), ("Female", "2019/20"), ("Male", "2019/20")}
    sex = next(g for g in got["gaps"] if g["breakdown_type"] == "sex")
    assert sex["change"] == "narrowed" and sex["points"][0]["period"] == "2018/19"
    assert got["sii"] == []  # no deprivation groups: no SII


def test_deprivation_deciles_give_the_sii_and_rii_with_their_limits(extracts):
    ind = "smoking_routine_manual_kent"
    rows = [{"indicator_id": ind, "area_code": KENT, "period": "2022", "value": 22.0, "lower_ci": 20.0,
             "upper_ci": 24.0, "denominator": 30000.0, "breakdown_type": None, "breakdown": None}]
    for k in range(1, 11):
        v = 34.0 - 1.5 * k
        rows.append({"indicator_id": ind, "area_code": KENT, "period": "2022", "value": v, "lower_ci": v - 2.5,
                     "upper_ci": v + 2.5, "denominator": 3000.0, "breakdown_type": "deprivation_decile",
                     "breakdown": str(k)})
    write_extract(extracts / "deciles.parquet", rows)
    got = json.loads(breakdowns("--json", "--indicator", ind, "--area", KENT).stdout)
    (sii,) = got["sii"]
    assert sii["applies"] and sii["period"] == "2022" and sii["repetitions"] == 100_000
    assert sii["sii"] < 0  # smoking falls from the most deprived (32.5%) to the least (19%): negative slope
    assert sii["sii_lower_95"] < sii["sii"] < sii["sii_upper_95"] and sii["rii_lower_95"] < sii["rii"] < sii["rii_upper_95"]
    assert all(r["compared"] in ("better", "similar", "worse") for r in got["rows"])
    again = json.loads(breakdowns("--json", "--indicator", ind, "--area", KENT).stdout)
    assert again["sii"] == got["sii"]  # seeded: the same limits every time
    text = breakdowns("--indicator", ind, "--area", KENT).stdout
    assert "Deprivation decile, 2022: SII -" in text


def test_unknown_indicator_or_area_is_one_line_and_exit_2():
    for args, words in ((("--indicator", "nope", "--area", KENT), "no indicator 'nope'"),
                        (("--indicator", REABLEMENT, "--area", "E99"), "unknown area 'E99'")):
        out = breakdowns("--json", *args, ok=False)
        assert out.returncode == 2 and out.stderr.count("\n") == 1 and words in out.stderr
