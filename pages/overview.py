"""Overview, the board page: the board's targets first, then every indicator's status for the chosen area, grouped by
shared outcome. Each block is one element (logframe.overview writes its HTML), so a run stays cheap."""
import streamlit as st

from logframe import assessments, board, boardpack, cache, overview, present, ui
from logframe.assessments import Basis

f = ui.page_filters()
reg = cache.registry()
snap = cache.snapshot()
area_name = reg.area_name(f.area)

judged = cache.assess(snap.folder, snap.fingerprint, f.area, f.outcome, f.directorate)
head = assessments.headline(judged, reg)
series = board.series_by(cache.board_series(snap.folder, snap.fingerprint,
                                            tuple((a.indicator_id, a.area_code) for a in judged)))
groups = board.by_outcome(judged, reg)
support = board.supporting(judged, reg)
targets = board.board_targets(judged, reg)

st.title("Kent and Medway Integrated Care Strategy: are we on track?")
# The page-wide label only where every figure shown is illustrative; otherwise each row names its basis.
bases = {a.basis for a in judged if a.basis is not None}
ui.illustrative_banner(bases == {Basis.ILLUSTRATIVE})
scope = " · ".join(filter(None, [area_name, f.outcome and f"{f.outcome}: {reg.outcomes[f.outcome].name}",
                                 f.directorate]))
st.markdown(overview.board_targets_html(targets, reg, f, sum(i.board_target for i in reg.indicators.values())),
            unsafe_allow_html=True)
# Area, outcome and directorate names come from the registry (the filters offer nothing else), so they are not escaped.
st.markdown(f"**{present.headline_sentence(head, area_name)}** {present.basis_sentence(head)}")
st.markdown(overview.counts_html(head), unsafe_allow_html=True)
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


if not groups and not support:
    st.info("No indicators match these filters.")
for code, group in groups.items():
    st.markdown(overview.outcome_html(code, group, reg, f, series), unsafe_allow_html=True)
if support:
    st.markdown(overview.supporting_html(support, reg, f, series), unsafe_allow_html=True)
