"""Data: every extract, whether it is used and why not, what it covers, conflicts, and (if switched on) upload."""
import pandas as pd
import streamlit as st

from logframe import cache, uploads
from logframe.extracts import extracts_dir, min_count, reports_frame, store_status
from logframe.validate import describe_report

st.title("Data: the extracts behind every number")
snap = cache.snapshot()
registry = cache.registry()
refreshed = pd.Timestamp(snap.taken_at, unit="s", tz="UTC").tz_convert("Europe/London")
st.markdown(f"**Last refreshed:** {refreshed:%d %B %Y at %H:%M:%S} (UK time). Files are re-read whenever one is "
            f"added, replaced or removed in `{snap.folder}`.")

n_ok, n_bad = len(snap.valid), len(snap.rejected)
st.markdown(f"**{len(snap.reports)} extract file(s): {n_ok} used, {n_bad} rejected.** A rejected file is left out "
            "whole, so a mistake in it cannot reach a board paper; every other file is still used. "
            f"Values whose count is below {min_count()} are shown as suppressed.")
if any(r.illustrative for r in snap.valid):
    st.warning("**Illustrative data.** Files marked *Illustrative* hold generated numbers, not real measurements.",
               icon=":material/science:")

for r in snap.rejected:
    st.error(describe_report(r).replace("\n  - ", "\n- "), icon=":material/error:")

frame = reports_frame(snap)
if frame.empty:
    st.info(f"No extract files were found in {snap.folder}.")
else:
    st.subheader("Extract files")
    st.dataframe(frame, hide_index=True, width="stretch", key="extract_files")

notes = [(r.path, n) for r in snap.valid for n in r.notes]
if notes:
    st.subheader("Rows left out of accepted files")
    for path, note in notes:
        st.info(f"`{path}`: {note}")

st.subheader("Conflicts between files")
conflicts = cache.query(snap.folder, snap.fingerprint, "conflicts") if n_ok > 1 else pd.DataFrame()
if conflicts.empty:
    st.markdown("No indicator x area x period is held by two files with different values.")
else:
    st.markdown(f"{len(conflicts)} indicator x area x period key(s) are in more than one file with different "
                "values. **The most recently modified file wins.**")
    st.dataframe(conflicts, hide_index=True, width="stretch", key="conflicts")

st.subheader("Latest period per indicator and area")
latest = cache.query(snap.folder, snap.fingerprint, "latest_periods")
if not latest.empty:
    latest.insert(1, "indicator", latest["indicator_id"].map(lambda i: registry.indicators[i].title))
    latest.insert(3, "area", latest["area_code"].map(registry.area_name))
st.dataframe(latest, hide_index=True, width="stretch", key="latest_periods")

st.subheader("Upload an extract")
if not uploads.enabled():
    st.markdown(f"Uploads are switched off here. Analysts drop files into `{extracts_dir()}` instead, or an "
                f"administrator switches uploads on with `LOGFRAME_UPLOADS=on` (see the README).")
else:
    st.markdown(f"The file is checked first; only a valid file is saved, under `uploads/`, never over another "
                f"file. Limit: {uploads.max_bytes() // 1048576} MB.")
    upload = st.file_uploader("Parquet extract", type=["parquet"], key="upload")
    if upload is not None:
        result = uploads.save_upload(upload.getvalue(), upload.name, registry, extracts_dir())
        if result.report is not None:
            (st.success if result.saved else st.error)(describe_report(result.report).replace("\n  - ", "\n- "))
        (st.success if result.saved else st.error)(result.message)

store = store_status(snap)  # the consolidated store and the cache folder: said only when something is wrong
if store:
    st.warning(store, icon=":material/speed:")
