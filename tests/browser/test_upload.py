"""An upload in a real browser: written once, whatever the page does afterwards (filters changed, pages switched), and
readable by the group like the analysts' own files."""
import io
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.browser.conftest import running_server
from tests.validate.cases import good_rows

pytestmark = pytest.mark.browser


def wait_idle(page):
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)


def test_an_upload_is_written_once(browser, tmp_path):
    extracts = tmp_path / "extracts"
    extracts.mkdir()
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(good_rows()), buf)
    upload = tmp_path / "lonely 2024.parquet"
    upload.write_bytes(buf.getvalue())
    with running_server(tmp_path / "streamlit.log", extracts, LOGFRAME_UPLOADS="on") as url:
        page = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
        page.goto(f"{url}/data")
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(upload))
        page.get_by_text("Saved as uploads/lonely_2024.parquet", exact=False).first.wait_for(timeout=60_000)
        wait_idle(page)
        # reruns: two filter changes and a page switch and back
        for name, option in (("Shared outcome", "SO2: Tackle the wider determinants to prevent ill health"),
                             ("Directorate", "Public Health")):
            page.get_by_role("combobox", name=name).click()
            page.get_by_role("option", name=option).click()
            wait_idle(page)
        page.get_by_role("link", name="Overview").click()
        wait_idle(page)
        page.get_by_role("link", name="Data").click()
        wait_idle(page)
        time.sleep(1)
        page.context.close()
    files = sorted(p.name for p in (extracts / "uploads").iterdir())
    assert files == ["lonely_2024.parquet"]
    assert oct((extracts / "uploads" / files[0]).stat().st_mode & 0o777) == "0o644"
