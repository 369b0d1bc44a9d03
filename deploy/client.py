"""A browser tab without a browser: a Streamlit session driven over its WebSocket (used to warm server processes up,
by the tests and by the benchmark)."""
from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field


def _page_cookies(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as r:
        r.read()
        return "; ".join(c.split(";", 1)[0] for c in r.headers.get_all("Set-Cookie") or [])


@dataclass
class Page:
    seconds: float
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


class Session:
    """One browser tab: a WebSocket to the server, reruns on request.

    As a browser does, it first loads the page (GET /), keeps the cookies that response sets (behind the proxy, the
    sticky-session cookie that pins the tab to one server process) and sends them with the WebSocket; worker is
    the process that answered, as the proxy names it (None without a proxy).
    """

    def __init__(self, port: int, cookie: str | None = None):
        self.port = port
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.pages: dict[str, str] = {}
        self.cookie = cookie
        self.worker: str | None = None

    async def __aenter__(self) -> Session:
        from websockets.asyncio.client import connect
        if self.cookie is None:
            self.cookie = await asyncio.to_thread(_page_cookies, self.port)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self._conn = connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=60,
                             additional_headers=headers)
        self.ws = await self._conn.__aenter__()
        self.worker = self.ws.response.headers.get("X-Logframe-Worker")
        return self

    async def __aexit__(self, *exc) -> None:
        await self._conn.__aexit__(*exc)

    async def open(self, query: str = "", page: str = "") -> Page:
        """Rerun the app as a tab opening ?query on a page ('' = the default page); wait for it to finish."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = self.pages.get(page, "") if page else ""
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        result = Page(0.0)
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                what = el.WhichOneof("type")
                if what == "markdown":
                    result.texts.append(el.markdown.body)
                elif what == "heading":
                    result.texts.append(el.heading.body)
                elif what == "alert":
                    result.texts.append(el.alert.body)
                elif what == "exception":
                    result.exceptions.append(f"{el.exception.type}: {el.exception.message}")
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
                result.pages = dict(self.pages)
            elif kind == "script_finished":
                result.seconds = time.perf_counter() - start
                return result


def _areas() -> list[str]:
    """The areas the sidebar offers (each one's assessment is computed once per process and extracts snapshot)."""
    from logframe.filters import area_options
    from logframe.registry import load_registry
    return area_options(load_registry())


async def _warm(port: int, pages: tuple[str, ...]) -> list[str]:
    errors = []
    async with Session(port, cookie="") as s:
        first = await s.open("")
        errors += first.exceptions
        # Each area's Overview once: its assessment (the costly, shared part of every view of that area) is then
        # ready, instead of being computed while the first visitors of each area wait.
        for area in _areas()[1:]:
            errors += (await s.open(f"area={area}")).exceptions
        for page in pages:
            if page in s.pages:
                errors += (await s.open("", page)).exceptions
    return errors


def run_async(coro):
    """asyncio.run(coro), in a thread of its own when this thread already runs an event loop (as Playwright's
    synchronous API leaves one running for a whole test session)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def warm_up(port: int, pages: tuple[str, ...] = ("indicator", "districts", "logframe", "data")) -> list[str]:
    """Open every page once (and the Overview of every area) in a fresh server process, so that the first people in
    do not each wait for its imports, registry and shared caches; returns the exceptions the pages showed (none, normally)."""
    return run_async(_warm(port, pages))
