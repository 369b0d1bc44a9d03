"""logframe: is the partnership (the registry's ICB) on course for its Integrated Care Strategy targets? The frame:
pages and filters."""
import dataclasses

import streamlit as st

from logframe import cache, commentary_ui, config, runtime, ui

# The icon is the dashboard's own file: a Material symbol as page icon is fetched from Google's font server.
st.set_page_config(page_title="ICS log-frame", page_icon=str(ui.PAGE_ICON), layout="wide")
try:
    config.settings()
except config.ConfigError as exc:  # an administrator's mistake: say which setting, serve nothing misleading
    st.error(f"The dashboard cannot start: {exc}", icon=":material/error:")
    st.stop()
config.configure_logging()
# Page runs take turns, a few at a time (runtime.run_slot): with many people at once, everyone is served sooner.
with runtime.run_slot(config.settings().run_slots):
    registry = cache.registry()
    st.set_page_config(page_title=f"{registry.area_name(registry.partnership)} ICS log-frame")
    ui.page_style()

    page = st.navigation(ui.pages())
    st.session_state["filters"] = ui.sidebar_filters()
    ui.link_notes()
    commentary_ui.sidebar(registry)  # sign in and out, when sign-in is configured
    if ui.extracts_folder_usable(page.url_path):
        st.session_state[ui.FRAMED] = True  # the page runs inside the frame (ui.page_filters)
        try:
            page.run()
        finally:
            st.session_state[ui.FRAMED] = False
    # The indicator belongs in the URL only on the pages that show one indicator.
    shown = st.session_state.get(ui.WIDGET_KEYS["indicator"]) if page.url_path in ("indicator", "districts") else None
    ui.write_url(dataclasses.replace(st.session_state["filters"], indicator=shown))
