"""AppTest set-up shared by the page tests."""
import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from logframe.extracts import take_snapshot
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def snapshot(registry):
    """The shipped default extracts, validated once per test module."""
    return take_snapshot(registry=registry)


FRAME = ROOT / "tests" / "app" / "frame.py"  # dashboard.py, run as the server runs it (see frame.py)


def app_test(timeout: float = 60) -> AppTest:
    """The app (dashboard.py through tests/app/frame.py), not yet run."""
    return AppTest.from_file(str(FRAME), default_timeout=timeout)


def switch(at: AppTest, path: str) -> AppTest:
    """Switch to a page by its path in the repository ('pages/data.py'); run it with .run()."""
    return at.switch_page(str(ROOT / path))


def open_page(path: str | None = None, **params) -> AppTest:
    """Run the app on a page (None = the default overview) with URL parameters, and check it raised nothing."""
    at = app_test()
    if path:
        at.run()  # the frame first: st.navigation registers the pages
    for key, value in params.items():
        at.query_params[key] = value
    if path:
        switch(at, path).run()
    else:
        at.run()
    assert not at.exception
    return at


TAG = re.compile(r"<[^>]+>")


def plain(value: str) -> str:
    """The text of a Markdown value that holds HTML (tags dropped, entities read), as a reader sees it."""
    return html.unescape(TAG.sub(" ", value)) if "<" in value else value


def page_text(at: AppTest) -> str:
    """Everything a reader sees as text: markdown (the words of its HTML), captions and notes."""
    parts = [plain(m.value) for m in at.markdown] + [c.value for c in at.caption]
    for kind in (at.info, at.warning, at.error, at.success):
        parts += [e.value for e in kind]
    return "\n".join(parts)


class _Rows(HTMLParser):
    """The Overview's table rows (<tr data-indicator=...>) and board target cards, as text by cell class."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, dict[str, str]] = {}
        self.cards: dict[str, dict[str, str]] = {}
        self.links: dict[str, str] = {}  # link text -> href
        self._row: dict | None = None
        self._cell: str | None = None
        self._outer: str | None = None
        self._depth = 0
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("tr", "li") and a.get("data-indicator"):
            self._row = (self.rows if tag == "tr" else self.cards).setdefault(a["data-indicator"], {})
        elif self._row is not None and tag in ("td", "th", "p", "h3"):
            self._cell = (a.get("class") or tag).split()[0]
            self._row.setdefault(self._cell, "")
        elif self._row is not None and tag == "span" and "lf-fresh" in (a.get("class") or ""):
            self._outer, self._cell = self._cell, "lf-fresh"  # when the next figure is due: a cell of its own
            self._row.setdefault(self._cell, "")
        if tag == "a":
            self._href, self._text = a.get("href"), []

    def handle_endtag(self, tag):
        if tag == "span" and self._cell == "lf-fresh":
            self._cell = self._outer
        elif tag in ("tr", "li"):
            self._row, self._cell = None, None
        elif tag in ("td", "th", "p", "h3"):
            self._cell = None
        elif tag == "a" and self._href is not None:
            self.links["".join(self._text).strip()] = self._href
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)
        if self._row is not None and self._cell is not None:
            self._row[self._cell] += data


def overview_html(at: AppTest) -> _Rows:
    """Every row, card and link of the Overview's HTML blocks."""
    parsed = _Rows()
    for m in at.markdown:
        if "<" in m.value:
            parsed.feed(m.value)
    return parsed


STATUS_WORD = re.compile(r"^\s*\S+ (?P<status>[A-Za-z ]+?)\s*$")
LATEST = re.compile(r"^(Latest: )?(?P<value>.+?) in (?P<period>.+?)(, before the baseline)?( \(.*\))?"
                    r"( (Real|Derived|Illustrative))?\s*$")
REASON_LATEST = re.compile(r"Latest: (?P<value>.+?) in (?P<period>[^.(,]+)")


COUNT = re.compile(r'<li class="lf-count[^"]*"><strong>(\d+)</strong> ([^<]+?)\s*</li>')


def overview_counts(at: AppTest) -> dict[str, int]:
    """The Overview's status tiles: {'★ Achieved': 4, ..., 'Supporting measures (no target)': 19}."""
    return {html.unescape(label): int(n) for m in at.markdown for n, label in COUNT.findall(m.value)}


def overview_rows(at: AppTest) -> dict[str, tuple[str, str | None, str | None]]:
    """Each indicator row of the Overview as its reader sees it: {indicator id: (status, latest value, period)};
    value and period are None where the row shows no figure."""
    out = {}
    for ind, cells in overview_html(at).rows.items():
        if "lf-status" not in cells:
            continue  # a supporting measure: no status
        status = STATUS_WORD.match(cells["lf-status"])["status"]
        latest = " ".join(cells.get("lf-latest", "").split())
        m = LATEST.match(latest) if latest and " in " in latest and ";" not in latest else None
        if m is None and "lf-reason" in cells:
            m = REASON_LATEST.search(cells["lf-reason"])
        out[ind] = (status, m and m["value"], m and m["period"].strip())
    return out


class _Tables(HTMLParser):
    """HTML tables in Markdown blocks as rows of cell texts (the labels shown only on a phone left out), with each
    row's first link."""

    def __init__(self, css_class: str):
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.tables: list[dict] = []
        self._in = self._narrow = False
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and self.css_class in (a.get("class") or "").split():
            self._in = True
            self.tables.append({"header": [], "rows": [], "links": []})
        elif self._in and tag == "tr":
            self._row = []
        elif self._in and tag in ("th", "td") and self._row is not None:
            self._cell = []
        elif self._in and tag == "span" and "lf-narrow" in (a.get("class") or ""):
            self._narrow = True
        elif self._in and tag == "a" and self._row is not None and len(self.tables[-1]["links"]) <= len(
                self.tables[-1]["rows"]):
            self.tables[-1]["links"].append(a.get("href"))

    def handle_endtag(self, tag):
        if tag == "table" and self._in:
            self._in = False
        elif self._in and tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif self._in and tag == "tr" and self._row is not None:
            t = self.tables[-1]
            if t["header"]:
                t["rows"].append(self._row)
            else:
                t["header"] = self._row  # the first row: the column headings
            self._row = None
        elif tag == "span" and self._narrow:
            self._narrow = False

    def handle_data(self, data):
        if self._cell is not None and not self._narrow:
            self._cell.append(data)


def html_tables(at: AppTest, css_class: str = "lf-list") -> list[pd.DataFrame]:
    """The page's HTML tables of a class as DataFrames (cell texts; a 'link' column: each row's first link)."""
    parser = _Tables(css_class)
    for m in at.markdown:
        if "<table" in m.value:
            parser.feed(m.value)
    out = []
    for t in parser.tables:
        frame = pd.DataFrame(t["rows"], columns=t["header"])
        frame["link"] = t["links"] + [None] * (len(frame) - len(t["links"]))
        out.append(frame)
    return out
