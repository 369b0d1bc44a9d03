"""Every page, with the extracts folder missing or empty: an error (or, when empty, how to add extracts) naming the
setting, and no status anywhere."""
from __future__ import annotations

import pytest

from tests.app.conftest import open_page, page_text

PAGES = [None, "pages/indicator.py", "pages/districts.py", "pages/logframe.py", "pages/data.py"]


@pytest.mark.parametrize("page", PAGES)
def test_a_missing_folder_stops_every_page_with_the_setting_named(tmp_path, monkeypatch, page):
    monkeypatch.setenv("LOGFRAME_EXTRACTS_DIR", str(tmp_path / "unmounted-share"))
    at = open_page(page)
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("LOGFRAME_EXTRACTS_DIR" in e and "does not exist" in e for e in errors), errors
    assert str(tmp_path) not in page_text(at)  # the setting is named, not the server's path
    assert "data-status" not in "\n".join(m.value for m in at.markdown) and not at.metric  # no status, no counts


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_folder_says_no_extracts_yet_and_how_to_add_them(extracts, page):
    at = open_page(page)
    shown = page_text(at).replace("\\", "")
    assert "No extracts yet" in shown and "Drop Parquet or CSV extracts" in shown
    if page != "pages/data.py":
        assert not at.metric and "Achieved" not in shown
    else:  # the Data page still opens: it is where an upload would go
        assert "Upload an extract" in [h.value for h in at.subheader]
