"""The log-frame: indicators, shared outcomes, areas, I statements and actions, loaded from data/registry and validated."""
from __future__ import annotations

import csv
import dataclasses
import math
import re
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from logframe import ROOT
from logframe.config import settings
from logframe.kinds import Polarity, TargetComparator
from logframe.periods import ACCEPTED, try_parse_period
from logframe.stats import COMPARISON_METHODS

REGISTRY_DIR = ROOT / "data" / "registry"  # the shipped registry; LOGFRAME_REGISTRY_DIR chooses another (registry_dir)

_TC = TargetComparator
ABSOLUTE_COMPARATORS = (_TC.AT_LEAST, _TC.NO_MORE_THAN, _TC.ABOVE, _TC.BELOW, _TC.EQUAL)
# Targets as printed that cannot be turned into a number without data the plan does not give.
RELATIVE_COMPARATORS = (_TC.MATCH_NATIONAL, _TC.REDUCE_BY_PCT, _TC.INCREASE_BY_YEARS, _TC.DECREASE_BY_YEARS,
                        _TC.BELOW_NATIONAL_BY, _TC.TREND_REVERSAL, _TC.QUALITATIVE)
FINGERTIPS_SEXES = ("Persons", "Male", "Female")
NO_TARGET = _TC.NONE  # supporting measures only
COMPARATORS = tuple(TargetComparator)  # absolute, relative, then none
# Comparators whose target_value is the size of a change or margin, so it must be given.
CHANGE_COMPARATORS = (_TC.REDUCE_BY_PCT, _TC.INCREASE_BY_YEARS, _TC.DECREASE_BY_YEARS, _TC.BELOW_NATIONAL_BY)

# How often an indicator is published, which decides how a period an analyst writes is read ('2025-26' is the
# financial year 2025/26 for a financial-year indicator, the two calendar years 2025 to 2026 for a multi-year one).
PERIODICITIES = ("financial_year", "academic_year", "calendar_year", "multi_year", "quarter", "month")
UNITS = ("percent", "rate_per_100k", "count", "score", "years", "ratio", "text")
POLARITIES = tuple(Polarity)
COMPONENT_KINDS = ("county", "unitary")  # the councils an area such as an ICB is made of
AREA_KINDS = ("district", "county", "unitary", "icb", "country", "comparator", "neighbourhood")
# Areas finer than the registry's (wards, neighbourhoods) are listed in this file at the top of the extracts
# folder, beside the extracts that use them; same columns as areas.csv, new codes only, parents known.
EXTRA_AREAS_FILE = "areas.csv"
SHARED_OUTCOME_CODES = ("SO1", "SO2", "SO3", "SO4", "SO5", "SO6")
DIRECTORATES = ("Adult Social Care", "CYPE", "Communities", "GET", "HROD", "Procurement", "Public Health")
BOOLEANS = {"true": True, "false": False}
ASCOF_CODE = re.compile(r"^[0-9][A-Z0-9]*$")
ONS_INDICATOR = re.compile(r"^[^/]+(/P[1-9][0-9]*Y)?$")
ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
# The date note that ends target_as_printed, e.g. ' (by 2028)', left out when the target is quoted in a reason.
_PRINTED_DATE = re.compile(r"\s*\((by|Timescale|no) [^()]*\)$")

FILES = ("shared_outcomes.csv", "areas.csv", "indicators.csv", "i_statements.csv", "actions.csv")
COMPARATORS_FILE = "comparators.csv"  # optional: each council's region and comparator group (logframe.benchmark)
COMPARATOR_ROLES = ("region", "group")
_GSS = re.compile(r"^[EWSNK][0-9]{8}$")
# Optional: the printed page of each cited stretch of the plan's seed text, so pages cite the plan as a reader finds it.
PLAN_PAGES_FILE = "plan_pages.csv"
SEED_CITATION = re.compile(r"([A-Za-z0-9_.-]+\.txt):([0-9]+)")


