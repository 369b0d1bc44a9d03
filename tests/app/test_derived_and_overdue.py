"""Issue 17 on the shipped data, in every view: Kent and Medway's figure derived from Kent's and Medway's published
counts, labelled derived wherever it is shown; figures overdue by their publisher's usual release, listed on the Data
page and in the board pack."""
from __future__ import annotations

import json
from datetime import date

from logframe import boardpack, charts, releases
from logframe.__main__ import main
from logframe.assessments import assess, observations
from tests.app.conftest import open_page, overview_html, page_text

KM = "E54000032"
LD = "ld_paid_employment"
DERIVED = "derived from Kent and Medway's published counts (Kent 144 of 3,942 and Medway 17 of 634)"


def test_status_json_says_derived_with_the_parts_counts(capsys):
    assert main(["status", "--json", "--indicator", LD]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert (row["area_code"], row["period"], row["value"], row["numerator"], row["denominator"]) == (
        KM, "2020/21", 3.52, 161, 4576)
    assert row["basis"] == "derived" and row["basis_words"] == DERIVED and DERIVED in row["verdict"]


def test_the_overview_and_the_indicator_page_label_it_derived():
    overview = "\n".join(m.value for m in open_page().markdown)
    row = overview.split(f'data-indicator="{LD}"', 1)[1].split("</tr>", 1)[0]
    assert DERIVED.replace("'", "&#39;") in row and ">Derived<" in row
    at = open_page("pages/indicator.py", indicator=LD, area=KM)
    assert DERIVED in page_text(at).replace("\\", "")


def test_the_indicator_table_and_its_download_say_derived(registry, snapshot):
    ind = registry.indicators[LD]
    obs = observations(snapshot, [LD], [KM])
    table = charts.indicator_table(ind, obs, KM, registry)
    mine = table[(table["Area"] == "Kent and Medway") & (table["Period"] == "2020/21")].iloc[0]
    assert mine["Basis"] == "derived" and mine["Numerator"] == 161 and mine["Denominator"] == 4576


def test_the_board_pack_labels_it_derived_and_lists_what_is_overdue(registry, snapshot):
    pack = boardpack.build_boardpack(registry, snapshot, KM, today=date(2026, 12, 2))
    assert DERIVED.replace("'", "&#39;") in pack
    overdue = pack.split('id="overdue"', 1)[1].split("</section>", 1)[0]
    assert ("Older people (65+) still at home 91 days after discharge into reablement - Kent (Kent): latest 2020/21; the "
            "2021/22 figure was due in December 2022") in overdue


def test_the_data_page_lists_what_is_overdue(registry, snapshot):
    late = releases.overdue(registry, assess(registry, snapshot, KM), date.today())
    assert any(a.indicator_id == "reablement_still_home_91_days_kent" for a, _ in late)
    shown = page_text(open_page("pages/data.py")).replace("\\", "")
    assert "Overdue figures" in [h.value for h in open_page("pages/data.py").subheader]
    assert "the 2021/22 figure was due in December 2022" in shown


def test_a_board_targets_card_says_its_next_figure_is_overdue():
    cards = overview_html(open_page()).cards
    assert "overdue since December 2022" in cards["reablement_still_home_91_days_kent"]["lf-fresh"]  # real, 2020/21
    assert "lf-fresh" not in cards["loneliness_often_always"]  # illustrative figures are never current or overdue
