"""Owners' commentary: what a version is, what makes one valid, which is the latest, and when it is stale.

The rules are pure functions over typed values; storing versions is logframe.state, who may write logframe.owners.
A version is never changed or deleted: an edit is a new version of the same indicator, area and period.
`write` is the one way the dashboard stores commentary: it checks the writer's permission on the server first.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from logframe import owners as owners_rules
from logframe.periods import PeriodError, parse_period, try_parse_period
from logframe.registry import Indicator, Registry

MAX_TEXT = 4000  # characters of an owner's account: about a page, what a board paper gives one indicator
MAX_ACTIONS = 20
MAX_ACTION_FIELD = 300
MAX_AUTHOR = 320  # the longest email address
# How each periodicity writes its periods (registry.PERIODICITIES -> periods' kinds): a comment is about one of them.
PERIOD_KINDS = {
    "financial_year": ("financial_year",),
    "academic_year": ("financial_year",),  # '2023/24', as the figures are labelled
    "calendar_year": ("calendar_year",),
    "multi_year": ("year_range", "financial_year_range"),
    "quarter": ("financial_quarter",),
    "month": ("month",),
}
IMPORT_COLUMNS = ("indicator_id", "area_code", "period", "author", "written_on", "commentary", "actions")
EXPORT_COLUMNS = IMPORT_COLUMNS + ("version", "recorded_on", "recorded_by", "source")
ACTION_SEPARATOR = " | "  # an action in a CSV cell: 'what | who | by when', one action per line
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PermissionDenied(PermissionError):
    """The signed-in person may not write commentary for this indicator (or is not signed in)."""


class CommentaryError(ValueError):
    """A draft breaks a rule; the message says which, in words for the person who wrote it."""


@dataclass(frozen=True)
class Action:
    """One agreed action: what is to be done, who does it, and by when."""
    what: str
    who: str = ""
    by_when: date | None = None

    def as_dict(self) -> dict[Any, Any]:
        return {"what": self.what, "who": self.who, "by_when": self.by_when.isoformat() if self.by_when else None}


@dataclass(frozen=True)
class Draft:
    """Commentary as written, before it is stored: about one indicator, in one area, for one period."""
    indicator_id: str
    area_code: str
    period: str
    text: str
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Version:
    """A stored version. Never changed: an edit is the next version of the same indicator, area and period."""
    id: int
    indicator_id: str
    area_code: str
    period: str
    version: int  # 1, 2, ... in the order they were recorded, per indicator, area and period
    text: str
    actions: tuple[Action, ...]
    author: str
    written_on: datetime  # when it was written (UTC): now in the dashboard, the file's date for an import
    recorded_on: datetime  # when it was stored
    recorded_by: str  # the signed-in person, or the command line's user for an import
    source: str  # 'dashboard' or 'import'

    @property
    def key(self) -> tuple[str, str]:
        return (self.indicator_id, self.area_code)


@dataclass(frozen=True)
class Shown:
    """The latest commentary for an indicator in an area, and whether a newer figure has arrived since."""
    version: Version
    stale: bool  # written about a period before the latest figure's
    history: tuple[Version, ...] = field(default=(), compare=False)  # every version, newest first

    def as_json(self) -> dict[Any, Any]:
        """The `commentary` object of `status --json`."""
        v = self.version
        return {"text": v.text, "actions": [a.as_dict() for a in v.actions], "author": v.author,
                "written_on": v.written_on.isoformat(), "period": v.period, "stale": self.stale}


# --- the rules --------------------------------------------------------------------------------------------------

def clean(text: str) -> str:
    """Text as stored: line endings made '\\n', control characters removed, outer space trimmed."""
    return _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n")).strip()


def period_problem(ind: Indicator, period: str) -> str | None:
    """Why the period cannot be one this indicator's figures are for, or None when it can."""
    try:
        p = parse_period(period)
    except PeriodError as exc:
        return str(exc)
    kinds = PERIOD_KINDS.get(ind.periodicity, ())
    if p.kind not in kinds:
        return (f"{period!r} is a {p.kind.replace('_', ' ')}, but {ind.id} is published by "
                f"{ind.periodicity.replace('_', ' ')}")
    return None


