"""Overview, the board page: every indicator's status for the chosen area, grouped by shared outcome."""
import streamlit as st

from logframe import assessments, board, boardpack, cache, charts, methods, ui
from logframe.trajectory import STATUS_ICON, STATUS_LABEL, format_value

INDICATOR_PAGE = "pages/indicator.py"
WIDTHS = [1.25, 3.3, 1.5, 1.45, 1.9, 1.9]  # status | indicator | latest | milestone | baseline -> target | trend

# Indicator titles are long: let the page links wrap instead of cutting them off with an ellipsis. On a narrow
# screen the columns stack, so the header row goes and each value carries its own label instead.
BOARD_CSS = """<style>
.st-key-board [data-testid="stPageLink-NavLink"] span,
.st-key-board [data-testid="stPageLink-NavLink"] p {white-space: normal; overflow: visible; text-overflow: clip;}
.st-key-board .lf-narrow {display: none;}
@media (max-width: 640px) {
  .st-key-board .lf-narrow {display: inline;}
  .st-key-board [class*="st-key-boardhead"] {display: none;}
}
</style>"""


def narrow(label: str) -> str:
    """A cell's label, shown only when the columns stack on a narrow screen."""
    return f'<span class="lf-narrow">{label}: </span>'


f = ui.page_filters()
reg = cache.registry()
snap = cache.snapshot()
area_name = reg.area_name(f.area)

rows = cache.assess(snap.folder, snap.fingerprint, f.area, f.outcome, f.directorate)
indicators = assessments.select_indicators(reg, outcome=f.outcome, directorate=f.directorate)
items = board.board_items(indicators, rows, f.area)
series = cache.board_series(snap.folder, snap.fingerprint, f.area, tuple(i.id for i in indicators))
counts = board.status_counts(items)
support = board.supporting(items)

st.title("Kent and Medway Integrated Care Strategy: are we on track?")
ui.illustrative_banner(rows + series.to_dict("records"))
scope = " · ".join(filter(None, [area_name, f.outcome and f"{f.outcome}: {reg.outcomes[f.outcome].name}",
                                 f.directorate]))
st.markdown(f"**{board.summary_sentence(counts, area_name, len(support))}**")
st.markdown(f"Showing {scope}, latest figures. Each indicator is judged against the straight line from its "
            "baseline to its target; the milestone is that line's value for the latest period. "
            "★ Achieved: meets the target · ✔ On track: at or better than the milestone · ▲ At risk: worse than the "
            "milestone but within its 95% CI or better than the baseline · ✖ Off track: worse than both.")

shown = [s for s in ("achieved", "on_track", "at_risk", "off_track", "no_data", "not_assessable")
         if counts[s] or s != "no_data"]
for col, s in zip(st.columns(len(shown)), shown):
    col.metric(f"{STATUS_ICON[s]} {STATUS_LABEL[s]}", counts[s], border=True,
               help="No numeric baseline and target in the log-frame; each one's reason is listed under its outcome."
               if s == "not_assessable" else None)

with st.container(border=True, key="boardpack"):
    # Built only on request: the pack embeds every chart and takes a second or two.
    wanted = (f.area, f.outcome)
    ready = st.session_state.get("boardpack_for") == wanted
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.markdown(f"**Board pack** for {area_name}{f' · {f.outcome}' if f.outcome else ''}: one HTML file with a "
                  "dated cover, a summary of every indicator's status and a page per indicator; it opens offline "
                  "and prints to A4 PDF from the browser."
                  + (" It covers every directorate." if f.directorate else ""))
    with right:
        if not ready:  # the click's callback runs before the rerun, which then shows the download instead
            st.button("Prepare the board pack", key="boardpack_prepare", icon=":material/description:",
                      on_click=st.session_state.__setitem__, args=("boardpack_for", wanted))
        else:
            with st.spinner("Preparing the board pack..."):
                pack = cache.boardpack_html(snap.folder, snap.fingerprint, f.area, f.outcome)
            st.download_button("Download the board pack (HTML)", pack.encode("utf-8"),
                               file_name=boardpack.filename(f.area, f.outcome), mime="text/html",
                               key="boardpack_download", icon=":material/download:", on_click="ignore")


