"""python -m logframe fetch fingertips: against a local HTTP server on 127.0.0.1 serving a file in the Fingertips
API's export layout (tests/fixtures), never the internet; offline it fails in one line and writes nothing."""
import http.server
import socket
import threading
import urllib.parse
from datetime import date

import pandas as pd
import pytest

from logframe.__main__ import main
from logframe.validate import describe_report, validate_file
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "fingertips_by_indicator_id.csv"


@pytest.fixture
def api():
    """A Fingertips API stand-in: any /api/all_data/csv/by_indicator_id request gets the fixture; requests are kept."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append(self.path)
            if not self.path.startswith("/api/all_data/csv/by_indicator_id?"):
                self.send_error(404)
                return
            body = FIXTURE.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/api", seen
    server.shutdown()


def test_fetch_writes_a_dated_export_of_the_registry_areas_that_the_importer_reads(tmp_path, api, registry, capsys):
    url, seen = api
    assert main(["fetch", "fingertips", "--out", str(tmp_path), "--api", url]) == 0
    written = tmp_path / f"fingertips-{date.today().isoformat()}.csv"
    assert [p.name for p in tmp_path.iterdir()] == [written.name]  # no temporary file left behind
    out = capsys.readouterr().out
    assert str(written) in out and "indicator 93085" in out
    # both area types were asked for, with every registry Fingertips id
    queries = [urllib.parse.parse_qs(urllib.parse.urlsplit(p).query) for p in seen]
    assert sorted(q["child_area_type_id"][0] for q in queries) == ["501", "502"]
    ids = {int(i) for i in queries[0]["indicator_ids"][0].split(",")}
    assert ids == {i.fingertips_id for i in registry.indicators.values() if i.fingertips_id}
    text = written.read_text()
    assert "Hartlepool" not in text  # only the registry's areas are kept
    report = validate_file(written, registry)
    assert report.ok and report.kind == "fingertips", describe_report(report)
    assert set(report.areas) == {"E92000001", "E10000016", "E06000035", "E07000114", "E07000113"}
    assert report.breakdown_rows == 1 and "1 of them for groups" in describe_report(report)  # Kent's deprivation row


def test_offline_it_fails_in_one_line_and_writes_nothing(tmp_path, capsys):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out_dir = tmp_path / "extracts"
    assert main(["fetch", "fingertips", "--out", str(out_dir), "--api", f"http://127.0.0.1:{port}/api"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("fetch fingertips: cannot reach 127.0.0.1") and "nothing was written" in err
    assert not out_dir.exists()


def test_an_error_page_is_not_taken_for_data(tmp_path, api, capsys):
    url, _ = api
    assert main(["fetch", "fingertips", "--out", str(tmp_path), "--api", url + "/wrong"]) == 1
    assert "404" in capsys.readouterr().err and not list(tmp_path.iterdir())


def test_every_fingertips_indicator_of_the_plan_is_fetched_and_a_different_definition_is_labelled(
        tmp_path, api, registry, capsys):
    url, seen = api
    plan_ids = {i.fingertips_id for i in registry.indicators.values() if i.fingertips_id and not i.supporting}
    assert len({i.id for i in registry.indicators.values() if i.fingertips_id and not i.supporting}) >= 20
    assert main(["fetch", "fingertips", "--out", str(tmp_path), "--api", url]) == 0
    asked = {int(i) for i in urllib.parse.parse_qs(urllib.parse.urlsplit(seen[0]).query)["indicator_ids"][0].split(",")}
    assert plan_ids <= asked
    written = next(tmp_path.iterdir())
    header = written.read_text().splitlines()[0].split(",")
    assert "Time period range" in header and "Compared to Regions (statistical) value or percentiles" in header
    from logframe.extracts import take_snapshot
    obs = take_snapshot(tmp_path, registry).run("observations", indicator_ids=["year6_healthy_weight",
                                                                               "alcohol_admissions"], area_codes=None)
    got = {r.indicator_id: r for r in obs.itertuples(index=False)}
    assert got["year6_healthy_weight"].value == 61.2 and pd.isna(got["year6_healthy_weight"].definition)
    assert got["alcohol_admissions"].value == 401.5  # used, shown ...
    assert got["alcohol_admissions"].definition.startswith("Fingertips 92906 (Admission episodes for alcohol-specific "
                                                           "conditions): not the plan's definition")  # ... never judged
