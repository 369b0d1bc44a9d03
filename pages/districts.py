"""Districts: one indicator across the registry's districts and other councils, each compared with the districts'
council (logframe.districts)."""
import streamlit as st

from logframe import assessments, cache, districts, maps, present, sections, ui
from logframe.present import COMPARISON_ICON, COMPARISON_LABEL

DEFAULT_INDICATOR = "loneliness_often_always"
IND_KEY, PERIOD_KEY, PICK_KEY = ui.WIDGET_KEYS["indicator"], "district_period", "district_pick"
ORDER_KEY, BAR_KEY, MAP_KEY = "district_order", "district_bar", "district_map"

f = ui.page_filters()
reg = cache.registry()
snap = cache.snapshot()
coverage = cache.district_coverage(snap.folder, snap.fingerprint)
with_districts = districts.indicators_with_districts(coverage, reg)
# The shared-outcome and directorate filters narrow the choice, as on every page.
in_filters = {i.id for i in assessments.select_indicators(reg, f.outcome, f.directorate)}
options = [i for i in with_districts if i in in_filters]
mapped = districts.mapped_areas(reg)
ref_code = districts.reference(reg)
ref_name = reg.area_name(ref_code) if ref_code else "the council"
whole = districts.whole_phrase(reg)

st.title(f"Districts compared with {ref_name}")
st.caption(f"One indicator across {present.text(whole)}, each compared with {present.text(ref_name)} using 95% "
           "confidence intervals: *similar*, or *significantly* better or worse following the indicator's polarity. "
           f"{present.text(ref_name)}'s figure includes the {len(reg.districts())} districts. The method is named "
           "under the table.")


if not with_districts:
    st.info("No extract holds district figures yet, so there is nothing to compare. Indicators with district rows "
            f"(the area codes of the {len(reg.districts())} districts in the registry's areas.csv) appear here once "
            "an analyst adds them.")
    st.stop()
if not options:
    st.info("No indicator with district figures matches the shared outcome and directorate filters in the sidebar.",
            icon=":material/filter_alt:")
    st.button("Clear the shared outcome and directorate filters", key="clear_filters", on_click=ui.clear_outcome_and_directorate)
    st.stop()

# The indicator is shared with the Indicator page; one without district rows, or outside the filters, falls back
# to the default, visibly.
current = st.session_state.get(IND_KEY)
if current not in options:
    fallback = DEFAULT_INDICATOR if DEFAULT_INDICATOR in options else options[0]
    if current in with_districts:
        st.info(f"*{reg.indicators[current].title}* lies outside the filters in the sidebar, so "
                f"*{reg.indicators[fallback].title}* is shown instead.", icon=":material/filter_alt:")
        st.button("Clear the shared outcome and directorate filters", key="clear_filters", on_click=ui.clear_outcome_and_directorate)
    elif current in reg.indicators:
        st.info(f"*{reg.indicators[current].title}* has no district figures, so "
                f"*{reg.indicators[fallback].title}* is shown instead.", icon=":material/info:")
    st.session_state[IND_KEY] = fallback


def _pick_from_chart(key: str) -> None:
    """A click on a bar or a district of the map picks that area (its code is the point's first customdata)."""
    state = st.session_state.get(key)
    for p in (state["selection"]["points"] if state else []):
        code = (p.get("customdata") or [None])[0]
        if code in mapped:
            st.session_state[PICK_KEY] = code


left, right = st.columns([3, 1])
ind_id = left.selectbox("Indicator", options, key=IND_KEY, format_func=lambda i: reg.indicators[i].title,
                        help="Only indicators with district figures are listed.")
ind = reg.indicators[ind_id]
periods = districts.district_periods(coverage, ind_id)
if st.session_state.get("_district_period_for") != ind_id or st.session_state.get(PERIOD_KEY) not in periods:
    st.session_state[PERIOD_KEY] = periods[-1]  # a new indicator starts at its latest period
    st.session_state["_district_period_for"] = ind_id