def link(ind, area=f.area):
    st.page_link(INDICATOR_PAGE, label=ind.title, query_params={"indicator": ind.id, "area": area})


def tracked_row(item):
    ind, a = item.indicator, item.assessment
    c_status, c_title, c_latest, c_milestone, c_target, c_trend = st.columns(WIDTHS, vertical_alignment="center")
    c_status.markdown(board.status_pill(item.status, item.reason), unsafe_allow_html=True)
    line = board.series_for(series, ind.id, f.area)
    with c_title:
        link(ind)
        change = methods.status_change_text(ind, f.area, line)
        if change:  # a move is the news, so it is in bold; an unchanged status stays quiet
            st.caption(f"**{change}**" if change.startswith("Moved") else change)
    if a["value"] is not None:
        c_latest.markdown(f"{narrow('Latest')}**{format_value(ind.unit, a['value'])}** in {a['period']}",
                          unsafe_allow_html=True)
        c_milestone.markdown(f"{narrow('Milestone')}{format_value(ind.unit, a['milestone'])}",
                             unsafe_allow_html=True)
    else:
        c_latest.markdown(f"No {area_name} figures")
        c_milestone.markdown("–")
    c_target.markdown(f"{narrow('Baseline → target')}{charts.baseline_text(ind)} → {charts.target_text(ind)}",
                      unsafe_allow_html=True)
    c_trend.markdown(charts.sparkline_svg(ind, line, item.status,
                                          charts.sparkline_label(ind, line, area_name, item.status)),
                     unsafe_allow_html=True)


def not_assessable_row(item):
    ind, a = item.indicator, item.assessment
    c_title, c_reason = st.columns([2, 3], vertical_alignment="center")
    with c_title:
        link(ind)
    latest = f" Latest: {format_value(ind.unit, a['value'])} in {a['period']}." if a["value"] is not None else ""
    c_reason.markdown(f"{item.reason}{latest}")


def supporting_row(item):
    ind = item.indicator
    where = board.shown_area(series, ind, f.area)
    line = board.series_for(series, ind.id, where)
    last = board.latest(line)
    c_title, c_latest, c_trend = st.columns([3.3, 3, 2], vertical_alignment="center")
    with c_title:
        link(ind, where)
    if last:
        c_latest.markdown(f"**{format_value(ind.unit, last['value'])}** in {last['period']} ({reg.area_name(where)})")
    else:
        c_latest.markdown("No figures yet")
    c_trend.markdown(charts.sparkline_svg(ind, line, None, charts.sparkline_label(ind, line, reg.area_name(where))),
                     unsafe_allow_html=True)


groups = board.by_outcome(items)
st.html(BOARD_CSS)
with st.container(key="board"):
    if not groups and not support:
        st.info("No indicators match these filters.")
    for code, group in groups.items():
        st.subheader(f"{code}: {reg.outcomes[code].name}", divider="gray")
        if group["tracked"]:
            with st.container(key=f"boardhead_{code}"):
                for col, text in zip(st.columns(WIDTHS), ["Status", "Indicator", "Latest", "Milestone for that period",
                                                          "Baseline → target", "Trend (dashed: trajectory)"]):
                    col.markdown(f"**{text}**")
        for item in group["tracked"]:
            tracked_row(item)
        if group["not_assessable"]:
            n = len(group["not_assessable"])
            with st.expander(f"{STATUS_ICON['not_assessable']} {n} cannot be assessed against a trajectory"):
                for item in group["not_assessable"]:
                    not_assessable_row(item)
    if support:
        st.subheader("Supporting measures (no target)", divider="gray")
        st.markdown("Measures the log-frame tracks without a target, so they have no status. Where there are no "
                    f"{area_name} figures, the figures shown are for the measure's own area.")
        for item in support:
            supporting_row(item)
