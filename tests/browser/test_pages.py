"""Every page in a real browser, light and dark, at 1400, 768 and 390 px: its key text, no exception box, no serious
or critical axe violation, nothing that scrolls sideways, no request to any host but the dashboard's own, and only the
reader's words. Then the keyboard alone: Tab through every page, each focused element's indicator visible (at least
3:1 against what surrounds it, not clipped, not under anything), and every indicator page reached without a mouse.

One browser and one server for all of it (tests/browser/conftest.py); one browser context per view. Screenshots go
to a temporary folder, so a test run changes no file in the repository; `make screenshots` runs these tests with
LOGFRAME_SCREENSHOTS_DIR=docs/screenshots to refresh the README's pictures."""
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

# (url path and query, text a user must see, screenshot name)
PAGES = [
    ("", "Board targets", "overview"),
    ("indicator?indicator=frailty_emergency_admissions", "milestone", "indicator"),
    ("districts?indicator=loneliness_often_always", "Kent", "districts"),
    ("logframe", "I statements", "logframe"),
    ("data", "Last refreshed", "data"),
    ("judging", "how status is decided", "judging"),
]
# (width, colour scheme): every page in both themes on a desk and a phone; the two busiest pages on a tablet too.
VIEWS = [(1400, "light"), (1400, "dark"), (390, "light")]
MORE = [(768, "light"), (768, "dark"), (390, "dark")]
CASES = [(p, w, c) for w, c in VIEWS for p in PAGES] + [(p, w, c) for w, c in MORE for p in PAGES[:2]]
# Where the keyboard alone goes through the page too (the focus ring is the same two-tone ring in both themes):
# every page in the light theme, the busiest two in the dark, the Overview on a phone.
KEYBOARD = {(p[2], 1400, "light") for p in PAGES} | {("overview", 1400, "dark"), ("indicator", 1400, "dark"),
                                                       ("overview", 390, "light")}

# Words meant for developers: file names of the code or the seeds, module paths, commands, settings, reprs.
NOT_FOR_READERS = re.compile(r"\.py\b|\.txt\b|\.sql\b|python -m|logframe[/.][a-z]|LOGFRAME_|Traceback|\bnan\b|"
                             r"\bNaN\b|\bNone\b(?! of\b| recorded\b| listed\b|:)")

# How far the page scrolls sideways, anywhere but inside a data table's own grid or a chart (which scroll on purpose).
SIDEWAYS = """() => {
  const wide = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) wide.push('document ' + doc.scrollWidth);
  for (const n of document.querySelectorAll('[data-testid=stMain] *')) {
    if (n.closest('[data-testid=stDataFrame], .js-plotly-plot, svg')) continue;
    const s = getComputedStyle(n);
    const r = n.getBoundingClientRect();
    if (r.width && r.right > doc.clientWidth + 1 && s.position !== 'fixed') wide.push(n.tagName + '.' + n.className.toString().slice(0, 30) + ' right ' + Math.round(r.right));
    if (/(auto|scroll)/.test(s.overflowX) && n.scrollWidth > n.clientWidth + 1) wide.push('scrolls ' + n.tagName + '.' + n.className.toString().slice(0, 30));
  }
  return wide.slice(0, 5);
}"""


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("LOGFRAME_SCREENSHOTS_DIR")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def views(browser, server):
    """One browser context per (width, scheme), made on first use and kept for the module; each records every
    request its pages make."""
    made = {}

    def view(width, scheme):
        if (width, scheme) not in made:
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            requests = []
            context.on("request", lambda r: requests.append(r.url))
            made[width, scheme] = (context.new_page(), requests)
        return made[width, scheme]
    yield view
    for page, _ in made.values():
        page.context.close()


