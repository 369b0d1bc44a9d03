"""Log-frame: for each shared outcome its ambition, indicators with status, directorate actions and I statements."""
import streamlit as st

from logframe import cache, matrix, ui
from logframe.trajectory import STATUS_ICON, STATUS_LABEL

STATUS_AT_KEY, CSV_KEY = "logframe_status_at", "logframe_csv"

f = ui.page_filters()
reg = cache.registry()
snap = cache.snapshot()

st.title("Log-frame")
st.caption("The Integrated Care Strategy log-frame as a programme officer works from it: for each shared outcome, "
           "its ambition, its indicators and their status, the directorate actions that contribute, and the "
           "I statements it answers to. Narrow it with the shared outcome and directorate filters in the sidebar.")

area_name = reg.area_name(f.area)
status_at = st.radio(
    "Judge each indicator's status at", ["own", "area"], key=STATUS_AT_KEY, horizontal=True,
    format_func={"own": "Its own geography (as the log-frame sets it)",
                 "area": f"The sidebar area ({area_name})"}.get)
area = f.area if status_at == "area" else None
rows = cache.assess(snap.folder, snap.fingerprint, area, f.outcome, f.directorate)
blocks = matrix.blocks(reg, f.outcome, f.directorate)
indicators = [i for b in blocks for i in b.indicators]
status = matrix.statuses(reg, rows, indicators, area)
ui.illustrative_banner([status[i.id] for i in indicators])

shown = (f"{f.outcome}: {reg.outcomes[f.outcome].name}" if f.outcome else "all six shared outcomes")
who = f"the {f.directorate} directorate's" if f.directorate else "every directorate's"
n_actions = sum(len(b.actions) for b in blocks)
n_i = sum(len(b.i_statements) for b in blocks)
tally = ", ".join(f"{STATUS_ICON[s]} {n} {STATUS_LABEL[s].lower()}"
                  for s, n in matrix.status_counts(indicators, status).items())
where = ("each at its own geography (Kent and Medway, Kent or Medway, as the log-frame sets it)" if area is None
         else f"all judged in {area_name} against the log-frame's trajectory")
st.markdown(f"Showing **{shown}** with {who} indicators and actions: **{len(indicators)} indicators** "
            f"({tally or 'none'}), **{n_actions} actions** and **{n_i} I statements**. "
            f"Indicator status is {where}.")

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
        if by_status:
            st.caption("Indicator status: " + " · ".join(f"{STATUS_ICON[s]} {STATUS_LABEL[s]} {n}"
                                                          for s, n in by_status.items()))
        tab_i, tab_a, tab_s = st.tabs([f"Indicators ({len(b.indicators)})", f"Actions ({len(b.actions)})",
                                       f"I statements ({len(b.i_statements)})"])
        with tab_i:
            if b.indicators:
                # Static tables wrap long titles and targets; each title links to the indicator's page.
                st.table(matrix.linked_table(matrix.indicator_table(b, status, reg)), hide_index=True,
                         border="horizontal")
            else:
                st.write(f"No {f.directorate} indicators under this outcome." if f.directorate
                         else "No indicators under this outcome.")
        with tab_a:
            if b.actions:
                st.table(matrix.action_table(b).map(matrix.markdown_safe), hide_index=True, border="horizontal")
            else:
                st.write(f"No {f.directorate} actions under this outcome." if f.directorate
                         else "No actions under this outcome.")
        with tab_s:
            st.markdown("\n".join(f"- {matrix.markdown_safe(s.statement)}" for s in b.i_statements)
                        or "No I statements.")
