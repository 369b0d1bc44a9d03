"""The board pack: one self-contained HTML file (cover, summary, a page per indicator) that works offline and prints
to A4. Pure: no Streamlit. Status, trend and SPC come from trajectory and stats; charts from charts."""
from __future__ import annotations

import dataclasses
import html
import json
import math
import os
import shutil
import subprocess
import tempfile
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from logframe import assessments, charts, methods, stats, trajectory
from logframe.extracts import Snapshot
from logframe.registry import Indicator, Registry
from logframe.trajectory import STATUS_COLOUR, STATUS_ICON, STATUS_LABEL, format_value
from logframe.stats import as_number

TITLE = "Kent and Medway Integrated Care Strategy: log-frame board pack"
STATUS_BLOCK_ID = "logframe-status"  # the machine-readable statuses a later pack compares with
FORMAT_VERSION = 1
ILLUSTRATIVE = "Illustrative data: generated, not measured"
TRACKED = ("achieved", "on_track", "at_risk", "off_track")
SPC_KINDS = methods.SPC_KINDS  # series frequent enough for an XmR chart
RECENT_ROWS = 5  # rows of the 'recent figures' table on each indicator page
# An A4 page less 15 mm margins is 180 mm wide: 680 CSS px at 96 px to the inch.
FIG_WIDTH = 680
FIG_PLOT_HEIGHT = 218  # the plot, its axes and their labels
LEGEND_ROW = 20  # px per legend entry at 9 px type (markers such as the target star make rows taller)
MAX_TICKS = 9  # period labels on a chart's axis
PLOT_CONFIG = {"displayModeBar": False, "responsive": False, "scrollZoom": False}
ENGLAND = charts.ENGLAND

e = html.escape


def long_date(d: date) -> str:
    """'12 March 2025'."""
    return f"{d.day} {d:%B %Y}"


def filename(area: str | None = None, outcome: str | None = None, today: date | None = None,
             suffix: str = "html") -> str:
    """A file name for a download: 'logframe-board-pack-2025-03-12-SO2-E07000114.html'."""
    parts = ["logframe-board-pack", (today or date.today()).isoformat(), outcome, area]
    return "-".join(p for p in parts if p) + f".{suffix}"


# --- the previous pack ---------------------------------------------------------------------------------------

class PreviousPackError(ValueError):
    """The --previous file is not a board pack with a status block."""


