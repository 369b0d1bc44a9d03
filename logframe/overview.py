"""The Overview's HTML: the board targets' cards, the status counts and one table per shared outcome, each one element
on the page (a grid of Streamlit columns, links and Markdown cost about 230 elements a run), rendered from
logframe/templates/overview.html with autoescaping. The board pack opens with the same cards. Pure: no Streamlit;
the words are logframe.present's and the template's.

A row may carry a note from elsewhere (a mark that the indicator has commentary): `notes` maps an indicator id to
markup shown under its title, escaped by whoever made it (markupsafe.Markup).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from markupsafe import Markup

from logframe import assessments, board, charts, present, releases, templating
from logframe.assessments import Assessment, Basis, Headline
from logframe.filters import Filters, to_params
from logframe.registry import Registry
from logframe.trajectory import JUDGED, STATUSES

INDICATOR_PAGE = "indicator"  # the Indicator page's url path (dashboard.py)
TEMPLATE = "overview.html"


def indicator_href(indicator_id: str, f: Filters, page: str = INDICATOR_PAGE) -> str:
    """The Indicator page's address for an indicator with the view's filters, relative to the app (so it works
    under a base path): 'indicator?indicator=loneliness_often_always&area=<area code>'."""
    rest = to_params(dataclasses.replace(f, indicator=None))
    return f"{page}?" + urlencode({"indicator": indicator_id, "area": f.area, **rest})


def _where(a: Assessment, registry: Registry) -> str:
    """'Thanet, against the Kent and Medway trajectory' where the area is judged against a larger area's line."""
    if not a.judged_elsewhere:
        return ""
    return f"{registry.area_name(a.area_code)}, against the {registry.area_name(a.own_geography)} trajectory"


def _latest(a: Assessment, registry: Registry) -> dict[Any, Any]:
    """The latest figure as a row shows it: value, period, what qualifies it, and its basis."""
    ind = registry.indicators[a.indicator_id]
    if a.value is not None:
        context = ", before the baseline" if a.figure_before_baseline else ""
        if a.derived:
            context += f", {present.derived_words(a, registry)}"
        if a.changed_definition:
            context += (f" (then {present.format_value(ind.unit, a.changed_value)} in "
                        f"{present.period_text(a.changed_period)} on another definition, not judged)")
        if a.suppressed_period:
            context += f" ({present.period_text(a.suppressed_period)} {present.missing_words(a, short=True)})"
        return {"value": present.format_value(ind.unit, a.value), "period": present.period_text(a.period),
                "context": context, "text": "", "basis": a.basis}
    if a.parts:
        text = present.parts_text(ind, registry, a.parts)
    elif a.suppressed_period:
        text = f"{present.period_text(a.suppressed_period)}: {present.missing_words(a, short=True)}"
    else:
        text = f"No {registry.area_name(a.area_code)} figures"
    return {"value": "", "period": "", "context": "", "text": text, "basis": a.basis}


def _row(a: Assessment, registry: Registry, f: Filters, series: pd.DataFrame | None, notes: dict[Any, Any],
         fresh: dict[Any, Any] | None = None) -> dict[Any, Any]:
    ind = registry.indicators[a.indicator_id]
    change = present.status_change(a)
    spark = ""
    if series is not None:
        label = charts.sparkline_label(ind, series, registry.area_name(a.area_code),
                                       None if ind.supporting else a.status)
        spark = Markup(charts.sparkline_svg(ind, series, None if ind.supporting else a.status, label))
    return {
        "id": ind.id, "title": ind.title, "href": indicator_href(ind.id, f), "status": a.status,
        "pill": Markup(present.status_pill(a.status, None, ind.id)), "reason": present.reason_text(ind, a),
        "where": _where(a, registry), "change": change or "", "moved": bool(change and change.startswith("Moved")),
        "latest": _latest(a, registry) | {"fresh": (fresh or {}).get(ind.id, "")},
        "milestone": present.format_value(ind.unit, a.milestone) if a.milestone is not None else "",
        "baseline": present.baseline_text(ind), "target": present.target_text(ind),
        "area": registry.area_name(a.area_code), "spark": spark, "note": notes.get(ind.id, ""),
    }


@lru_cache(maxsize=1)
def macros() -> Any:
    """The template's macros, with the words every one of them may use."""
    return templating.environment().get_template(TEMPLATE).make_module(
        {"basis_label": present.BASIS_LABEL, "icons": present.STATUS_ICON, "labels": present.STATUS_LABEL})


def _html(macro: str, registry: Registry, **context: Any) -> str:
    """One macro of the template, rendered on one line (it is shown as one Markdown block)."""
    return templating.one_block(str(getattr(macros(), macro)(**context)))