def open_page(page, server, path, text):
    page.goto(f"{server}/{path}")
    page.wait_for_selector("[data-testid='stMain']", timeout=60_000)
    page.get_by_text(text, exact=False).first.wait_for(timeout=60_000)
    # wait until Streamlit has finished this run, with the dashboard's styles and every chart drawn
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.wait_for(timeout=30_000, state="attached")
    page.wait_for_function("() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('--lf-focus'))",
                           timeout=30_000)
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
        .every(c => c.querySelector('.main-svg'))""", timeout=30_000)
    page.wait_for_timeout(600)


def axe_problems(page) -> str:
    bad = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad)


@pytest.mark.parametrize("path,text,shot,width,scheme", [(*p, w, c) for p, w, c in CASES],
                         ids=[f"{p[2]}-{w}-{c}" for p, w, c in CASES])
def test_page_reads_right_at_every_size_in_both_themes(views, server, shots, path, text, shot, width, scheme):
    page, requests = views(width, scheme)
    requests.clear()
    open_page(page, server, path, text)
    assert page.locator("[data-testid='stException']").count() == 0
    if scheme == "dark":
        assert page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor") \
            != "rgb(255, 255, 255)"
    assert page.evaluate(SIDEWAYS) == [], f"{shot} scrolls sideways at {width} px"
    outside = sorted({u for u in requests if not u.startswith((server, "data:", "blob:"))})
    assert outside == [], f"{shot} fetched from outside the dashboard: {outside}"
    words = page.locator("body").inner_text()
    assert not NOT_FOR_READERS.search(words), NOT_FOR_READERS.search(words).group(0)
    if width == 1400:
        shots.mkdir(parents=True, exist_ok=True)
        name = shot if scheme == "light" else f"{shot}-dark" if shot in ("overview", "indicator") else None
        if name:
            page.set_viewport_size({"width": 1400, "height": 2200})  # Streamlit scrolls inside its own container
            page.wait_for_timeout(1200)
            page.screenshot(path=str(shots / f"{name}.png"))
            page.set_viewport_size({"width": 1400, "height": 900})
    elif width == 390 and shot == "overview":
        page.screenshot(path=str(shots / f"overview-phone-{scheme}.png"))
    problems = axe_problems(page)
    assert not problems, problems
    if (shot, width, scheme) in KEYBOARD:
        keyboard_only(page, server, shot, width, scheme)


# --- the keyboard alone ------------------------------------------------------------------------------------------

# The focused element's indicator: the element or the nearest ancestor drawing a ring (an outline or box-shadow), its
# best contrast with the background behind it, whether it is on screen, under something opaque, hidden by a
# transparent ancestor, or clipped by an ancestor that cuts off what overflows it.
FOCUS = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = c => { const m = c && c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const contrast = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const bgOf = node => { for (let n = node; n; n = n.parentElement) { const c = parse(getComputedStyle(n).backgroundColor); if (c && c.a > 0.5) return c; } return parse(getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor); };
  const drawsRing = n => { const s = getComputedStyle(n); return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none'); };
  let ring = null;
  for (let n = el, k = 0; n && k < 6 && !ring; n = n.parentElement, k++) if (drawsRing(n)) ring = n;
  const holder = el.closest('[data-testid=stDataFrame], [data-testid=stSelectbox], [data-testid=stRadio] label');
  if (!ring && holder && drawsRing(holder)) ring = holder;
  const name = (el.tagName + ' ' + (el.getAttribute('aria-label') || el.innerText || el.value || '').slice(0, 50)).replace(/\s+/g, ' ');
  const href = el.getAttribute('href');
  if (!ring) return {name, href, ok: false, why: 'no focus indicator'};
  const s = getComputedStyle(ring);
  const bg = bgOf(ring.parentElement || ring);
  const colours = [];
  if (s.outlineStyle !== 'none') colours.push(parse(s.outlineColor));
  (s.boxShadow.match(/rgba?\([^)]+\)/g) || []).forEach(c => colours.push(parse(c)));
  const best = Math.max(0, ...colours.filter(Boolean).map(c => contrast(c, bg)));
  const r = ring.getBoundingClientRect();
  const onScreen = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  const box = (el.getBoundingClientRect().width ? el : ring).getBoundingClientRect();
  const cx = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const cy = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  let under = null;
  for (const n of document.elementsFromPoint(cx, cy)) {
    if (n === el || n === ring || n.contains(el) || el.contains(n) || ring.contains(n)) break;
    const c = parse(getComputedStyle(n).backgroundColor);
    if ((c && c.a > 0.5) || n.tagName === 'IMG' || n.tagName === 'CANVAS') { under = n.getAttribute('data-testid') || n.tagName; break; }
  }
  for (let n = el; n && !under; n = n.parentElement) { const ns = getComputedStyle(n); if (parseFloat(ns.opacity) < 0.1 || ns.visibility === 'hidden') under = 'transparent ' + (n.getAttribute('data-testid') || n.tagName); }
  const outlinePad = s.outlineStyle !== 'none' ? Math.max(0, parseFloat(s.outlineWidth) + (parseFloat(s.outlineOffset) || 0)) : 0;
  const spreads = s.boxShadow.includes('inset') ? [] : (s.boxShadow.match(/(\d+(\.\d+)?)px(?=\s*(,|$))/g) || []).map(parseFloat);
  const pad = Math.max(outlinePad, ...spreads, 0);
  let clipped = null;
  for (let n = ring.parentElement; n && n !== document.body && !clipped; n = n.parentElement) {
    const ns = getComputedStyle(n);
    if (/(hidden|clip|auto|scroll)/.test(ns.overflowX + ns.overflowY)) {
      const pr = n.getBoundingClientRect();
      if (r.left - pad < pr.left - 1 || r.right + pad > pr.right + 1 || r.top - pad < pr.top - 1 || r.bottom + pad > pr.bottom + 1)
        clipped = n.getAttribute('data-testid') || n.tagName;
    }
  }
  const ok = best >= 3 && onScreen && !under && !clipped;
  return {name, href, ok, contrast: Math.round(best * 10) / 10, onScreen, under, clipped,
          summary: el.tagName === 'SUMMARY' && !el.parentElement.open};
}"""


