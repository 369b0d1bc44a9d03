"""Markdown and HTML from outside, in a real browser: in the link's parameters, an extract's value notes, file names
and an extracts folder's area names, they show as the text they are on every page: no link, no image, no markup."""
import shutil
import urllib.parse

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from logframe import contract
from tests.browser.conftest import running_server
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

EVIL = "evil.example"
LINK = f"[Sign in](https://{EVIL}/login)"
IMAGE = "![x](http://127.0.0.1:9/tracker.png)"
BOLD = "<b>loud</b> **bold** :red[red]"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "extracts"
    shutil.copytree(ROOT / "data" / "extracts", folder)
    rows = [{"indicator_id": "loneliness_often_always", "area_code": code, "period": "2024/25", "value": None,
             "lower_ci": None, "upper_ci": None, "value_note": f"{LINK} {IMAGE} {BOLD}"}
            for code in ("E07000114", "N99")]
    (folder / "areas.csv").write_text(f"code,name,kind,other_names,parent\nN99,{LINK} {BOLD},neighbourhood,,E07000114\n")
    # illustrative, like the shipped loneliness figures, and newer: Thanet's 2024/25 figure becomes this note
    table = pa.Table.from_pylist(rows).replace_schema_metadata({contract.META_ILLUSTRATIVE: b"true"})
    pq.write_table(table, folder / f"{LINK.replace('/', '_')} {IMAGE.replace('/', '_')}.parquet")
    (folder / f"{BOLD.replace('/', '_')} rejected.parquet").write_text("not parquet")
    with running_server(tmp_path_factory.mktemp("log") / "streamlit.log", folder) as url:
        yield url


QUERY = urllib.parse.urlencode({"area": LINK, "directorate": IMAGE, "outcome": BOLD})


@pytest.mark.parametrize("path", ["", "indicator", "districts?indicator=loneliness_often_always", "logframe",
                                  "data", "judging"])
def test_outside_text_is_shown_as_text(browser, hostile_server, path):
    page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    sep = "&" if "?" in path else "?"
    page.goto(f"{hostile_server}/{path}{sep}{QUERY}")
    page.wait_for_selector("[data-testid='stMain']", timeout=60_000)
    page.get_by_text("is not one we know", exact=False).first.wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.locator("[data-testid='stException']").count() == 0
    links = page.locator(f"a[href*='{EVIL}']")
    assert links.count() == 0, [links.nth(i).evaluate("e => e.parentElement.parentElement.outerHTML")
                                for i in range(links.count())]  # no link formed
    assert page.locator("img[src*='tracker']").count() == 0  # no image formed
    hosts = {urllib.parse.urlsplit(u).netloc for u in requests}
    assert not hosts & {"127.0.0.1:9", EVIL}  # nothing fetched from them
    assert page.locator("[data-testid=stMarkdownContainer] b:has-text('loud')").count() == 0  # no HTML
    # the link's value is quoted as typed (word joiners, invisible, keep addresses from becoming links), in the main
    # column, where a phone shows it
    assert LINK in page.locator("[data-testid=stMain]").inner_text().replace("\u2060", "")
    page.context.close()


def test_notes_file_and_area_names_read_as_typed(browser, hostile_server):
    page = browser.new_context(viewport={"width": 1400, "height": 2400}).new_page()
    page.goto(f"{hostile_server}/data")
    page.get_by_text("Rejected:", exact=False).first.wait_for(timeout=60_000)
    main = page.locator("[data-testid=stMain]").inner_text().replace("\u2060", "")
    assert f"Rejected: {BOLD.replace('/', '_')} rejected.parquet" in main
    assert page.locator(f"a[href*='{EVIL}']").count() == 0 and page.locator("img[src*='tracker']").count() == 0
    page.goto(f"{hostile_server}/districts?indicator=loneliness_often_always&area=E07000114")
    page.get_by_text("Open a district", exact=False).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.locator(f"a[href*='{EVIL}']").count() == 0 and page.locator("img[src*='tracker']").count() == 0
    # Thanet's value note, shown beside the district picked by the link, reads as typed
    main = page.locator("[data-testid=stMain]").inner_text().replace("\u2060", "")
    assert f"{LINK} {IMAGE} {BOLD}" in main
    page.context.close()