class RegistryError(ValueError):
    """A registry file is wrong; the message names the file, row and field."""


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    statement: str
    shared_outcome: str
    directorates: tuple[str, ...]
    unit: str
    polarity: Polarity
    baseline_value: float | None
    baseline_period: str | None
    target_value: float | None
    target_comparator: TargetComparator
    target_period: str | None
    target_as_printed: str
    geography: str
    data_source: str
    definition: str
    assumptions: str
    source_location: str
    fingertips_id: int | None = None
    supporting: bool = False
    rebase_period: str | None = None
    fingertips_sex: str = "Persons"  # which Fingertips Sex rows carry this indicator
    ascof_measure: str | None = None  # ASCOF measure group code (e.g. '2B1') whose Outcome rows feed it
    ons_indicator: str | None = None  # ONS Explore local statistics indicator name, optionally '/P5Y' (period length)
    published_series: str = ""  # which published series feeds it, and how its definition differs from the plan's
    spc_screening: bool = True  # screen moving ranges before SPC limits (NHSRplotthedots); false = MDC spreadsheet
    comparison_method: str = "value_in_ci"  # Fingertips default; 'ci_overlap' where the definition asks for it
    periodicity: str = "financial_year"  # how its figures' periods are written (PERIODICITIES): reads '2025-26'
    board_target: bool = False  # one of the targets the board tracks: leads the Overview and the board pack
    derive_from_parts: bool = False  # a percentage whose publisher adds its councils' counts (ASCOF): an area with no
    # figure of its own gets its parts' numerators over their denominators (logframe.derived)
    fingertips_age: str | None = None  # the Fingertips Age band that carries it ('18+ yrs'), where one is named
    fingertips_definition: str = ""  # where the Fingertips indicator is not the plan's definition: a label for it
    fingertips_difference: str = ""  # ... and how it differs from the plan's, in full

    @property
    def quantified(self) -> bool:
        """Numeric baseline and target, an absolute comparator and parseable periods: a trajectory can be drawn."""
        return self.not_assessable is None

    @property
    def not_assessable(self) -> tuple[str, dict[str, Any]] | None:
        """Why the indicator has no trajectory, as a code and its facts (present.not_assessable_text words it), or
        None when it is quantified."""
        c = self.target_comparator
        if self.supporting or c == NO_TARGET:
            return "supporting", {}
        if c == "qualitative":
            return "qualitative", {}
        if c == "match_national":
            return ("relative_to_average" if "average" in self.target_as_printed.lower() else "national_ambition"), {}
        if c == "below_national_by":
            return "below_national_by", {"value": self.target_value}
        if c == "trend_reversal":
            return "trend_reversal", {}
        if c in CHANGE_COMPARATORS:
            facts = {"comparator": c, "value": self.target_value}
            return ("relative_change_no_baseline" if self.baseline_value is None else "relative_change"), facts
        if c not in ABSOLUTE_COMPARATORS:
            return "unknown_comparator", {"comparator": c}
        if self.target_value is None:
            printed = _PRINTED_DATE.sub("", self.target_as_printed)
            if self.baseline_value is None and c == "equal" and self.baseline_period:
                return "hold_baseline_level", {"baseline": self.baseline_period}
            if self.baseline_value is None:
                return "direction_only_no_baseline", {"printed": printed}
            return "direction_only", {"printed": printed}
        missing = []
        if self.baseline_value is None:
            missing.append("baseline_value")
        elif not self.baseline_period:
            missing.append("baseline_period")
        if not self.target_period:
            missing.append("target_period")
        if missing:
            return "missing", {"missing": tuple(missing)}
        for name, label in (("baseline_period", self.baseline_period), ("target_period", self.target_period)):
            if try_parse_period(label) is None:
                return "unparsed_period", {"which": name, "label": label}
        return None


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    kind: str
    other_names: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True)
class SharedOutcome:
    code: str
    name: str
    ambition: str


@dataclass(frozen=True)
class IStatement:
    shared_outcome: str
    statement: str
    source_location: str


@dataclass(frozen=True)
class Action:
    directorate: str
    committed_to: str
    led_by: str
    timescale: str
    measure: str
    shared_outcomes: tuple[str, ...]
    source_location: str


@dataclass(frozen=True)
class AscofSpan:
    """The years in which one ASCOF measure code measures an indicator (ascof_codes.csv), and whether it is the plan's
    definition (or a successor recorded as the same); short_definition says what it measures where it is not."""
    indicator_id: str
    first_year: str
    last_year: str
    ascof_code: str
    comparable: bool
    short_definition: str
    definition: str
    source: str

    def covers(self, period: str) -> bool:
        """Whether a financial year ('2022/23') lies within this span."""
        p = try_parse_period(period)
        first, last = try_parse_period(self.first_year), try_parse_period(self.last_year)
        return p is not None and first is not None and last is not None and first.start <= p.start < last.end

    def label(self) -> str:
        """'ASCOF 2D1 from 2024/25: people 65+ discharged into reablement who remained in the community ...; not the
        plan's definition'."""
        years = (f"from {self.first_year}" if self.first_year == self.last_year
                 else f"{self.first_year} to {self.last_year}")
        return f"ASCOF {self.ascof_code} {years}: {self.short_definition}; not the plan's definition"


