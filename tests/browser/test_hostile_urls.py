"""Every page opened from a hostile link in a real browser: the default view, a note, no exception."""
import urllib.parse

import pytest

pytestmark = pytest.mark.browser

HOSTILE = {"area": "'; DROP TABLE observations; --", "outcome": "<script>alert(1)</script>",
           "directorate": "../../etc/passwd", "indicator": "x" * 2000}


@pytest.mark.parametrize("path", ["", "indicator", "districts", "logframe", "data"])
def test_hostile_link(page, server, path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/{path}?{urllib.parse.urlencode(HOSTILE)}")
    page.get_by_text("is not one we know", exact=False).first.wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("is not one we know", exact=False).count() == 4
    assert dialogs == []  # the script tag was shown as text, never run
    # a bad value leaves its box on the default, not empty
    assert page.get_by_role("combobox", name="Shared outcome").input_value() == "All shared outcomes"
    assert page.get_by_role("combobox", name="Directorate").input_value() == "All directorates"