def problems(registry: Registry, draft: Draft) -> list[str]:
    """Every rule the draft breaks, in words; empty when it may be stored."""
    out = []
    ind = registry.indicators.get(draft.indicator_id)
    if ind is None:
        out.append(f"{draft.indicator_id!r} is not an indicator in the registry")
    if draft.area_code not in registry.areas:
        out.append(f"{draft.area_code!r} is not an area in the registry")
    if ind is not None:
        why = period_problem(ind, draft.period)
        if why:
            out.append(f"the period is not valid for the indicator: {why}")
    if not clean(draft.text):
        out.append("the commentary is empty")
    elif len(clean(draft.text)) > MAX_TEXT:
        over = len(clean(draft.text)) - MAX_TEXT
        out.append(f"the commentary is {len(clean(draft.text)):,} characters long; the limit is {MAX_TEXT:,}, so "
                   f"shorten it by {over:,}")
    if len(draft.actions) > MAX_ACTIONS:
        out.append(f"{len(draft.actions)} actions: the limit is {MAX_ACTIONS}")
    for n, a in enumerate(draft.actions, start=1):
        if not clean(a.what):
            out.append(f"action {n} does not say what is to be done")
        for name, value in (("what", a.what), ("who", a.who)):
            if len(clean(value)) > MAX_ACTION_FIELD:
                out.append(f"action {n}'s {name!r} is {len(clean(value)):,} characters long; the limit is "
                           f"{MAX_ACTION_FIELD}")
    return out


def checked(registry: Registry, draft: Draft) -> Draft:
    """The draft with its text cleaned, or CommentaryError listing every rule it breaks."""
    found = problems(registry, draft)
    if found:
        words = "; ".join(found)
        raise CommentaryError(words[:1].upper() + words[1:] + ".")
    return Draft(draft.indicator_id, draft.area_code, " ".join(draft.period.split()), clean(draft.text),
                 tuple(Action(clean(a.what), clean(a.who), a.by_when) for a in draft.actions))


def _position(period: str) -> float:
    p = try_parse_period(period)
    return p.position if p is not None else float("-inf")


def latest(versions: Iterable[Version], latest_figure_period: str | None = None) -> Shown | None:
    """The commentary to show for one indicator and area: the most recently written version about the latest
    period anyone wrote about; stale when the latest figure is for a later period than that."""
    history = sorted(versions, key=lambda v: (v.written_on, v.version, v.id), reverse=True)
    if not history:
        return None
    top = max(history, key=lambda v: (_position(v.period), v.written_on, v.version, v.id))
    figure = try_parse_period(latest_figure_period) if latest_figure_period else None
    stale = figure is not None and _position(top.period) < figure.position
    return Shown(top, stale, tuple(history))


def latest_by_key(versions: Iterable[Version], figure_periods: Mapping[tuple[str, str], str | None]
                  ) -> dict[tuple[str, str], Shown]:
    """latest() for each (indicator, area) in figure_periods that has any commentary."""
    grouped: dict[tuple[str, str], list[Version]] = {}
    for v in versions:
        if v.key in figure_periods:
            grouped.setdefault(v.key, []).append(v)
    return {key: shown for key, vs in grouped.items() if (shown := latest(vs, figure_periods[key])) is not None}


def same_as(v: Version, draft: Draft, author: str, written_on: datetime) -> bool:
    """Whether a stored version already says exactly this (an import run twice adds nothing the second time)."""
    return (v.key, v.period, v.author, v.written_on, v.text, v.actions) == (
        (draft.indicator_id, draft.area_code), draft.period, author, written_on, draft.text, draft.actions)


# --- the CSV form (import and export) ----------------------------------------------------------------------------

def actions_cell(actions: Sequence[Action]) -> str:
    """Actions as one CSV cell: 'what | who | by when' per line."""
    return "\n".join(ACTION_SEPARATOR.join([a.what, a.who, a.by_when.isoformat() if a.by_when else ""]).rstrip(" |")
                     for a in actions)


def parse_actions(cell: str) -> tuple[Action, ...]:
    """The actions of a CSV cell ('what | who | by when' per line; who and by when may be left off).

    ValueError when a date is not YYYY-MM-DD or a line has more than three parts."""
    out = []
    for n, line in enumerate(x for x in clean(cell or "").split("\n") if x.strip()):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > 3:
            raise ValueError(f"action {n + 1} has {len(parts)} parts; write 'what | who | by when'")
        what, who, when = (parts + ["", ""])[:3]
        try:
            by_when = date.fromisoformat(when) if when else None
        except ValueError:
            raise ValueError(f"action {n + 1}'s date {when!r} is not a date written YYYY-MM-DD") from None
        out.append(Action(what, who, by_when))
    return tuple(out)


