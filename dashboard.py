"""logframe: is Kent and Medway on course for its Integrated Care Strategy targets? The frame: pages and filters."""
import dataclasses

import streamlit as st

from logframe import cache, commentary_ui, config, ui

# The icon is the dashboard's own file: a Material symbol as page icon is fetched from Google's font server.
st.set_page_config(page_title="Kent and Medway ICS log-frame", page_icon=str(ui.PAGE_ICON), layout="wide")
try:
    config.settings()
except config.ConfigError as exc:  # an administrator's mistake: say which setting, serve nothing misleading
    st.error(f"The dashboard cannot start: {exc}", icon=":material/error:")
    st.stop()
config.configure_logging()
ui.page_style()

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/indicator.py", title="Indicator", icon=":material/show_chart:", url_path="indicator"),
    st.Page("pages/districts.py", title="Districts", icon=":material/map:", url_path="districts"),
    st.Page("pages/logframe.py", title="Log-frame", icon=":material/account_tree:", url_path="logframe"),
    st.Page("pages/data.py", title="Data", icon=":material/folder_open:", url_path="data"),
    st.Page("pages/judging.py", title="How status is judged", icon=":material/rule:", url_path="judging"),
]
page = st.navigation(PAGES)
st.session_state["filters"] = ui.sidebar_filters()
ui.link_notes()
commentary_ui.sidebar(cache.registry())  # sign in and out, when sign-in is configured
if ui.extracts_folder_usable(page.url_path):
    page.run()
# The indicator belongs in the URL only on the pages that show one indicator.
shown = st.session_state.get(ui.WIDGET_KEYS["indicator"]) if page.url_path in ("indicator", "districts") else None
ui.write_url(dataclasses.replace(st.session_state["filters"], indicator=shown))
