"""The only Streamlit-aware module in the package: per-process caches keyed by the extracts' fingerprint."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from logframe import assessments
from logframe.extracts import (
    Snapshot,
    build_store,
    extra_areas_file,
    extracts_dir,
    fingerprint,
    snapshot_key,
    take_snapshot,
)
from logframe.maps import MapSpec
from logframe.registry import Comparator, Registry, load_registry, registry_dir
from logframe.runtime import RUNTIME


@st.cache_resource(max_entries=4)
def _registry(folder: str, extra_areas: tuple[Any, ...] | None) -> Registry:
    return load_registry(Path(folder), extra_areas=Path(extra_areas[0]) if extra_areas else None)


def registry() -> Registry:
    """The validated log-frame registry (LOGFRAME_REGISTRY_DIR), loaded once per process and registry folder, and
    again when the extracts' areas.csv changes.

    A page run asks for it a dozen times: the one asked for last is handed out again without the cache's key
    hashing (which cost a crowd of sessions about 4% of the server's time)."""
    extra = extra_areas_file()
    stat = extra.stat() if extra is not None else None
    key = (str(registry_dir()), None if extra is None or stat is None else (str(extra), stat.st_mtime_ns,
                                                                            stat.st_size))
    last = RUNTIME.last_registry
    if last is not None and last[0] == key:
        found: Registry = last[1]
        return found
    found = _registry(*key)
    RUNTIME.last_registry = (key, found)
    return found


@st.cache_resource(max_entries=4)
def _snapshot(folder: str, fp: str) -> Snapshot:
    return take_snapshot(Path(folder), registry())


def snapshot() -> Snapshot:
    """The current extracts snapshot; a new, changed or removed file gives a new one on the next rerun.

    Its consolidated store is written in the background the first time, and read once it is ready.
    """
    folder = extracts_dir()
    snap = _snapshot(str(folder), snapshot_key(fingerprint(folder)))
    build_store(snap)
    return snap


@st.cache_data(max_entries=512, show_spinner=False)
def assess(folder: str, fp: str, area: str, outcome: str | None = None, directorate: str | None = None,
           indicator: str | None = None) -> list[assessments.Assessment]:
    """The assessments of the indicators a view of the area lists (assessments.assess); the fingerprint in the key
    drops stale answers.

    A view narrowed by outcome, directorate or indicator is the area's whole list, filtered: an assessment does not
    depend on the others, so each area is assessed once per snapshot, not once more for every outcome, directorate
    and indicator asked for (each new view cost a new session about 30 ms of CPU at 10 million rows)."""
    if outcome is None and directorate is None and indicator is None:
        return assessments.assess(registry(), _snapshot(folder, fp), area)
    wanted = {i.id for i in assessments.select_indicators(registry(), outcome, directorate, indicator)}
    return [a for a in assess(folder, fp, area) if a.indicator_id in wanted]


@st.cache_data(max_entries=16, show_spinner=False)
def district_coverage(folder: str, fp: str) -> Any:
    """Indicator x period pairs with district values (queries/district_coverage.sql)."""
    codes = [a.code for a in registry().districts()]
    return _snapshot(folder, fp).run("district_coverage", district_codes=codes)


@st.cache_data(max_entries=256, show_spinner=False)
def district_values(folder: str, fp: str, indicator: str, period: str) -> Any:
    """One indicator and period for the districts, Medway, Kent, Kent and Medway, England (district_values.sql)."""
    from logframe.districts import query_areas
    return _snapshot(folder, fp).run("district_values", indicator_id=indicator, period=period,
                                     area_codes=query_areas(registry()))


def map_spec() -> MapSpec:
    """The registry's map settings (maps.map_spec: boundary file, code property, attribution, label positions)."""
    return _map_spec(str(registry_dir()))


@st.cache_resource(max_entries=4)
def _map_spec(folder: str) -> MapSpec:
    from logframe.maps import map_spec as read
    return read(Path(folder))


def district_geojson() -> dict[str, Any]:
    """The registry's district boundaries (maps.boundaries_path), read once per process and file (do not mutate)."""
    return _geojson(str(map_spec().boundaries))


@st.cache_resource(max_entries=4)
def _geojson(path: str) -> dict[str, Any]:
    from logframe.maps import load_geojson
    return load_geojson(path)


@st.cache_data(max_entries=64, show_spinner=False)
def query(folder: str, fp: str, name: str, **params: Any) -> pd.DataFrame:
    """Any named query over the snapshot's valid extracts, cached until the extracts change."""
    return _snapshot(folder, fp).run(name, **params)


@st.cache_data(max_entries=64, show_spinner=False)
def board_series(folder: str, fp: str, judged: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """The overview's sparkline series: each (indicator, area it is judged in) pair's rows (board.judged_series)."""
    from logframe import board
    return board.judged_series(_snapshot(folder, fp), judged, registry())


@st.cache_resource(max_entries=256, show_spinner=False)
def overview_page(folder: str, fp: str, area: str, outcome: str | None, directorate: str | None,
                  marks: tuple[tuple[str, str], ...] = (), day: str = "") -> Any:
    """The Overview of one view (logframe.overview.page): its HTML made once per view, extracts, commentary marks
    (indicator id, the mark's words) and day (which figures are overdue), so a rerun only sends it (shared read-only
    by every session: it holds strings)."""
    from datetime import date

    from logframe import overview
    from logframe.filters import Filters
    # Every indicator of the area assessed once (and its sparklines read once), whatever the outcome and directorate:
    # an assessment does not depend on the others, so a view of one outcome is the area's list, filtered.
    everything = assess(folder, fp, area)
    wanted = {i.id for i in assessments.select_indicators(registry(), outcome, directorate)}
    series = board_series(folder, fp, tuple((a.indicator_id, a.area_code) for a in everything))
    return overview.page(registry(), [a for a in everything if a.indicator_id in wanted], series,
                         Filters(area, outcome, directorate), dict(marks),
                         date.fromisoformat(day) if day else date.today())


def observations(folder: str, fp: str, indicator_ids: tuple[str, ...],
                 area_codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every observation for the indicators and areas (None = all areas), one row per indicator x area x period.

    One frame shared by every session (every area of an indicator is 250,000 rows at neighbourhood scale; a copy
    per session and rerun cost memory and time), handed out as a shallow copy: with pandas' copy-on-write a
    page that changes its copy never changes the shared one.
    """
    return _observations(folder, fp, indicator_ids, area_codes).copy(deep=False)


def indicator_observations(folder: str, fp: str, indicator_id: str) -> pd.DataFrame:
    """One indicator in the areas the dashboard shows and compares with (not neighbourhoods): the indicator page's
    chosen area, its comparators and the districts, without reading every area's rows."""
    return observations(folder, fp, (indicator_id,), _snapshot(folder, fp).main_areas)


@st.cache_resource(max_entries=64, show_spinner=False)
def _observations(folder: str, fp: str, indicator_ids: tuple[str, ...],
                  area_codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    return assessments.observations(_snapshot(folder, fp), list(indicator_ids),
                                    list(area_codes) if area_codes else None)


@st.cache_resource(max_entries=128, show_spinner=False)
def indicator_chart(folder: str, fp: str, chosen: str, indicator: str, _ind: Any, _shown: pd.DataFrame, _area: str,
                    _assessment: Any, _comparators: list[str], _illustrative: bool) -> tuple[Any, ...]:
    """The Indicator page's chart as the page shows it (charts.for_a_page), its one-sentence summary and its key,
    made once per snapshot, chosen area and indicator, which fix every other argument (the page's own values, not
    hashed); shared read-only by every session (a figure cost every run of the page about 50 ms)."""
    from logframe import charts
    reg = registry()
    fig = charts.indicator_chart(_ind, _shown, _area, _assessment, reg, _comparators, _illustrative)
    summary = charts.chart_summary(_ind, _shown, _area, _assessment, reg, _comparators, _illustrative)
    items = charts.key_items(fig)
    return charts.for_a_page(fig), summary, items


@st.cache_resource(max_entries=128, show_spinner=False)
def indicator_spc(folder: str, fp: str, chosen: str, indicator: str, _ind: Any, _series: pd.DataFrame, _spc: Any,
                  _illustrative: bool, _area_name: str, _period: str | None) -> tuple[Any, ...]:
    """The Indicator page's XmR chart (as the page shows it), its summary, its key and its table, made once per
    snapshot, chosen area and indicator, which fix every other argument; shared read-only by every session (about
    55 ms a run)."""
    from logframe import charts
    r = _spc.result
    fig = charts.spc_chart(_ind, _series, r, _spc.target_value, _spc.milestone_value, _illustrative, _area_name,
                           _period)
    words = charts.spc_summary(_ind, _series, r, _area_name, _spc.target_value, _spc.milestone_value, _illustrative)
    items = charts.key_items(fig)
    return charts.for_a_page(fig), words, items, charts.spc_table(_ind, _series, r)


@st.cache_resource(max_entries=128, show_spinner=False)
def indicator_table(folder: str, fp: str, indicator: str, area: str, comparators: tuple[str, ...],
                    _shown: pd.DataFrame) -> tuple[pd.DataFrame, bytes]:
    """The Indicator page's data table (charts.indicator_table) and its CSV download, made once per snapshot,
    indicator, area and comparators, which fix the rows shown (not hashed: hashing them cost every run more than the
    lookup saved); shared read-only by every session (a row per period and area, each judged and dated, cost every
    run of the page about 40 ms)."""
    from logframe import charts
    table = charts.indicator_table(registry().indicators[indicator], _shown, area, registry(), list(comparators),
                                   folder)
    return table, table.to_csv(index=False).encode("utf-8")


@st.cache_resource(max_entries=128, show_spinner=False)
def statistics(folder: str, fp: str, indicator: str, area: str, milestone: float | None, period: str | None,
               _obs: pd.DataFrame) -> Any:
    """The Indicator page's Statistics section (methods.statistics) for one indicator in one area, made once per
    snapshot (which fixes the observations, not hashed) and shared read-only by every session: its SPC, trend and
    comparisons cost every run of the page about 30 ms."""
    from logframe import methods
    reg = registry()
    return methods.statistics(reg.indicators[indicator], _obs, area, reg, milestone, period,
                              [d.code for d in reg.districts()])


@st.cache_data(max_entries=8, show_spinner=False)
def _boardpack_html(folder: str, fp: str, area: str, outcome: str | None, directorate: str | None,
                    day: str, commentary_revision: int = 0) -> str:
    from datetime import date

    from logframe.boardpack import build_boardpack
    return build_boardpack(registry(), _snapshot(folder, fp), area=area, outcome=outcome, directorate=directorate,
                           today=date.fromisoformat(day))


def boardpack_html(folder: str, fp: str, area: str, outcome: str | None, directorate: str | None) -> str:
    """The board pack (boardpack.build_boardpack) for the filters, cached until the extracts, the date or the
    owners' commentary change."""
    from datetime import date

    from logframe import state
    try:
        revision = state.store().revision()
    except state.StateError:
        revision = -1  # the pack says commentary could not be read
    return _boardpack_html(folder, fp, area, outcome, directorate, date.today().isoformat(), revision)


# --- groups, councils compared, deprivation (logframe.sections) -----------------------------------------------

@st.cache_data(max_entries=64, show_spinner=False)
def breakdowns(folder: str, fp: str, indicator: str) -> pd.DataFrame:
    """One indicator's breakdown rows (queries/breakdowns.sql) in the dashboard's own areas."""
    snap = _snapshot(folder, fp)
    return snap.run("breakdowns", indicator_id=indicator, area_codes=list(snap.main_areas))


@st.cache_data(max_entries=64, show_spinner=False)
def inequalities(folder: str, fp: str, indicator: str, area: str) -> Any:
    """One indicator's groups in one area against its own figures (logframe.inequality.inequalities), with the SII's
    simulation run once per snapshot, not on every rerun."""
    from logframe import inequality
    from logframe.methods import area_series
    overall = area_series(indicator_observations(folder, fp, indicator), area)
    return inequality.inequalities(registry().indicators[indicator], breakdowns(folder, fp, indicator), overall, area)


@st.cache_resource(max_entries=4, show_spinner=False)
def benchmark_rows(folder: str, fp: str) -> pd.DataFrame:
    """Every council's published figure of every all-council indicator (logframe.benchmark), read once per process
    and snapshot (and kept in the cache folder across restarts); shared, never changed by a page."""
    from logframe import benchmark
    snap = _snapshot(folder, fp)
    official = [(r.path, r.kind) for r in snap.valid]
    return benchmark.benchmark_table(registry(), benchmark.sources(official))


def comparators() -> tuple[Comparator, ...]:
    """The registry's comparators.csv: each council's region and comparator group."""
    return _comparators(str(registry_dir()))


@st.cache_resource(max_entries=4)
def _comparators(folder: str) -> tuple[Comparator, ...]:
    from logframe.registry import load_comparators
    return load_comparators(registry(), Path(folder))
