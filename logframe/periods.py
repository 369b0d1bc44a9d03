"""Period labels ('2023/24', '2023', '2023/24 Q2', '2024-05', '2021-23') -> start, end and position in years."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

FORMATS: list[tuple[str, str]] = [
    ("financial_year", "2023/24"),
    ("calendar_year", "2023"),
    ("financial_quarter", "2023/24 Q2"),
    ("month", "2024-05"),
    ("year_range", "2021-23"),
    ("financial_year_range", "2018/19 - 20/21"),
]

_FORMAT_NAMES = {
    "financial_year": "financial year",
    "calendar_year": "calendar year",
    "financial_quarter": "financial quarter",
    "month": "month",
    "year_range": "multi-year range",
    "financial_year_range": "financial-year range",
}

ACCEPTED = "; ".join(f"{_FORMAT_NAMES[kind]} '{example}'" for kind, example in FORMATS)

# Years outside this window are typing errors, not data.
_MIN_YEAR, _MAX_YEAR = 1900, 2199

_FY = r"(\d{4})\s*/\s*(\d{2}|\d{4})"
_PATTERNS = {
    "financial_quarter": re.compile(rf"^{_FY}\s*[Qq]\s*(\d+)$"),
    "financial_year_range": re.compile(rf"^{_FY}\s*-\s*(\d{{2}}|\d{{4}})\s*/\s*(\d{{2}}|\d{{4}})$"),
    "financial_year": re.compile(rf"^{_FY}$"),
    "calendar_year": re.compile(r"^(\d{4})$"),
    # '2024-05' (no spaces, 01-12) is a month; '2018 - 20', '2021-23' and '2021-2023' are ranges.
    # So '2010-12' is December 2010; write the range 2010 to 2012 as '2010 - 12' or '2010-2012'.
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "year_range": re.compile(r"^(\d{4})\s*-\s*(\d{2}|\d{4})$"),
}


class PeriodError(ValueError):
    """A period label that is not in one of the accepted formats; the message names the label."""


@dataclass(frozen=True)
class Period:
    label: str
    kind: str
    start: date
    end: date  # first day after the period
    start_year: float  # year + (month - 1) / 12
    end_year: float  # exclusive end in decimal years

    @property
    def position(self) -> float:
        """The period's midpoint in decimal years: its place on the time axis."""
        return (self.start_year + self.end_year) / 2


def _error(label: str, why: str | None = None) -> PeriodError:
    detail = f": {why}" if why else ""
    return PeriodError(f"Period {label!r} is not recognised{detail}. Accepted formats: {ACCEPTED}.")


def _decimal_year(d: date) -> float:
    return d.year + (d.month - 1) / 12


def _period(label: str, kind: str, start: date, end: date) -> Period:
    return Period(label, kind, start, end, _decimal_year(start), _decimal_year(end))


def _check_year(label: str, year: int) -> None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _error(label, f"year {year} is outside {_MIN_YEAR}-{_MAX_YEAR}")


def _fy_start(label: str, first: str, second: str) -> int:
    """Start year of a financial year written first/second, checking second is the following year."""
    start = int(first)
    _check_year(label, start)
    follows = int(second) == start + 1 if len(second) == 4 else int(second) == (start + 1) % 100
    if not follows:
        raise _error(label, f"the second year of a financial year must follow the first "
                            f"({fy_label(start)})")
    return start


def _expand_year(label: str, start: int, short: str) -> int:
    """A later year written as 2 or 4 digits, read in the same century as start."""
    year = int(short) if len(short) == 4 else start // 100 * 100 + int(short)
    _check_year(label, year)
    return year


def parse_period(label: str) -> Period:
    """Parse a period label into a Period; raise PeriodError naming the label and the accepted formats."""
    if not isinstance(label, str):
        raise _error(str(label), "a period label must be text")
    return _parse(label)


