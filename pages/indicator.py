"""Indicator: one indicator in the chosen area against its trajectory, with the data, its definition and the
actions and I statements of its shared outcome."""
import dataclasses

import streamlit as st

from logframe import board, cache, charts, methods, stats, trajectory, ui

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

obs = cache.indicator_observations(snap.folder, snap.fingerprint, ind.id)
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

series = methods.area_series(obs, area)  # the chosen area's figures, oldest first
with st.container(border=True):
    st.markdown(f"**{trajectory.verdict(ind, area_name, assessment)}**")
    change = methods.status_change_text(ind, area, series)
    if change:
        st.markdown(f"Status over time: {change}.")

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

st.subheader("Statistics")
spc = methods.spc_state(ind, series, assessment.milestone)
if spc is not None:
    st.markdown("#### Statistical process control (XmR chart)")
    r = spc.result
    lines = [f"**Variation** ({spc.last}): {methods.variation_text(spc)}"]
    if spc.target:
        lines.append(f"**Assurance against the target** ({charts.target_text(ind)}): "
                     f"{methods.assurance_text(spc.target, 'target')}")
    if spc.milestone:
        lines.append(f"**Assurance against the milestone** for {assessment.period} "
                     f"({trajectory.format_value(ind.unit, spc.milestone_value)}): "
                     f"{methods.assurance_text(spc.milestone, 'milestone')}")
    if r.ucl is not None and not (spc.target or spc.milestone):
        lines.append("**Assurance**: not assessed; there is no target level to compare the process limits with.")
    st.markdown("  \n".join(lines))
    st.caption(methods.limits_text(ind, spc) + f" {stats.SPC_METHOD_LABEL[r.screened]}. Variation reads the "
               "latest point against its rules; assurance reads where the process limits sit against the target and "
               "the milestone.")
    if r.points:
        spc_fig = charts.spc_chart(ind, series, r, spc.target_value, spc.milestone_value, illustrative, area_name,
                                   assessment.period)
        spc_words = charts.spc_summary(ind, series, r, area_name, spc.target_value, spc.milestone_value,
                                       illustrative)
        st.plotly_chart(spc_fig, key="spc_chart", alt=spc_words, config={"displaylogo": False})
        st.markdown(spc_words)
        with st.expander("Show the XmR chart as a table"):
            st.dataframe(charts.spc_table(ind, series, r), hide_index=True, key="spc_table")

trend = methods.recent_trend(ind, series)
if trend is not None and not series.empty:
    st.markdown("#### Recent trend")
    st.markdown(methods.trend_text(series, trend))
    st.caption(methods.trend_method_text(trend))

compared = methods.compare(ind, obs, area, reg)
if compared:
    st.markdown(f"#### Compared with {' and '.join(c.area_name for c in compared)}")
    st.markdown("  \n".join(c.text for c in compared))
    st.caption(methods.comparison_caption(ind, obs, area, reg, compared))

st.markdown("#### Which methods apply")
supported = methods.method_support(ind, obs, area, reg, [d.code for d in reg.districts()])
st.markdown("\n".join(f"- {'✔' if m.applies else '✖'} **{m.method}**: "
                       f"{'applies' if m.applies else 'does not apply'}; {m.reason}." for m in supported))
if any(m.method == "Comparison with districts" and m.applies for m in supported):
    st.page_link("pages/districts.py", label="Compare the districts with Kent", icon=":material/map:",
                 query_params={"indicator": ind.id})

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
