"""The board pack: generated on the shipped extracts, parsed with html.parser, and read for what a board sees."""
import dataclasses
import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest

from logframe import assessments, boardpack, present
from logframe.extracts import take_snapshot
from logframe.present import STATUS_LABEL
from logframe.registry import load_registry
from tests.conftest import ROOT

TODAY = date(2025, 3, 12)
TRACKED = ("achieved", "on_track", "at_risk", "off_track")


class Pack(HTMLParser):
    """What a pack says: text by section, summary rows, scripts, external references, headings, figures."""

    VOID = {"meta", "link", "br", "img", "col", "input", "hr"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.html = text
        self.lang = None
        self.sections: dict[str, list[str]] = {}
        self.scripts: list[tuple[dict, str]] = []
        self.external: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.th_without_scope = 0
        self.figures: list[str] = []  # aria-labels of role=img elements
        self.rows: list[list[str]] = []  # summary table rows, cell texts
        self._stack: list[str] = []
        self._section: list[str] = []
        self._script: tuple[dict, list[str]] | None = None
        self._heading: tuple[int, list[str]] | None = None
        self._summary_depth: int | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("src", "href"):
            if re.match(r"^\s*(https?:)?//", a.get(key) or ""):
                self.external.append(f"<{tag} {key}={a[key]}>")
        if tag == "script":
            self._script = (a, [])
        if tag == "section":
            self._section.append(a.get("id") or a.get("class", "section"))
            self.sections.setdefault(self._section[-1], [])
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = (int(tag[1]), [])
        if tag == "th" and "scope" not in a:
            self.th_without_scope += 1
        if a.get("role") == "img":
            self.figures.append(a.get("aria-label") or "")
        if tag == "table" and "summary" in (a.get("class") or "").split():
            self._summary_depth = len(self._stack)
        if tag == "tr" and self._summary_depth is not None:
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = []
        if tag not in self.VOID:
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        if tag == "section" and self._section:
            self._section.pop()
        if re.fullmatch(r"h[1-6]", tag) and self._heading:
            self.headings.append((self._heading[0], "".join(self._heading[1]).strip()))
            self._heading = None
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag == "table" and self._summary_depth is not None and len(self._stack) <= self._summary_depth:
            self._summary_depth = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
            return
        if self._stack and self._stack[-1] == "style":
            return
        for s in self._section:
            self.sections[s].append(data)
        if self._heading:
            self._heading[1].append(data)
        if self._cell is not None:
            self._cell.append(data)

    def text(self, section: str) -> str:
        return " ".join(" ".join(self.sections[section]).split())

    def row(self, title: str) -> str:
        found = [r for r in self.rows if r and r[0] == title]
        assert len(found) == 1, f"{title!r}: {len(found)} summary rows"
        return " | ".join(found[0])


@pytest.fixture(scope="module")
def snapshot(registry):
    return take_snapshot(ROOT / "data" / "extracts", registry)


@pytest.fixture(scope="module")
def pack(registry, snapshot):
    return Pack(boardpack.build_boardpack(registry, snapshot, today=TODAY))


@pytest.fixture(scope="module")
def so2(registry, snapshot):
    return boardpack.build_boardpack(registry, snapshot, outcome="SO2", today=TODAY)


def expected(registry, snapshot, outcome=None, area="E54000032"):
    """Each log-frame indicator's status where the pack judges it (the same assessments the pages render)."""
    return {a.indicator_id: a.status for a in assessments.assess(registry, snapshot, area, outcome)
            if not registry.indicators[a.indicator_id].supporting}


def test_every_quantified_indicator_has_its_title_and_status_in_the_summary_and_a_page(registry, snapshot, pack):
    statuses = expected(registry, snapshot)
    tracked = {i: s for i, s in statuses.items() if s in TRACKED}
    assert len(tracked) >= 10  # the shipped extracts give most quantified indicators figures
    for ind_id, status in tracked.items():
        ind = registry.indicators[ind_id]
        assert STATUS_LABEL[status] in pack.row(ind.title)
        page = pack.text(f"ind-{ind_id}")
        assert ind.title in page and STATUS_LABEL[status] in page
    # Pages are exactly the indicators with a status against their trajectory.
    pages = {s.removeprefix("ind-") for s in pack.sections if s.startswith("ind-")}
    assert pages == set(tracked)


def test_indicators_that_cannot_be_assessed_are_listed_with_their_reasons(registry, snapshot, pack):
    listing = pack.text("not-assessed")
    n = 0
    for ind_id, status in expected(registry, snapshot).items():
        if status == "not_assessable":
            ind = registry.indicators[ind_id]
            assert f"{ind.title} ({ind.shared_outcome}, " in listing and present.not_assessable_text(ind) in listing, ind_id
            n += 1
    assert n > 0 and STATUS_LABEL["not_assessable"] in listing
    supporting = [i for i in registry.indicators.values() if i.supporting]
    assert "Supporting measures" in listing and all(i.title in listing for i in supporting)


def test_cover_is_dated_names_filters_and_sources_and_warns_of_illustrative_data(pack):
    cover = pack.text("cover")
    assert boardpack.title(load_registry()) in cover and "12 March 2025" in cover
    assert "Kent and Medway (E54000032), each indicator judged where the rule below places it" in cover
    assert "All six shared outcomes" in cover and "Where each indicator is judged." in cover
    assert "Illustrative data" in cover and "not measured" in cover
    assert "illustrative/illustrative_so1.parquet" in cover and "real/oflog_asc_measures.parquet" in cover
    assert "real/ascof/meas-from-asc-of-eng-2021-open-data.parquet" in cover and "/work/" not in cover
    assert "Judged on real figures: 0; on illustrative (generated) figures: 13." in cover
    assert pack.headings[0] == (1, boardpack.title(load_registry()))


def test_charts_are_static_svg_no_script_runs_and_the_pack_travels(registry, snapshot, pack):
    # The only script is the machine-readable status block (JSON, never run); each chart is SVG drawn at build time.
    assert [attrs.get("type") for attrs, _ in pack.scripts] == ["application/json"]
    assert "plotly" not in pack.html.lower() and pack.external == []
    pages = [s for s in pack.sections if s.startswith("ind-")]
    assert pack.html.count('<figure class="chart"><svg') == len(pages) >= 10
    assert len(pack.html.encode("utf-8")) < 1_500_000  # the whole area: it travels by email
    one = boardpack.build_boardpack(registry, snapshot, outcome="SO2", today=TODAY)
    assert len(one.encode("utf-8")) < 200_000


def test_the_board_targets_open_the_pack(registry, pack):
    cover = pack.html.split('<section class="page"', 1)[0]
    targets = cover.index('class="lf-targets"')
    assert targets < cover.index('class="filters"')  # first, right under the title and date
    for ind in registry.indicators.values():
        if ind.board_target:
            assert f'data-indicator="{ind.id}"' in cover
    assert "at that rate 4,556 per 100,000 is never reached." in cover  # the reason, in plain view


def test_accessible_structure(pack):
    assert pack.lang == "en"
    levels = [level for level, _ in pack.headings]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    assert pack.th_without_scope == 0
    pages = [s for s in pack.sections if s.startswith("ind-")]
    assert len(pack.figures) == len(pages)
    assert all(label.startswith("Chart of ") for label in pack.figures)


def test_print_css_gives_a4_pages_with_a_break_before_each_indicator(pack):
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", pack.html)
    assert re.search(r"\.page\s*\{[^}]*(page-break-before:\s*always|break-before:\s*page)", pack.html)
    assert re.search(r'<section class="page indicator"', pack.html)


def test_spc_state_for_monthly_series_and_the_reason_for_annual_ones(pack):
    frailty = pack.text("ind-frailty_emergency_admissions")
    assert any(label in frailty for label in present.VARIATION_LABEL.values())
    assert "Assurance against the target" in frailty
    assert "Recent trend: the recent trend is a test on five annual points; these figures are monthly" in frailty
    loneliness = pack.text("ind-loneliness_often_always")
    assert "SPC: SPC needs at least 12 points; this series has 7 annual points" in loneliness
    trend = r"Recent trend (→|↑|↓|–) (No significant change|Increasing|Decreasing|Cannot be calculated)"
    assert re.search(trend, loneliness)


def test_the_status_block_lists_every_indicator_with_its_status(registry, snapshot, pack):
    block = boardpack.read_previous(pack.html)
    assert block["date"] == "2025-03-12" and block["area"] == "E54000032" and block["outcome"] is None
    for ind_id, status in expected(registry, snapshot).items():
        assert block["indicators"][ind_id]["status"] == status


def test_outcome_filter_narrows_the_pack(registry, snapshot, so2):
    p = Pack(so2)
    block = boardpack.read_previous(so2)
    assert {registry.indicators[i].shared_outcome for i in block["indicators"]} == {"SO2"}
    assert "SO2: " in p.text("cover")
    assert "Smoking at time of delivery" not in so2  # SO1
    for ind_id, status in expected(registry, snapshot, outcome="SO2").items():
        if status in TRACKED:
            assert STATUS_LABEL[status] in p.row(registry.indicators[ind_id].title)


def test_change_since_a_previous_pack(registry, snapshot):
    so3 = boardpack.build_boardpack(registry, snapshot, outcome="SO3", today=date(2025, 3, 12))
    block = boardpack.read_previous(so3)
    ind_id, then = next((i, v) for i, v in block["indicators"].items() if v["status"] in TRACKED)
    now = then["status"]
    earlier = "off_track" if now != "off_track" else "on_track"
    block["indicators"][ind_id]["status"] = earlier
    old_json = re.search(r'<script type="application/json" id="logframe-status">(.*?)</script>', so3, re.S).group(1)
    old_pack = so3.replace(old_json, json.dumps(block))

    again = Pack(boardpack.build_boardpack(registry, snapshot, outcome="SO3", previous_html=old_pack,
                                           today=date(2025, 6, 1)))
    row = again.row(registry.indicators[ind_id].title)
    assert (f"Moved from {STATUS_LABEL[earlier].lower()} to {STATUS_LABEL[now].lower()} "
            "since the pack of 12 March 2025") in row
    others = [i for i, v in block["indicators"].items() if i != ind_id and v["status"] in TRACKED]
    assert others and all("Unchanged" in again.row(registry.indicators[i].title) for i in others)
    assert "previous pack, dated 12 March 2025" in again.text("cover")


@pytest.mark.parametrize("then,area,now,words", [
    ({"area_code": "E54000032", "status": "at_risk", "period": "2023/24"}, "E54000032", "on_track",
     "Moved from at risk to on track since the pack of 1 April 2025 (figures then for 2023/24)"),
    ({"area_code": "E54000032", "status": "on_track", "period": "2024/25"}, "E54000032", "on_track",
     "Unchanged (on track) since the pack of 1 April 2025"),
    # A pack for another area is not a baseline for this one.
    ({"area_code": "E07000114", "status": "at_risk", "period": "2024/25"}, "E54000032", "on_track",
     "The pack of 1 April 2025 showed another area, so it is not compared"),
    (None, "E54000032", "on_track", "Not in the pack of 1 April 2025"),
    # A hand-edited block with a status the rules do not know is reported, not trusted.
    ({"area_code": "E54000032", "status": "great", "period": "2024/25"}, "E54000032", "on_track",
     "Moved from an unknown status ('great') to on track since the pack of 1 April 2025"),
])
def test_change_since_pack_words(then, area, now, words):
    previous = {"date": "2025-04-01", "indicators": {} if then is None else {"x": then}}
    assert boardpack.change_since_pack(previous, "x", area, now, "2024/25") == words


@pytest.mark.parametrize("text", [
    "<html><body>no block</body></html>",
    '<script type="application/json" id="logframe-status">{not json</script>',
    '<script type="application/json" id="logframe-status">[1, 2]</script>',
])
def test_a_file_that_is_not_a_pack_is_refused_with_a_reason(text):
    with pytest.raises(boardpack.PreviousPackError):
        boardpack.read_previous(text)


def test_hostile_strings_are_escaped(registry, snapshot):
    hostile = '<script>alert(1)</script> "quoted" & lonely'
    ind = registry.indicators["loneliness_often_always"]
    reg = dataclasses.replace(registry, indicators={
        **registry.indicators,
        ind.id: dataclasses.replace(ind, title=hostile, data_source=f"{hostile} source"),
    })
    out = boardpack.build_boardpack(reg, snapshot, outcome="SO2", today=TODAY)
    assert "<script>alert(1)" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;quoted&#34; &amp; lonely" in out
    p = Pack(out)
    assert any(hostile in title for level, title in p.headings if level == 2)  # shown as text, not run
    assert boardpack.read_previous(out)["indicators"][ind.id]["status"] in TRACKED
    assert p.external == []


def test_a_district_is_judged_against_the_trajectory_of_the_area_it_lies_in(registry, snapshot):
    thanet = "E07000114"
    p = Pack(boardpack.build_boardpack(registry, snapshot, area=thanet, outcome="SO2", today=TODAY))
    assert "Thanet (E07000114), each indicator judged where the rule below places it" in p.text("cover")
    page = p.text("ind-loneliness_often_always")
    assert "Thanet is judged against the trajectory set for Kent and Medway." in page
    for ind_id, status in expected(registry, snapshot, outcome="SO2", area=thanet).items():
        if status in TRACKED:
            assert STATUS_LABEL[status] in p.row(registry.indicators[ind_id].title)


def test_unknown_filters_are_refused(registry, snapshot):
    with pytest.raises(KeyError, match="NOPE"):
        boardpack.build_boardpack(registry, snapshot, area="NOPE")
    with pytest.raises(KeyError, match="SO9"):
        boardpack.build_boardpack(registry, snapshot, outcome="SO9")


def test_filename():
    assert boardpack.filename("E07000114", "SO2", TODAY) == "logframe-board-pack-2025-03-12-SO2-E07000114.html"
    assert boardpack.filename(today=TODAY, suffix="pdf") == "logframe-board-pack-2025-03-12.pdf"


def test_a_line_per_indicator_on_its_groups_and_its_place_among_councils(pack):
    """Issue 21: 'Kent ranks Nth of M councils; the gap between men and women has narrowed since 2018/19', in a
    section of its own, with no chart (the pack's charts are the indicator pages')."""
    words = " ".join(" ".join(pack.sections["groups"]).split())
    assert ("Older people (65+) still at home 91 days after discharge into reablement - Kent (Kent): Kent ranks 4th "
            "of 25 county councils and 34th of 147 councils with adult social care duties (2020/21); the gap "
            "between men and women has narrowed since 2018/19.") in words
    # an indicator judged for Kent and Medway names both parts' places
    assert "Carers very satisfied with social services (Kent and Medway): Kent ranks 11th of 27 county councils" in words
    section = pack.html.split('id="groups"', 1)[1].split("</section>", 1)[0]
    assert "plotly" not in section and "<script" not in section
    assert "Ranked on the published figures of every English council" in words
def test_only_the_readers_words_in_the_pack(pack):
    """No file names of the code or the seeds, module paths, commands, settings or Python reprs in what a board
    member reads (the status block, for machines, is left out)."""
    from tests.browser.test_pages import NOT_FOR_READERS
    words = re.sub(r"<script[^>]*>.*?</script>|<style>.*?</style>|<[^>]+>", " ", pack.html, flags=re.S)
    found = NOT_FOR_READERS.findall(words)
    assert not found, found[:5]
    assert "Appendix A, page 29" in words  # the plan cited as a reader finds it (loneliness, shared outcome 2)


def test_every_indicator_cites_the_printed_page_of_the_plan(registry):
    from tests.browser.test_pages import NOT_FOR_READERS
    for ind in registry.indicators.values():
        cited = present.plan_source(ind, registry)
        assert "page not recorded" not in cited and not NOT_FOR_READERS.search(cited), (ind.id, cited)
        if not ind.supporting:
            assert cited.startswith("Kent County Council, Integrated Care Strategy Delivery Plan"), ind.id
            assert re.search(r"Appendix [AB], page \d+", cited), ind.id