@lru_cache(maxsize=65536)  # Periods are immutable and a long monthly series parses the same labels many times
def _parse(label: str) -> Period:
    text = " ".join(label.split())
    if not text:
        raise _error(label, "the label is empty")

    if m := _PATTERNS["financial_quarter"].match(text):
        start = _fy_start(text, m[1], m[2])
        quarter = int(m[3])
        if not 1 <= quarter <= 4:
            raise _error(text, f"quarter Q{quarter} does not exist (Q1 is Apr-Jun ... Q4 is Jan-Mar)")
        month = 4 + 3 * (quarter - 1)  # Q1 Apr, Q2 Jul, Q3 Oct, Q4 Jan of the later year
        year = start + (month - 1) // 12
        month = (month - 1) % 12 + 1
        first_day = date(year, month, 1)
        end = date(year + 1, 1, 1) if month == 10 else date(year, month + 3, 1)
        return _period(text, "financial_quarter", first_day, end)

    if m := _PATTERNS["financial_year_range"].match(text):
        first = _fy_start(text, m[1], m[2])
        last = _expand_year(text, first, m[3])
        last = _fy_start(text, str(last), m[4])
        if last <= first:
            raise _error(text, "the last financial year must come after the first")
        return _period(text, "financial_year_range", date(first, 4, 1), date(last + 1, 4, 1))

    if m := _PATTERNS["financial_year"].match(text):
        start = _fy_start(text, m[1], m[2])
        return _period(text, "financial_year", date(start, 4, 1), date(start + 1, 4, 1))

    if m := _PATTERNS["calendar_year"].match(text):
        year = int(m[1])
        _check_year(text, year)
        return _period(text, "calendar_year", date(year, 1, 1), date(year + 1, 1, 1))

    if m := _PATTERNS["month"].match(text):
        year, month = int(m[1]), int(m[2])
        _check_year(text, year)
        end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return _period(text, "month", date(year, month, 1), end)

    if m := _PATTERNS["year_range"].match(text):
        first = int(m[1])
        _check_year(text, first)
        last = _expand_year(text, first, m[2])
        if last <= first:
            not_month = " and is not a month (01-12)" if re.fullmatch(r"\d{4}-\d{2}", text) else ""
            raise _error(text, f"a range must end after it starts (read as {first} to {last}){not_month}")
        return _period(text, "year_range", date(first, 1, 1), date(last + 1, 1, 1))

    raise _error(text)


def try_parse_period(label: object) -> Period | None:
    """parse_period, or None when the label is missing or not recognised."""
    if label is None:
        return None
    try:
        return parse_period(label)  # type: ignore[arg-type]
    except PeriodError:
        return None


def recency(p: Period) -> tuple[float, float]:
    """The one rule for which of two periods is later: the later mid-point (position, as the queries order rows),
    then the later end ('2021-23' after '2022', whose mid-points are the same)."""
    return (p.position, p.end_year)


def period_sort_key(label: str) -> tuple[float, float]:
    """A label's recency, for putting periods in time order (oldest first)."""
    return recency(parse_period(label))