class _StatusBlock(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self._inside = False
        self.text: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("id") == STATUS_BLOCK_ID and self.text is None:
            self._inside, self.text = True, ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.text += data


def read_previous(pack_html: str) -> dict:
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


def _status_words(status) -> str:
    return STATUS_LABEL[status].lower() if status in STATUS_LABEL else f"an unknown status ({status!r})"


def change_since_pack(previous: dict, indicator_id: str, area: str, status: str, period: str | None) -> str:
    """'Moved from at risk to on track since the pack of 3 March 2025', compared with an earlier pack's status."""
    when = previous.get("date")
    try:
        when = long_date(date.fromisoformat(when))
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

@dataclasses.dataclass(frozen=True)
class Entry:
    indicator: Indicator
    area: str  # the area judged: --area, or the indicator's own geography
    assessment: dict  # assessments.assess_all row (trajectory.Assessment fields + source_file, illustrative)
    obs: pd.DataFrame  # observations.sql rows for this indicator: its area and the chart's reference areas
    change: str | None  # change since the last pack, in words

    @property
    def status(self) -> str:
        return self.assessment["status"]

    @property
    def series(self) -> pd.DataFrame:
        rows = self.obs[self.obs["area_code"] == self.area] if not self.obs.empty else self.obs
        return rows[rows["value"].notna()] if not rows.empty else rows

    @property
    def kind(self) -> str | None:
        s = self.series
        return None if s.empty else s["period_kind"].iloc[-1]


def _series_tuples(rows: pd.DataFrame) -> list[tuple]:
    return [(r.period, as_number(r.value), as_number(r.lower_ci), as_number(r.upper_ci)) for r in rows.itertuples(index=False)]


def _assessment_obj(row: dict) -> trajectory.Assessment:
    names = trajectory.Assessment.__dataclass_fields__
    return trajectory.Assessment(**{k: v for k, v in row.items() if k in names})


def recent_trend_text(entry: Entry) -> str:
    """The Fingertips recent trend for annual series; for monthly or quarterly ones, which method applies."""
    s, ind = entry.series, entry.indicator
    if entry.kind in SPC_KINDS:
        word = "monthly" if entry.kind == "month" else "quarterly"
        return f"The recent trend (a test on five annual points) is not used for {word} figures; SPC is:"
    t = methods.recent_trend(ind, s.sort_values("position") if not s.empty else s)
    return f"{t.icon} {t.label}. {methods.trend_method_text(t)}"


SpcState = methods.SpcState


def spc_state(entry: Entry) -> SpcState | None:
    """The XmR chart's state for a monthly or quarterly series (None for other series): methods.spc_state, as on
    the indicator page."""
    return methods.spc_state(entry.indicator, entry.series, as_number(entry.assessment.get("milestone")))


def _icon(symbol: str) -> str:
    # The Making Data Count icons as small badges; the words that follow carry the meaning for screen readers.
    return f'<span class="mdc" aria-hidden="true">{e(symbol)}</span>'


def spc_lines(entry: Entry, spc: SpcState | None) -> list[str]:
    """The SPC state as lines of HTML (escaped here): variation and limits, then assurance against target and
    milestone; or why there is no SPC."""
    ind = entry.indicator
    if spc is None:
        n = len(entry.series)
        support = stats.method_support(n, False, entry.kind)[0]
        why = support.reason if not support.applies else "the figures are annual, not monthly or quarterly"
        return [e(f"Not shown: {why}.")]
    r, fmt = spc.result, (lambda v: format_value(ind.unit, v))
    words = f"{stats.VARIATION_LABEL[r.variation]} at the latest point ({spc.last})."
    if r.ucl is not None and r.lcl is not None:
        since = (f" since the rebase in {ind.rebase_period}" if r.rebase_index is not None else "")
        words += (f" Mean {fmt(r.mean)}, process limits {fmt(r.lcl)} to {fmt(r.ucl)}, from {r.n} points "
                  f"({spc.first} to {spc.last}){since}.")
        if r.trial_limits:
            words += f" Trial limits: fewer than {stats.SPC_MIN_POINTS} points."
    elif r.reason:
        words += f" {r.reason[:1].upper()}{r.reason[1:]}."
    words += f" {stats.SPC_METHOD_LABEL[r.screened]}."
    out = [e(f"{stats.VARIATION_ICON[r.variation]} {words}")]

    def judged(against: str, key: str) -> str:
        short = stats.ASSURANCE_LABEL[key].split(":")[0]  # 'Hit and miss: the target lies within...' -> 'Hit and miss'
        return f"{e(against)} {_icon(stats.ASSURANCE_ICON[key])} <strong>{e(short)}</strong>"

    parts = []
    if spc.target:
        parts.append(judged(f"against the target ({charts.target_text(ind)})", spc.target))
    m = as_number(entry.assessment.get("milestone"))
    if spc.milestone and m is not None:
        parts.append(judged(f"against the milestone for {entry.assessment['period']} ({fmt(m)})", spc.milestone))
    if parts:
        out.append("Assurance " + "; ".join(parts) + ".")
    else:
        out.append(e("Assurance not assessed: the target has no passing side (a level to hold)."))
    return out


def england_text(entry: Entry, registry: Registry) -> str | None:
    """Comparison of the latest value with England's for the same period, by the indicator's comparison method."""
    a, ind = entry.assessment, entry.indicator
    if entry.area == ENGLAND or a.get("value") is None:
        return None
    eng = entry.obs[(entry.obs["area_code"] == ENGLAND) & (entry.obs["period"] == a["period"])] \
        if not entry.obs.empty else entry.obs
    eng = eng[eng["value"].notna()] if not eng.empty else eng
    if eng.empty:
        return f"No England figure for {a['period']}."
    r = eng.iloc[0]
    c = stats.compare_ci(a["value"], a.get("lower_ci"), a.get("upper_ci"), r["value"], r["lower_ci"], r["upper_ci"],
                         ind.polarity, ind.comparison_method)
    eng_value = format_value(ind.unit, as_number(r["value"]))
    if c == "not_compared":
        mine = as_number(a.get("lower_ci")) is not None and as_number(a.get("upper_ci")) is not None
        whose = "England" if mine else registry.area_name(entry.area)  # CI overlap needs England's CI too
        return f"Not compared: no 95% confidence interval for {whose} (England {eng_value})."
    return (f"{stats.COMPARISON_ICON[c]} {stats.COMPARISON_LABEL[c]} England ({eng_value} in {a['period']}). "
            f"{stats.COMPARISON_METHOD_LABEL[ind.comparison_method]}.")


# --- the pack ------------------------------------------------------------------------------------------------

def _relative(path: str | None, folder: str) -> str:
    if not path:
        return ""
    if folder:
        try:
            return os.path.relpath(path, folder)
        except ValueError:
            pass
    return path


def _pill(status: str) -> str:
    return f'<span class="status s-{status}">{STATUS_ICON[status]} {STATUS_LABEL[status]}</span>'


def _plotly_bundle() -> str:
    from plotly.offline import get_plotlyjs
    # Never let the bundle's text close its own <script> element early.
    return get_plotlyjs().replace("</script", "<\\/script")


def _figure_html(entry: Entry, registry: Registry, comparators: list[str], illustrative: bool) -> tuple[str, str]:
    ind, obs = entry.indicator, entry.obs
    shown = obs[obs["area_code"].isin([entry.area, *comparators])] if not obs.empty else obs
    a = _assessment_obj(entry.assessment)
    fig = charts.indicator_chart(ind, shown, entry.area, a, registry, comparators, illustrative)
    # The page's heading names the indicator and area and carries the illustrative label, so the chart's own title
    # goes. The legend sits below the plot, one entry a row, and the figure grows with it: an entry scrolled out of
    # sight is lost on paper.
    entries = sum(1 for t in fig.data if t.showlegend is not False)
    legend = LEGEND_ROW * entries + 6
    height = FIG_PLOT_HEIGHT + legend
    fig.update_layout(title=None, width=FIG_WIDTH, height=height, autosize=False, font=dict(size=10),
                      margin=dict(l=60, r=15, t=20, b=legend + 24, autoexpand=False),
                      legend=dict(font=dict(size=9), tracegroupgap=0, yref="container", y=legend / height,
                                  yanchor="top"))
    fig.update_xaxes(title=None, tickfont=dict(size=9), tickangle=0)
    vals, text = fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext
    if vals and text and len(vals) > MAX_TICKS:
        # An A4 page is narrower than a screen: fewer period labels, so they stay level and legible.
        step = math.ceil(len(vals) / MAX_TICKS)
        fig.update_xaxes(tickvals=list(vals)[::step], ticktext=list(text)[::step])
    summary = charts.chart_summary(ind, shown, entry.area, a, registry, comparators, illustrative)
    div = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{ind.id}", config=PLOT_CONFIG)
    return div, summary


_UNIT_SUFFIX = {"rate_per_100k": " per 100,000", "years": " years"}


def _bare(unit: str, v) -> str:
    """format_value without a long unit suffix, for table cells whose header names the unit."""
    text = format_value(unit, as_number(v))
    return text.removesuffix(_UNIT_SUFFIX.get(unit, "")) if v is not None else "–"


def _recent_table(entry: Entry, registry: Registry, folder: str) -> str:
    """The latest periods across the page: value, milestone and status against it, so print needs no hover."""
    ind = entry.indicator
    table = charts.indicator_table(ind, entry.series, entry.area, registry, [], folder)
    if table.empty:
        return ""
    table = table.tail(RECENT_ROWS)
    value_col, milestone_col = table.columns[2], table.columns[8]
    unit_words = {"rate_per_100k": " (per 100,000)", "years": " (years)"}.get(ind.unit, "")
    cells = {"Value": [], "Milestone": [], "Status against the milestone": []}
    for r in table.to_dict("records"):
        cells["Value"].append(_bare(ind.unit, r[value_col]))
        m = as_number(r[milestone_col])
        cells["Milestone"].append(_bare(ind.unit, m) if m is not None else "–")
        cells["Status against the milestone"].append(r["Status against the milestone"] or "–")
    head = "".join(f'<th scope="col">{e(str(p))}</th>' for p in table["Period"])
    body = "".join(f'<tr><th scope="row">{e(name)}{e(unit_words) if name in ("Value", "Milestone") else ""}</th>'
                   + "".join(f'<td class="num">{e(v)}</td>' for v in values) + "</tr>"
                   for name, values in cells.items())
    area_name = registry.area_name(entry.area)
    which = f"the latest {len(table)} periods" if len(entry.series) > RECENT_ROWS else "every period"
    return (f'<table class="recent"><caption>{e(area_name)} figures, {which}</caption>'
            f'<thead><tr><th scope="col">Period</th>{head}</tr></thead><tbody>{body}</tbody></table>')


def _indicator_page(entry: Entry, registry: Registry, snapshot: Snapshot) -> tuple[str, bool]:
    """One indicator's page and whether it shows illustrative figures."""
    ind, a = entry.indicator, entry.assessment
    area_name = registry.area_name(entry.area)
    available = set(entry.obs["area_code"]) if not entry.obs.empty else set()
    comparators = charts.comparator_areas(registry, entry.area, available, ind.geography)
    shown = entry.obs[entry.obs["area_code"].isin([entry.area, *comparators])]
    illustrative = bool(shown["illustrative"].fillna(False).astype(bool).any()) if not shown.empty else False
    div, summary = _figure_html(entry, registry, comparators, illustrative)
    verdict = trajectory.verdict(ind, area_name, _assessment_obj(a))
    outcome = registry.outcomes[ind.shared_outcome]
    fmt = lambda v: format_value(ind.unit, v)  # noqa: E731

    notes = []
    if illustrative:
        notes.append(f'<p class="illustrative" role="note"><strong>{ILLUSTRATIVE}.</strong> The figures on this '
                     'page are not real measurements.</p>')
    judged_against = ""
    if entry.area != ind.geography:
        judged_against = (f' <span class="note">The trajectory is the one set for '
                          f'{e(registry.area_name(ind.geography))}; {e(area_name)} is judged against it.</span>')

    spc = spc_state(entry)
    facts = [
        ("Why this status", e(a["reason"])),
        ("Since the last pack", e(entry.change or "No earlier period to compare with.")),
    ]
    spc_html = "<br>".join(spc_lines(entry, spc))
    if spc is None:
        facts += [("Recent trend", e(recent_trend_text(entry))), ("SPC (XmR chart)", spc_html)]
    else:  # monthly or quarterly: SPC is the method, and the row says why the recent trend is not used
        facts.append(("Trend: SPC (XmR chart)", f"{e(recent_trend_text(entry))}<br>{spc_html}"))
    england = england_text(entry, registry)
    if england:
        facts.append(("Compared with England", e(england)))
    source = e(_relative(a.get("source_file"), snapshot.folder))
    if a.get("illustrative"):
        source += ' <span class="tag">Illustrative</span>'
    facts += [
        ("Target and data source", f'As printed in the log-frame: {e(ind.target_as_printed)}. Source: '
                                   f'{e(ind.data_source)} <span class="muted">Figures from {source}.</span>'),
    ]
    rows = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts)
    return (f'<section class="page indicator" id="ind-{e(ind.id)}" aria-labelledby="h-{e(ind.id)}">'
            f'<p class="kicker">{e(outcome.code)}: {e(outcome.name)}</p>'
            f'<h2 id="h-{e(ind.id)}">{e(ind.title)}</h2>'
            f'<p class="where">{_pill(entry.status)} {e(area_name)}, {e(a["period"])}: '
            f'<strong>{e(fmt(a["value"]))}</strong> · milestone {e(fmt(a["milestone"]))} · '
            f'baseline {e(charts.baseline_text(ind))} · target {e(charts.target_text(ind))}.{judged_against}</p>'
            + "".join(notes)
            + f'<p class="verdict">{e(verdict)}</p>'
            f'<figure class="chart"><div class="plot" role="img" aria-label="{e(summary)}">{div}</div>'
            f'<figcaption>{e(summary)}</figcaption></figure>'
            + _recent_table(entry, registry, snapshot.folder)
            + f'<table class="facts"><tbody>{rows}</tbody></table>'
            '</section>'), illustrative


