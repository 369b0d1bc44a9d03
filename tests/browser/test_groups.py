"""The new sections in a real browser: Kent's reablement by group and among every council, and the Districts page's
deprivation scatter; each chart drawn with its summary, each table alternative opened, and no serious or critical
axe violation on the light or the dark theme."""
import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser
WAIT = 90_000  # these pages draw five charts and a 150-row table: on a busy 2-core machine a run can take a while


def open_page(page, server, path, text):
    """As tests/browser/test_pages.py opens a page, with the longer wait these sections need."""
    page.goto(f"{server}/{path}")
    page.wait_for_selector("[data-testid='stMain']", timeout=WAIT)
    page.get_by_text(text, exact=False).first.wait_for(timeout=WAIT)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT)
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.wait_for(timeout=WAIT)
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
        .every(c => c.querySelector('.main-svg'))""", timeout=WAIT)
    page.wait_for_timeout(1000)

SECTIONS = [
    ("indicator?indicator=reablement_still_home_91_days_kent&area=E10000016", "Who is left behind: groups",
     ("similar to Kent's 86.8%", "ranks 4th of 25 county councils"),
     ("Show every group's figures as a table", "Show every council's figure as a table")),
    ("districts?indicator=economic_inactivity_16_64", "Districts and deprivation",
     ("Spearman's rank correlation", "English Indices of Deprivation 2019"),
     ("Show the areas and their deprivation as a table",)),
]


def _violations(page) -> list[str]:
    bad = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad]


CASES = [(*SECTIONS[0], "light"), (*SECTIONS[0], "dark"), (*SECTIONS[1], "light")]  # the dark scatter's colours are
# the groups chart's


@pytest.mark.parametrize("path, heading, words, expanders, scheme", CASES,
                         ids=["indicator-groups", "indicator-groups-dark", "districts-deprivation"])
def test_new_sections_read_right_and_pass_axe(browser, server, path, heading, words, expanders, scheme):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    try:
        open_page(page, server, path, heading)
        page.get_by_text(heading, exact=True).first.scroll_into_view_if_needed()
        for w in words:
            assert page.get_by_text(w, exact=False).count() >= 1, w
        for label in expanders:  # each table alternative opens and shows its rows
            page.get_by_text(label, exact=True).first.click()
        page.wait_for_timeout(1500)
        assert page.locator("[data-testid='stException']").count() == 0
        charts = page.locator("[data-testid=stPlotlyChart]")
        assert charts.count() >= 2
        assert page.locator("[data-testid=stDataFrame]").count() >= 1 + len(expanders)
        assert not _violations(page), "\n".join(_violations(page))
    finally:
        context.close()
