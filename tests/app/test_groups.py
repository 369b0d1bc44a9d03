"""The indicator page's groups and council sections and the Districts page's deprivation section, as a reader sees
them (AppTest), on the shipped extracts and on a folder with deprivation deciles."""
import json

from tests.app.conftest import open_page, page_text
from tests.conftest import write_extract

KENT = "E10000016"
REABLEMENT = "reablement_still_home_91_days_kent"


def _plain(at) -> str:
    return page_text(at).replace("\\", "").replace("\u2060", "")


def test_kents_reablement_groups_and_ranks_each_chart_with_a_summary_and_a_table():
    """One page run for the shipped data's Kent reablement (AppTest runs are the slow part)."""
    at = open_page("pages/indicator.py", indicator=REABLEMENT, area=KENT)
    text = _plain(at)
    # Who is left behind: each group against Kent's 86.8%
    for group, value in (("65-74", "86.5%"), ("75-84", "87.9%"), ("85 and over", "85.9%"), ("Female", "86.5%"),
                         ("Male", "87.4%")):
        assert f"{group}: {value} (95% CI" in text, group
    assert text.count("in 2020/21, ● similar to Kent's 86.8%") >= 5
    assert "The gap between men and women (men minus women) was 6.8 points in 2018/19" in text
    assert "it has narrowed since 2018/19" in text
    assert "Not calculated: the slope index of inequality needs figures for every deprivation decile" in text
    assert "phe_sii" in text and "Low and Low, 2004" in text  # the method is named
    # the whole-population verdict is unchanged: no status (the latest figure predates the baseline)
    assert "before the baseline period 2021/22" in text
    # how Kent compares with every council
    assert ("In 2020/21 Kent (86.8%) ranks 4th of 25 county councils (the best quarter), 34th of 147 councils "
            "with adult social care duties") in text
    assert "In 2020/21 Medway (60.5%) ranks 51st of 56 unitary authorities" in text
    charts = {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    bench = next(spec for key, spec in charts.items() if "benchmark_chart" in key)
    metas = [t.get("meta") for t in bench["data"]]
    assert f"mark:{KENT}" in metas and "mark:E06000035" in metas and "group" in metas
    assert {a["text"] for a in bench["layout"]["annotations"]} == {"England 79.1%", "South East 76.7%"}
    # every new chart has its summary (its alt text, printed under it) and its table alternative
    for key in ("groups_chart", "groups_sex_chart", "groups_age_chart", "benchmark_chart"):
        assert any(key in c for c in charts), key
    tables = [d.value for d in at.dataframe]
    groups = next(t for t in tables if "Compared with Kent" in t.columns)
    assert len(groups[groups["Period"] == "2020/21"]) == 5 and set(groups["Compared with Kent"]) >= {"● Similar to"}
    by_sex = next(t for t in tables if "Gap (Male minus Female)" in t.columns)
    assert by_sex["Period"].tolist() == ["2018/19", "2019/20", "2020/21"]
    councils = next(t for t in tables if "Council" in t.columns)
    assert councils[councils["Council"] == "Kent"]["Rank"].tolist() == [34] and len(councils) == 147


def test_an_indicator_without_groups_says_so(extracts):
    write_extract(extracts / "a.parquet", [{"indicator_id": "loneliness_often_always", "area_code": "E54000032",
                                            "period": "2023/24", "value": 7.0}])
    at = open_page("pages/indicator.py", indicator="loneliness_often_always", area="E54000032")
    text = _plain(at)
    assert "The extracts give no figures by sex, age, deprivation or other group for Kent and Medway" in text
    assert not any(s.value.startswith("How it compares") for s in at.subheader)  # not published for every council


def test_deprivation_deciles_show_the_sii_on_the_page(extracts):
    ind = "smoking_routine_manual_kent"
    rows = [{"indicator_id": ind, "area_code": KENT, "period": "2022", "value": 22.0, "lower_ci": 20.0,
             "upper_ci": 24.0, "denominator": 30000.0, "breakdown_type": None, "breakdown": None}]
    for k, label in enumerate(["Most deprived decile (IMD2019)", "Second most deprived decile (IMD2019)",
                               "Third more deprived decile (IMD2019)", "Fourth more deprived decile (IMD2019)",
                               "Fifth more deprived decile (IMD2019)", "Fifth less deprived decile (IMD2019)",
                               "Fourth less deprived decile (IMD2019)", "Third less deprived decile (IMD2019)",
                               "Second least deprived decile (IMD2019)", "Least deprived decile (IMD2019)"], 1):
        v = 34.0 - 1.5 * k
        rows.append({"indicator_id": ind, "area_code": KENT, "period": "2022", "value": v, "lower_ci": v - 2.5,
                     "upper_ci": v + 2.5, "denominator": 3000.0, "breakdown_type": "deprivation_decile",
                     "breakdown": label})
    write_extract(extracts / "deciles.parquet", rows)
    at = open_page("pages/indicator.py", indicator=ind, area=KENT)
    text = _plain(at)
    assert "Deprivation decile, 2022: SII -" in text and "RII" in text
    assert "Most deprived decile (IMD2019): 32.5%" in text and "▼ worse than Kent's 22%" in text
    assert "Least deprived decile (IMD2019): 19%" in text and "▲ better than Kent's 22%" in text


def test_districts_page_sets_each_district_against_deprivation():
    at = open_page("pages/districts.py", indicator="economic_inactivity_16_64")
    text = _plain(at)
    assert any(s.value == "Districts and deprivation" for s in at.subheader)
    assert "Spearman's rank correlation between deprivation and how well each area does: ρ = " in text
    assert "n = 13" in text and "English Indices of Deprivation 2019" in text
    spec = json.loads(next(c for c in at.get("plotly_chart") if "deprivation_chart" in c.proto.id).proto.spec)
    assert sorted(n for t in spec["data"] for n in t["text"]) == sorted(
        ["Ashford", "Canterbury", "Dartford", "Dover", "Folkestone and Hythe", "Gravesham", "Maidstone", "Medway",
         "Sevenoaks", "Swale", "Thanet", "Tonbridge and Malling", "Tunbridge Wells"])  # a labelled point each
    table = next(d.value for d in at.dataframe if "IMD 2019 rank (1 = most deprived)" in d.value.columns)
    assert table["Area"].iloc[0] == "Thanet" and len(table) == 13  # the most deprived first
