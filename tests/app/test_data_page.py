"""The Data page, and extracts added, replaced and removed while the app runs."""
import os
import time

from tests.app.conftest import app_test, switch
from tests.conftest import write_extract
from tests.validate.cases import BAD, good_rows

LONELY = "loneliness_often_always"


def data_page():
    at = app_test()
    at.run()
    switch(at, "pages/data.py").run()
    assert not at.exception
    return at


def table(at, column):
    """The table on the page that has this column (AppTest does not look tables up by key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def text(at):
    """What the page says, with the Markdown escapes of text from outside removed."""
    return "\n".join([m.value for m in at.markdown] + [e.value for e in at.error] + [i.value for i in at.info]
                     + [w.value for w in at.warning] + [s.value for s in at.success]).replace("\\", "").replace("\u2060", "")


def test_bad_file_is_named_with_reasons_and_good_data_still_served(extracts):
    write_extract(extracts / "good.parquet", good_rows())
    BAD["value_as_text"][0](extracts / "bad.parquet")
    at = data_page()
    shown = text(at)
    assert "2 file(s): 1 used, 1 rejected, 0 not an extract." in shown
    assert "Rejected: bad.parquet" in shown and "column 'value': is not a number in 3 row(s) (rows 1, 2, 3)" in shown
    assert str(extracts) not in shown  # no server path for visitors to see
    files = table(at, "problems")
    assert files.set_index("file").loc["good.parquet", "rows"] == 3
    assert files.set_index("file").loc["bad.parquet", "status"] == "✖ Rejected"
    assert not any(str(extracts) in str(v) for v in files.to_numpy().ravel())
    latest = table(at, "latest_period")
    assert latest[["indicator_id", "area_code", "latest_period"]].values.tolist() == [[LONELY, "E54000032", "2023/24"]]
    # the other pages still work beside the bad file
    switch(at, "pages/overview.py").run()
    assert not at.exception


def test_files_added_replaced_and_removed_are_seen_on_the_next_rerun(extracts):
    at = data_page()
    assert "0 file(s)" in text(at)
    path = write_extract(extracts / "a.parquet", good_rows(2))
    at.run()
    assert table(at, "latest_period")["latest_period"].tolist() == ["2022/23"]
    write_extract(path, good_rows(4))
    os.utime(path, (time.time() + 5, time.time() + 5))  # a replaced file: new content and a new modified time
    at.run()
    assert table(at, "latest_period")["latest_period"].tolist() == ["2024/25"]
    path.unlink()
    at.run()
    assert "0 file(s)" in text(at)
    assert table(at, "latest_period").empty


def test_conflict_names_the_winning_file(extracts):
    write_extract(extracts / "old.parquet", good_rows(), mtime=1_700_000_000)
    rows = good_rows(1)
    rows[0]["value"] = 6.8
    write_extract(extracts / "new.parquet", rows, mtime=1_700_000_900)
    at = data_page()
    assert "The most recently modified file wins." in text(at)
    conflicts = table(at, "winning_file")
    assert conflicts["winning_file"].tolist() == ["new.parquet"]
    assert [list(v) for v in conflicts["file_values"]] == [["6.8", "7.0"]]  # each file's own value, newest first


def test_upload_is_off_by_default_and_offered_when_switched_on(extracts, monkeypatch):
    at = data_page()
    assert "Uploads are switched off here" in text(at)
    assert len(at.get("file_uploader")) == 0
    monkeypatch.setenv("LOGFRAME_UPLOADS", "on")
    at = data_page()
    assert len(at.get("file_uploader")) == 1
    assert str(extracts) not in text(at)


def test_every_file_in_the_folder_is_accounted_for(extracts):
    from tests.validate.test_fingertips import ft_row, write_csv
    write_extract(extracts / "good.parquet", good_rows())
    (extracts / "lonely.csv").write_text("indicator_id,area_code,period,value\n"
                                         "loneliness_often_always,E07000114,2024/25,8.1\n")
    (extracts / "figures.xlsx").write_bytes(b"PK\x03\x04")
    (extracts / "minutes.docx").write_bytes(b"PK\x03\x04")
    write_csv(extracts / "smoking_delivery.csv", [ft_row(93085, "Smoking status at time of delivery", "E10000016",
                                                         "2021/22", 9.8, sex="Female")])
    at = data_page()
    shown = text(at)
    assert "5 file(s): 3 used, 0 rejected, 2 not an extract." in shown
    assert "Not an extract: figures.xlsx** (Excel workbook: to use it, save the sheet as CSV (UTF-8) or Parquet)" in shown
    assert "Not an extract: minutes.docx** (Word document)" in shown
    files = table(at, "problems").set_index("file")
    assert files.loc["lonely.csv", "kind"] == "extract (CSV)" and files.loc["lonely.csv", "status"] == "✔ Used"
    assert files.loc["smoking_delivery.csv", "kind"] == "Fingertips export" and files.loc["smoking_delivery.csv", "rows"] == 1


def test_a_conflict_with_a_suppressed_newer_value_shows_each_files_own_value(extracts, monkeypatch):
    monkeypatch.setenv("LOGFRAME_MIN_COUNT", "10")
    old = good_rows(1)
    old[0].update(numerator=400.0, value=7.0)
    new = good_rows(1)
    new[0].update(numerator=7.0, value=13.37, lower_ci=12.0, upper_ci=14.0)  # a count of 7: suppressed, never shown
    write_extract(extracts / "old.parquet", old, mtime=1_700_000_000)
    write_extract(extracts / "new.parquet", new, mtime=1_700_000_900)
    at = data_page()
    conflicts = table(at, "winning_file")
    assert conflicts[["winning_file", "winning_value"]].values.tolist() == [["new.parquet", "suppressed"]]
    assert [list(v) for v in conflicts["file_values"]] == [["suppressed", "7.0"]]
    assert "13.37" not in text(at) + conflicts.to_string()


def test_illustrative_figures_of_an_indicator_with_real_ones_are_named_as_not_used(extracts):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from logframe import contract
    illustrative = pa.Table.from_pylist(good_rows()).replace_schema_metadata({contract.META_ILLUSTRATIVE: b"true"})
    pq.write_table(illustrative, extracts / "made_up.parquet")
    write_extract(extracts / "real.parquet", good_rows(1))
    at = data_page()
    assert "Illustrative figures not used" in [h.value for h in at.subheader]
    assert "made_up.parquet: People who feel lonely often or always" in text(at)


def test_the_latest_periods_follow_the_filters_and_say_their_basis(registry):
    """The same selection on every page: the latest periods narrow to the sidebar's area and outcome (the files and
    conflicts are the whole folder's, and the page says so)."""
    from tests.app.conftest import open_page
    at = open_page("pages/data.py", area="E07000114", outcome="SO2")
    latest = table(at, "latest_period")
    assert set(latest["area_code"]) == {"E07000114"}
    assert {registry.indicators[i].shared_outcome for i in latest["indicator_id"]} == {"SO2"}
    assert set(latest["basis"]) <= {"real", "derived", "illustrative"} and len(latest)
    assert "whatever the filters in the sidebar" in text(at)
    everything = table(open_page("pages/data.py"), "latest_period")
    assert len(everything) > len(latest) and {"E10000016", "E06000035", "E54000032"} <= set(everything["area_code"])
