"""AppTest set-up shared by the page tests."""
import pytest
from streamlit.runtime.pages_manager import PagesManager


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
