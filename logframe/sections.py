"""The indicator page's sections on who is left behind (the groups) and how the area compares with every council, and
the Districts page's deprivation section: each draws one section from logframe's pure functions, with a text summary
and a table alternative for every chart. With cache and ui, one of the few modules that import Streamlit."""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from logframe import benchmark, cache, deprivation, groupcharts, present
from logframe.registry import Indicator, Registry

CONFIG = {"displaylogo": False}


def _chart(fig: Any, key: str, summary: str, table: pd.DataFrame, table_label: str) -> None:
    """A chart, its summary as alt text and caption, and its table in an expander."""
    st.plotly_chart(fig, key=key, alt=summary, config=CONFIG)
    st.markdown(present.text(summary))
    with st.expander(table_label):
        st.dataframe(table, hide_index=True, key=f"{key}_table")


def inequalities(ind: Indicator, area: str, registry: Registry, illustrative: bool) -> None:
    """Who is left behind: the area's groups against its overall figure, each group's trend, the gap between the
    extreme groups and, where deprivation deciles or quintiles are given, the SII and RII; or why there is none."""
    snap = cache.snapshot()
    rows = cache.breakdowns(snap.folder, snap.fingerprint, ind.id)
    found = cache.inequalities(snap.folder, snap.fingerprint, ind.id, area)
    area_name = registry.area_name(area)
    st.subheader("Who is left behind: groups", anchor="groups")
    if not found.groups:
        others = sorted({registry.area_name(c) for c in rows["area_code"]}) if not rows.empty else []
        where = f" (the extracts give them for {', '.join(others)})" if others else ""
        st.markdown(present.text(f"The extracts give no figures by sex, age, deprivation or other group for "
                                 f"{area_name}{where}, so no group can be compared with the whole population."))
        st.caption(present.text(present.SII_METHOD + ": shown where deprivation deciles or quintiles are given."))
        return
    st.markdown(present.text(
        f"Each group's latest figure with its 95% confidence interval, compared with {area_name}'s overall figure for "
        f"the same period: {present.COMPARISON_METHOD_LABEL[ind.comparison_method]}, the group's interval against "
        f"{area_name}'s value, better or worse by the indicator's polarity."))
    st.markdown("\n".join(f"- {present.text(present.group_text(ind, g, area_name))}" for g in found.groups))
    _chart(groupcharts.groups_chart(ind, found, area_name, illustrative), "groups_chart",
           groupcharts.groups_summary(ind, found, area_name, illustrative),
           groupcharts.groups_table(ind, found, area_name), "Show every group's figures as a table")
    charted = set()
    for btype in found.types:
        periods = found.rows[(found.rows["breakdown_type"] == btype) & found.rows["value"].notna()]["period"].nunique()
        if periods < 2:
            continue
        charted.add(btype)
        st.markdown(f"#### {present.BREAKDOWN_TYPE_LABEL[btype]}, over time")
        _chart(groupcharts.over_time_chart(ind, found, btype, area_name, illustrative), f"groups_{btype}_chart",
               groupcharts.over_time_summary(ind, found, btype, area_name),
               groupcharts.over_time_table(ind, found, btype), "Show the groups over time as a table")
    for gap in found.gaps:  # the charted types' gaps are in their summaries
        if gap.breakdown_type not in charted:
            st.markdown(present.text(present.gap_text(ind, gap)))
    st.markdown("#### Slope index of inequality")
    if found.sii:
        for finding in found.sii:
            st.markdown(present.text(present.sii_text(ind, finding)))
    else:
        st.markdown(present.text(
            "Not calculated: the slope index of inequality needs figures for every deprivation decile or quintile, "
            f"and the extracts give {area_name}'s figures by "
            + present.and_list([present.BREAKDOWN_TYPE_NOUN[t] for t in found.types]) + " only."))
    st.caption(present.text(present.SII_METHOD + ". Trends: Fingertips' recent trend on each group's last five "
                            "points."))


def benchmark_section(ind: Indicator, area: str, registry: Registry, illustrative: bool) -> None:
    """How the area (and the registry's other councils) compare with every English council, for an indicator
    published for every council; nothing for other indicators."""
    if not benchmark.published_for_every_council(ind):
        return
    snap = cache.snapshot()
    rows = cache.benchmark_rows(snap.folder, snap.fingerprint)
    rows = rows[rows["indicator_id"] == ind.id]
    comparators = cache.comparators()
    councils = [area] + [c for c, a in registry.areas.items() if a.kind in ("county", "unitary") and c != area]
    marks = [b for b in (benchmark.standing(rows, c, registry.area_name(c), ind.polarity, comparators, registry.nation)
                         for c in councils) if b is not None]
    st.subheader("How it compares with every council", anchor="councils")
    if not marks:
        st.markdown(present.text(f"The official files hold no figure of this indicator for "
                                 f"{registry.area_name(area)} or the other councils here to rank."))
        return
    if illustrative:
        st.markdown("*The ranks use the published figures of every council, not the illustrative figures above.*")
    for bm in marks:
        st.markdown(present.text(present.rank_text(ind, bm)))
    latest = marks[0].period
    same = [m for m in marks if m.period == latest and set(m.field["area_code"]) == set(marks[0].field["area_code"])]
    _chart(groupcharts.benchmark_chart(ind, same), "benchmark_chart", groupcharts.benchmark_summary(ind, same),
           groupcharts.benchmark_table(ind, same), "Show every council's figure as a table")
    sources = sorted(set(rows["source"].dropna()))
    st.caption(present.text(f"{present.RANK_METHOD}. Sources: {'; '.join(sources)}."))


def deprivation_section(ind: Indicator, table: pd.DataFrame, period: str, illustrative: bool) -> None:
    """The Districts page's deprivation scatter and its sentence (table: districts.compare_with_kent)."""
    st.subheader("Districts and deprivation", anchor="deprivation")
    withdep = deprivation.with_deprivation(table, deprivation.load_iod())
    rel = deprivation.relationship(withdep, ind.polarity)
    sentence = present.deprivation_text(rel, period, present.IOD_LABEL)
    st.markdown(f"**{present.text(sentence)}**")
    if rel.n:
        _chart(groupcharts.deprivation_scatter(ind, withdep, period, sentence, illustrative), "deprivation_chart",
               f"Scatter of {ind.title} in {period} against each area's deprivation rank, the most deprived to the "
               f"right. {sentence}", groupcharts.deprivation_table(ind, withdep),
               "Show the areas and their deprivation as a table")
    st.caption(present.text(f"{present.SPEARMAN_METHOD}. Deprivation: Ministry of Housing, Communities and Local "
                            "Government, English Indices of Deprivation 2019, File 10 (local authority district "
                            "summaries), Open Government Licence v3.0."))
