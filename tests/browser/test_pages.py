"""Every page in a real browser: its key text, no exception box, and no serious or critical axe violation.

Screenshots go to a temporary folder, so a test run changes no file in the repository; `make screenshots` runs these
tests with LOGFRAME_SCREENSHOTS_DIR=docs/screenshots to refresh the README's pictures."""
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("LOGFRAME_SCREENSHOTS_DIR")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")

# (url path and query, text a user must see, screenshot name)
PAGES = [
    ("", "on track", "overview"),
    ("indicator?indicator=loneliness_often_always", "milestone", "indicator"),
    ("districts?indicator=loneliness_often_always", "Kent", "districts"),
    ("logframe", "I statements", "logframe"),
    ("data", "Last refreshed", "data"),
    ("judging", "Where each indicator is judged", "judging"),
]


def open_page(page, server, path, text):
    page.goto(f"{server}/{path}")
    page.wait_for_selector("[data-testid='stMain']", timeout=60_000)
    page.get_by_text(text, exact=False).first.wait_for(timeout=60_000)
    # wait until Streamlit has finished this run
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.wait_for(timeout=30_000)
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
        .every(c => c.querySelector('.main-svg'))""", timeout=30_000)
    page.wait_for_timeout(1000)


@pytest.mark.parametrize("path,text,shot", PAGES, ids=[p[2] for p in PAGES])
def test_page_reads_right_and_passes_axe(page, server, shots, path, text, shot):
    open_page(page, server, path, text)
    assert page.locator("[data-testid='stException']").count() == 0
    if shot != "judging":
        assert page.get_by_text("Illustrative data", exact=False).count() >= 1
    shots.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 2200})  # Streamlit scrolls inside its own container
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
        .every(c => c.querySelector('.main-svg'))""", timeout=30_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(shots / f"{shot}.png"))
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad)


@pytest.mark.parametrize("path,text,shot", PAGES, ids=[p[2] for p in PAGES])
def test_dark_theme_passes_axe(browser, server, shots, path, text, shot):
    """With the reader's system set to dark, the dashboard follows, and still meets contrast."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    try:
        open_page(page, server, path, text)
        background = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
        assert background != "rgb(255, 255, 255)"
        if shot == "indicator":
            page.screenshot(path=str(shots / "indicator-dark.png"))
        bad = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad)
    finally:
        context.close()