def _css() -> str:
    status_rules = "".join(
        f".s-{s}{{border-color:{c};background:{c}22}}" for s, c in STATUS_COLOUR.items())
    return """
@page { size: A4; margin: 11mm 15mm 13mm 15mm;
  @bottom-left { content: "Log-frame board pack"; font: 8pt sans-serif; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; color: #555; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt;
  line-height: 1.35; color: #1b1b1b; margin: 0 auto; max-width: 180mm; background: #fff; }
@media screen { body { padding: 10mm 0; } .page { border-top: 1px dashed #aaa; margin-top: 10mm; padding-top: 8mm; } }
.page { break-before: page; page-break-before: always; }
h1 { font-size: 21pt; line-height: 1.2; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 0.5mm 0 1.5mm; break-after: avoid; }
.cover .band { border-left: 6px solid #005eb8; padding: 3mm 0 3mm 6mm; margin: 6mm 0 6mm; }
.cover .date { font-size: 14pt; margin: 0; }
.kicker { text-transform: uppercase; letter-spacing: .04em; font-size: 8pt; color: #444; margin: 0; }
.muted, figcaption, caption { color: #444; }
.muted { font-size: 8pt; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { text-align: left; vertical-align: top; padding: 1.3mm 1.6mm; border-bottom: 1px solid #c8c8c8; }
thead th { border-bottom: 2px solid #333; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
caption { text-align: left; font-size: 8.5pt; padding-bottom: 1mm; caption-side: top; }
td.num { text-align: right; white-space: nowrap; }
table.recent thead th + th { text-align: right; }
table.filters th { width: 38mm; }
table.summary { font-size: 8.5pt; table-layout: fixed; }
table.summary td { overflow-wrap: anywhere; }
table.summary tbody th[scope=rowgroup] { background: #eef2f6; font-size: 8.5pt; border-bottom: 1px solid #888; }
table.facts th { width: 35mm; font-weight: 600; }
table.facts { font-size: 8pt; margin-bottom: 0; }
table.facts th, table.facts td, table.recent th, table.recent td { padding: 0.6mm 1.5mm; }
table.recent { font-size: 8pt; margin-top: 3mm; }
table.recent th[scope=row] { width: 35mm; }
.status { display: inline-block; white-space: nowrap; border: 2px solid #999; border-radius: 1em;
  padding: 0 .5em; font-weight: 600; }
""" + status_rules + """
.counts { display: flex; flex-wrap: wrap; gap: 2mm; list-style: none; padding: 0; margin: 3mm 0; }
.counts li { border: 1px solid #bbb; border-radius: 2mm; padding: 1.5mm 3mm; }
.counts li strong { font-size: 13pt; margin-right: 1.5mm; }
.illustrative { border: 2px solid #b35900; background: #fff4e5; padding: 2mm 3mm; margin: 2mm 0; }
.note { font-style: italic; }
.tag { font-size: 7.5pt; border: 1px solid #b35900; color: #7a3d00; border-radius: 1mm; padding: 0 1mm;
  white-space: nowrap; }
.mdc { display: inline-block; min-width: 1.35em; text-align: center; border: 1px solid #555; border-radius: 50%;
  font-weight: 700; font-size: 0.9em; line-height: 1.3; }
.verdict { font-weight: 600; font-size: 9pt; margin: 1.5mm 0; }
.where { margin: 0 0 2mm; }
figure.chart { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart .plot { width: """ + str(FIG_WIDTH) + """px; max-width: 100%; }
figcaption { font-size: 7.5pt; margin-top: 0.5mm; line-height: 1.25; }
ul.plain { padding-left: 5mm; margin: 1mm 0 3mm; }
.legend td:first-child { white-space: nowrap; }
a { color: #004b93; }
@media print { a { color: inherit; text-decoration: none; } }
"""


