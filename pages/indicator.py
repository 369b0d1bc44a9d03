"""Indicator: one indicator judged in the chosen area against its trajectory, with the data, its definition and the
actions and I statements of its shared outcome."""
from datetime import date

import streamlit as st

from logframe import assessments, cache, charts, commentary_ui, methods, overview, present, releases, sections, ui
from logframe.trajectory import JUDGED

DEFAULT = "loneliness_often_always"
KEY = ui.WIDGET_KEYS["indicator"]

f = ui.page_filters()
reg = cache.registry()
snap = cache.snapshot()
area_name = reg.area_name(f.area)

# The sidebar's filters narrow the list: the chosen area's indicators (the judging rule), outcome and directorate.
options = [i.id for i in assessments.listed(reg, f.area, f.outcome, f.directorate)]
wanted = st.session_state.get(KEY)
if wanted in reg.indicators and wanted not in options:
    other = reg.indicators[wanted]
    st.title(other.title)
    if assessments.judged_area(reg, other, f.area) is None:
        st.info(f"This indicator's target is set for {present.text(reg.area_name(other.geography))}, which does not "
                f"overlap {present.text(area_name)}, so it is not judged there.", icon=":material/info:")
        st.page_link(ui.page_path("indicator"), label=f"Open it for {reg.area_name(other.geography)}",
                     icon=":material/arrow_forward:", query_params={"indicator": other.id, "area": other.geography})
    else:
        outside = [w for w, miss in ((f"shared outcome {other.shared_outcome}", f.outcome and other.shared_outcome
                                      != f.outcome), ("the chosen directorate", f.directorate and f.directorate
                                                       not in other.directorates)) if miss]
        st.info(f"This indicator lies outside the filters in the sidebar ({' and '.join(outside)} is not what is "
                "chosen), so it is not in this page's list.", icon=":material/filter_alt:")
        st.button("Clear the shared outcome and directorate filters", key="clear_filters",
                  on_click=ui.clear_outcome_and_directorate)
    st.stop()
if not options:
    st.info("No indicator matches the filters in the sidebar.", icon=":material/filter_alt:")
    st.button("Clear the shared outcome and directorate filters", key="clear_filters",
              on_click=ui.clear_outcome_and_directorate)
    st.stop()
if wanted not in options:
    st.session_state[KEY] = DEFAULT if DEFAULT in options else options[0]

ind = reg.indicator(st.selectbox(
    "Indicator", options, key=KEY,
    format_func=lambda i: f"{reg.indicators[i].shared_outcome} · {reg.indicators[i].title}"))
a = cache.assess(snap.folder, snap.fingerprint, f.area, indicator=ind.id)[0]
area = a.area_code  # where the judging rule places it: the chosen area, or the own geography inside it
judged_name = reg.area_name(area)

obs = cache.indicator_observations(snap.folder, snap.fingerprint, ind.id)
comparators = charts.comparator_areas(reg, area, set(obs["area_code"]), ind.geography)
shown = obs[obs["area_code"].isin([area, *comparators])]
illustrative = bool(shown["illustrative"].fillna(False).any()) if not shown.empty else False

st.title(ind.title)
st.markdown(f"{present.status_pill(a.status, present.reason_text(ind, a))}&nbsp; {present.text(judged_name)} · "
            f"{ind.shared_outcome}: {reg.outcomes[ind.shared_outcome].name}", unsafe_allow_html=True)
ui.illustrative_banner(illustrative)
if a.judged_elsewhere and ind.quantified:
    st.info(present.text(present.judged_sentence(a, reg)), icon=":material/info:")
elif area != f.area:
    st.info(f"The target is set for {present.text(judged_name)}, which lies inside {present.text(area_name)}: "
            f"{present.text(judged_name)}'s figure is shown.", icon=":material/info:")

series = methods.area_series(obs, area)  # the judged area's figures, oldest first
with st.container(border=True):
    st.markdown(f"**{present.text(present.verdict(ind, reg, a))}**")
    change = present.status_change(a)
    if change:
        st.markdown(f"Status over time: {change}.")
    if a.source_file:
        cited = present.source_words(snap.sources().get(a.source_file, ""))
        st.caption(f"{'Judged on' if a.status in JUDGED else 'Shown:'} {present.basis_text(a)} from "
                   f"{present.text(snap.relative(a.source_file))}." + (f" {present.text(cited)}" if cited else ""))
    fresh = present.freshness_text(releases.of_assessment(reg, a, date.today()), date.today())
    if fresh:
        st.caption(f"{fresh}.")
commentary_ui.section(reg, ind, a, list(series["period"])[::-1] if not series.empty else [])

plan = present.plan_and_published(ind, reg, assessments.published_at_baseline(reg, ind, obs), snap.sources())
if plan:
    st.markdown(present.text(plan))

