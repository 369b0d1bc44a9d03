"""Owners' commentary in the app (AppTest): shown to everyone without sign-in; with sign-in, an owner writes new versions
from the indicator page, a reader and an owner of another indicator cannot, and a write submitted under another
identity is refused on the server. Commentary always reads as text."""
import re
from datetime import UTC, datetime

import pytest
from streamlit.testing.v1 import AppTest

from logframe import commentary, state
from tests.app.conftest import app_test, overview_html, overview_rows, page_text, switch

IND, AREA = "loneliness_often_always", "E54000032"  # at risk in Kent and Medway
KEY = f"cm_{IND}_{AREA}"
HOSTILE = "<script>alert(1)</script> [Sign in](https://evil.example/login) ![x](http://127.0.0.1:9/t.png)"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s" * 32, "client_id": "logframe",
        "client_secret": "secret", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
OWNERS = ("email,group,role,indicators,directorates,note\n"
          f"owner-a@example.org,,owner,{IND},,\n"
          "owner-b@example.org,,owner,physical_inactivity_adults,,\n"
          ",admins,administrator,,,\n")


def plain(text: str) -> str:
    """What a reader sees of escaped Markdown: the backslashes and invisible word joiners gone."""
    return re.sub(r"\\(.)", r"\1", text.replace("\u2060", ""))


def signed_in(email):
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0]}


@pytest.fixture
def setting(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGFRAME_STATE_DIR", str(tmp_path / "state"))
    (tmp_path / "owners.csv").write_text(OWNERS)
    monkeypatch.setenv("LOGFRAME_OWNERS_FILE", str(tmp_path / "owners.csv"))
    return state.Store()


def indicator_page(user=None, auth=True) -> AppTest:
    at = app_test()
    if auth:
        at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    at.run()
    at.query_params["indicator"] = IND
    switch(at, "pages/indicator.py").run()
    assert not at.exception
    return at


def seed(store, text=HOSTILE, period="2024/25"):
    return store.append(commentary.Draft(IND, AREA, period, text, (commentary.Action("Recruit", "PH"),)),
                        author="jo@example.org", written_on=datetime(2025, 6, 30, tzinfo=UTC),
                        recorded_by="jo@example.org", source="import")


def test_without_sign_in_everyone_reads_commentary_as_text_and_nobody_writes(setting):
    seed(setting, period="2023/24")
    at = indicator_page(auth=False)
    text = page_text(at)
    assert "For 2023/24, by jo@example.org on 30 June 2025" in plain(text)
    assert "Written before the latest figure" in text  # the latest figure is 2024/25
    text = "\n".join(m.value for m in at.markdown)  # as written into the page, before any reading of it as HTML
    assert "\\<script\\>alert\\(1\\)\\<\\/script\\>" in text  # escaped: shown as typed, never as markup
    assert "\\[Sign in\\]" in text and "\\!\\[x\\]" in text
    assert not [t for t in at.text_area if t.key == f"{KEY}_text"] and not at.sidebar.button


def test_an_owner_writes_and_each_edit_is_a_new_version(setting):
    at = indicator_page(signed_in("owner-a@example.org"))
    assert plain(at.sidebar.caption[0].value) == "Signed in as owner-a@example.org (owner)"
    assert "No commentary." in page_text(at)  # at risk and unexplained: said plainly
    at.text_area(key=f"{KEY}_text").input("Above the milestone: the survey's sample fell.")
    at.text_input(key=f"{KEY}_what_0").input("Recruit link workers")
    at.text_input(key=f"{KEY}_who_0").input("Public Health")
    at.button(key=f"{KEY}_save").click().run()
    assert not at.exception
    assert [plain(s.value) for s in at.success] == ["Saved: version 1 of the commentary for 2024/25."]
    at.text_area(key=f"{KEY}_text").input("Second account.")
    at.button(key=f"{KEY}_save").click().run()
    kept = setting.versions([IND])
    assert [(v.version, v.text, v.author) for v in kept] == [
        (1, "Above the milestone: the survey's sample fell.", "owner-a@example.org"),
        (2, "Second account.", "owner-a@example.org")]
    assert kept[1].actions == (commentary.Action("Recruit link workers", "Public Health"),)  # carried forward
    text = page_text(at)
    assert "Second account." in plain(text) and "1. Recruit link workers: Public Health" in plain(text)
    assert [e.label for e in at.expander if e.label.startswith("Every version")] == ["Every version (2), newest first"]


@pytest.mark.parametrize("email", ["reader@example.org", "owner-b@example.org"])
def test_a_reader_and_another_indicators_owner_cannot_write(setting, email):
    seed(setting)
    at = indicator_page(signed_in(email))
    assert not [t for t in at.text_area if t.key == f"{KEY}_text"]
    assert "you may read this commentary" in page_text(at)


def test_a_write_submitted_under_another_identity_is_refused_on_the_server(setting):
    at = indicator_page(signed_in("owner-a@example.org"))  # the form is drawn for the indicator's owner ...
    at.text_area(key=f"{KEY}_text").input("Forged.")
    at.user = signed_in("owner-b@example.org")  # ... and submitted as someone who owns another indicator
    at.button(key=f"{KEY}_save").click().run()
    assert [e.value for e in at.error if "Not saved" in e.value]
    assert setting.versions() == []


def test_the_overview_marks_rows_with_and_without_commentary(setting):
    seed(setting, text="Why.")
    at = app_test().run()
    assert not at.exception
    rows = {ind: " ".join(cells.values()) for ind, cells in overview_html(at).rows.items()}
    assert "💬 Owner's commentary, for 2024/25" in rows[IND]
    assert overview_rows(at)[IND][0] == "At risk"
    off_track = [i for i, row in overview_rows(at).items() if row[0] in ("Off track", "At risk") and i != IND]
    marked = [i for i, words in rows.items() if "⚠ No commentary from the owner yet" in words]
    assert off_track and sorted(marked) == sorted(off_track)


def test_only_an_administrator_imports_in_bulk_and_a_bad_row_imports_nothing(setting):
    at = indicator_page(signed_in("owner-a@example.org"))
    assert not at.sidebar.get("file_uploader")  # an owner writes, but does not import
    at = indicator_page({**signed_in("boss@example.org"), "groups": ["admins"]})
    header = ",".join(commentary.IMPORT_COLUMNS) + "\n"
    good = f"{IND},{AREA},2024/25,Jo,2025-06-30,Why it is at risk.,Recruit | PH | 2026-03-31\n"
    at.sidebar.get("file_uploader")[0].set_value(("q1.csv", (header + good + f"{IND},E99,2024/25,Jo,2025-06-30,x,\n")
                                                   .encode(), "text/csv")).run()
    at.sidebar.button(key="cm_import").click().run()
    assert "q1.csv row 2" in plain(at.sidebar.error[0].value) and setting.versions() == []
    at.sidebar.get("file_uploader")[0].set_value(("q1.csv", (header + good).encode(), "text/csv")).run()
    at.sidebar.button(key="cm_import").click().run()
    assert plain(at.sidebar.success[0].value) == "Imported 1 version(s) from q1.csv."
    (v,) = setting.versions()
    assert (v.author, v.recorded_by, v.source) == ("Jo", "import by boss@example.org (dashboard)", "import")
