"""Indicator: one indicator in the chosen area against its trajectory, with the data, its definition and the
actions and I statements of its shared outcome."""
import dataclasses

import streamlit as st

from logframe import board, cache, charts, trajectory, ui

DEFAULT = "loneliness_often_always"
KEY = ui.WIDGET_KEYS["indicator"]

f = ui.page_filters()
reg = cache.registry()
snap = cache.snapshot()

options = list(reg.indicators)
if st.session_state.get(KEY) not in options:
    st.session_state[KEY] = DEFAULT if DEFAULT in options else options[0]
# A link naming an unknown indicator: say so here too (the sidebar, which also says it, may be collapsed).
linked = st.query_params.get("indicator")
if linked is not None and linked not in reg.indicators:
    st.warning(f"The link named an indicator we do not know, so {reg.indicator(st.session_state[KEY]).title} "
               "is shown instead. Choose another below.", icon=":material/warning:")

ind = reg.indicator(st.selectbox(
    "Indicator", options, key=KEY,
    format_func=lambda i: f"{reg.indicators[i].shared_outcome} · {reg.indicators[i].title}"))
area, area_name = f.area, reg.area_name(f.area)
own_name = reg.area_name(ind.geography)

rows = cache.assess(snap.folder, snap.fingerprint, area, None, None, ind.id)
row = next((r for r in rows if r["area_code"] == area), None)
fields = {fl.name for fl in dataclasses.fields(trajectory.Assessment)}
assessment = (trajectory.Assessment(**{k: v for k, v in row.items() if k in fields}) if row
              else trajectory.assess(ind, area, []))  # no figures for this area: says what that means

obs = cache.observations(snap.folder, snap.fingerprint, (ind.id,))
comparators = charts.comparator_areas(reg, area, set(obs["area_code"]), ind.geography)
shown = obs[obs["area_code"].isin([area, *comparators])]
illustrative = bool(shown["illustrative"].fillna(False).any()) if not shown.empty else False

st.title(ind.title)
st.markdown(f"{board.status_pill(assessment.status, assessment.reason)}&nbsp; {area_name} · "
            f"{ind.shared_outcome}: {reg.outcomes[ind.shared_outcome].name}", unsafe_allow_html=True)
ui.illustrative_banner(shown.to_dict("records"))
if ind.geography != area and ind.quantified:
    st.info(f"The trajectory shown is the one set for {own_name}; {area_name} is judged against it.",
            icon=":material/info:")

with st.container(border=True):
    st.markdown(f"**{trajectory.verdict(ind, area_name, assessment)}**")

valued = obs[obs["value"].notna()]
if valued.empty:
    st.info("There are no figures for this indicator in the extracts yet.", icon=":material/info:")
elif valued[valued["area_code"] == area].empty:
    st.markdown(f"There are no {area_name} figures for this indicator in the extracts.")
    if ind.geography != area and ind.geography in set(valued["area_code"]):
        st.page_link("pages/indicator.py", label=f"See the figures for {own_name}", icon=":material/arrow_forward:",
                     query_params={"indicator": ind.id, "area": ind.geography})

if not shown.empty or ind.quantified:
    fig = charts.indicator_chart(ind, shown, area, assessment, reg, comparators, illustrative)
    summary = charts.chart_summary(ind, shown, area, assessment, reg, comparators, illustrative)
    st.plotly_chart(fig, key="indicator_chart", alt=summary, config={"displaylogo": False})
    st.markdown(summary)

table = charts.indicator_table(ind, shown, area, reg, comparators, snap.folder)
if not table.empty:
    st.subheader("The data")
    if illustrative:
        st.markdown("*Illustrative data: generated, not measured.*")
    # Columns the extract leaves empty are left off the screen; the download keeps every column.
    st.dataframe(table.dropna(axis="columns", how="all"), hide_index=True, key="indicator_table")
    st.download_button("Download this table (CSV)", table.to_csv(index=False).encode("utf-8"),
                       file_name=f"{ind.id}_{area}.csv", mime="text/csv", key="indicator_csv",
                       icon=":material/download:")

st.subheader("About this indicator")
st.markdown(f"**As printed in the log-frame:** {ind.statement}")
left, right = st.columns(2)
with left:
    st.markdown(f"**Definition.** {ind.definition or 'Not given.'}")
    st.markdown(f"**Data source.** {ind.data_source or 'Not given.'}")
    st.markdown(f"**Target set for:** {own_name}. **Baseline:** {charts.baseline_text(ind)}. "
                f"**Target:** {charts.target_text(ind)}.")
with right:
    st.markdown(f"**Assumptions.** {ind.assumptions or 'None recorded.'}")
    st.markdown(f"Source in the plan: {ind.source_location}")

outcome = reg.outcomes[ind.shared_outcome]
st.subheader(f"What contributes: {outcome.code} {outcome.name}")
actions = reg.outcome_actions(outcome.code)
mine = [a for a in actions if a.directorate in ind.directorates]
if ind.directorates and mine:
    st.markdown(f"Directorate actions for {outcome.code} from {', '.join(ind.directorates)}:")
    actions = mine
elif ind.directorates:
    st.markdown(f"No {', '.join(ind.directorates)} actions are listed for {outcome.code}; every directorate's:")
else:
    st.markdown(f"Every directorate's actions for {outcome.code}:")
if actions:
    st.dataframe([{"Directorate": a.directorate, "Committed to": a.committed_to, "Led by": a.led_by,
                   "Timescale": a.timescale, "Measure": a.measure} for a in actions],
                 hide_index=True, key="indicator_actions")
else:
    st.markdown("None listed in the plan.")
statements = reg.outcome_i_statements(outcome.code)
if statements:
    st.markdown(f"**I statements for {outcome.code}**")
    st.markdown("\n".join(f"- “{s.statement}”" for s in statements))
