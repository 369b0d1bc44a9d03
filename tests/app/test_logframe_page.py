"""The Log-frame page: every shared outcome with its indicators, actions and I statements; filters; CSV."""
import io

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from logframe import matrix, present
from tests.app.conftest import html_tables, open_page

THANET = "E07000114"


@pytest.fixture
def downloads(monkeypatch):
    """Bytes handed to download buttons, by media file id (AppTest keeps them in a throwaway store)."""
    files: dict[str, bytes] = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = load(self, path_or_data, mimetype, kind, filename)
        files[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


def logframe_page(**params) -> AppTest:
    return open_page("pages/logframe.py", **params)


def outcomes_shown(at) -> list[str]:
    return [s.value.split(":")[0] for s in at.subheader]


def tables(at, first_column: str) -> list[pd.DataFrame]:
    """The indicator tables (HTML) or the actions tables (st.table), by their first column."""
    if first_column == "Indicator":
        return html_tables(at)
    return [t.value for t in at.table if t.value.columns[0] == first_column]


def csv_rows(at, downloads) -> pd.DataFrame:
    url = at.download_button(key="logframe_csv").proto.url
    data = downloads[url.rsplit("/", 1)[1].split(".")[0]]
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)


def registry_rows(registry, outcome=None, directorate=None) -> int:
    """The flat table's length counted from the registry: indicators, actions (once per outcome), I statements."""
    total = 0
    for code in registry.outcomes:
        if outcome and code != outcome:
            continue
        total += sum(i.shared_outcome == code and (directorate is None or directorate in i.directorates)
                     for i in registry.indicators.values())
        total += sum(code in a.shared_outcomes and (directorate is None or a.directorate == directorate)
                     for a in registry.actions)
        total += sum(s.shared_outcome == code for s in registry.i_statements)
    return total


def test_all_six_outcomes_with_ambition_indicators_actions_and_i_statements(registry):
    at = logframe_page()
    assert outcomes_shown(at) == list(registry.outcomes) == ["SO1", "SO2", "SO3", "SO4", "SO5", "SO6"]
    md = "\n".join(m.value for m in at.markdown)
    for o in registry.outcomes.values():
        assert o.ambition.strip() in md
    for s in registry.i_statements:
        assert present.text(s.statement) in md
    ind_tables = tables(at, "Indicator")
    assert sum(len(t) for t in ind_tables) == len(registry.indicators)
    act_tables = tables(at, "What")
    assert [len(t) for t in act_tables] == [sum(code in a.shared_outcomes for a in registry.actions)
                                            for code in registry.outcomes]
    labels = [t.label for t in at.tabs]
    assert labels[:3] == [f"Indicators ({len(registry.outcome_indicators('SO1'))})",
                          f"Actions ({len(act_tables[0])})",
                          f"I statements ({sum(s.shared_outcome == 'SO1' for s in registry.i_statements)})"]


def status_of(at, title) -> tuple[str, str, str]:
    """(status, judged at, latest) of the indicator row with this title, as the page's tables show it."""
    everything = pd.concat(tables(at, "Indicator"))
    row = everything[everything["Indicator"] == title].iloc[0]
    return tuple(row[c] for c in ("Status", "Judged at", "Latest"))


def test_statuses_are_judged_as_the_overview_judges_them(registry):
    at = logframe_page()
    assert any("each indicator at its own geography" in m.value for m in at.markdown)
    assert status_of(at, "People who feel lonely often or always") == ("▲ At risk", "Kent and Medway",
                                                                       "6.8% (2024/25) Illustrative")
    # a Kent indicator under Kent and Medway: Kent's figure, judged at Kent
    assert status_of(at, registry.indicator("reablement_still_home_91_days_kent").title) == (
        "○ No data", "Kent", "86.8% (2020/21) Real")


def test_a_district_lists_what_the_rule_places_there(registry):
    at = logframe_page(area=THANET)
    assert status_of(at, "People who feel lonely often or always") == (
        "▲ At risk", "Thanet (against the Kent and Medway trajectory)", "8.2% (2024/25) Illustrative")
    titles = " ".join(pd.concat(tables(at, "Indicator"))["Indicator"])
    assert registry.indicator("smoking_routine_manual_medway").title not in titles
    assert any("not listed" in m.value for m in at.markdown)


def test_directorate_filter_shows_only_that_directorates_actions(registry):
    at = logframe_page()
    at.sidebar.selectbox(key="f_directorate").set_value("Public Health").run()
    assert not at.exception
    acts = pd.concat(tables(at, "What"))
    assert set(acts["Directorate"]) == {"Public Health"}
    assert len(acts) == sum(a.directorate == "Public Health" for a in registry.actions for _ in a.shared_outcomes)
    inds = pd.concat(tables(at, "Indicator"))
    assert all("Public Health" in d for d in inds["Directorates"])
    assert outcomes_shown(at) == list(registry.outcomes)  # the outcomes stay; their contents narrow


def test_outcome_filter(registry):
    at = logframe_page(outcome="SO4")
    assert outcomes_shown(at) == ["SO4"]
    assert len(tables(at, "What")[0]) == sum("SO4" in a.shared_outcomes for a in registry.actions)


def test_csv_download_has_one_row_per_indicator_action_and_i_statement(registry, downloads):
    at = logframe_page()
    flat = csv_rows(at, downloads)
    assert list(flat.columns) == matrix.CSV_COLUMNS
    assert len(flat) == registry_rows(registry)
    assert flat["type"].value_counts().to_dict() == {
        "Action": sum(len(a.shared_outcomes) for a in registry.actions),
        "Indicator": len(registry.indicators), "I statement": len(registry.i_statements)}


def test_csv_download_follows_the_filters(registry, downloads):
    at = logframe_page(outcome="SO3", directorate="Public Health")
    flat = csv_rows(at, downloads)
    assert len(flat) == registry_rows(registry, "SO3", "Public Health")
    assert set(flat["outcome"]) == {f"SO3: {registry.outcomes['SO3'].name}"}
    assert set(flat.loc[flat["type"] == "Action", "directorate"]) == {"Public Health"}


def test_csv_download_says_the_basis_of_every_figure_and_counts_supporting_measures_apart(registry, downloads):
    at = logframe_page()
    flat = csv_rows(at, downloads)
    indicators = flat[flat["type"] == "Indicator"]
    with_figure = indicators["measure/status"].str.contains(r"\d{4}", regex=True)  # a period: a figure is shown
    assert set(indicators.loc[with_figure, "basis"]) == {"real", "derived", "illustrative"}  # derived: Kent and Medway from its councils' counts
    assert set(indicators.loc[~with_figure, "basis"]) == {""}
    assert set(flat.loc[flat["type"] != "Indicator", "basis"]) == {""}  # actions and I statements: no figure
    lonely = indicators[indicators["text"] == "People who feel lonely often or always"].iloc[0]
    assert lonely["basis"] == "illustrative"
    supporting = sum(i.supporting for i in registry.indicators.values())
    text = "\n".join(m.value for m in at.markdown)
    assert f"**{len(registry.indicators) - supporting} log-frame indicators**" in text
    assert f"**{supporting} supporting measures** (no target)" in text
    assert "57 not assessable" not in text and "38 not assessable" in text  # as the Overview counts them
