"""Several people at once on one `streamlit run` server: no errors, and nobody sees another's filters."""
import os

from bench.sessions import run_sessions, server
from tests.conftest import ROOT


def test_sessions_at_once_keep_their_own_filters(tmp_path):
    env = {**os.environ, "LOGFRAME_EXTRACTS_DIR": str(ROOT / "data" / "extracts")}
    with server(env, tmp_path / "server.log") as (port, _):
        # each session opens its own link (area, shared outcome), the Indicator page, then another outcome
        result = run_sessions(port, 4)
    assert result["errors"] == [] and result["leaks"] == []
    assert {step: s["n"] for step, s in result["steps"].items()} == {"open": 4, "indicator": 4, "filter": 4}
