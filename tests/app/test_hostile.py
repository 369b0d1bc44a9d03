"""Hostile values in every URL parameter: a note and the default, never an error or harm.

The frame parses the URL once for every page (logframe.ui -> logframe.filters), so the overview stands for all
pages here; tests/browser/test_hostile_urls.py opens every page with such a URL in a real browser.
"""
import pytest

from logframe.filters import Filters, from_params
from tests.app.conftest import app_test

HOSTILE = [
    "'; DROP TABLE observations; --",
    "\" OR 1=1 --",
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
    "E10000016' UNION SELECT * FROM read_csv('/etc/passwd') --",
    "x" * 5000,
]
IDS = ["sql", "or", "path", "script", "union", "long"]


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_every_parameter_falls_back_to_its_default(registry, value):
    chosen, notes = from_params({k: value for k in ("area", "outcome", "directorate", "indicator")}, registry)
    assert chosen == Filters(registry.partnership)
    assert len(notes) == 4 and all(len(n) < 200 for n in notes)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_overview_with_hostile_link_shows_notes_and_default_view(value):
    at = app_test()
    for key in ("area", "outcome", "directorate", "indicator"):
        at.query_params[key] = value
    at.run()
    assert not at.exception
    notes = [w.value for w in at.main.warning]  # in the main column, where a phone shows them
    assert len([n for n in notes if "is not one we know" in n]) == 4
    assert at.sidebar.selectbox(key="f_area").value == "E54000032"
    assert dict(at.query_params) == {}  # the URL now says what is shown: the default view


def test_a_bad_value_leaves_its_box_on_all_not_empty():
    from tests.app.conftest import open_page
    at = open_page(outcome="bogus", directorate="nope")
    outcome, directorate = at.sidebar.selectbox(key="f_outcome"), at.sidebar.selectbox(key="f_directorate")
    assert (outcome.value, directorate.value) == ("all", "all")
    assert outcome.format_func(outcome.value) == "All shared outcomes"
    assert directorate.format_func(directorate.value) == "All directorates"
