"""Uploads: validated first, sanitised names, atomic, size-limited, never overwriting."""
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from logframe.uploads import sanitise_name, save_upload
from tests.validate.cases import good_rows


def parquet_bytes(rows):
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), buf)
    return buf.getvalue()


@pytest.mark.parametrize("name,expected", [
    ("loneliness 2024.parquet", "loneliness_2024.parquet"),
    ("ascof open data.CSV", "ascof_open_data.csv"),                 # a CSV keeps its extension
    ("../../etc/passwd", "passwd.parquet"),                       # path parts are dropped
    ("..\\..\\windows\\x.parquet", "x.parquet"),
    ("'; DROP TABLE extracts; --.parquet", "DROP_TABLE_extracts.parquet"),
    (".parquet", "upload.parquet"),                               # nothing left: a neutral name
    ("a" * 500 + ".parquet", "a" * 80 + ".parquet"),              # very long names are cut
    ("..", "upload.parquet"),
])
def test_names_are_sanitised(name, expected):
    assert sanitise_name(name) == expected


def test_valid_upload_is_saved_once_under_uploads_without_overwriting(tmp_path, registry):
    data = parquet_bytes(good_rows())
    first = save_upload(data, "../x.parquet", registry, tmp_path)
    assert first.saved == tmp_path / "uploads" / "x.parquet" and first.saved.read_bytes() == data
    assert oct(first.saved.stat().st_mode & 0o777) == "0o644"  # readable like the analysts' own files
    # the same bytes again (a rerun, or the analyst uploading twice): nothing is written
    again = save_upload(data, "x.parquet", registry, tmp_path)
    assert again.already_there and again.saved == first.saved and "nothing was written" in again.message
    # other bytes under the same name: a new name, never over the first
    other = save_upload(parquet_bytes(good_rows(2)), "x.parquet", registry, tmp_path)
    assert other.saved == tmp_path / "uploads" / "x-2.parquet"
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["x-2.parquet", "x.parquet"]  # no temp left


def test_an_official_download_can_be_uploaded_as_published(tmp_path, registry):
    from tests.conftest import ROOT
    data = (ROOT / "data" / "reference" / "ons" / "healthy-life-expectancy.csv").read_bytes()
    result = save_upload(data, "healthy-life-expectancy.csv", registry, tmp_path)
    assert result.saved == tmp_path / "uploads" / "healthy-life-expectancy.csv"
    assert result.report.kind == "ons" and result.report.ok


def test_invalid_upload_is_reported_and_not_written(tmp_path, registry):
    rows = good_rows()
    rows[0]["area_code"] = "E99999999"
    result = save_upload(parquet_bytes(rows), "bad.parquet", registry, tmp_path)
    assert result.saved is None and "not saved" in result.message
    assert any("area_code" in p.message for p in result.report.problems)
    assert list((tmp_path / "uploads").iterdir()) == []


def test_oversized_upload_is_refused_before_anything_is_written(tmp_path, registry, monkeypatch):
    monkeypatch.setenv("LOGFRAME_UPLOAD_MAX_MB", "0.001")
    result = save_upload(b"x" * 5000, "big.parquet", registry, tmp_path)
    assert result.saved is None and "the limit is" in result.message
    assert not (tmp_path / "uploads").exists()
