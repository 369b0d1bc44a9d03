"""One verdict everywhere: for every area an officer can choose, the Overview, the Log-frame page, the board pack and
`status --json` show each log-frame indicator with the same status, value and period, and list the same indicators
(none set for an area that does not overlap the chosen one)."""
import json

import pandas as pd
import pytest

from logframe import boardpack, filters, present
from logframe.__main__ import main
from logframe.extracts import take_snapshot
from tests.app.conftest import html_tables, open_page, overview_rows
from tests.conftest import ROOT
from tests.unit.test_boardpack import Pack

AREAS = filters.area_options(__import__("logframe.registry", fromlist=["load_registry"]).load_registry())


@pytest.fixture(scope="module")
def snapshot(registry):
    return take_snapshot(ROOT / "data" / "extracts", registry)


def cli_view(area, capsys) -> dict[str, tuple[str, str | None, str | None]]:
    capsys.readouterr()
    assert main(["status", "--json", "--area", area]) == 0
    return {r["indicator_id"]: r for r in json.loads(capsys.readouterr().out)}


def logframe_view(area) -> dict[str, tuple[str, str]]:
    """{title: (status words, latest cell)} from the Log-frame page's indicator tables."""
    tables = pd.concat(html_tables(open_page("pages/logframe.py", area=area)))
    return {row.Indicator: (row.Status, row.Latest) for row in tables.itertuples(index=False)}


@pytest.mark.parametrize("area", AREAS)
def test_every_view_gives_every_indicator_the_same_verdict(registry, snapshot, capsys, area):
    cli = cli_view(area, capsys)
    logframe_ids = {i for i in cli if not registry.indicators[i].supporting}
    overview = overview_rows(open_page(area=area))
    assert set(overview) == logframe_ids  # the same indicators listed
    on_logframe = logframe_view(area)
    assert set(on_logframe) == {registry.indicators[i].title for i in cli}
    pack = Pack(boardpack.build_boardpack(registry, snapshot, area=area))
    block = boardpack.read_previous(pack.html)["indicators"]
    assert set(block) == set(cli)
    listing = pack.text("not-assessed")

    for ind_id in logframe_ids:
        ind, r = registry.indicators[ind_id], cli[ind_id]
        label = present.STATUS_LABEL[r["status"]]
        value = present.format_value(ind.unit, r["value"]) if r["value"] is not None else None
        period = present.period_text(r["period"]) if r["value"] is not None else None
        where = registry.area_name(r["area_code"])
        # the Overview
        assert overview[ind_id] == (label, value, period), (area, ind_id)
        # the Log-frame page
        status_words, latest = on_logframe[ind.title]
        assert status_words == present.status_words(r["status"]), (area, ind_id)
        basis = f" {present.basis_label(r['basis'])}" if r["basis"] and value else ""
        assert latest == (f"{value} ({period}){basis}" if value else "no data"), (area, ind_id)
        # the board pack: its status block, its summary table (or its list of those without a page)
        assert (block[ind_id]["status"], block[ind_id]["area_code"], block[ind_id]["value"], block[ind_id]["period"]) \
            == (r["status"], r["area_code"], r["value"], r["period"]), (area, ind_id)
        if r["status"] == "not_assessable":
            assert f"{ind.title} ({ind.shared_outcome}, {where})" in listing, (area, ind_id)
        else:
            row = pack.row(ind.title)
            assert f"| {where} | {present.status_words(r['status'])} |" in row, (area, ind_id)
            latest = row.split(" | ")[3]  # the value, then its period on a line of its own
            assert (latest.startswith(f"{value}{period}")) if value else not latest[:1].isdigit(), (area, ind_id)


@pytest.mark.parametrize("path", [None, "pages/indicator.py", "pages/districts.py", "pages/logframe.py",
                                  "pages/data.py"])
def test_every_page_links_to_the_one_paragraph_on_where_indicators_are_judged(path):
    at = open_page(path)
    links = [p.proto for p in at.sidebar.get("page_link")]
    assert any(p.label.startswith("Where each indicator is judged") and p.page == "judging" for p in links)


def test_the_judging_page_says_the_rule_and_each_status():
    at = open_page("pages/judging.py")
    text = "\n".join(m.value for m in at.markdown)
    assert present.judging_rule() in text
    table = at.table[0].value
    assert list(table["Status"]) == [present.status_words(s) for s in present.STATUS_LABEL]
