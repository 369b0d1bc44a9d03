"""A deep link as the very first request a server gets still runs the frame (filters, navigation) first, whichever
page it names."""
import pytest

from tests.browser.conftest import running_server

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path, heading", [
    ("districts?indicator=economic_inactivity_16_64&area=E07000114", "Districts compared with Kent"),
    ("data", "Data: the files behind every number"),
    ("judging", "Where each indicator is judged, and how status is decided"),
])
def test_first_request_to_a_fresh_server_is_a_deep_link(page, tmp_path, path, heading):
    with running_server(tmp_path / "streamlit.log") as url:
        page.goto(f"{url}/{path}")
        page.get_by_text(heading).wait_for(timeout=60_000)
        page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stSidebar']").get_by_text("Filters").count() == 1
