"""A deep link as the very first request a server gets still runs the frame (filters, navigation) first."""
import pytest

from tests.browser.conftest import running_server

pytestmark = pytest.mark.browser


def test_first_request_to_a_fresh_server_is_a_deep_link(page, tmp_path):
    with running_server(tmp_path / "streamlit.log") as url:
        page.goto(f"{url}/districts?indicator=carer_satisfaction_very_satisfied&area=E07000114")
        page.get_by_text("Districts compared with Kent").wait_for(timeout=60_000)
        page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stSidebar']").get_by_text("Filters").count() == 1
