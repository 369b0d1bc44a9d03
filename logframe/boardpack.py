"""The board pack: one self-contained HTML file (cover, summary, a page per indicator) that works offline and prints
to A4. Rendered with Jinja2 templates (logframe/templates/boardpack*.html, the CSS in boardpack.css, autoescaping on)
from the same assessments, words and statistics as the pages: it says exactly what they say. Pure: no Streamlit.
Printing it to PDF is logframe.pdf."""
from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

from logframe import assessments, board, charts, methods, overview, present, releases, svgchart, templating
from logframe.assessments import Assessment
from logframe.extracts import Snapshot, main_areas
from logframe.filters import Filters
from logframe.registry import Indicator, Registry
from logframe.trajectory import JUDGED, STATUSES, TRACKED

TITLE = "{partnership} Integrated Care Strategy: log-frame board pack"  # the partnership: Registry.partnership


def title(registry: Registry) -> str:
    """The pack's title, naming the registry's partnership."""
    return TITLE.format(partnership=registry.area_name(registry.partnership))
STATUS_BLOCK_ID = "logframe-status"  # the machine-readable statuses a later pack compares with
FORMAT_VERSION = 2
ILLUSTRATIVE = "Illustrative data: generated, not measured"
RECENT_ROWS = 5  # rows of the 'recent figures' table on each indicator page
# An A4 page less 15 mm margins is 180 mm wide: 680 CSS px at 96 px to the inch.
FIG_WIDTH = 680
FIG_PLOT_HEIGHT = 180  # the plot, its axes and their labels (the key is HTML below it)
TEMPLATES = templating.TEMPLATES


def long_date(d: date) -> str:
    """'12 March 2025'."""
    return f"{d.day} {d:%B %Y}"


def filename(area: str | None = None, outcome: str | None = None, today: date | None = None,
             suffix: str = "html") -> str:
    """A file name for a download: 'logframe-board-pack-2025-03-12-SO2-<area code>.html'."""
    parts = ["logframe-board-pack", (today or date.today()).isoformat(), outcome, area]
    return "-".join(p for p in parts if p) + f".{suffix}"


# --- the previous pack ---------------------------------------------------------------------------------------

class PreviousPackError(ValueError):
    """The --previous file is not a board pack with a status block."""