def outcome_html(code: str, group: dict[str, list[Assessment]], registry: Registry, f: Filters,
                 series: dict[Any, Any], notes: dict[Any, Any] | None = None, fresh: dict[Any, Any] | None = None) -> str:
    """One shared outcome: its heading, the table of indicators with a trajectory and, folded, those that cannot be
    assessed (each with its reason)."""
    notes = notes or {}
    tracked = [_row(a, registry, f, series[a.indicator_id, a.area_code], notes, fresh) for a in group["tracked"]]
    not_assessable = [_row(a, registry, f, None, notes, fresh) | {"latest_words": present.latest_text(
        registry.indicators[a.indicator_id], a, registry) if a.value is not None else ""} for a in group["not_assessable"]]
    return _html("outcome", registry, code=code, name=registry.outcomes[code].name, tracked=tracked,
                 not_assessable=not_assessable)


def supporting_html(support: list[Assessment], registry: Registry, f: Filters, series: dict[Any, Any],
                    notes: dict[Any, Any] | None = None, fresh: dict[Any, Any] | None = None) -> str:
    """The supporting measures: figures without a target, so no status."""
    rows = [_row(a, registry, f, series[a.indicator_id, a.area_code], notes or {}, fresh) for a in support]
    return _html("supporting", registry, rows=rows)


def board_targets_html(targets: list[Assessment], registry: Registry, f: Filters, total: int,
                       link: bool = True, fresh: dict[Any, Any] | None = None) -> str:
    """The board's targets as cards: status, latest figure and period, basis, and the one-line reason (with where the
    projection or SPC point another way) in plain view. total: how many board targets the registry has (the others
    lie outside the filters). link: False in the board pack, whose cards point to the pack's own pages (where an
    indicator has one)."""
    cards = []
    for a in targets:
        ind = registry.indicators[a.indicator_id]
        cards.append({
            "id": ind.id, "title": ind.title,
            "href": indicator_href(ind.id, f) if link else f"#ind-{ind.id}" if a.status in JUDGED else "",
            "status": a.status, "pill": Markup(present.status_pill(a.status, None, ind.id)),
            "latest": _latest(a, registry) | {"fresh": (fresh or {}).get(a.indicator_id, "")},
            "area": registry.area_name(a.area_code),
            "milestone": present.format_value(ind.unit, a.milestone) if a.milestone is not None else "",
            "target": present.target_text(ind), "reason": present.reason_line(ind, a),
            "where": _where(a, registry),
        })
    return _html("board_targets", registry, cards=cards, total=total)


def counts_html(head: Headline) -> str:
    """The statuses counted, as tiles (icon, word and number), with the supporting measures apart."""
    tiles = [(s, head.counts[s]) for s in STATUSES if head.counts[s] or s != "no_data"]
    return templating.one_block(str(macros().counts(tiles=tiles, supporting=head.supporting)))


def chart_key_html(items: list[tuple[str, str]], label: str = "Key to the chart") -> str:
    """A chart's key (charts.key_items: swatch SVG and words) as a list shown below the chart."""
    return templating.one_block(str(macros().chart_key(items=[(Markup(sw), words) for sw, words in items],
                                                        label=label)))


@dataclass(frozen=True)
class Page:
    """Everything the Overview shows for one view, made once (and cached by logframe.cache for the view)."""
    targets: str  # the board targets' cards
    headline: str  # the headline and basis sentences (Markdown: bold headline)
    counts: str
    outcomes: tuple[str, ...]  # one block per shared outcome
    supporting: str  # '' when there are none
    all_illustrative: bool  # every figure shown is illustrative: the page says so once, at the top
    empty: bool  # no indicator matches the filters


def freshness(registry: Registry, judged: list[Assessment], today: date) -> dict[str, str]:
    """How current each indicator's latest figure is and when the next is due, in words, by indicator id."""
    return {a.indicator_id: present.freshness_text(releases.of_assessment(registry, a, today), today) for a in judged}


def page(registry: Registry, judged: list[Assessment], series: Any, f: Filters, notes: dict[Any, Any] | None = None,
         today: date | None = None) -> Page:
    """The Overview of one view from its assessments and the board_series rows of each (indicator, judged area)."""
    fresh = freshness(registry, judged, today or date.today())
    by = board.series_by(series)
    head = assessments.headline(judged, registry)
    groups = board.by_outcome(judged, registry)
    support = board.supporting(judged, registry)
    bases = {a.basis for a in judged if a.basis is not None}
    area_name = registry.area_name(f.area)
    total = sum(i.board_target for i in registry.indicators.values())
    return Page(
        targets=board_targets_html(board.board_targets(judged, registry), registry, f, total, fresh=fresh),
        headline=f"**{present.headline_sentence(head, area_name)}** {present.basis_sentence(head)}",
        counts=counts_html(head),
        outcomes=tuple(outcome_html(code, group, registry, f, by, notes, fresh) for code, group in groups.items()),
        supporting=supporting_html(support, registry, f, by, notes, fresh) if support else "",
        all_illustrative=bases == {Basis.ILLUSTRATIVE}, empty=not groups and not support,
    )
