"""Log-frame: for each shared outcome its ambition, indicators with status, directorate actions and I statements."""
import streamlit as st

from logframe import assessments, cache, matrix, present, ui
from logframe.assessments import Basis
from logframe.present import STATUS_ICON, STATUS_LABEL

CSV_KEY = "logframe_csv"

f = ui.page_filters()
reg = cache.registry()
snap = cache.snapshot()

st.title("Log-frame")
st.caption("The Integrated Care Strategy log-frame as a programme officer works from it: for each shared outcome, "
           "its ambition, its indicators and their status, the directorate actions that contribute, and the "
           "I statements it answers to. Narrow it with the area, shared outcome and directorate filters in the "
           "sidebar.")

area_name = reg.area_name(f.area)
judged = cache.assess(snap.folder, snap.fingerprint, f.area, f.outcome, f.directorate)
status = assessments.by_id(judged)
blocks = matrix.blocks(reg, f.area, f.outcome, f.directorate)
indicators = [i for b in blocks for i in b.indicators]
# The page-wide label only where every figure shown is illustrative; otherwise each row names its basis.
ui.illustrative_banner({a.basis for a in judged if a.basis is not None} == {Basis.ILLUSTRATIVE})

shown = (f"{f.outcome}: {reg.outcomes[f.outcome].name}" if f.outcome else "all six shared outcomes")
who = f"the {f.directorate} directorate's" if f.directorate else "every directorate's"
n_actions = len({a for b in blocks for a in b.actions})  # an action serving two outcomes is one action
n_i = sum(len(b.i_statements) for b in blocks)
tally = ", ".join(f"{STATUS_ICON[s]} {n} {STATUS_LABEL[s].lower()}"
                  for s, n in matrix.status_counts(indicators, status).items())
elsewhere = sum(a.judged_elsewhere for a in judged)
where = (f"Indicator status for {present.text(area_name)}: each indicator at its own geography"
         + (f", or {present.text(area_name)}'s own figure against the trajectory of the larger area that contains it "
            f"({elsewhere} indicator{'s' if elsewhere != 1 else ''})" if elsewhere else "")
         + "; indicators set for an area that does not overlap it are not listed.")
supporting = matrix.supporting_count(indicators)
measures = f" and **{supporting} supporting measure{'s' if supporting != 1 else ''}** (no target)" if supporting else ""
st.markdown(f"Showing **{shown}** with {who} indicators and actions: **{len(indicators) - supporting} log-frame "
            f"indicators** ({tally or 'none'}){measures}, **{n_actions} actions** and **{n_i} I statements**. {where}")

flat = matrix.flat_table(blocks, status, reg)
st.download_button("Download the log-frame as CSV", matrix.to_csv(flat), file_name="logframe.csv",
                   mime="text/csv", key=CSV_KEY, icon=":material/download:",
                   help="One row per indicator, action and I statement under each shared outcome, "
                        "with the filters shown here.")

for b in blocks:
    with st.container(border=True):
        st.subheader(f"{b.code}: {b.name}")
        st.markdown(f"*{b.ambition}*")
        by_status = matrix.status_counts(b.indicators, status)
        n_supporting = matrix.supporting_count(b.indicators)
        if by_status or n_supporting:
            st.caption("Indicator status: " + " · ".join(
                [f"{STATUS_ICON[s]} {STATUS_LABEL[s]} {n}" for s, n in by_status.items()]
                + ([f"supporting measures (no target) {n_supporting}"] if n_supporting else [])))
        tab_i, tab_a, tab_s = st.tabs([f"Indicators ({len(b.indicators)})", f"Actions ({len(b.actions)})",
                                       f"I statements ({len(b.i_statements)})"])
        with tab_i:
            if b.indicators:
                # One HTML table: long titles and targets wrap, each title links to the indicator's page, and on a
                # phone each row stacks with its labels.
                st.markdown(matrix.indicator_table_html(b.code, matrix.indicator_table(b, status, reg, f.area)),
                            unsafe_allow_html=True)
            else:
                st.write(f"No {f.directorate} indicators under this outcome for {area_name}." if f.directorate
                         else f"No indicators under this outcome for {area_name}.")
        with tab_a:
            if b.actions:
                st.table(matrix.action_table(b).map(present.text), hide_index=True, border="horizontal")
            else:
                st.write(f"No {f.directorate} actions under this outcome." if f.directorate
                         else "No actions under this outcome.")
        with tab_s:
            st.markdown("\n".join(f"- {present.text(s.statement)}" for s in b.i_statements)
                        or "No I statements.")
