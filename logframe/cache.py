"""The only Streamlit-aware module in the package: per-process caches keyed by the extracts' fingerprint."""
from __future__ import annotations

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
    return take_snapshot(registry=registry())


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