def parse_written_on(value: str, now: datetime | None = None) -> datetime:
    """An import's written_on ('2025-06-30' or an ISO date and time) as UTC; ValueError when empty, unreadable
    or in the future."""
    raw = (value or "").strip()
    if not raw:
        raise ValueError("written_on is empty")
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"written_on {raw!r} is not a date (YYYY-MM-DD) or an ISO date and time") from None
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    if when > (now or datetime.now(UTC)):
        raise ValueError(f"written_on {raw!r} is in the future")
    return when


@dataclass(frozen=True)
class ImportRow:
    row: int  # the data row, counted from 1 after the header
    draft: Draft
    author: str
    written_on: datetime


def parse_import(registry: Registry, rows: Sequence[Mapping[str, str | None]], header: Sequence[str],
                 label: str, now: datetime | None = None) -> tuple[list[ImportRow], list[str]]:
    """Every row of an import file checked: the rows to add, and each bad row's problems naming the file and row.

    Nothing is to be imported unless the problems are empty (the whole file or nothing)."""
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    unknown = [c for c in header if c not in EXPORT_COLUMNS]
    if missing or unknown:
        detail = "; ".join(filter(None, [missing and f"missing column(s) {', '.join(missing)}",  # type: ignore[list-item]
                                         unknown and f"unexpected column(s) {', '.join(map(str, unknown))}"]))  # type: ignore[list-item]
        return [], [f"{label} header row: {detail} (the columns are {', '.join(IMPORT_COLUMNS)})"]
    good, bad = [], []
    for n, row in enumerate(rows, start=1):
        if None in row:
            bad.append(f"{label} row {n}: the row has more cells than the header")
            continue
        found = []
        try:
            actions = parse_actions(row.get("actions") or "")
        except ValueError as exc:
            found.append(str(exc))
            actions = ()
        draft = Draft((row.get("indicator_id") or "").strip(), (row.get("area_code") or "").strip(),
                      (row.get("period") or "").strip(), row.get("commentary") or "", actions)
        found += problems(registry, draft)
        author = clean(row.get("author") or "")
        if not author:
            found.append("author is empty")
        elif len(author) > MAX_AUTHOR:
            found.append(f"author is longer than {MAX_AUTHOR} characters")
        try:
            written_on = parse_written_on(row.get("written_on") or "", now)
        except ValueError as exc:
            found.append(str(exc))
            written_on = None
        if found:
            bad.append(f"{label} row {n} ({draft.indicator_id or 'no indicator'}, {draft.area_code or 'no area'}, "
                       f"{draft.period or 'no period'}): {'; '.join(found)}")
        else:
            good.append(ImportRow(n, checked(registry, draft), author, written_on))  # type: ignore[arg-type]
    return good, bad


def export_row(v: Version) -> dict[str, str]:
    """A version as a row of the export file (which imports again as it is)."""
    return {"indicator_id": v.indicator_id, "area_code": v.area_code, "period": v.period, "author": v.author,
            "written_on": v.written_on.isoformat(), "commentary": v.text, "actions": actions_cell(v.actions),
            "version": str(v.version), "recorded_on": v.recorded_on.isoformat(), "recorded_by": v.recorded_by,
            "source": v.source}


# --- the one gate for the dashboard's writes ---------------------------------------------------------------------

def write(store: Any, registry: Registry, grants: owners_rules.Owners, who: owners_rules.Identity | None,
          draft: Draft, now: datetime | None = None) -> Version:
    """Store a new version written in the dashboard by the signed-in person, after checking on the server that
    they may write for this indicator (PermissionDenied) and that the draft keeps the rules (CommentaryError).
    The author is the identity's, never typed in."""
    ind = registry.indicators.get(draft.indicator_id)
    if who is None:
        raise PermissionDenied("Sign in to write commentary.")
    if ind is None or not owners_rules.may_write(grants, who, ind):
        raise PermissionDenied(f"{who.label} may not write commentary for {draft.indicator_id!r}: only its owners, "
                               "editors and administrators may (data/registry/owners.csv).")
    good = checked(registry, draft)
    now = now or datetime.now(UTC)
    return store.append(good, author=who.label, written_on=now, recorded_by=who.label, source="dashboard")
