"""Real is never mixed with made-up: where an indicator has any real figure, its illustrative figures are used
nowhere, not in a series, a status, a chart, a district comparison or the board pack; every real value names its
file, source and licence."""
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from logframe import boardpack, contract
from logframe.extracts import take_snapshot
from tests.app.conftest import open_page, overview_rows, page_text

LONELY, KM, THANET = "loneliness_often_always", "E54000032", "E07000114"
DISTRICTS = [f"E070001{n:02d}" for n in range(5, 17)]
MADE_UP = 9.87  # every illustrative loneliness figure
REAL = 6.43  # the one real figure, for Kent and Medway in 2023/24


def row(area, period, value):
    return {"indicator_id": LONELY, "area_code": area, "period": period, "value": value, "lower_ci": value - 0.5,
            "upper_ci": value + 0.5}


@pytest.fixture
def folder(extracts):
    made_up = [row(a, p, MADE_UP) for a in [KM, *DISTRICTS, "E10000016"] for p in ("2023/24", "2024/25")]
    table = pa.Table.from_pylist(made_up).replace_schema_metadata({
        contract.META_ILLUSTRATIVE: b"true", contract.META_SOURCE: b"Illustrative, generated"})
    pq.write_table(table, extracts / "made_up.parquet")
    real = pa.Table.from_pylist([row(KM, "2023/24", REAL)]).replace_schema_metadata({
        contract.META_SOURCE: b"Survey of lonely people 2023/24. Contains public sector information licensed under "
                              b"the Open Government Licence v3.0."})
    pq.write_table(real, extracts / "real.parquet")
    return extracts


def shown(at) -> str:
    tables = [d.value.to_csv() for d in at.dataframe] + [t.value.to_csv() for t in at.table]
    charts = [c.proto.spec for c in at.get("plotly_chart")]
    return "\n".join([page_text(at), *tables, *charts])


@pytest.mark.parametrize("path, params", [
    (None, {}), (None, {"area": THANET}), ("pages/indicator.py", {"indicator": LONELY}),
    ("pages/indicator.py", {"indicator": LONELY, "area": THANET}), ("pages/logframe.py", {}),
    ("pages/districts.py", {"indicator": LONELY}),
])
def test_no_page_uses_the_illustrative_figures(folder, path, params):
    at = open_page(path, **params)
    text = shown(at)
    assert "9.87" not in text
    if path is None and not params:
        assert overview_rows(at)[LONELY] == ("On track", "6.43%", "2023/24")  # milestone 6.44%
        assert "Judged on real figures: 1" in text.replace("\\", "").replace("\u2060", "")
    if path == "pages/indicator.py" and not params:
        plain = text.replace("\\", "").replace("\u2060", "")
        assert "Judged on real figures from real.parquet. Survey of lonely people 2023/24. Contains public sector " \
               "information licensed under the Open Government Licence v3.0." in plain
        assert not any("Illustrative data" in w.value for w in at.warning)
    if path is None and params:  # Thanet: only illustrative figures existed, and they are not used
        assert overview_rows(at)[LONELY][0] == "No data"


def test_nor_does_the_board_pack(folder, registry):
    snap = take_snapshot(folder, registry)
    for area in (KM, THANET):
        pack = boardpack.build_boardpack(registry, snap, area=area)
        assert "9.87" not in pack
        block = json.loads(pack.split('id="logframe-status">', 1)[1].split("</script>", 1)[0])
        assert block["indicators"][LONELY]["value"] == (REAL if area == KM else None)
