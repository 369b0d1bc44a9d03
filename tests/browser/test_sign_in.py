"""Sign-in end to end in chromium, against a real OpenID Connect provider run here (oidc-provider-mock, in this process):
an owner signs in and writes commentary, which then shows on the indicator page, the Overview, `status --json` and the
board pack's exception report, as text; a reader and the owner of another indicator cannot write."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import running_server
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

IND = "loneliness_often_always"
OWNER, READER, OTHER = "owner-a@example.org", "reader@example.org", "owner-b@example.org"
WAIT = 120_000  # ms: a shared CI machine under load can take a minute to draw a page
WRITTEN = "Above the milestone since the survey's sample fell. <script>alert(1)</script> [Sign in](https://evil.example/x) ![t](http://127.0.0.1:9/t.png)"


@pytest.fixture(scope="module")
def provider():
    from oidc_provider_mock import User, run_server_in_thread
    users = [User(sub=e, claims={"email": e, "email_verified": True, "name": e.split("@")[0]})
             for e in (OWNER, READER, OTHER)]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def signin_server(provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin")
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'  # Streamlit fills in its own port
        f'cookie_secret = "{os.urandom(16).hex()}"\n'
        'client_id = "logframe"\nclient_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
    owners = folder / "owners.csv"
    owners.write_text("email,group,role,indicators,directorates,note\n"
                      f"{OWNER},,owner,{IND},,\n{OTHER},,owner,physical_inactivity_adults,,\n")
    env = {"LOGFRAME_STATE_DIR": str(folder / "state"), "LOGFRAME_OWNERS_FILE": str(owners)}
    with running_server(folder / "streamlit.log", STREAMLIT_SECRETS_FILES=str(secrets), **env) as url:
        yield url, env


def settled(page) -> None:
    """Wait until Streamlit has finished the run (its running indicator gone)."""
    page.wait_for_selector("[data-testid='stMain']", timeout=WAIT)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT)


def sign_in(browser, url: str, email: str):
    """A fresh browser signed in as email, on the indicator page."""
    page = browser.new_context(viewport={"width": 1400, "height": 2200}).new_page()
    page.goto(f"{url}/indicator?indicator={IND}")
    page.get_by_role("button", name="Sign in to write commentary").click(timeout=WAIT)
    page.locator(f"button[name=sub][value='{email}']").click(timeout=WAIT)  # the provider's own form
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/"), timeout=WAIT)
    settled(page)
    page.goto(f"{url}/indicator?indicator={IND}")
    page.get_by_text("Signed in as").first.wait_for(timeout=WAIT)
    assert f"Signed in as {email}" in page.locator("[data-testid=stSidebar]").inner_text().replace("\u2060", "")
    page.get_by_text("Owner's commentary for").first.wait_for(timeout=WAIT)
    settled(page)
    return page


def main_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text().replace("\u2060", "")


def test_an_owner_writes_and_it_shows_everywhere_as_text(browser, signin_server):
    url, env = signin_server
    page = sign_in(browser, url, OWNER)
    assert f"Signed in as {OWNER} (owner)" in page.locator("[data-testid=stSidebar]").inner_text().replace("\u2060", "")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    box = page.get_by_label("Why it stands where it does, and what is being done")
    try:
        box.wait_for(timeout=WAIT)
    except Exception:  # say what the page showed instead
        raise AssertionError(page.locator("[data-testid=stApp]").inner_text()[:3000]) from None
    box.fill(WRITTEN)
    page.get_by_label("What", exact=True).first.fill("Recruit link workers")
    page.get_by_role("button", name="Save commentary").click()
    page.get_by_text("version 1 of the commentary for 2024/25.").wait_for(timeout=WAIT)  # 'Saved:' + a word joiner
    text = main_text(page)
    assert WRITTEN in text and f"by {OWNER}" in text
    assert page.locator("a[href*='evil.example']").count() == 0  # no link formed
    assert page.locator("img[src*='127.0.0.1:9']").count() == 0  # no image formed
    assert page.locator("[data-testid=stMarkdownContainer] script").count() == 0

    page.goto(f"{url}/?area=E54000032")
    page.get_by_text("Owner's commentary, for 2024/25").first.wait_for(timeout=WAIT)
    assert "No commentary from the owner yet" in main_text(page)  # other off-track rows, still unexplained
    assert not any("127.0.0.1:9" in r or "evil.example" in r for r in requests)
    page.context.close()

    run = lambda *args: subprocess.run([sys.executable, "-m", "logframe", *args], cwd=ROOT, capture_output=True,  # noqa: E731
                                       text=True, env={**os.environ, **env, "LOGFRAME_EXTRACTS_DIR":
                                                       str(ROOT / "data" / "extracts")})
    rows = {r["indicator_id"]: r for r in json.loads(run("status", "--json", "--indicator", IND).stdout)}
    note = rows[IND]["commentary"]
    assert (note["text"], note["author"], note["period"], note["stale"]) == (WRITTEN, OWNER, "2024/25", False)
    assert note["actions"] == [{"what": "Recruit link workers", "who": "", "by_when": None}]
    pack = Path(env["LOGFRAME_STATE_DIR"]).parent / "pack.html"
    out = run("boardpack", "--out", str(pack), "--outcome", "SO2")  # loneliness's outcome: a shorter pack
    assert out.returncode == 0, out.stderr
    html = pack.read_text(encoding="utf-8")
    exception = html.split(f'id="exception-{IND}"', 1)[1].split("</article>", 1)[0]
    assert "Above the milestone since the survey&#39;s sample fell. &lt;script&gt;" in exception
    assert f"by {OWNER}" in exception and "Recruit link workers" in exception


@pytest.mark.parametrize("email", [READER, OTHER])
def test_a_reader_and_another_indicators_owner_cannot_write(browser, signin_server, email):
    url, _ = signin_server
    page = sign_in(browser, url, email)
    page.get_by_text("you may read this commentary").wait_for(timeout=WAIT)  # the run has reached the section's end
    assert "you may read this commentary" in main_text(page)
    assert page.get_by_role("button", name="Save commentary").count() == 0
    assert page.get_by_label("Why it stands where it does, and what is being done").count() == 0
    page.context.close()