period = right.selectbox("Period", list(reversed(periods)), key=PERIOD_KEY, help="Periods with district figures.")

values = cache.district_values(snap.folder, snap.fingerprint, ind_id, period)
table = districts.compare_with_kent(values, reg, ind)
kent = districts.reference_row(values, ref_code)
kent_value = kent["value"] if kent else None
illustrative = districts.any_illustrative(values)
ui.illustrative_banner(illustrative)

summary = districts.summary_sentence(table, period, kent_value, ref_name, whole)
st.markdown(f"**{present.text(summary)}**")
polarity_words = {"higher_is_better": "higher is better", "lower_is_better": "lower is better"}
st.caption(f"Reference values for {present.text(period)}: {present.text(districts.reference_line(values, reg, ind))}. "
           "Polarity: "
           + polarity_words.get(ind.polarity, "neither direction is better, so areas are higher, similar or lower")
           + ".")

# Coming from a link for a district (area=...) highlights it.
st.session_state.setdefault(PICK_KEY, f.area if f.area in mapped else None)
pick = st.session_state.get(PICK_KEY)
order = st.radio("Order the bars", ["value", "name"], key=ORDER_KEY, horizontal=True,
                 format_func={"value": "By value, highest first", "name": "By name"}.get)
ordered = districts.sorted_table(table, order)

bar_col, map_col = st.columns([1, 1], gap="large")
with bar_col:
    bar = maps.district_bar_chart(ordered, title=ind.title, unit=ind.unit, period=period, kent=kent,
                                  highlight=pick, illustrative=illustrative, reference_name=ref_name)
    st.plotly_chart(bar, key=BAR_KEY, on_select=lambda: _pick_from_chart(BAR_KEY), selection_mode="points",
                    alt=maps.chart_alt("bar", ind.title, period, summary, whole, ref_name), config={"displaylogo": False})
with map_col:
    spec = cache.map_spec()
    fig = maps.district_map(table, cache.district_geojson(), title=ind.title, period=period, highlight=pick,
                            illustrative=illustrative, code_property=spec.code_property,
                            label_position=spec.label_position, reference_name=ref_name)
    st.plotly_chart(fig, key=MAP_KEY, on_select=lambda: _pick_from_chart(MAP_KEY), selection_mode="points",
                    alt=maps.chart_alt("map", ind.title, period, summary, whole, ref_name),
                    config=maps.MAP_CONFIG)
    st.caption(spec.attribution)

legend = " · ".join(f"{COMPARISON_ICON[c]} {COMPARISON_LABEL[c]} {ref_name}"
                    for c in maps.LEGEND_ORDER if c in set(table["comparison"]))
st.caption(f"Key: {legend}. Bars show the value with its 95% confidence interval; the dashed line and grey band are "
           f"{ref_name}'s value and 95% confidence interval. Click a bar or an area of the map to pick it and get a link "
           "to its indicator page.")

st.subheader("Open a district")
pick = st.selectbox("District", mapped, key=PICK_KEY, index=None, placeholder="Choose an area…",
                    format_func=reg.area_name)
if pick is not None:
    row = table[table["area_code"] == pick].iloc[0]
    st.markdown(f"**{present.text(row['area_name'])}**, {present.text(period)}: {present.text(row['detail'])}"
                f" — {row['icon']} {row['label']}.")
    st.page_link(ui.page_path("indicator"), label=f"Open {ind.title} for {row['area_name']}", icon=":material/show_chart:",
                 query_params={"indicator": ind_id, "area": pick})

with st.expander("Show the data as a table", expanded=True):
    st.dataframe(districts.display_table(ordered, ref_name), hide_index=True, key="district_table", height="content")
    st.caption(f"{ind.title}, {period}. " + ("Illustrative data. " if illustrative else "")
               + districts.method_text(ind, reg))

sections.deprivation_section(ind, table, period, illustrative)
