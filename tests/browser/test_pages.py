"""Every page in a real browser: its key text, no exception box, and no serious or critical axe violation."""
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# (url path and query, text a user must see, screenshot name)
PAGES = [
    ("", "on track", "overview"),
    ("indicator?indicator=loneliness_often_always", "milestone", "indicator"),
    ("districts?indicator=loneliness_often_always", "Kent", "districts"),
    ("logframe", "I statements", "logframe"),
    ("data", "Last refreshed", "data"),
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
def test_page_reads_right_and_passes_axe(page, server, path, text, shot):
    open_page(page, server, path, text)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Illustrative data", exact=False).count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 2200})  # Streamlit scrolls inside its own container
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
        .every(c => c.querySelector('.main-svg'))""", timeout=30_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / f"{shot}.png"))
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad)


@pytest.mark.parametrize("path,text,shot", PAGES, ids=[p[2] for p in PAGES])
def test_dark_theme_passes_axe(browser, server, path, text, shot):
    """With the reader's system set to dark, the dashboard follows, and still meets contrast."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    try:
        open_page(page, server, path, text)
        background = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
        assert background != "rgb(255, 255, 255)"
        if shot == "indicator":
            page.screenshot(path=str(SHOTS / "indicator-dark.png"))
        bad = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad)
    finally:
        context.close()