def tab_through(page, limit=400):
    """Press Tab until the focus comes back round; every element reached, with its focus indicator checked. A folded
    section (<details>) is opened with Enter on its summary, as a keyboard user would, so what it holds is reached."""
    reached, first = [], None
    for _ in range(limit):
        page.keyboard.press("Tab")
        r = page.evaluate(FOCUS)
        if r is None:
            continue
        key = (r["name"], r["href"])
        if first is None:
            first = key
        elif key == first:
            break
        reached.append(r)
        if r.get("summary"):
            page.keyboard.press("Enter")
            page.wait_for_timeout(500)  # the section unfolds with an animation; what it holds is judged once open
    return reached


def keyboard_only(page, server, shot, width, scheme):
    """Tab through the page from its top; on the Overview, every indicator's page is among the links reached, and
    Enter on one opens it."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    reached = tab_through(page)
    assert len(reached) > 8
    hidden = [r for r in reached if not r["ok"]]
    assert not hidden, f"{len(hidden)} of {len(reached)} focused elements without a visible indicator: {hidden[:6]}"
    if shot != "overview" or width != 1400 or scheme != "light":
        return
    linked = {re.search(r"indicator=([a-z0-9_]+)", r["href"]).group(1) for r in reached
              if (r["href"] or "").startswith("indicator?")}
    listed = set(page.eval_on_selector_all("[data-indicator]", "els => els.map(e => e.dataset.indicator)"))
    assert len(listed) > 50 and linked == listed  # every one, the folded ones too
    for _ in range(200):  # and Enter on a link opens that indicator's page
        page.keyboard.press("Shift+Tab")
        if (page.evaluate("document.activeElement.getAttribute('href')") or "").startswith(
                "indicator?indicator=frailty_emergency_admissions"):
            break
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Emergency admissions for people who are frail", level=1).wait_for(
        timeout=60_000)
