"""Data: every file in the extracts folder, used (with what it left out), rejected with reasons, or not an extract;
conflicts, latest periods, and (if switched on) upload."""
from datetime import date

import pandas as pd
import streamlit as st

from logframe import assessments, cache, present, releases, ui, uploads
from logframe.assessments import basis_of
from logframe.extracts import extracts_dir, folder_problem, min_count, reports_frame, store_status

f = ui.page_filters()
st.title("Data: the files behind every number")
snap = cache.snapshot()
registry = cache.registry()
refreshed = pd.Timestamp(snap.taken_at, unit="s", tz="UTC").tz_convert("Europe/London")
st.markdown(f"**Last refreshed:** {refreshed:%d %B %Y at %H:%M:%S} (UK time). Files are re-read whenever one is "
            "added, replaced or removed in the extracts folder; paths below are relative to it. The files, what they "
            "left out and the conflicts between them are the whole folder's, whatever the filters in the sidebar; "
            "the latest periods follow the filters.")

problem = folder_problem()
if problem is not None:  # only an empty folder reaches this page (ui.extracts_folder_usable)
    st.info(present.text(present.folder_problem_text(problem)), icon=":material/folder_open:")
n_ok, n_bad, n_other = len(snap.valid), len(snap.rejected), len(snap.not_extracts)
n_unused = len(snap.nothing_used)
recognised = f"{n_unused} recognised with nothing to use, " if n_unused else ""
st.markdown(f"**{len(snap.reports)} file(s): {n_ok} used, {n_bad} rejected, {recognised}{n_other} not an extract.** "
            "A rejected file is left out whole, so a mistake in it cannot reach a board paper; every other file is "
            f"still used. Values whose count is below {min_count()} are shown as suppressed.")
# Each file and figure below says whether it is real or illustrative; a page-wide label only if every file is.
ui.illustrative_banner(bool(snap.valid) and all(r.illustrative for r in snap.valid))

for r in snap.rejected:
    st.error(f"**Rejected: {present.text(snap.relative(r.path))}**, {len(r.problems)} problem(s); nothing from this "
             "file is used.\n" + "\n".join(f"- {present.text(p.message)}" for p in r.problems),
             icon=":material/error:")
for r in snap.nothing_used:
    st.info(f"**Recognised, nothing to use: {present.text(snap.relative(r.path))}**. {present.text(r.unused)}. "
            "It is not an error: the file stays where it is and is read again if the registry changes.",
            icon=":material/info:")
for r in snap.not_extracts:
    st.info(f"**Not an extract: {present.text(snap.relative(r.path))}** ({present.text(r.file_type)}). Nothing from "
            "it is used.", icon=":material/draft:")

frame = reports_frame(snap)
if frame.empty:
    st.info("No files were found in the extracts folder.")
else:
    st.subheader("Files")
    st.dataframe(frame.assign(source=frame["source"].map(present.source_words)), hide_index=True, width="stretch",
                 key="extract_files")

left_out = [r for r in snap.valid if r.left_out or r.notes]
if left_out:
    st.subheader("Rows left out of files that are used")
    st.markdown("Official downloads hold more than the log-frame uses: these rows were left out on purpose, counted "
                "by reason.")
    for r in left_out:
        lines = [x.describe() for x in r.left_out] + r.notes
        st.markdown(f"**{present.text(snap.relative(r.path))}** ({r.used_rows:,} row(s) used)\n"
                    + "\n".join(f"- {present.text(line)}" for line in lines))

if snap.superseded:
    st.subheader("Illustrative figures not used")
    st.markdown("Real figures exist for these indicators, so the illustrative (generated) ones are left out "
                "everywhere: real and made-up figures never mix.")
    st.markdown("\n".join(f"- {present.text(snap.relative(path))}: "
                          + ", ".join(present.text(registry.indicators[i].title) for i in ids)
                          for path, ids in snap.superseded.items()))

st.subheader("Conflicts between files")
conflicts = cache.query(snap.folder, snap.fingerprint, "conflicts") if n_ok > 1 else pd.DataFrame()
if conflicts.empty:
    st.markdown("No indicator x area x period is held by two files with different values.")
