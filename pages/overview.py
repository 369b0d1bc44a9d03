"""Overview: every indicator's status against its trajectory."""
import streamlit as st

from logframe import cache
from logframe.trajectory import STATUS_ICON, STATUS_LABEL

st.title("Kent and Medway Integrated Care Strategy: are we on track?")
snap = cache.snapshot()
rows = cache.assess(snap.folder, snap.fingerprint, None, None, None)
reg = cache.registry()
for r in rows:
    ind = reg.indicators[r["indicator_id"]]
    if r["area_code"] == ind.geography:
        st.write(f"{STATUS_ICON[r['status']]} **{STATUS_LABEL[r['status']]}** — {ind.title}")