def build_boardpack(registry: Registry, snapshot: Snapshot, area: str | None = None, outcome: str | None = None,
                    previous_html: str | None = None, today: date | None = None) -> str:
    """The board pack as one self-contained HTML document (plotly.js inlined once; no network requests).

    area None judges each indicator in its own geography; outcome None covers every shared outcome;
    previous_html (an earlier pack) makes 'change since the last pack' compare with that pack's statuses.
    """
    today = today or date.today()
    if area is not None:
        registry.area_name(area)  # KeyError naming the code
    if outcome is not None and outcome not in registry.outcomes:
        raise KeyError(f"No shared outcome {outcome!r} in the registry (known: {', '.join(registry.outcomes)})")
    previous = read_previous(previous_html) if previous_html is not None else None

    indicators = assessments.select_indicators(registry, outcome=outcome)
    ids = [i.id for i in indicators]
    # Only the areas the pack shows: each indicator's area and the reference lines its chart may draw (at
    # neighbourhood scale, every area's rows would be far more than a pack needs).
    judged = [area] if area else sorted({i.geography for i in indicators})
    every = set(registry.areas)
    wanted = set(judged)
    for ind in indicators:
        wanted.update(charts.comparator_areas(registry, area or ind.geography, every, ind.geography))
    obs = assessments.observations(snapshot, ids, sorted(wanted)) if ids else pd.DataFrame()
    rows = assessments.assess_all(registry, snapshot, indicators, judged) if ids else []
    judged = assessments.where_judged(rows, indicators, area)

    entries: list[Entry] = []
    for ind in indicators:
        where = area or ind.geography
        row = judged[ind.id]
        mine = obs[obs["indicator_id"] == ind.id] if not obs.empty else obs
        change = None
        if row["status"] in TRACKED or row["status"] == "no_data":
            if previous is not None:
                change = change_since_pack(previous, ind.id, where, row["status"], row["period"])
            elif row["status"] in TRACKED:
                own = mine[mine["area_code"] == where]
                change = trajectory.status_change(trajectory.status_history(ind, where, _series_tuples(own)))
        entries.append(Entry(ind, where, row, mine, change))

    pages, illustrative_pages = [], False
    for entry in entries:
        if entry.status in TRACKED and not entry.indicator.supporting:
            page, illus = _indicator_page(entry, registry, snapshot)
            pages.append(page)
            illustrative_pages |= illus
    illustrative = illustrative_pages or any(en.assessment.get("illustrative") for en in entries)

    status_block = {
        "format": FORMAT_VERSION, "title": TITLE, "date": today.isoformat(), "area": area, "outcome": outcome,
        "indicators": {en.indicator.id: {"area_code": en.area, "period": en.assessment["period"],
                                         "status": en.status, "value": en.assessment["value"]} for en in entries},
    }
    # '<', '>' and '&' as \u escapes: the JSON cannot close its <script> element, whatever a title holds.
    block_json = (json.dumps(status_block, ensure_ascii=False, indent=1)
                  .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    doc_title = f"{TITLE}, {long_date(today)}"
    return "".join([
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<title>{e(doc_title)}</title>\n',
        f'<style>{_css()}</style>\n',
        f'<script type="application/json" id="{STATUS_BLOCK_ID}">{block_json}</script>\n',
        f'<script type="text/javascript">{_plotly_bundle()}</script>\n',
        '</head>\n<body>\n<main>\n',
        _cover(registry, snapshot, entries, area, outcome, previous, today, illustrative),
        _summary(registry, entries, area),
        _not_assessed(registry, entries, area),
        "\n".join(pages),
        '\n</main>\n</body>\n</html>\n',
    ])


def _cover(registry: Registry, snapshot: Snapshot, entries: list[Entry], area: str | None, outcome: str | None,
           previous: dict | None, today: date, illustrative: bool) -> str:
    area_words = (f"{registry.area_name(area)} ({area}), judged against each indicator's own trajectory"
                  if area else "Each indicator's own geography: the area its target is set for")
    outcome_words = f"{outcome}: {registry.outcomes[outcome].name}" if outcome else "All six shared outcomes"
    if previous is not None:
        try:
            then = long_date(date.fromisoformat(previous.get("date")))
        except (TypeError, ValueError):
            then = str(previous.get("date") or "an undated pack")
        change_words = f"Compared with the statuses in the previous pack, dated {then}"
    else:
        change_words = "Compared with each indicator's status at its previous observed period"
    tracked = [en for en in entries if not en.indicator.supporting and en.status != "not_assessable"]
    counts = {s: sum(1 for en in tracked if en.status == s) for s in (*TRACKED, "no_data")}
    n_na = sum(1 for en in entries if not en.indicator.supporting and en.status == "not_assessable")
    n_support = sum(1 for en in entries if en.indicator.supporting)
    tiles = "".join(f'<li><strong>{counts[s]}</strong>{_pill(s)}</li>' for s in counts if counts[s] or s != "no_data")
    tiles += f'<li><strong>{n_na}</strong>{_pill("not_assessable")}</li>'

    warning = ""
    if illustrative:
        warning = ('<div class="illustrative" role="note"><strong>Illustrative data.</strong> Some numbers in this '
                   'pack are illustrative: generated to show how the pack works, not measured. Every page and table '
                   'that uses them says so. Do not quote them as performance.</div>')

    files = []
    for r in snapshot.valid:
        kind = "illustrative" if r.illustrative else "real"
        modified = datetime.fromtimestamp(r.mtime).strftime("%d %b %Y")
        files.append(f'<li>{e(_relative(r.path, snapshot.folder))}: {e(kind)}, {r.n_rows:,} rows, '
                     f'{e(modified)}</li>')
    for r in snapshot.rejected:
        files.append(f'<li>Left out: {e(_relative(r.path, snapshot.folder))}: '
                     f'{e("; ".join(p.message for p in r.problems))}</li>')
    files_html = "".join(files) or "<li>No extract files were found.</li>"

    legend = "".join(f'<tr><td>{_pill(s)}</td><td>{e(w)}</td></tr>' for s, w in (
        ("achieved", "The latest value meets the target."),
        ("on_track", "Not yet achieved, but at or better than the milestone: the straight line from baseline to "
                     "target, read at the latest period."),
        ("at_risk", "Worse than the milestone, but the milestone is within the value's 95% confidence interval, "
                    "or the value is still better than the baseline."),
        ("off_track", "Worse than the milestone beyond its confidence interval, and no better than the baseline."),
        ("no_data", "The indicator has a trajectory but there are no figures for the area."),
        ("not_assessable", "The log-frame gives no numeric baseline and target (the reason is listed)."),
    ))
    return f"""<section class="cover" id="cover" aria-labelledby="title">
<div class="band">
<p class="kicker">Kent and Medway Integrated Care Strategy</p>
<h1 id="title">{e(TITLE)}</h1>
<p class="date">{e(long_date(today))}</p>
</div>
{warning}
<table class="filters"><tbody>
<tr><th scope="row">Area</th><td>{e(area_words)}</td></tr>
<tr><th scope="row">Shared outcomes</th><td>{e(outcome_words)}</td></tr>
<tr><th scope="row">Change since the last pack</th><td>{e(change_words)}</td></tr>
<tr><th scope="row">Indicators</th><td>{len(entries) - n_support} log-frame indicators and {n_support} supporting
measures; {len(tracked)} have a trajectory to judge against</td></tr>
</tbody></table>
<ul class="counts" aria-label="Indicators by status">{tiles}</ul>
<table class="legend"><caption>How status is judged (rules in logframe/trajectory.py)</caption>
<tbody>{legend}</tbody></table>
<p><strong>Data sources.</strong> The log-frame: Kent County Council, <em>Integrated Care Strategy Delivery Plan</em>,
Health Reform and Public Health Cabinet Committee, 21 January 2025, Appendices A and B. Figures from these extract
files:</p>
<ul class="plain">{files_html}</ul>
<p class="muted">Adult social care measures: Office for Local Government (Oflog) Local Authority Data Explorer, from NHS
England ASCOF and Skills for Care; contains public sector information licensed under the Open Government Licence v3.0.
Each indicator's own data source is named on its page.</p>
</section>
"""


def _summary(registry: Registry, entries: list[Entry], area: str | None) -> str:
    tracked = [en for en in entries if not en.indicator.supporting and en.status != "not_assessable"]
    # (header, width): the area column only when each indicator is shown in its own geography.
    cols = [("Indicator", 25 if area is None else 35), *([] if area else [("Area", 10)]), ("Status", 14),
            ("Latest", 12), ("Milestone", 11), ("Target", 11), ("Change since the last pack", 17)]
    head = "".join(f'<th scope="col">{c}</th>' for c, _ in cols)
    widths = "".join(f'<col style="width:{w}%">' for _, w in cols)
    flags = {bool(en.assessment.get("illustrative")) for en in tracked if en.assessment["value"] is not None}
    mixed = flags == {True, False}  # tag rows only when real and illustrative figures sit side by side
    body = []
    for code in registry.outcomes:
        group = [en for en in tracked if en.indicator.shared_outcome == code]
        if not group:
            continue
        o = registry.outcomes[code]
        body.append(f'<tbody><tr><th scope="rowgroup" colspan="{len(cols)}">{e(code)}: {e(o.name)}</th></tr>')
        for en in group:
            ind, a = en.indicator, en.assessment
            title = e(ind.title)
            if en.status in TRACKED:
                title = f'<a href="#ind-{e(ind.id)}">{title}</a>'
            latest = "No figures"
            if a["value"] is not None:
                latest = f'{e(format_value(ind.unit, a["value"]))}<br><span class="muted">{e(a["period"])}</span>'
                if mixed and a.get("illustrative"):
                    latest += ' <span class="tag">Illustrative</span>'
            milestone = (f'{e(format_value(ind.unit, a["milestone"]))}' if a["milestone"] is not None else "–")
            cells = [f'<th scope="row">{title}</th>']
            if not area:
                cells.append(f"<td>{e(registry.area_name(en.area))}</td>")
            cells += [f"<td>{_pill(en.status)}</td>", f"<td>{latest}</td>", f'<td>{milestone}</td>',
                      f"<td>{e(charts.target_text(ind))}</td>", f"<td>{e(en.change or '–')}</td>"]
            body.append(f'<tr>{"".join(cells)}</tr>')
        body.append("</tbody>")
    if not tracked:
        body.append(f'<tbody><tr><td colspan="{len(cols)}">None of the indicators shown has a trajectory.</td></tr>'
                    '</tbody>')
    caption = "Indicators with a trajectory, by shared outcome."
    if flags == {True}:
        caption += f" {ILLUSTRATIVE}: every figure in this table is illustrative."
    elif mixed:
        caption += " Figures marked Illustrative are generated, not measured."
    return ('<section class="page" id="summary" aria-labelledby="h-summary">'
            '<h2 id="h-summary">Summary: status against the trajectory</h2>'
            f'<table class="summary"><caption>{e(caption)}</caption><colgroup>{widths}</colgroup>'
            f'<thead><tr>{head}</tr></thead>{"".join(body)}</table>'
            '<p class="muted">Status is shown by icon and word. Milestone: the straight line from the baseline to '
            'the target, read at the latest period. The indicators that cannot be assessed follow this table.</p>'
            '</section>')


def _not_assessed(registry: Registry, entries: list[Entry], area: str | None) -> str:
    no_data = [en for en in entries if en.status == "no_data" and not en.indicator.supporting]
    na = [en for en in entries if en.status == "not_assessable" and not en.indicator.supporting]
    support = [en for en in entries if en.indicator.supporting]
    if not (no_data or na or support):
        return ""

    def items(group, why):
        return "".join(f'<li><strong>{e(en.indicator.title)}</strong> ({e(en.indicator.shared_outcome)}, '
                       f'{e(registry.area_name(en.area))}): {why(en)}</li>' for en in group)

    parts = ['<section class="page" id="not-assessed" aria-labelledby="h-na">'
             '<h2 id="h-na">Indicators without a page</h2>']
    if no_data:
        parts.append(f'<p>{_pill("no_data")} These have a trajectory but no figures for the area:</p>'
                     f'<ul class="plain">{items(no_data, lambda en: "no figures in the extracts.")}</ul>')
    if na:
        parts.append(f'<p>{_pill("not_assessable")} These cannot be assessed against a trajectory:</p>'
                     f'<ul class="plain">{items(na, lambda en: e(en.assessment["reason"]))}</ul>')
    if support:
        def latest(en):
            a = en.assessment
            if a["value"] is None:
                return "no figures for the area."
            tag = ' <span class="tag">Illustrative</span>' if a.get("illustrative") else ""
            return f'latest {e(format_value(en.indicator.unit, a["value"]))} in {e(a["period"])}.{tag}'
        parts.append('<p>Supporting measures: no target in the log-frame, so no status.</p>'
                     f'<ul class="plain">{items(support, latest)}</ul>')
    parts.append("</section>")
    return "".join(parts)


# --- PDF -----------------------------------------------------------------------------------------------------

CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
                 "--virtual-time-budget=20000")


class PdfError(RuntimeError):
    """The pack could not be printed to PDF; the message says why."""


def find_chromium() -> str | None:
    """Path of a chromium (or chrome) executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_path: Path, pdf_path: Path, chromium: str | None = None, timeout: float = 180) -> Path:
    """Print a saved pack to an A4 PDF with headless chromium (the pack's own @page rules set size and margins)."""
    exe = chromium or find_chromium()
    if exe is None:
        raise PdfError("no chromium found on PATH: install Debian's chromium (apt-get install chromium) or open the "
                       "HTML pack in a browser and print it to PDF")
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="logframe-chromium-") as profile:
        cmd = [exe, *CHROMIUM_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
               html_path.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(f"chromium did not finish printing within {timeout:.0f} s") from None
        except OSError as exc:
            raise PdfError(f"could not run chromium ({exe}): {exc.strerror or exc}") from None
    if done.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        raise PdfError(f"chromium could not print the pack (exit {done.returncode}): {' | '.join(tail)}")
    return pdf_path