def fy_label(start_year: int) -> str:
    """The financial year starting in April of start_year, e.g. 2034 -> '2034/35'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def label_for_position(pos: float, kind: str) -> str:
    """The label of the period of the given kind that contains the decimal-year position pos."""
    # A tiny nudge so that a position computed as 2024.9999999 still lands in 2025's twelfth.
    months = math.floor(pos * 12 + 1e-6)  # whole months since year 0
    year, month = divmod(months, 12)  # month 0 = January
    fy = year if month >= 3 else year - 1
    # Ranges have no single length, so a position within one is named by its year (or financial year).
    if kind in ("financial_year", "financial_year_range"):
        return fy_label(fy)
    if kind in ("calendar_year", "year_range"):
        return str(year)
    if kind == "financial_quarter":
        return f"{fy_label(fy)} Q{(month - 3) % 12 // 3 + 1}"
    if kind == "month":
        return f"{year}-{month + 1:02d}"
    raise ValueError(f"Unknown period kind {kind!r}; expected one of {[k for k, _ in FORMATS]}")


_ISO_INTERVAL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})/P(\d+)([YM])$")


def from_iso_interval(text: str) -> str | None:
    """An ISO 8601 interval as published by ONS ('2023-01-01/P1Y') as a contract period label, or None.

    '2023-01-01/P1Y' -> '2023'; '2023-04-01/P1Y' -> '2023/24'; '2020-01-01/P3Y' -> '2020-22';
    '2018-04-01/P3Y' -> '2018/19 - 20/21'; '2024-05-01/P1M' -> '2024-05'; '2024-07-01/P3M' -> '2024/25 Q2'.
    A year that starts in another month (Active Lives runs from mid-November) takes the financial-year label of the
    two years it spans ('2015-11-16/P1Y' -> '2015/16'), as Fingertips labels such survey years.
    """
    m = _ISO_INTERVAL.match(str(text).strip())
    if not m:
        return None
    year, month, n, unit = int(m[1]), int(m[2]), int(m[4]), m[5]
    try:
        date(year, month, int(m[3]))
    except ValueError:
        return None
    if not (_MIN_YEAR <= year <= _MAX_YEAR and n >= 1):
        return None
    if unit == "M":
        if n == 1:
            return f"{year}-{month:02d}"
        if n == 3 and month in (1, 4, 7, 10):
            fy = year if month >= 4 else year - 1
            return f"{fy_label(fy)} Q{(month - 4) % 12 // 3 + 1}"
        return None
    if n == 1:
        return str(year) if month == 1 else fy_label(year)
    last = year + n - 1
    if month == 1:
        return f"{year}-{last % 100:02d}" if last // 100 == year // 100 else f"{year}-{last}"
    if month == 4:
        return f"{fy_label(year)} - {fy_label(last)[2:]}"
    return None


# --- periods as analysts write them ---------------------------------------------------------------------------
# Each indicator's periodicity (registry.PERIODICITIES) decides how a period an analyst writes is read: '2025-26' is
# the financial year 2025/26 for a financial-year indicator and the years 2025 to 2026 for a multi-year one. Every
# accepted spelling is stored in its canonical form (the labels above), so files that spell a period differently
# still share its key.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "financial_year": ("2025/26", "2025-26", "2025/2026", "2025-2026", "FY2025/26", "FY25/26", "Q1 2025/26",
                       "2025/26 Q1"),
    "academic_year": ("2025/26", "2025-26", "2025/2026", "2025-2026", "AY2025/26", "AY25/26"),
    "quarter": ("Q1 2025/26", "2025/26 Q1", "2025-26 Q1", "Q1 FY25/26", "2025/26", "2025-26"),
    "calendar_year": ("2025",),
    "multi_year": ("2023-25", "2023-2025", "2023 - 25", "2023 to 2025", "2025-26"),
    "month": ("2025-04", "Apr 2025", "April 2025", "2025-04-01"),
}
# What a consecutive-year pair ('2025-26', '2025-2026') means for each periodicity; None: ambiguous, so refused.
_PAIR = {"financial_year": "financial_year", "academic_year": "financial_year", "quarter": "financial_year",
         "multi_year": "year_range", "calendar_year": None, "month": None}
_MONTHS = {name: n for n, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
_YEAR_PAIR = re.compile(r"^(?:(?:FY|AY)\s*)?(\d{2}|\d{4})\s*[-/]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^Q\s*([0-9]+)\s+(.+)$", re.IGNORECASE)
_QUARTER_LAST = re.compile(r"^(.+?)\s+Q\s*([0-9]+)$", re.IGNORECASE)
_MONTH_NAME = re.compile(r"^([A-Za-z]+)[\s-]+(\d{4})$")
_MONTH_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-01)?$")
_RANGE_TO = re.compile(r"^(\d{4})\s*(?:-|to)\s*(\d{2}|\d{4})$", re.IGNORECASE)


def spellings(periodicity: str) -> str:
    """The spellings accepted for a periodicity, for messages and the README."""
    shown = ", ".join(f"'{s}'" for s in SPELLINGS[periodicity])
    return f"{shown}, or a standard label ({', '.join(repr(e) for _, e in FORMATS)})"


def canonical_label(p: Period) -> str:
    """The one way each period is written in stored extracts: '2025/26', '2025', '2025/26 Q1', '2025-04',
    '2023-25' ('2010-2012' where '2010-12' would read as a month), '2018/19 - 20/21'."""
    if p.kind == "financial_year":
        return fy_label(p.start.year)
    if p.kind == "calendar_year":
        return str(p.start.year)
    if p.kind == "financial_quarter":
        fy = p.start.year if p.start.month >= 4 else p.start.year - 1
        return f"{fy_label(fy)} Q{(p.start.month - 4) % 12 // 3 + 1}"
    if p.kind == "month":
        return f"{p.start.year}-{p.start.month:02d}"
    if p.kind == "year_range":
        first, last = p.start.year, p.end.year - 1
        short = f"{first}-{last % 100:02d}"
        if last // 100 != first // 100 or _PATTERNS["month"].match(short):
            return f"{first}-{last}"
        return short
    first, last = p.start.year, p.end.year - 1  # financial-year range: the last year's start
    return f"{fy_label(first)} - {fy_label(last)[2:]}"


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _follows(first: int, second: str) -> bool:
    return int(second) == first + 1 if len(second) == 4 else int(second) == (first + 1) % 100


def _financial_year(text: str) -> Period | None:
    m = _YEAR_PAIR.match(text)
    if not m:
        return None
    first = _year(m[1])
    if not _follows(first, m[2]) or not _MIN_YEAR <= first <= _MAX_YEAR:
        return None
    return _parse(fy_label(first))


def _quarter(text: str) -> Period | None:
    m = _QUARTER_FIRST.match(text)
    number, year = (m[1], m[2]) if m else (None, None)
    if not m and (m := _QUARTER_LAST.match(text)):
        number, year = m[2], m[1]
    if number is None or year is None:
        return None
    fy = _financial_year(year.strip())
    if fy is None:
        return None
    return _parse(f"{fy.label} Q{int(number)}")  # Q5 is refused there, naming the quarter


def _month(text: str) -> Period | None:
    if m := _MONTH_NAME.match(text):
        month = _MONTHS.get(m[1].lower())
        return _parse(f"{int(m[2])}-{month:02d}") if month else None
    if (m := _MONTH_DATE.match(text)) and 1 <= int(m[2]) <= 12:
        return _parse(f"{int(m[1])}-{int(m[2]):02d}")
    return None


def read_period(label: object, periodicity: str) -> Period:
    """A period as an analyst wrote it, read the way the indicator's periodicity says (registry.PERIODICITIES);
    raise PeriodError naming the value and listing the accepted spellings. A consecutive-year pair ('2025-26') is a
    financial (or academic) year for such an indicator, two calendar years for a multi-year one, and refused as
    ambiguous for a calendar-year or monthly one."""
    if periodicity not in SPELLINGS:
        raise ValueError(f"unknown periodicity {periodicity!r}; expected one of {', '.join(SPELLINGS)}")
    if not isinstance(label, str):
        raise PeriodError(f"Period {label!r} is not text; write it as one of {spellings(periodicity)}.")
    text = " ".join(label.split())
    refuse = PeriodError(f"Period {text!r} is not a {_FORMAT_NAMES.get(periodicity, periodicity.replace('_', ' '))} "
                         f"period this indicator's figures are written in; accepted: {spellings(periodicity)}.")
    m = _YEAR_PAIR.match(text)
    if m and not text[:2].isalpha() and "/" not in text and _follows(_year(m[1]), m[2]) and len(m[1]) == 4:
        meaning = _PAIR[periodicity]
        if meaning == "financial_year":
            return _parse(fy_label(_year(m[1])))
        if meaning == "year_range":
            return _parse(f"{m[1]}-{int(m[1]) + 1}")
        raise PeriodError(f"Period {text!r} could be the financial year {fy_label(int(m[1]))} or the years {m[1]} to "
                          f"{int(m[1]) + 1}; this indicator is published by {periodicity.replace('_', ' ')}, so write "
                          f"one of {spellings(periodicity)}.")
    try:
        found = None
        if periodicity in ("financial_year", "academic_year", "quarter"):
            found = _quarter(text) if text[:1].upper() == "Q" or " Q" in text.upper() else _financial_year(text)
        elif periodicity == "month":
            found = _month(text)
        elif periodicity == "multi_year" and (m := _RANGE_TO.match(text)):  # '2010-12' is 2010 to 2012 here
            found = _parse(f"{m[1]}-{_expand_year(text, int(m[1]), m[2])}")
        return found if found is not None else _parse(text)
    except PeriodError as exc:
        why = re.search(r"is not recognised: (.*?)\. Accepted formats", str(exc))
        if why is None:
            raise refuse from None
        raise PeriodError(f"{str(refuse)[:-1]} ({why[1]}).") from None


def canonical(label: object, periodicity: str) -> str:
    """The stored form of a period as an analyst wrote it (read_period, then canonical_label)."""
    return canonical_label(read_period(label, periodicity))