else:
    st.markdown(f"{len(conflicts)} indicator x area x period key(s) are in more than one file with different "
                "values. **The most recently modified file wins.** Each file's value is shown as the pages would "
                "show it.")
    shown = conflicts.assign(winning_file=conflicts["winning_file"].map(snap.relative),
                             files=conflicts["files"].map(lambda fs: [snap.relative(f) for f in fs]))
    st.dataframe(shown, hide_index=True, width="stretch", key="conflicts")

st.subheader("Latest period per indicator and area")
latest = cache.query(snap.folder, snap.fingerprint, "latest_periods")
every = len(latest)
if not latest.empty:
    # The sidebar's filters: the shared outcome's and directorate's indicators, in the chosen area and the areas inside
    # it (its districts; Kent and Medway for the whole partnership).
    wanted = {i.id for i in assessments.select_indicators(registry, f.outcome, f.directorate)}
    inside = {c: assessments.within(registry, c, f.area) for c in latest["area_code"].unique()}
    latest = latest[latest["indicator_id"].isin(wanted) & latest["area_code"].map(inside)]
    latest.insert(1, "indicator", latest["indicator_id"].map(lambda i: registry.indicators[i].title))
    latest.insert(3, "area", latest["area_code"].map(registry.area_name))
    latest["source_file"] = latest["source_file"].map(snap.relative)
    latest["basis"] = [basis_of(bool(x) if x == x else False).value for x in latest.pop("illustrative")]
st.caption(f"{len(latest)} of {every} indicator x area pairs: those of {present.text(registry.area_name(f.area))} "
           "and the areas inside it" + (f", shared outcome {f.outcome}" if f.outcome else "")
           + (f", the {present.text(f.directorate)} directorate" if f.directorate else "") + ".")
st.dataframe(latest, hide_index=True, width="stretch", key="latest_periods")

st.subheader("Overdue figures")
# The view's indicators (the filters apply) whose next figure was due and is not in the folder.
late = releases.overdue(registry, cache.assess(snap.folder, snap.fingerprint, f.area, f.outcome, f.directorate),
                        date.today())
if late:
    st.markdown(f"{len(late)} indicator(s) in this view have a newer figure due by their publisher's usual release "
                "that the folder does not hold yet (data/registry/releases.csv gives each schedule and its source):\n"
                + "\n".join(f"- {present.text(present.overdue_line(registry.indicators[a.indicator_id], registry, a, fr))}"
                            for a, fr in late))
else:
    st.markdown("No figure in this view is overdue by its publisher's usual release.")

st.subheader("Upload an extract")
if not uploads.enabled():
    st.markdown("Uploads are switched off here. Analysts drop files into the extracts folder instead, or an "
                "administrator switches uploads on (the setup guide says how).")
else:
    st.markdown(f"The file is checked first; only a valid file is saved, once, under `uploads/`, never over another "
                f"file. An extract (Parquet or CSV) or an official download as published. Limit: "
                f"{uploads.max_bytes() // 1048576} MB.")
    upload = st.file_uploader("Extract or download", type=["parquet", "csv"], key="upload")
    if upload is not None:
        # A rerun (a filter change, a page switch) hands the same upload back: answer it from memory, write nothing.
        done = st.session_state.setdefault("_uploads_done", {})
        if upload.file_id not in done:
            done[upload.file_id] = uploads.save_upload(upload.getvalue(), upload.name, registry, extracts_dir())
        result = done[upload.file_id]
        show = st.success if result.saved else st.error
        if result.report is not None:
            show(present.text(f"{snap.relative(result.report.path)}: "
                              + ("checked, no problem" if result.report.ok else
                                 "; ".join(p.message for p in result.report.problems))))
        show(present.text(result.message.replace(str(extracts_dir()) + "/", "")))

store = store_status(snap)  # the consolidated store and the cache folder: said only when something is wrong
if store:
    st.warning(present.text(store), icon=":material/speed:")
