"""The only Streamlit-aware module in the package: per-process caches keyed by the extracts' fingerprint."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from logframe import assessments
from logframe.extracts import Snapshot, extracts_dir, fingerprint, take_snapshot
from logframe.registry import Registry, load_registry


@st.cache_resource
def registry() -> Registry:
    """The validated log-frame registry, loaded once per process."""
    return load_registry()


@st.cache_resource(max_entries=4)
def _snapshot(folder: str, fp: tuple) -> Snapshot:
    return take_snapshot(Path(folder), registry())


def snapshot() -> Snapshot:
    """The current extracts snapshot; a new, changed or removed file gives a new one on the next rerun."""
    folder = extracts_dir()
    return _snapshot(str(folder), fingerprint(folder))


@st.cache_data(max_entries=512, show_spinner=False)
def assess(folder: str, fp: tuple, area: str | None, outcome: str | None, directorate: str | None,
           indicator: str | None = None) -> list[dict]:
    """Assessments for the filters; the fingerprint in the key drops stale answers."""
    reg = registry()
    inds = assessments.select_indicators(reg, outcome=outcome, directorate=directorate, indicator=indicator)
    return assessments.assess_all(reg, _snapshot(folder, fp), inds, [area] if area else None)


@st.cache_data(max_entries=16, show_spinner=False)
def district_coverage(folder: str, fp: tuple):
    """Indicator x period pairs with district values (queries/district_coverage.sql)."""
    codes = [a.code for a in registry().districts()]
    return _snapshot(folder, fp).run("district_coverage", district_codes=codes)


@st.cache_data(max_entries=256, show_spinner=False)
def district_values(folder: str, fp: tuple, indicator: str, period: str):
    """One indicator and period for the districts, Medway, Kent, Kent and Medway, England (district_values.sql)."""
    from logframe.districts import query_areas
    return _snapshot(folder, fp).run("district_values", indicator_id=indicator, period=period,
                                     area_codes=query_areas(registry()))


@st.cache_resource
def district_geojson() -> dict:
    """The Kent and Medway district boundaries, read once per process (do not mutate)."""
    from logframe.maps import load_geojson
    return load_geojson()


@st.cache_data(max_entries=64, show_spinner=False)
def query(folder: str, fp: tuple, name: str, **params) -> pd.DataFrame:
    """Any named query over the snapshot's valid extracts, cached until the extracts change."""
    return _snapshot(folder, fp).run(name, **params)