valued = obs[obs["value"].notna()]
if valued.empty:
    st.info("There are no figures for this indicator in the extracts yet.", icon=":material/info:")
elif valued[valued["area_code"] == area].empty and not a.parts:
    st.markdown(f"There are no {present.text(judged_name)} figures for this indicator in the extracts.")

if not shown.empty or ind.quantified:
    fig, summary, items = cache.indicator_chart(snap.folder, snap.fingerprint, f.area, ind.id, ind, shown, area, a,
                                                comparators, illustrative)
    st.markdown(f"##### {present.text(ind.title)}: {present.text(judged_name)}"
                + ("  \n*Illustrative data: generated, not measured*" if illustrative else ""))
    st.plotly_chart(fig, key="indicator_chart", alt=summary, config={"displaylogo": False})
    st.markdown(overview.chart_key_html(items), unsafe_allow_html=True)
    st.markdown(present.text(summary))

st.subheader("Statistics")
found = cache.statistics(snap.folder, snap.fingerprint, ind.id, area, a.milestone, a.period, obs)
spc = found.spc
if spc is not None:
    st.markdown("#### Statistical process control (XmR chart)")
    r = spc.result
    st.markdown("  \n".join(f"**{what}**: {finding}" for what, finding in found.spc_lines))
    st.caption(found.spc_caption)
    if r.points:
        spc_fig, spc_words, spc_items, spc_rows = cache.indicator_spc(snap.folder, snap.fingerprint, f.area, ind.id,
                                                                      ind, series, spc, illustrative, judged_name,
                                                                      a.period)
        st.markdown(f"##### {present.text(ind.title)}: {present.text(judged_name)}: XmR chart"
                    + (" (trial limits)" if r.trial_limits else "")
                    + ("  \n*Illustrative data: generated, not measured*" if illustrative else ""))
        st.plotly_chart(spc_fig, key="spc_chart", alt=spc_words, config={"displaylogo": False})
        st.markdown(overview.chart_key_html(spc_items, "Key to the XmR chart"), unsafe_allow_html=True)
        st.markdown(present.text(spc_words))
        with st.expander("Show the XmR chart as a table"):
            st.dataframe(spc_rows, hide_index=True, key="spc_table")

if found.trend is not None:
    st.markdown("#### Recent trend")
    st.markdown(found.trend_line)
    st.caption(found.trend_caption)

if found.comparisons:
    st.markdown(f"#### Compared with {' and '.join(present.text(c.area_name) for c in found.comparisons)}")
    st.markdown("  \n".join(present.text(c.text) for c in found.comparisons))
    st.caption(present.text(found.comparison_caption))

st.markdown("#### Which methods apply")
st.markdown("\n".join(f"- {'✔' if m.applies else '✖'} **{m.method}**: "
                       f"{'applies' if m.applies else 'does not apply'}; {present.text(m.reason)}."
                       for m in found.support))
if any(m.method == "Comparison with districts" and m.applies for m in found.support):
    st.page_link(ui.page_path("districts"), label=f"Compare the districts with {reg.area_name(reg.district_parent() or reg.partnership)}", icon=":material/map:",
                 query_params={"indicator": ind.id})

# Who is left behind (the area's groups) and how it compares with every council: logframe.sections.
sections.inequalities(ind, area, reg, illustrative)
sections.benchmark_section(ind, area, reg, illustrative)

table, table_csv = cache.indicator_table(snap.folder, snap.fingerprint, ind.id, area, tuple(comparators), shown)
if not table.empty:
    st.subheader("The data")
    if illustrative:
        st.markdown("*Illustrative data: generated, not measured.*")
    # Columns the extract leaves empty are left off the screen; the download keeps every column.
    st.dataframe(table.dropna(axis="columns", how="all"), hide_index=True, key="indicator_table")
    st.download_button("Download this table (CSV)", table_csv,
                       file_name=f"{ind.id}_{area}.csv", mime="text/csv", key="indicator_csv",
                       icon=":material/download:")

st.subheader("About this indicator")
st.markdown(f"**As printed in the log-frame:** {ind.statement}")
left, right = st.columns(2)
with left:
    st.markdown(f"**Definition.** {ind.definition or 'Not given.'}")
    st.markdown(f"**Data source.** {ind.data_source or 'Not given.'}")
    st.markdown(f"**Target set for:** {present.text(reg.area_name(ind.geography))}. **Baseline:** "
                f"{present.baseline_text(ind)}. **Target:** {present.target_text(ind)}.")
with right:
    st.markdown(f"**Assumptions.** {ind.assumptions or 'None recorded.'}")
    st.markdown(f"**Where the plan prints it.** {present.text(present.plan_source(ind, reg))}")

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
