"""AppTest set-up shared by the page tests."""
import re

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from logframe.extracts import take_snapshot
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def navigation_frame(monkeypatch):
    """Run every page inside dashboard.py's st.navigation frame, as the served app does once st.navigation has run.

    Streamlit treats a folder named pages/ as a legacy (v1) multipage app until st.navigation is called, and
    AppTest resets that flag before every run, so a switched-to page would otherwise run without the frame
    (no sidebar filters, no URL handling). The served app's first-request case is covered by
    tests/browser/test_deep_link.py.
    """
    init = PagesManager.__init__

    def frame_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", frame_init)


@pytest.fixture(scope="module")
def snapshot(registry):
    """The shipped default extracts, validated once per test module."""
    return take_snapshot(registry=registry)


def open_page(path: str | None = None, **params) -> AppTest:
    """Run the app on a page (None = the default overview) with URL parameters, and check it raised nothing."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    if path:
        at.run()  # the frame first: st.navigation registers the pages
    for key, value in params.items():
        at.query_params[key] = value
    if path:
        at.switch_page(path).run()
    else:
        at.run()
    assert not at.exception
    return at


def page_text(at: AppTest) -> str:
    """Everything a reader sees as text: markdown, captions and notes."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    for kind in (at.info, at.warning, at.error, at.success):
        parts += [e.value for e in kind]
    return "\n".join(parts)


PILL = re.compile(r'data-indicator="([a-z0-9_]+)"[^>]*>(\S+) ([A-Za-z ]+)</span>')
LATEST = re.compile(r"\*\*(?P<value>[^*]+)\*\* in (?P<period>[^,(]+?)(,| \(|$)")


def overview_rows(at: AppTest) -> dict[str, tuple[str, str | None, str | None]]:
    """Each indicator row of the Overview as its reader sees it: {indicator id: (status, latest value, period)}.

    A row is its status pill (which names the indicator) and the cells after it; value and period are None where the
    row shows no figure."""
    out = {}
    cells = [m.value for m in at.markdown]
    for n, cell in enumerate(cells):
        m = PILL.search(cell)
        if not m:
            continue
        nxt = re.sub(r'<span class="lf-narrow">[^<]*</span>', "", cells[n + 1]) if n + 1 < len(cells) else ""
        latest = LATEST.search(nxt) or REASON_LATEST.search(nxt.replace("\\", "").replace("\u2060", ""))
        out[m.group(1)] = (m.group(3), latest and latest["value"], latest and latest["period"].strip())
    return out


REASON_LATEST = re.compile(r"Latest: (?P<value>.+?) in (?P<period>[^.(]+)")
