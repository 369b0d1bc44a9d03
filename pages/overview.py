"""Overview, the board page: every indicator's status for the chosen area, grouped by shared outcome."""
import streamlit as st

from logframe import assessments, board, boardpack, cache, charts, commentary_ui, present, ui
from logframe.present import STATUS_ICON, STATUS_LABEL, format_value, period_text
from logframe.trajectory import STATUSES

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

judged = cache.assess(snap.folder, snap.fingerprint, f.area, f.outcome, f.directorate)
head = assessments.headline(judged, reg)
series = board.series_by(cache.board_series(snap.folder, snap.fingerprint,
                                            tuple((a.indicator_id, a.area_code) for a in judged)))
groups = board.by_outcome(judged, reg)
support = board.supporting(judged, reg)
notes = commentary_ui.latest_for(judged)  # owners' commentary: a mark on each row

st.title("Kent and Medway Integrated Care Strategy: are we on track?")
ui.illustrative_banner(any(a.basis == "illustrative" or any(p.illustrative for p in a.parts) for a in judged))
scope = " · ".join(filter(None, [area_name, f.outcome and f"{f.outcome}: {reg.outcomes[f.outcome].name}",
                                 f.directorate]))
# Area, outcome and directorate names come from the registry (the filters offer nothing else), so they are not escaped.
st.markdown(f"**{present.headline_sentence(head, area_name)}** {present.basis_sentence(head)}")
st.markdown(f"Showing {scope}, latest figures. Each indicator is judged against the straight line from its baseline "
            "to its target; the milestone is that line's value for the latest period. ★ Achieved: meets the target · "
            "✔ On track: at or better than the milestone · ▲ At risk: worse than the milestone but within its 95% CI "
            "or better than the baseline · ✖ Off track: worse than both.")

shown = [s for s in STATUSES if head.counts[s] or s != "no_data"]
for col, s in zip(st.columns(len(shown)), shown):
    col.metric(f"{STATUS_ICON[s]} {STATUS_LABEL[s]}", head.counts[s], border=True,
               help="No numeric baseline and target in the log-frame; each one's reason is listed under its outcome."
               if s == "not_assessable" else None)

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


def link(a):
    ind = reg.indicators[a.indicator_id]
    st.page_link(INDICATOR_PAGE, label=ind.title, query_params={"indicator": ind.id, "area": f.area})


def where(a) -> str:
    """' (Thanet, against the Kent and Medway trajectory)' where the area is judged against a larger area's line."""
    if not a.judged_elsewhere:
        return ""
    return f" ({reg.area_name(a.area_code)}, against the {reg.area_name(a.own_geography)} trajectory)"


def tracked_row(a):
    ind = reg.indicators[a.indicator_id]
    c_status, c_title, c_latest, c_milestone, c_target, c_trend = st.columns(WIDTHS, vertical_alignment="center")
    c_status.markdown(present.status_pill(a.status, a.reason, a.indicator_id), unsafe_allow_html=True)
    line = series[ind.id, a.area_code]
    with c_title:
        link(a)
        change = present.status_change(a)
        note = present.text(where(a).strip(" ()")) if a.judged_elsewhere else ""
        if change:  # a move is the news, so it is in bold; an unchanged status stays quiet
            note = " · ".join(filter(None, [note, f"**{change}**" if change.startswith("Moved") else change]))
        if note:
            st.caption(note)
        mark = present.commentary_mark(notes.get((a.indicator_id, a.area_code)), a.status)
        if mark:  # the owner's commentary: there, or missing where the board expects it
            st.caption(present.text(mark))
    if a.value is not None:
        tag = " (illustrative)" if a.illustrative and head.real else ""
        context = ", before the baseline" if a.status == "no_data" else ""
        if a.suppressed_period:
            context += f" ({present.period_text(a.suppressed_period)} suppressed)"
        c_latest.markdown(f"{narrow('Latest')}**{format_value(ind.unit, a.value)}** in "
                          f"{period_text(a.period)}{context}{tag}", unsafe_allow_html=True)
        c_milestone.markdown(f"{narrow('Milestone')}{format_value(ind.unit, a.milestone)}"
                             if a.milestone is not None else "–", unsafe_allow_html=True)
    else:
        c_latest.markdown(present.text(present.parts_text(ind, reg, a.parts)) if a.parts
                          else f"{present.period_text(a.suppressed_period)}: suppressed" if a.suppressed_period
                          else f"No {present.text(reg.area_name(a.area_code))} figures")
        c_milestone.markdown("–")
    c_target.markdown(f"{narrow('Baseline → target')}{present.baseline_text(ind)} → {present.target_text(ind)}",
                      unsafe_allow_html=True)
    c_trend.markdown(charts.sparkline_svg(ind, line, a.status,
                                          charts.sparkline_label(ind, line, reg.area_name(a.area_code), a.status)),
                     unsafe_allow_html=True)


def not_assessable_row(a):
    ind = reg.indicators[a.indicator_id]
    c_status, c_title, c_reason = st.columns([1.25, 3, 4.5], vertical_alignment="center")
    c_status.markdown(present.status_pill(a.status, a.reason, a.indicator_id), unsafe_allow_html=True)
    with c_title:
        link(a)
    latest = f" Latest: {present.latest_text(ind, a)}{where(a)}." if a.value is not None else ""
    c_reason.markdown(present.text(f"{a.reason}{latest}"))


def supporting_row(a):
    ind = reg.indicators[a.indicator_id]
    line = series[ind.id, a.area_code]
    c_title, c_latest, c_trend = st.columns([3.3, 3, 2], vertical_alignment="center")
    with c_title:
        link(a)
    if a.value is not None:
        c_latest.markdown(f"**{format_value(ind.unit, a.value)}** in {period_text(a.period)} "
                          f"({present.text(reg.area_name(a.area_code))})")
    elif a.parts:
        c_latest.markdown(present.text(present.parts_text(ind, reg, a.parts)))
    else:
        c_latest.markdown("No figures yet")
    c_trend.markdown(charts.sparkline_svg(ind, line, None, charts.sparkline_label(ind, line,
                                                                                  reg.area_name(a.area_code))),
                     unsafe_allow_html=True)


st.html(BOARD_CSS)
with st.container(key="board"):
    if not groups and not support:
        st.info("No indicators match these filters.")
    for code, group in groups.items():
        st.subheader(f"{code}: {reg.outcomes[code].name}", divider="gray")
        if group["tracked"]:
            with st.container(key=f"boardhead_{code}"):
                for col, heading in zip(st.columns(WIDTHS), ["Status", "Indicator", "Latest",
                                                             "Milestone for that period", "Baseline → target",
                                                             "Trend (dashed: trajectory)"]):
                    col.markdown(f"**{heading}**")
        for a in group["tracked"]:
            tracked_row(a)
        if group["not_assessable"]:
            n = len(group["not_assessable"])
            with st.expander(f"{STATUS_ICON['not_assessable']} {n} cannot be assessed against a trajectory"):
                for a in group["not_assessable"]:
                    not_assessable_row(a)
    if support:
        st.subheader("Supporting measures (no target)", divider="gray")
        st.markdown("Measures the log-frame tracks without a target, so they have no status. Where the area has no "
                    "figure of its own, its parts' figures are shown.")
        for a in support:
            supporting_row(a)
