"""The board pack in Debian's chromium: opened offline with every indicator page drawn, and printed to an A4 PDF that is
read back page by page (pypdf)."""
import os
import re
import subprocess
import sys

import pytest
from axe_playwright_python.sync_playwright import Axe

from logframe import boardpack, pdf
from logframe.extracts import take_snapshot
from logframe.registry import load_registry
from tests.browser.conftest import CHROMIUM
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pack_file(registry, tmp_path_factory):
    snapshot = take_snapshot(ROOT / "data" / "extracts", registry)
    path = tmp_path_factory.mktemp("pack") / "pack.html"
    path.write_text(boardpack.build_boardpack(registry, snapshot), encoding="utf-8")
    titles = [registry.indicators[i].title for i in
              re.findall(r'<section class="page indicator" id="ind-([a-z0-9_]+)"', path.read_text(encoding="utf-8"))]
    assert len(titles) >= 10
    return path, titles


def test_pack_opens_offline_with_every_indicator_and_chart(browser, pack_file):
    path, titles = pack_file
    context = browser.new_context(viewport={"width": 1240, "height": 1754})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    # every chart is drawn already (static SVG): nothing to wait for
    assert page.locator("figure.chart > svg[role=img]").count() == len(titles)
    for title in titles:
        heading = page.get_by_role("heading", name=title, exact=True, level=2)  # its page (a card: level 3)
        assert heading.count() == 1 and heading.is_visible(), title
    assert page.get_by_role("heading", name=boardpack.title(load_registry())).is_visible()
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert not bad, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
                              for v in bad)
    assert errors == []
    assert requests and all(u.startswith(("file://", "data:")) for u in requests), \
        [u for u in requests if not u.startswith(("file://", "data:"))]


def test_pack_prints_to_a4_with_each_indicator_whole_on_its_own_page(pack_file, tmp_path):
    from pypdf import PdfReader

    path, titles = pack_file
    printed = pdf.print_pdf(path, tmp_path / "pack.pdf", chromium=CHROMIUM)
    reader = PdfReader(printed)
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(595, 842)}
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert all(len(t) > 200 for t in texts)  # text was printed on every page
    # An indicator's page is its facts table, first row to last: each one whole on one sheet, in order, and no sheet
    # holding only the rows that spilled from the page before.
    starts = [i for i, t in enumerate(texts) if "Why this status" in t]
    ends = [i for i, t in enumerate(texts) if "Target and data source" in t]
    assert starts == ends and len(starts) == len(titles)
    assert starts == list(range(len(texts) - len(titles), len(texts)))  # the indicator pages close the pack
    for i, title in zip(starts, titles):
        assert title in texts[i] and "solid line, circles" in texts[i], title  # with its chart's key
    # the board's targets open the pack, on its first sheet
    assert "Board targets" in texts[0]


def test_cli_writes_html_and_pdf(tmp_path):
    env = {**os.environ, "LOGFRAME_EXTRACTS_DIR": str(ROOT / "data" / "extracts"), "PATH": os.path.dirname(CHROMIUM)
           + os.pathsep + os.environ.get("PATH", "")}
    out = subprocess.run([sys.executable, "-m", "logframe", "boardpack", "--out", str(tmp_path / "so2.html"),
                          "--outcome", "SO2", "--pdf", str(tmp_path / "so2.pdf")], cwd=ROOT, capture_output=True,
                         text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(tmp_path / "so2.html"), str(tmp_path / "so2.pdf")]
    assert (tmp_path / "so2.pdf").read_bytes().startswith(b"%PDF")


def test_print_pdf_says_plainly_when_there_is_no_chromium(pack_file, tmp_path):
    path, _ = pack_file
    with pytest.raises(pdf.PdfError, match="chromium"):
        pdf.print_pdf(path, tmp_path / "x.pdf", chromium=str(tmp_path / "no-such-chromium"))
