"""Overview, the board page: the board's targets first, then every indicator's status for the chosen area, grouped by
shared outcome. Each block is one element (logframe.overview writes its HTML), so a run stays cheap."""
from datetime import date

import streamlit as st

from logframe import boardpack, cache, commentary_ui, present, ui

f = ui.page_filters()
reg = cache.registry()
snap = cache.snapshot()
area_name = reg.area_name(f.area)

# Owners' commentary is read on every run (another process may have written since): a mark on each row that has
# some, and on off-track and at-risk rows that have none.
judged = cache.assess(snap.folder, snap.fingerprint, f.area, f.outcome, f.directorate)
shown = commentary_ui.latest_for(judged)
marks = tuple((a.indicator_id, mark) for a in judged
              if (mark := present.commentary_mark(shown.get((a.indicator_id, a.area_code)), a.status)))
view = cache.overview_page(snap.folder, snap.fingerprint, f.area, f.outcome, f.directorate, marks,
                           date.today().isoformat())

st.title(f"{reg.area_name(reg.partnership)} Integrated Care Strategy: are we on track?")
# The page-wide label only where every figure shown is illustrative; otherwise each row names its basis.
ui.illustrative_banner(view.all_illustrative)
scope = " · ".join(filter(None, [area_name, f.outcome and f"{f.outcome}: {reg.outcomes[f.outcome].name}",
                                 f.directorate]))
st.markdown(view.targets, unsafe_allow_html=True)
# Area, outcome and directorate names come from the registry (the filters offer nothing else), so they are not escaped.
st.markdown(view.headline)
st.markdown(view.counts, unsafe_allow_html=True)
st.markdown(f"Showing {scope}, latest figures. Each indicator is judged against the straight line from its baseline "
            "to its target; the milestone is that line's value for the latest period. ★ Achieved: meets the target · "
            "✔ On track: at or better than the milestone · ▲ At risk: worse than the milestone but within its 95% CI "
            "or better than the baseline · ✖ Off track: worse than both. Each figure is tagged Real (published), "
            "Derived (from published figures) or Illustrative (generated, not measured).")

with st.container(border=True, key="boardpack"):
    # Built only on request: the pack embeds every chart and takes a second or two.
    wanted = (f.area, f.outcome, f.directorate)
    ready = st.session_state.get("boardpack_for") == wanted
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.markdown(f"**Board pack** for {scope}: one HTML file with a dated cover, a summary of every "
                  "indicator's status and a page per indicator, saying exactly what this page says; it opens offline "
                  "and prints to A4 PDF from the browser.")
    with right:
        if not ready:  # the click's callback runs before the rerun, which then shows the download instead
            st.button("Prepare the board pack", key="boardpack_prepare", icon=":material/description:",
                      on_click=st.session_state.__setitem__, args=("boardpack_for", wanted))
        else:
            with st.spinner("Preparing the board pack..."):
                pack = cache.boardpack_html(snap.folder, snap.fingerprint, f.area, f.outcome, f.directorate)
            st.download_button("Download the board pack (HTML)", pack.encode("utf-8"),
                               file_name=boardpack.filename(f.area, f.outcome), mime="text/html",
                               key="boardpack_download", icon=":material/download:", on_click="ignore")


if view.empty:
    st.info("No indicators match these filters.")
for block in view.outcomes:
    st.markdown(block, unsafe_allow_html=True)
if view.supporting:
    st.markdown(view.supporting, unsafe_allow_html=True)