@dataclass(frozen=True)
class Release:
    """When an indicator's publisher releases its figures (releases.csv): how often, the usual month, the lag in
    months from the end of the period, who, and the source that says so."""
    indicator_id: str
    publisher: str
    frequency: str  # RELEASE_FREQUENCIES
    release_month: int | None  # 1-12; None where figures come out every month or quarter, or it is not established
    lag_months: int | None
    source: str


@dataclass(frozen=True)
class PlanPage:
    """Where lines of a seed text of the plan are printed: a page of the published document (plan_pages.csv)."""
    document: str  # the seed text's file name, as source_location cites it
    first_line: int
    last_line: int
    publication: str  # the published document, in a reader's words
    appendix: str
    page: int  # page of the published committee papers
    appendix_page: int | None  # the appendix's own page number, where it numbers its pages
    section: str


@dataclass(frozen=True)
class Registry:
    indicators: dict[str, Indicator]  # registry order
    outcomes: dict[str, SharedOutcome]
    areas: dict[str, Area]
    i_statements: tuple[IStatement, ...]
    actions: tuple[Action, ...]
    ascof_lineage: dict[str, tuple[AscofSpan, ...]] = field(default_factory=dict)  # indicator id -> its spans
    releases: dict[str, Release] = field(default_factory=dict)  # indicator id -> its publisher's release schedule
    plan_pages: tuple[PlanPage, ...] = ()
    # Optional illustrative_areas.csv: the areas illustrative data is made for, with a population and a made-up lean
    # (+ worse); empty: logframe.demo makes it for every council, the partnership and the nation with plain defaults.
    illustrative_areas: dict[str, tuple[int, float]] = field(default_factory=dict)

    def plan_citations(self, ind: Indicator) -> list[PlanPage | None]:
        """The printed page of each seed-text line the indicator cites (source_location, 'file.txt:445'), in order,
        once each; None for a citation no page covers. Empty for an indicator that cites no seed text (a supporting
        measure cites the published file it comes from)."""
        out: list[PlanPage | None] = []
        for document, line in SEED_CITATION.findall(ind.source_location):
            page = next((p for p in self.plan_pages if p.document == document
                         and p.first_line <= int(line) <= p.last_line), None)
            if page is None or page not in out:
                out.append(page)
        return out

    def indicator(self, id: str) -> Indicator:
        """The indicator with this id; KeyError naming the id if there is none."""
        try:
            return self.indicators[id]
        except KeyError:
            raise KeyError(f"No indicator {id!r} in the registry ({len(self.indicators)} indicators, "
                           f"e.g. {', '.join(list(self.indicators)[:3])})") from None

    def area_name(self, code: str) -> str:
        """The area's name; KeyError naming the code if it is not a registry area."""
        try:
            return self.areas[code].name
        except KeyError:
            raise KeyError(f"No area {code!r} in the registry (known: {', '.join(self.areas)})") from None

    def area_code_for(self, text: str) -> str | None:
        """The code of the area a code, name or other name (any case, spacing and '&' for 'and') refers to; None if
        none does."""
        if text in self.areas:
            return text
        wanted = _name_key(text)
        for code, a in self.areas.items():
            if wanted == _name_key(code) or wanted == _name_key(a.name) or wanted in map(_name_key, a.other_names):
                return code
        return None

    def components(self, area: str) -> list[str]:
        """The areas an area is made of, shown (and, where the publisher adds counts, summed) where it has no figure
        of its own: Kent and Medway for Kent and Medway (the county and unitary councils whose parent it is)."""
        return list(self._components.get(area, ()))

    # Indexes of areas.csv, made once per registry: with an extracts folder's neighbourhoods it holds thousands of
    # areas, and every page run asks these questions many times (a scan each cost a crowd of sessions seconds).
    # A registry is never changed after loading, so they cannot go stale.
    @cached_property
    def _components(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for c, a in self.areas.items():
            if a.parent and a.kind in COMPONENT_KINDS:
                found.setdefault(a.parent, []).append(c)
        return {parent: tuple(codes) for parent, codes in found.items()}

    @cached_property
    def _districts(self) -> tuple[Area, ...]:
        return tuple(sorted((a for a in self.areas.values() if a.kind == "district"), key=lambda a: a.name))

    @cached_property
    def _icbs(self) -> tuple[str, ...]:
        return tuple(c for c, a in self.areas.items() if a.kind == "icb")

    def districts(self) -> list[Area]:
        """The district councils of areas.csv (kind 'district'), in name order."""
        return list(self._districts)

    @property
    def partnership(self) -> str:
        """The area the log-frame is about and every view opens on: the one area of kind 'icb' in areas.csv."""
        found = self._icbs
        if len(found) != 1:
            raise RegistryError(f"areas.csv: the registry needs exactly one area of kind 'icb' (the partnership the "
                                f"log-frame is about); it has {len(found)}")
        return found[0]

    @property
    def nation(self) -> str | None:
        """The national comparator: the area of kind 'country' in areas.csv (None if there is none)."""
        return next((c for c, a in self.areas.items() if a.kind == "country"), None)

    def councils(self) -> list[str]:
        """The partnership's upper-tier councils (county and unitary, whose parent it is), in areas.csv order."""
        return self.components(self.partnership)

    def district_parent(self) -> str | None:
        """The upper-tier council the districts belong to (their parent in areas.csv; the most common one if they
        name several), None when the registry has no districts."""
        parents = [a.parent for a in self.districts() if a.parent]
        return max(dict.fromkeys(parents), key=parents.count) if parents else None

    def directorates(self) -> list[str]:
        """Every directorate named by an indicator or an action, in name order."""
        names = {d for i in self.indicators.values() for d in i.directorates}
        names.update(a.directorate for a in self.actions)
        return sorted(names)

    def outcome_indicators(self, code: str) -> list[Indicator]:
        """The indicators of one shared outcome, in registry order."""
        return [i for i in self.indicators.values() if i.shared_outcome == code]

    def outcome_i_statements(self, code: str) -> list[IStatement]:
        """The I statements of one shared outcome, in registry order."""
        return [s for s in self.i_statements if s.shared_outcome == code]

    def outcome_actions(self, code: str) -> list[Action]:
        """The directorate actions that contribute to one shared outcome, in registry order."""
        return [a for a in self.actions if code in a.shared_outcomes]


def _name_key(text: str) -> str:
    return " ".join(str(text).replace("&", " and ").lower().split())


class _Row:
    """One CSV data row being read: every problem is raised naming the file, row, key and field."""

    def __init__(self, file: str, row: int, values: dict[str, str], key_field: str | None):
        self.file, self.row, self.values = file, row, values
        self.key = f" ({key_field} {values.get(key_field, '').strip()!r})" if key_field else ""

    def error(self, field: str, problem: str) -> RegistryError:
        return RegistryError(f"{self.file} row {self.row}{self.key}, field {field!r}: {problem}")

    def text(self, field: str, required: bool = True) -> str:
        value = (self.values.get(field) or "").strip()
        if required and not value:
            raise self.error(field, "is empty")
        return value

    def optional(self, field: str) -> str | None:
        return self.text(field, required=False) or None

    def choice(self, field: str, allowed: tuple[str, ...]) -> str:
        value = self.text(field)
        if value not in allowed:
            raise self.error(field, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def number(self, field: str) -> float | None:
        raw = self.text(field, required=False)
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise self.error(field, f"{raw!r} is not a number (write digits only: no %, commas or words)") from None
        if not math.isfinite(value):
            raise self.error(field, f"{raw!r} is not a finite number")
        return value

    def integer(self, field: str) -> int | None:
        raw = self.text(field, required=False)
        if not raw:
            return None
        if not raw.isdigit() or int(raw) == 0:
            raise self.error(field, f"{raw!r} is not a positive whole number")
        return int(raw)

    def period(self, field: str) -> str | None:
        raw = self.optional(field)
        if raw is not None and try_parse_period(raw) is None:
            raise self.error(field, f"{raw!r} is not a period; accepted formats: {ACCEPTED}")
        return raw

    def boolean(self, field: str, default: bool | None = None) -> bool:
        raw = self.text(field, required=default is None).lower()
        if not raw and default is not None:
            return default
        if raw not in BOOLEANS:
            raise self.error(field, f"{raw!r} is not 'true' or 'false'")
        return BOOLEANS[raw]

    def codes(self, field: str, allowed: tuple[str, ...] | dict[Any, Any], required: bool = False) -> tuple[str, ...]:
        parts = tuple(p.strip() for p in self.text(field, required).split(";") if p.strip())
        for p in parts:
            if p not in allowed:
                raise self.error(field, f"{p!r} is not one of {', '.join(allowed)}")
        if len(set(parts)) != len(parts):
            raise self.error(field, "lists the same value twice")
        return parts


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _rows(path: Path, columns: tuple[str, ...], key_field: str | None) -> list[_Row]:
    """The data rows of a registry CSV, numbered from 1 (the header is not counted), after a header check."""
    label = _label(path)
    if not path.is_file():
        raise RegistryError(f"{label}: file not found (the registry needs {', '.join(FILES)})")
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        if missing or extra:
            detail = "; ".join(filter(None, [missing and f"missing column(s) {', '.join(missing)}",  # type: ignore[list-item]
                                             extra and f"unexpected column(s) {', '.join(map(str, extra))}"]))  # type: ignore[list-item]
            raise RegistryError(f"{label} header row: {detail}")
        rows = []
        for n, values in enumerate(reader, start=1):
            if None in values:
                raise _Row(label, n, values, key_field).error(columns[-1], "the row has more cells than the header")
            rows.append(_Row(label, n, values, key_field))
        return rows


def _columns(cls: Any) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _load_outcomes(path: Path) -> dict[str, SharedOutcome]:
    out: dict[str, SharedOutcome] = {}
    for r in _rows(path, _columns(SharedOutcome), "code"):
        code = r.choice("code", SHARED_OUTCOME_CODES)
        if code in out:
            raise r.error("code", f"{code!r} appears twice")
        out[code] = SharedOutcome(code, r.text("name"), r.text("ambition"))
    absent = [c for c in SHARED_OUTCOME_CODES if c not in out]
    if absent:
        raise RegistryError(f"{_label(path)}: shared outcome(s) {', '.join(absent)} missing")
    return out


def _load_areas(path: Path, known: dict[str, Area] | None = None) -> dict[str, Area]:
    """Areas from one CSV; with known (the registry's), new codes only, whose parents may be known areas."""
    known = known or {}
    out: dict[str, Area] = {}
    parents: list[tuple[_Row, str]] = []
    for r in _rows(path, _columns(Area), "code"):
        code = r.text("code")
        if code in out:
            raise r.error("code", f"{code!r} appears twice")
        if code in known:
            raise r.error("code", f"{code!r} is already in data/registry/areas.csv; list only new areas here")
        parent = r.optional("parent")
        if parent:
            parents.append((r, parent))
        other = tuple(p.strip() for p in r.text("other_names", required=False).split(";") if p.strip())
        out[code] = Area(code, r.text("name"), r.choice("kind", AREA_KINDS), other, parent)
    for r, parent in parents:
        if parent not in out and parent not in known:
            raise r.error("parent", f"{parent!r} is not an area code in this file" + (" or the registry" if known else ""))
    return out


# Indicator fields read from other registry files than indicators.csv: the Fingertips mapping, with its citations.
FINGERTIPS_FILE = "fingertips_ids.csv"
FROM_FINGERTIPS_FILE = ("fingertips_id", "fingertips_sex", "fingertips_age", "fingertips_definition",
                        "fingertips_difference")


@dataclass(frozen=True)
class FingertipsId:
    """One row of fingertips_ids.csv: the OHID Fingertips indicator that publishes a registry indicator, the Sex and
    Age rows to read, whether it is the plan's definition (and how it differs), and the public source of the id."""
    indicator_id: str
    fingertips_id: str
    fingertips_name: str
    sex: str
    age: str
    same_definition: bool
    difference: str
    source: str


def _indicator_once(r: _Row, indicators: dict[str, Indicator], seen: set[str]) -> str:
    """A row's indicator_id, which must be an indicator of indicators.csv not seen before (added to seen)."""
    ind: str = r.text("indicator_id")
    if ind not in indicators:
        raise r.error("indicator_id", f"{ind!r} is not an indicator in indicators.csv")
    if ind in seen:
        raise r.error("indicator_id", f"{ind!r} appears twice")
    seen.add(ind)
    return ind


def _load_fingertips(path: Path, indicators: dict[str, Indicator]) -> dict[str, Indicator]:
    """The indicators with their Fingertips mapping from fingertips_ids.csv (optional: an absent file maps none)."""
    if not path.is_file():
        return indicators
    out = dict(indicators)
    seen: set[str] = set()
    for r in _rows(path, _columns(FingertipsId), "indicator_id"):
        ind = _indicator_once(r, indicators, seen)
        sex = r.text("sex", required=False) or "Persons"
        if sex not in FINGERTIPS_SEXES:
            raise r.error("sex", f"{sex!r} is not one of {', '.join(FINGERTIPS_SEXES)}")
        same = r.boolean("same_definition")
        name = r.text("fingertips_name")
        fid = r.integer("fingertips_id")
        label = "" if same else f"Fingertips {fid} ({name.split(' (')[0]}): not the plan's definition"
        r.text("source")
        out[ind] = dataclasses.replace(indicators[ind], fingertips_id=fid, fingertips_sex=sex,
                                       fingertips_age=r.optional("age"), fingertips_definition=label,
                                       fingertips_difference="" if same else r.text("difference"))
    return out


def _load_indicators(path: Path, outcomes: dict[Any, Any], areas: dict[Any, Any]) -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    columns = tuple(c for c in _columns(Indicator) if c not in FROM_FINGERTIPS_FILE)
    for r in _rows(path, columns, "id"):
        ind = _indicator(r, outcomes, areas)
        if ind.id in out:
            raise r.error("id", f"{ind.id!r} appears twice")
        out[ind.id] = ind
    return out


def _indicator(r: _Row, outcomes: dict[Any, Any], areas: dict[Any, Any]) -> Indicator:
    id_ = r.text("id")
    if not ID_PATTERN.match(id_):
        raise r.error("id", f"{id_!r} must be lower-case letters, digits and underscores only")
    outcome = r.choice("shared_outcome", SHARED_OUTCOME_CODES)
    if outcome not in outcomes:
        raise r.error("shared_outcome", f"{outcome!r} is not in shared_outcomes.csv")
    geography = r.text("geography")
    if geography not in areas:
        raise r.error("geography", f"{geography!r} is not an area code in areas.csv")
    ind = Indicator(
        id=id_, title=r.text("title"), statement=r.text("statement"), shared_outcome=outcome,
        directorates=r.codes("directorates", DIRECTORATES), unit=r.choice("unit", UNITS),
        polarity=Polarity(r.choice("polarity", POLARITIES)),
        baseline_value=r.number("baseline_value"), baseline_period=r.period("baseline_period"),
        target_value=r.number("target_value"),
        target_comparator=TargetComparator(r.choice("target_comparator", COMPARATORS)),
        target_period=r.period("target_period"), target_as_printed=r.text("target_as_printed"),
        geography=geography, data_source=r.text("data_source"), definition=r.text("definition"),
        assumptions=r.text("assumptions", required=False), source_location=r.text("source_location"),
        supporting=r.boolean("supporting"),
        rebase_period=r.period("rebase_period"),
        ascof_measure=r.optional("ascof_measure"), ons_indicator=r.optional("ons_indicator"),
        published_series=r.text("published_series", required=False),
        spc_screening=r.boolean("spc_screening", default=True),
        comparison_method=r.optional("comparison_method") or "value_in_ci",
        periodicity=r.choice("periodicity", PERIODICITIES),
        board_target=r.boolean("board_target", default=False),
        derive_from_parts=r.boolean("derive_from_parts", default=False),
    )
    if ind.derive_from_parts and ind.unit != "percent":
        raise r.error("derive_from_parts", f"only a percentage is derived from counts (the unit is {ind.unit!r})")
    if ind.ascof_measure is not None and not ASCOF_CODE.match(ind.ascof_measure):
        raise r.error("ascof_measure", f"{ind.ascof_measure!r} is not an ASCOF measure group code such as '2B1'")
    if ind.ons_indicator is not None and not ONS_INDICATOR.match(ind.ons_indicator):
        raise r.error("ons_indicator", f"{ind.ons_indicator!r} is not an ONS indicator name, optionally followed by "
                                       "a period length such as '/P5Y'")
    if ind.comparison_method not in COMPARISON_METHODS:
        raise r.error("comparison_method", f"{ind.comparison_method!r} is not one of {', '.join(COMPARISON_METHODS)}")
    _check_target(r, ind)
    return ind


def _check_target(r: _Row, ind: Indicator) -> None:
    """The rules that tie baseline, target, comparator, polarity and unit together."""
    c = ind.target_comparator
    if ind.supporting != (c == NO_TARGET):
        raise r.error("target_comparator", f"{c!r}: supporting measures, and only they, use {NO_TARGET!r}")
    if c in (NO_TARGET, "qualitative", "trend_reversal") and ind.target_value is not None:
        raise r.error("target_value", f"must be empty with comparator {c!r}")
    if ind.supporting and ind.target_period:
        raise r.error("target_period", "must be empty for a supporting measure")
    if c in CHANGE_COMPARATORS and (ind.target_value is None or ind.target_value <= 0):
        raise r.error("target_value", f"comparator {c!r} needs the size of the change as a positive number")
    if ind.baseline_value is not None and not ind.baseline_period:
        raise r.error("baseline_period", "is empty but baseline_value is given (record the assumed period)")
    if c in ABSOLUTE_COMPARATORS and ind.baseline_value is not None and ind.target_value is not None:
        # A numeric baseline and target: the row is meant to be quantified, so it must be complete.
        if not ind.target_period:
            raise r.error("target_period", "is empty but a numeric baseline and target are given")
        start, end = try_parse_period(ind.baseline_period), try_parse_period(ind.target_period)
        if end.position <= start.position:  # type: ignore[union-attr]
            raise r.error("target_period", f"{ind.target_period!r} is not after the baseline period "
                                           f"{ind.baseline_period!r}")
        wrong = {"higher_is_better": ("no_more_than", "below"), "lower_is_better": ("at_least", "above")}
        if c in wrong.get(ind.polarity, ()):
            raise r.error("target_comparator", f"{c!r} contradicts polarity {ind.polarity!r}")
    if ind.unit == "percent":
        for field in ("baseline_value", "target_value"):
            v = getattr(ind, field)
            if v is not None and not 0 <= v <= 100:
                raise r.error(field, f"{v:g} is not a percentage between 0 and 100")


def _load_i_statements(path: Path, outcomes: dict[Any, Any]) -> tuple[IStatement, ...]:
    out = []
    for r in _rows(path, _columns(IStatement), None):
        outcome = r.choice("shared_outcome", SHARED_OUTCOME_CODES)
        if outcome not in outcomes:
            raise r.error("shared_outcome", f"{outcome!r} is not in shared_outcomes.csv")
        out.append(IStatement(outcome, r.text("statement"), r.text("source_location")))
    return tuple(out)


def _load_actions(path: Path, outcomes: dict[Any, Any]) -> tuple[Action, ...]:
    out = []
    for r in _rows(path, _columns(Action), None):
        out.append(Action(r.choice("directorate", DIRECTORATES), r.text("committed_to"),
                          r.text("led_by", required=False), r.text("timescale", required=False),
                          r.text("measure", required=False), r.codes("shared_outcomes", outcomes, required=True),
                          r.text("source_location")))
    return tuple(out)


RELEASE_FREQUENCIES = ("monthly", "quarterly", "annual", "biennial")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


def _load_releases(path: Path, indicators: dict[str, Indicator]) -> dict[str, Release]:
    """releases.csv: each indicator's publisher's release schedule (optional: an absent file is none)."""
    if not path.is_file():
        return {}
    out: dict[str, Release] = {}
    for r in _rows(path, _columns(Release), "indicator_id"):
        ind = _indicator_once(r, indicators, set(out))
        month = r.optional("release_month")
        if month is not None and month not in MONTH_NAMES:
            raise r.error("release_month", f"{month!r} is not a month's name such as 'December'")
        lag = r.text("lag_months", required=False)
        if lag and not lag.isdigit():
            raise r.error("lag_months", f"{lag!r} is not a whole number of months")
        out[ind] = Release(ind, r.text("publisher"), r.choice("frequency", RELEASE_FREQUENCIES),
                           MONTH_NAMES.index(month) + 1 if month else None, int(lag) if lag else None,
                           r.text("source"))
    return out


def _load_ascof_lineage(path: Path, indicators: dict[str, Indicator]) -> dict[str, tuple[AscofSpan, ...]]:
    """ascof_codes.csv: which ASCOF code measures which indicator in which years (optional: an absent file is none)."""
    if not path.is_file():
        return {}
    out: dict[str, list[AscofSpan]] = {}
    for r in _rows(path, _columns(AscofSpan), "indicator_id"):
        ind = r.text("indicator_id")
        if ind not in indicators:
            raise r.error("indicator_id", f"{ind!r} is not an indicator in indicators.csv")
        span = AscofSpan(ind, r.period("first_year") or "", r.period("last_year") or "", r.text("ascof_code"),
                         r.boolean("comparable"), r.text("short_definition", required=False), r.text("definition"),
                         r.text("source"))
        if not ASCOF_CODE.match(span.ascof_code):
            raise r.error("ascof_code", f"{span.ascof_code!r} is not an ASCOF measure code such as '2B1'")
        first, last = try_parse_period(span.first_year), try_parse_period(span.last_year)
        if first is None or last is None or first.kind != "financial_year" or last.start < first.start:
            raise r.error("last_year", "first_year and last_year must be financial years, the last not before the first")
        if not span.comparable and not span.short_definition:
            raise r.error("short_definition", "is empty: say what a measure that is not the plan's definition measures")
        for other in out.get(ind, []):
            if other.covers(span.first_year) or other.covers(span.last_year) or span.covers(other.first_year):
                raise r.error("first_year", f"the years overlap another row of {ind!r}")
        out.setdefault(ind, []).append(span)
    return {k: tuple(v) for k, v in out.items()}
def _load_plan_pages(path: Path) -> tuple[PlanPage, ...]:
    if not path.is_file():
        return ()
    out = []
    for r in _rows(path, _columns(PlanPage), None):
        first, last, page = r.integer("first_line"), r.integer("last_line"), r.integer("page")
        if first is None or last is None or page is None:
            raise r.error("first_line" if first is None else "last_line" if last is None else "page", "is empty")
        if last < first:
            raise r.error("last_line", f"{last} is before first_line {first}")
        out.append(PlanPage(r.text("document"), first, last, r.text("publication"), r.text("appendix"), page,
                            r.integer("appendix_page"), r.text("section")))
    return tuple(out)


def registry_dir() -> Path:
    """The registry folder in use (config: LOGFRAME_REGISTRY_DIR, default data/registry)."""
    return settings().registry_dir


def load_registry(data_dir: Path | None = None, extra_areas: Path | None = None) -> Registry:
    """Load and validate the registry CSVs (default: registry_dir()), plus extra areas from an extracts folder's
    areas.csv (EXTRA_AREAS_FILE) when given; RegistryError names file, row and field."""
    d = Path(data_dir) if data_dir is not None else registry_dir()
    outcomes = _load_outcomes(d / "shared_outcomes.csv")
    areas = _load_areas(d / "areas.csv")
    extra = extra_areas
    if extra is not None:
        areas = {**areas, **_load_areas(extra, known=areas)}
    indicators = _load_fingertips(d / FINGERTIPS_FILE, _load_indicators(d / "indicators.csv", outcomes, areas))
    return Registry(indicators, outcomes, areas, _load_i_statements(d / "i_statements.csv", outcomes),
                    _load_actions(d / "actions.csv", outcomes),
                    ascof_lineage=_load_ascof_lineage(d / "ascof_codes.csv", indicators),
                    releases=_load_releases(d / "releases.csv", indicators),
                    plan_pages=_load_plan_pages(d / PLAN_PAGES_FILE),
                    illustrative_areas=_load_illustrative_areas(d / ILLUSTRATIVE_AREAS_FILE, areas))


ILLUSTRATIVE_AREAS_FILE = "illustrative_areas.csv"


def _load_illustrative_areas(path: Path, areas: dict[str, Area]) -> dict[str, tuple[int, float]]:
    if not path.is_file():
        return {}
    out: dict[str, tuple[int, float]] = {}
    for r in _rows(path, ("code", "population", "lean", "source"), "code"):
        code = r.text("code")
        if code not in areas:
            raise r.error("code", f"{code!r} is not an area code in areas.csv")
        population, lean = r.integer("population"), r.number("lean")
        if population is None:
            raise r.error("population", "is empty")
        out[code] = (population, lean or 0.0)
    return out


@dataclass(frozen=True)
class Comparator:
    """One row of comparators.csv: for a registry area, its region (role 'region', marked on the benchmark charts) or
    one member of its comparator group (role 'group', e.g. a council's chosen nearest neighbours)."""
    area_code: str
    role: str
    group: str
    code: str
    name: str
    source: str


def load_comparators(registry: Registry, data_dir: Path | None = None) -> tuple[Comparator, ...]:
    """The optional comparators.csv (no file: no comparators); RegistryError names the file, row and field."""
    path = (Path(data_dir) if data_dir is not None else registry_dir()) / COMPARATORS_FILE
    if not path.is_file():
        return ()
    out: list[Comparator] = []
    seen: set[tuple[str, str, str]] = set()
    for r in _rows(path, _columns(Comparator), "area_code"):
        area = r.text("area_code")
        if area not in registry.areas:
            raise r.error("area_code", f"{area!r} is not an area code in areas.csv")
        code = r.text("code")
        if not _GSS.match(code):
            raise r.error("code", f"{code!r} is not an ONS area code (a letter E, W, S, N or K and eight digits)")
        c = Comparator(area, r.choice("role", COMPARATOR_ROLES), r.text("group"), code, r.text("name"),
                       r.text("source"))
        if (c.area_code, c.role, c.code) in seen:
            raise r.error("code", f"{code!r} is listed twice for {area} as a {c.role}")
        if c.role == "region" and any(o.area_code == area and o.role == "region" for o in out):
            raise r.error("role", f"{area} has a region already; give one")
        seen.add((c.area_code, c.role, c.code))
        out.append(c)
    return tuple(out)
