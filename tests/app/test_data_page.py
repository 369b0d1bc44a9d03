"""The Data page, and extracts added, replaced and removed while the app runs."""
import os
import time

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, write_extract
from tests.validate.cases import BAD, good_rows

LONELY = "loneliness_often_always"


def data_page():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    return at


def table(at, column):
    """The table on the page that has this column (AppTest does not look tables up by key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def text(at):
    return "\n".join([m.value for m in at.markdown] + [e.value for e in at.error] + [i.value for i in at.info]
                     + [w.value for w in at.warning] + [s.value for s in at.success])


def test_bad_file_is_named_with_reasons_and_good_data_still_served(extracts):
    write_extract(extracts / "good.parquet", good_rows())
    BAD["value_as_text"][0](extracts / "bad.parquet")
    at = data_page()
    shown = text(at)
    assert "2 extract file(s): 1 used, 1 rejected." in shown
    assert f"REJECTED {extracts / 'bad.parquet'}" in shown and "column 'value' must be a number" in shown
    files = table(at, "problems")
    assert files.set_index("file").loc["good.parquet", "rows"] == 3
    assert files.set_index("file").loc["bad.parquet", "status"] == "✖ Rejected"
    latest = table(at, "latest_period")
    assert latest[["indicator_id", "area_code", "latest_period"]].values.tolist() == [[LONELY, "E54000032", "2023/24"]]
    # the other pages still work beside the bad file
    at.switch_page("pages/overview.py").run()
    assert not at.exception


def test_files_added_replaced_and_removed_are_seen_on_the_next_rerun(extracts):
    at = data_page()
    assert "0 extract file(s)" in text(at)
    path = write_extract(extracts / "a.parquet", good_rows(2))
    at.run()
    assert table(at, "latest_period")["latest_period"].tolist() == ["2022/23"]
    write_extract(path, good_rows(4))
    os.utime(path, (time.time() + 5, time.time() + 5))  # a replaced file: new content and a new modified time
    at.run()
    assert table(at, "latest_period")["latest_period"].tolist() == ["2024/25"]
    path.unlink()
    at.run()
    assert "0 extract file(s)" in text(at)
    assert table(at, "latest_period").empty


def test_conflict_names_the_winning_file(extracts):
    write_extract(extracts / "old.parquet", good_rows(), mtime=1_700_000_000)
    rows = good_rows(1)
    rows[0]["value"] = 6.8
    write_extract(extracts / "new.parquet", rows, mtime=1_700_000_900)
    at = data_page()
    assert "The most recently modified file wins." in text(at)
    conflicts = table(at, "winning_file")
    assert conflicts["winning_file"].tolist() == [str(extracts / "new.parquet")]


def test_upload_is_off_by_default_and_offered_when_switched_on(extracts, monkeypatch):
    at = data_page()
    assert "Uploads are switched off here" in text(at)
    assert len(at.get("file_uploader")) == 0
    monkeypatch.setenv("LOGFRAME_UPLOADS", "on")
    at = data_page()
    assert len(at.get("file_uploader")) == 1