class _StatusBlock(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._inside = False
        self.text: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("id") == STATUS_BLOCK_ID and self.text is None:
            self._inside, self.text = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.text += data  # type: ignore[operator]


def read_previous(pack_html: str) -> dict[Any, Any]:
    """The status block embedded in an earlier pack: {'date', 'area', 'outcome', 'indicators': {id: {...}}}."""
    parser = _StatusBlock()
    parser.feed(pack_html)
    if parser.text is None:
        raise PreviousPackError(f"no <script id={STATUS_BLOCK_ID!r}> status block: is this a logframe board pack?")
    try:
        block = json.loads(parser.text)
    except json.JSONDecodeError as exc:
        raise PreviousPackError(f"the status block is not valid JSON ({exc})") from None
    if not isinstance(block, dict) or not isinstance(block.get("indicators"), dict):
        raise PreviousPackError("the status block has no 'indicators' object")
    return block


def _status_words(status: Any) -> str:
    return present.STATUS_LABEL[status].lower() if status in present.STATUS_LABEL else f"an unknown status ({status!r})"


def change_since_pack(previous: dict[Any, Any], indicator_id: str, area: str, status: str, period: str | None) -> str:
    """'Moved from at risk to on track since the pack of 3 March 2025', compared with an earlier pack's status."""
    when = previous.get("date")
    try:
        when = long_date(date.fromisoformat(when))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        when = str(when or "unknown date")
    then = previous["indicators"].get(indicator_id)
    if not isinstance(then, dict) or "status" not in then:
        return f"Not in the pack of {when}"
    if then.get("area_code") != area:
        return f"The pack of {when} showed another area, so it is not compared"
    figures = ""
    if then.get("period") and then.get("period") != period:
        figures = f" (figures then for {then['period']})"
    if then["status"] == status:
        return f"Unchanged ({_status_words(status)}) since the pack of {when}{figures}"
    return f"Moved from {_status_words(then['status'])} to {_status_words(status)} since the pack of {when}{figures}"


# --- one indicator -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    indicator: Indicator
    assessment: Assessment
    obs: pd.DataFrame  # observations.sql rows for this indicator: its area and the chart's reference areas
    change: str | None  # change since the last pack (or since the previous period), in words

    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def area(self) -> str:
        return self.assessment.area_code

    @property
    def series(self) -> pd.DataFrame:
        rows = self.obs[self.obs["area_code"] == self.area] if not self.obs.empty else self.obs
        return rows[rows["value"].notna()] if not rows.empty else rows


def _figure(entry: Entry, registry: Registry, shown: pd.DataFrame, comparators: list[str],
            illustrative: bool) -> tuple[Markup, list[tuple[Markup, str]], str]:
    """The indicator's chart as static SVG drawn now (svgchart: the page's figure, no JavaScript), its key and its
    summary in words."""
    ind, a = entry.indicator, entry.assessment
    fig = charts.indicator_chart(ind, shown, entry.area, a, registry, comparators, illustrative)
    key = [(Markup(swatch), words) for swatch, words in charts.key_items(fig)]
    summary = charts.chart_summary(ind, shown, entry.area, a, registry, comparators, illustrative)
    svg = svgchart.render(fig, FIG_WIDTH, FIG_PLOT_HEIGHT, summary, key=f"ind-{ind.id}")
    return Markup(svg), key, summary


def _bare(unit: str, v: Any) -> str:
    """A value without a long unit suffix, for table cells whose header names the unit."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return present.format_value(unit, v).removesuffix(" per 100,000").removesuffix(" years")


def _recent(entry: Entry, registry: Registry, folder: str) -> dict[Any, Any] | None:
    """The latest periods across the page: value, milestone and status against it, so print needs no hover."""
    ind = entry.indicator
    table = charts.indicator_table(ind, entry.series, entry.area, registry, [], folder)
    if table.empty:
        return None
    table = table.tail(RECENT_ROWS)
    value_col, milestone_col = table.columns[2], table.columns[8]
    unit_words = {"rate_per_100k": " (per 100,000)", "years": " (years)"}.get(ind.unit, "")
    rows = [(f"Value{unit_words}", [_bare(ind.unit, v) for v in table[value_col]]),
            (f"Milestone{unit_words}", [_bare(ind.unit, v) for v in table[milestone_col]]),
            ("Status against the milestone", [v or "–" for v in table["Status against the milestone"]])]
    which = f"the latest {len(table)} periods" if len(entry.series) > RECENT_ROWS else "every period"
    return {"caption": f"{registry.area_name(entry.area)} figures, {which}",
            "periods": [present.period_text(p) for p in table["Period"]], "rows": rows}


def _indicator_page(entry: Entry, registry: Registry, snapshot: Snapshot) -> dict[Any, Any]:
    """What one indicator's page says."""
    ind, a = entry.indicator, entry.assessment
    fmt: Callable[..., Any] = lambda v: present.format_value(ind.unit, v)  # noqa: E731
    available = set(entry.obs["area_code"]) if not entry.obs.empty else set()
    comparators = charts.comparator_areas(registry, entry.area, available, ind.geography)
    shown = entry.obs[entry.obs["area_code"].isin([entry.area, *comparators])]
    illustrative = bool(shown["illustrative"].fillna(False).astype(bool).any()) if not shown.empty else False
    chart, key, summary = _figure(entry, registry, shown, comparators, illustrative)
    found = methods.statistics(ind, entry.obs, entry.area, registry, a.milestone, a.period,
                               [d.code for d in registry.districts()])
    outcome = registry.outcomes[ind.shared_outcome]
    return {
        "id": ind.id, "title": ind.title, "outcome": f"{outcome.code}: {outcome.name}", "status": a.status,
        "area": registry.area_name(entry.area), "period": present.period_text(a.period), "value": fmt(a.value),
        "milestone": fmt(a.milestone), "baseline": present.baseline_text(ind), "target": present.target_text(ind),
        "judged": present.judged_sentence(a, registry), "illustrative": illustrative,
        "verdict": present.verdict(ind, registry, a), "chart": chart, "key": key, "summary": summary,
        "recent": _recent(entry, registry, snapshot.folder), "reason": present.reason_text(ind, a),
        "change": entry.change or "No earlier period to compare with.",
        "spc_lines": found.spc_lines, "spc_caption": found.spc_caption,
        "trend": found.trend_line, "trend_caption": found.trend_caption,
        "comparisons": [c.text for c in found.comparisons], "comparison_caption": found.comparison_caption,
        "not_applied": [f"{m.method}: {m.reason}." for m in found.support if not m.applies],
        "printed_target": ind.target_as_printed, "data_source": ind.data_source,
        "source_file": snapshot.relative(a.source_file), "source_tag": "Illustrative" if a.illustrative else "",
        "plan_source": present.plan_source(ind, registry),
    }


# --- groups and councils: a line per indicator ----------------------------------------------------------------

GAP_PREFERENCE = ("sex", "deprivation_decile", "deprivation_quintile", "age", "ethnicity", "other")


def compared_lines(registry: Registry, snapshot: Snapshot, entries: list[Entry]) -> list[dict[Any, Any]]:
    """For each indicator with breakdowns or an all-council benchmark where it is judged: one line, 'Kent ranks 4th of
    25 county councils ...; the gap between men and women has narrowed since 2018/19' (present.benchmark_line)."""
    from logframe import benchmark, inequality
    from logframe.registry import load_comparators
    areas = sorted({en.area for en in entries} | {c for en in entries for c in assessments.components(registry,
                                                                                                        en.area)})
    coverage = snapshot.run("breakdown_coverage", area_codes=areas or [""]) if entries else pd.DataFrame()
    with_groups = set(zip(coverage["indicator_id"], coverage["area_code"])) if not coverage.empty else set()
    rows = None
    comparators = load_comparators(registry)
    out = []
    for en in entries:
        ind = en.indicator
        gap = None
        if (ind.id, en.area) in with_groups:
            groups = snapshot.run("breakdowns", indicator_id=ind.id, area_codes=[en.area])
            found = inequality.inequalities(ind, groups, en.series, en.area)
            moved = [g for g in found.gaps if g.change is not None]
            gap = min(moved, key=lambda g: GAP_PREFERENCE.index(g.breakdown_type), default=None)
        marks = []
        if benchmark.published_for_every_council(ind):
            if rows is None:
                rows = benchmark.benchmark_table(registry, benchmark.sources([(r.path, r.kind)
                                                                             for r in snapshot.valid]))
            mine = rows[rows["indicator_id"] == ind.id]
            for code in [en.area] + assessments.components(registry, en.area):
                bm = benchmark.standing(mine, code, registry.area_name(code), ind.polarity, comparators,
                                           registry.nation)
                if bm is not None:
                    marks.append(bm)
        line = present.benchmark_line(ind, marks, gap)
        if line:
            out.append({"title": ind.title, "where": registry.area_name(en.area), "text": line})
    return out
# --- the exception report ------------------------------------------------------------------------------------

def exception_report(registry: Registry, judged: list[Assessment], versions: list[Any] | None) -> dict[Any, Any]:
    """Every off-track and at-risk indicator with its status, reason, and the owner's latest commentary and
    actions, or 'no commentary' said plainly: what the pack opens with."""
    from logframe import commentary, state
    problem = None
    if versions is None:
        try:
            versions = state.store().versions({a.indicator_id for a in judged})
        except state.StateError as exc:
            problem, versions = f"Commentary could not be read: {exc}", []
    flagged = [a for a in judged if a.status in present.NEEDS_COMMENTARY]
    flagged.sort(key=lambda a: present.NEEDS_COMMENTARY.index(a.status))  # off track first, then at risk
    notes = commentary.latest_by_key(versions, {(a.indicator_id, a.area_code): a.period for a in flagged})
    rows = []
    for a in flagged:
        ind, shown = registry.indicators[a.indicator_id], notes.get((a.indicator_id, a.area_code))
        rows.append({
            "id": ind.id, "title": ind.title, "status": a.status, "area": registry.area_name(a.area_code),
            "latest": present.latest_text(ind, a, registry) + (" (illustrative)" if a.illustrative else ""), "reason": present.reason_text(ind, a), "page": a.status in JUDGED,
            "byline": present.commentary_byline(shown) if shown else None,
            "stale": bool(shown and shown.stale),
            "text": shown.version.text.split("\n") if shown else [],
            "actions": [{"what": x.what, "who": x.who or "–",
                         "by_when": present.day_text(x.by_when) if x.by_when else "–"}
                        for x in shown.version.actions] if shown else [],
        })
    with_notes = sum(1 for r in rows if r["byline"])
    return {"rows": rows, "problem": problem, "no_commentary": present.NO_COMMENTARY,
            "summary": (f"{len(rows)} indicator(s) off track or at risk; {with_notes} with the owner's commentary, "
                        f"{len(rows) - with_notes} without." if rows else
                        "No indicator in this view is off track or at risk.")}


# --- the pack ------------------------------------------------------------------------------------------------

def _environment() -> jinja2.Environment:
    return templating.environment()


def _css() -> str:
    return _environment().get_template("boardpack.css").render(colours=present.STATUS_COLOUR, fig_width=FIG_WIDTH)


def _summary_row(entry: Entry, registry: Registry, mixed: bool) -> dict[Any, Any]:
    ind, a = entry.indicator, entry.assessment
    latest = present.format_value(ind.unit, a.value) if a.value is not None else (
        present.parts_text(ind, registry, a.parts) if a.parts else "No figures")
    tag = "Illustrative" if mixed and a.illustrative else ("Before the baseline" if a.figure_before_baseline
                                                            else "")
    return {"id": ind.id, "title": ind.title, "page": a.status in JUDGED, "where": registry.area_name(a.area_code),
            "status": a.status, "latest": latest, "period": present.period_text(a.period) if a.value is not None
            else "", "tag": tag, "milestone": present.format_value(ind.unit, a.milestone) if a.milestone is not None
            else "–", "target": present.target_text(ind), "change": entry.change or "–"}


def _listing(entry: Entry, registry: Registry) -> dict[Any, Any]:
    ind, a = entry.indicator, entry.assessment
    if ind.supporting:
        text = (f"latest {present.latest_text(ind, a, registry)}." if a.value is not None else
                f"{present.parts_text(ind, registry, a.parts)}." if a.parts else "no figures for the area.")
    elif a.status == "no_data":
        text = present.verdict(ind, registry, a)
    else:
        latest = f" Latest: {present.latest_text(ind, a, registry)}." if a.value is not None else ""
        text = present.reason_text(ind, a) + latest
    return {"title": ind.title, "outcome": ind.shared_outcome, "where": registry.area_name(a.area_code),
            "text": text, "tag": "Illustrative" if a.illustrative else ""}


def build_boardpack(registry: Registry, snapshot: Snapshot, area: str | None = None, outcome: str | None = None,
                    directorate: str | None = None, previous_html: str | None = None,
                    today: date | None = None, versions: list[Any] | None = None) -> str:
    """The board pack for the view of an area (default the registry's partnership), as the Overview shows it, as one
    self-contained HTML document. previous_html (an earlier pack) makes 'change since the last pack' compare with
    that pack's statuses; otherwise with each indicator's status at its previous period. versions: the owners'
    commentary for the exception report (commentary.Version list; None reads the configured store)."""
    today = today or date.today()
    area = area or registry.partnership
    registry.area_name(area)  # KeyError naming the code
    if outcome is not None and outcome not in registry.outcomes:
        raise KeyError(f"No shared outcome {outcome!r} in the registry (known: {', '.join(registry.outcomes)})")
    previous = read_previous(previous_html) if previous_html is not None else None

    judged = assessments.assess(registry, snapshot, area, outcome, directorate)
    # The areas the Indicator page reads too (not neighbourhoods), so the statistics say exactly what it says.
    obs = assessments.observations(snapshot, [a.indicator_id for a in judged], list(main_areas(registry))) \
        if judged else pd.DataFrame()

    entries: list[Entry] = []
    for a in judged:
        ind = registry.indicators[a.indicator_id]
        change = None
        if a.status in TRACKED and not ind.supporting:
            change = (change_since_pack(previous, ind.id, a.area_code, a.status, a.period) if previous is not None
                      else present.status_change(a))
        mine = obs[obs["indicator_id"] == ind.id] if not obs.empty else obs
        entries.append(Entry(ind, a, mine, change))

    logframe = [en for en in entries if not en.indicator.supporting]
    tracked = [en for en in logframe if en.status in TRACKED]
    pages = [_indicator_page(en, registry, snapshot) for en in tracked if en.status in JUDGED]
    flags = {bool(en.assessment.illustrative) for en in tracked if en.assessment.value is not None}
    head = assessments.headline(judged, registry)
    illustrative = any(p["illustrative"] for p in pages) or any(en.assessment.illustrative for en in entries)

    area_name = registry.area_name(area)
    if previous is not None:
        try:
            then = long_date(date.fromisoformat(previous.get("date")))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            then = str(previous.get("date") or "an undated pack")
        change_words = f"Compared with the statuses in the previous pack, dated {then}"
    else:
        change_words = "Compared with each indicator's status at its previous observed period"
    entry_of = {en.indicator.id: en for en in entries}
    groups = [{"heading": f"{code}: {registry.outcomes[code].name}",
               "rows": [_summary_row(entry_of[a.indicator_id], registry, flags == {True, False})
                        for a in group["tracked"]]}
              for code, group in board.by_outcome(judged, registry).items() if group["tracked"]]
    caption = "Indicators with a trajectory, by shared outcome, where each is judged."
    if flags == {True}:
        caption += f" {ILLUSTRATIVE}: every figure in this table is illustrative."
    elif flags == {True, False}:
        caption += " Figures marked Illustrative are generated, not measured."

    status_block = {
        "format": FORMAT_VERSION, "title": title(registry), "date": today.isoformat(), "area": area, "outcome": outcome,
        "directorate": directorate,
        "indicators": {en.indicator.id: {"area_code": en.area, "period": en.assessment.period, "status": en.status,
                                         "value": en.assessment.value} for en in entries},
    }
    # '<', '>' and '&' as \u escapes: the JSON cannot close its <script> element, whatever a title holds.
    block_json = (json.dumps(status_block, ensure_ascii=False, indent=1)
                  .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    files = [f"{snapshot.relative(r.path)}: {'illustrative' if r.illustrative else 'real'}, {r.n_rows:,} rows, "
             f"{datetime.fromtimestamp(r.mtime):%d %b %Y}" for r in snapshot.valid]
    files += [f"Left out: {snapshot.relative(r.path)}: {'; '.join(p.message for p in r.problems)}"
              for r in snapshot.rejected]
    citations = list(dict.fromkeys(present.source_words(r.source) for r in snapshot.valid
                                   if r.source and not r.illustrative))
    context = dict(
        title=title(registry), partnership=registry.area_name(registry.partnership),
        plan_source=registry.plan_pages[0].publication if registry.plan_pages else "", date_words=long_date(today), css=Markup(_css()), status_block_id=STATUS_BLOCK_ID,
        board_targets=Markup(overview.board_targets_html(board.board_targets(judged, registry), registry,
                                                         Filters(area, outcome, directorate),
                                                         sum(i.board_target for i in registry.indicators.values()),
                                                         link=False)),
        status_block=Markup(block_json), illustrative=illustrative,
        icons=present.STATUS_ICON, labels=present.STATUS_LABEL, illustrative_label=ILLUSTRATIVE,
        area_words=f"{area_name} ({area}), each indicator judged where the rule below places it",
        outcome_words=f"{outcome}: {registry.outcomes[outcome].name}" if outcome else "All six shared outcomes",
        directorate_words=directorate or "", change_words=change_words,
        n_logframe=len(logframe), n_supporting=len(entries) - len(logframe), n_tracked=len(tracked),
        headline=present.headline_sentence(head, area_name), basis=present.basis_sentence(head),
        tiles=[(s, head.counts[s]) for s in STATUSES if head.counts[s] or s != "no_data"],
        judging_rule=present.judging_rule(),
        legend=[(s, rule[:1].upper() + rule[1:] + ".") for s, rule in present.STATUS_RULE.items()],
        files=files, citations=citations,
        columns=[("Indicator", 24), ("Judged at", 11), ("Status", 13), ("Latest", 13), ("Milestone", 10),
                 ("Target", 11), ("Change since the last pack", 18)],
        summary=groups, summary_caption=caption,
        no_data=[_listing(en, registry) for en in logframe if en.status == "no_data"],
        not_assessable=[_listing(en, registry) for en in logframe if en.status == "not_assessable"],
        supporting=[_listing(en, registry) for en in entries if en.indicator.supporting],
        pages=pages,
        compared=compared_lines(registry, snapshot, entries),
        compared_method=f"{present.RANK_METHOD}. Groups: each group's figure as published (by sex, age band, "
                        "deprivation ...); the gap is between the extreme groups' figures.",
        exceptions=exception_report(registry, [en.assessment for en in logframe], versions),
        overdue=[present.overdue_line(registry.indicators[a.indicator_id], registry, a, f)
                 for a, f in releases.overdue(registry, judged, today)],
    )
    return _environment().get_template("boardpack.html").render(**context)
