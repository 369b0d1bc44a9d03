"""The board pack in Debian's chromium: opened offline with every indicator page drawn, and printed to an A4 PDF."""
import os
import re
import shutil
import subprocess
import sys
import zlib

import pytest
from axe_playwright_python.sync_playwright import Axe

from logframe import boardpack, pdf
from logframe.extracts import take_snapshot
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
    # plotly draws each chart into an SVG; wait until every indicator page has its chart.
    page.wait_for_function(f"document.querySelectorAll('.plotly-graph-div .main-svg').length >= {len(titles)}",
                           timeout=30_000)
    for title in titles:
        heading = page.get_by_role("heading", name=title, exact=True)
        assert heading.count() == 1 and heading.is_visible(), title
    assert page.get_by_role("heading", name=boardpack.TITLE).is_visible()
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert not bad, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
                              for v in bad)
    assert errors == []
    assert requests and all(u.startswith(("file://", "data:")) for u in requests), \
        [u for u in requests if not u.startswith(("file://", "data:"))]


def _pdf_text_operators(data: bytes) -> int:
    """How many text-showing operators (Tj, TJ) the PDF's Flate streams hold: zero means no text was printed."""
    count = 0
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        try:
            body = zlib.decompressobj().decompress(data[m.end():end])
        except zlib.error:
            continue
        count += len(re.findall(rb"\bT[jJ]\b", body))
    return count


def test_pack_prints_to_an_a4_pdf(pack_file, tmp_path):
    path, titles = pack_file
    printed = pdf.print_pdf(path, tmp_path / "pack.pdf", chromium=CHROMIUM)
    data = printed.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    # cover, summary and the page of indicators without a page of their own, then a page per indicator (at least)
    assert pages >= 3 + len(titles)
    # A4 is 595 x 842 points.
    sizes = {tuple(round(float(v)) for v in box) for box in
             re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)}
    assert sizes == {(595, 842)}
    assert b"/Font" in data and _pdf_text_operators(data) > 100
    if shutil.which("pdftotext"):  # not required; where it is installed, check the charts were drawn before printing
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert text.count("solid line, circles") == len(titles)  # each chart's legend


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
