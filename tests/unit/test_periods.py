from __future__ import annotations

from datetime import date

import pytest

from logframe.periods import (
    FORMATS,
    PeriodError,
    fy_label,
    label_for_position,
    parse_period,
    period_sort_key,
    try_parse_period,
)


@pytest.mark.parametrize(
    "label, kind, start, end, start_year, end_year, position",
    [
        ("2020/21", "financial_year", date(2020, 4, 1), date(2021, 4, 1), 2020.25, 2021.25, 2020.75),
        ("2023/2024", "financial_year", date(2023, 4, 1), date(2024, 4, 1), 2023.25, 2024.25, 2023.75),
        # Century boundary: 99 -> 00 is the following year.
        ("1999/00", "financial_year", date(1999, 4, 1), date(2000, 4, 1), 1999.25, 2000.25, 1999.75),
        ("2023", "calendar_year", date(2023, 1, 1), date(2024, 1, 1), 2023.0, 2024.0, 2023.5),
        ("2023/24 Q1", "financial_quarter", date(2023, 4, 1), date(2023, 7, 1), 2023.25, 2023.5, 2023.375),
        ("2023/24 Q2", "financial_quarter", date(2023, 7, 1), date(2023, 10, 1), 2023.5, 2023.75, 2023.625),
        # Q3 ends at the turn of the calendar year.
        ("2023/24 Q3", "financial_quarter", date(2023, 10, 1), date(2024, 1, 1), 2023.75, 2024.0, 2023.875),
        # Q4 is January to March of the later year.
        ("2023/24 Q4", "financial_quarter", date(2024, 1, 1), date(2024, 4, 1), 2024.0, 2024.25, 2024.125),
        ("2024-05", "month", date(2024, 5, 1), date(2024, 6, 1), 2024 + 4 / 12, 2024 + 5 / 12, 2024 + 4.5 / 12),
        ("2024-01", "month", date(2024, 1, 1), date(2024, 2, 1), 2024.0, 2024 + 1 / 12, 2024 + 0.5 / 12),
        # December ends at the next year's first day.
        ("2024-12", "month", date(2024, 12, 1), date(2025, 1, 1), 2024 + 11 / 12, 2025.0, 2024 + 11.5 / 12),
        ("2021-23", "year_range", date(2021, 1, 1), date(2024, 1, 1), 2021.0, 2024.0, 2022.5),
        ("2021-2023", "year_range", date(2021, 1, 1), date(2024, 1, 1), 2021.0, 2024.0, 2022.5),
        # Fingertips writes ranges with spaces.
        ("2018 - 20", "year_range", date(2018, 1, 1), date(2021, 1, 1), 2018.0, 2021.0, 2019.5),
        # Fingertips financial-year range: start of the first to the end of the last.
        ("2018/19 - 20/21", "financial_year_range", date(2018, 4, 1), date(2021, 4, 1), 2018.25, 2021.25, 2019.75),
        ("2018/19 - 2020/21", "financial_year_range", date(2018, 4, 1), date(2021, 4, 1), 2018.25, 2021.25,
         2019.75),
    ],
)
def test_parse_every_format(label, kind, start, end, start_year, end_year, position):
    p = parse_period(label)
    assert (p.label, p.kind, p.start, p.end) == (label, kind, start, end)
    assert p.start_year == pytest.approx(start_year)
    assert p.end_year == pytest.approx(end_year)
    assert p.position == pytest.approx(position)


@pytest.mark.parametrize(
    "label, same_as",
    [
        ("  2023/24  ", "2023/24"),
        ("2023 / 24", "2023/24"),
        ("2023/24   Q2", "2023/24 Q2"),
        ("2023/24Q2", "2023/24 Q2"),
        ("2023/24 q2", "2023/24 Q2"),
        ("2018-20", "2018 - 20"),
        ("2018  -  20", "2018 - 20"),
        ("2018/19-20/21", "2018/19 - 20/21"),
    ],
)
def test_whitespace_tolerant(label, same_as):
    p, q = parse_period(label), parse_period(same_as)
    assert (p.kind, p.start, p.end) == (q.kind, q.start, q.end)
    assert p.label == " ".join(label.split())


@pytest.mark.parametrize(
    "label, why",
    [
        ("2023/25", "must follow the first"),
        ("2023/2025", "must follow the first"),
        ("2023/24 Q5", "Q5 does not exist"),
        ("2023/24 Q0", "Q0 does not exist"),
        # Not a month, and as a range it would end before it starts.
        ("2024-13", "not a month"),
        ("23/24", None),
        ("", "empty"),
        ("   ", "empty"),
        ("abc", None),
        ("2021-19", "must end after it starts"),
        # A range must span more than one year.
        ("2021-21", "must end after it starts"),
        ("2018/19 - 17/18", "must come after the first"),
        ("2018/19 - 20/22", "must follow the first"),
        ("2024-5", None),
        ("2024 Q1", None),
        ("0000", "outside"),
        ("FY2023", None),
    ],
)
def test_rejections_name_the_label_and_formats(label, why):
    with pytest.raises(PeriodError) as e:
        parse_period(label)
    message = str(e.value)
    assert repr(" ".join(label.split()) if label.strip() else label) in message
    for _, example in FORMATS:
        assert f"'{example}'" in message
    if why:
        assert why in message


def test_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


def test_month_beats_range_when_ambiguous():
    # '2010-12' could be December 2010 or 2010 to 2012; without spaces it is the month.
    assert parse_period("2010-12").kind == "month"
    assert parse_period("2010 - 12").kind == "year_range"
    assert parse_period("2010-2012").kind == "year_range"


def test_non_string_is_rejected():
    with pytest.raises(PeriodError):
        parse_period(2023)  # type: ignore[arg-type]


@pytest.mark.parametrize("label, expected", [("2023/24", "financial_year"), ("2023/25", None), ("", None),
                                             (None, None), ("abc", None)])
def test_try_parse_period(label, expected):
    p = try_parse_period(label)
    assert (p.kind if p else None) == expected


def test_sort_key_orders_mixed_kinds():
    labels = ["2024-05", "2023/24", "2021-23", "2023", "2023/24 Q4", "2018/19 - 20/21"]
    assert sorted(labels, key=period_sort_key) == [
        "2018/19 - 20/21", "2021-23", "2023", "2023/24", "2023/24 Q4", "2024-05"]
    # Same start: the shorter period first.
    assert period_sort_key("2023/24 Q1") < period_sort_key("2023/24")


@pytest.mark.parametrize("start, label", [(2034, "2034/35"), (1999, "1999/00"), (2009, "2009/10")])
def test_fy_label(start, label):
    assert fy_label(start) == label


@pytest.mark.parametrize(
    "pos, kind, label",
    [
        (2034.3, "financial_year", "2034/35"),
        # 1 April is the first day of the financial year.
        (2034.25, "financial_year", "2034/35"),
        # Just before 1 April is still the previous financial year.
        (2034.2499, "financial_year", "2033/34"),
        (2035.1, "financial_year", "2034/35"),
        (2023.5, "calendar_year", "2023"),
        (2023.0, "calendar_year", "2023"),
        (2023.999, "calendar_year", "2023"),
        (2023.5, "financial_quarter", "2023/24 Q2"),
        # January to March belongs to Q4 of the financial year that began the April before.
        (2024.0, "financial_quarter", "2023/24 Q4"),
        (2024.24, "financial_quarter", "2023/24 Q4"),
        (2023.25, "financial_quarter", "2023/24 Q1"),
        (2023.8, "financial_quarter", "2023/24 Q3"),
        (2024 + 4 / 12, "month", "2024-05"),
        (2024.99, "month", "2024-12"),
        # A position inside a range is named by its year (there is no one range length).
        (2030.5, "year_range", "2030"),
        (2030.5, "financial_year_range", "2030/31"),
    ],
)
def test_label_for_position(pos, kind, label):
    assert label_for_position(pos, kind) == label


def test_label_for_position_tolerates_float_noise():
    # 2025 computed as 2024.9999999999998 is still 2025.
    assert label_for_position(2024.75 + 0.1 * 2.5, "calendar_year") == "2025"
    assert label_for_position(2025 - 1e-12, "calendar_year") == "2025"


@pytest.mark.parametrize("label", ["2023/24", "2023", "2023/24 Q2", "2023/24 Q4", "2024-05", "2024-12"])
def test_label_for_position_round_trips(label):
    p = parse_period(label)
    assert label_for_position(p.position, p.kind) == label
    assert label_for_position(p.start_year, p.kind) == label


def test_label_for_position_unknown_kind():
    with pytest.raises(ValueError, match="Unknown period kind 'week'"):
        label_for_position(2024.0, "week")


# --- periods as analysts write them, read by the indicator's periodicity ------------------------------------------
from logframe.periods import SPELLINGS, canonical  # noqa: E402

FY, AY, CY, MY, Q, M = "financial_year", "academic_year", "calendar_year", "multi_year", "quarter", "month"
REFUSED = None
# spelling x periodicity -> stored form (REFUSED: a PeriodError naming the value and the accepted spellings)
SPELLING_TABLE = [
    # the financial year 2025/26, however a UK spreadsheet writes it
    ("2025/26", FY, "2025/26"), ("2025-26", FY, "2025/26"), ("2025/2026", FY, "2025/26"), ("2025-2026", FY, "2025/26"),
    ("FY2025/26", FY, "2025/26"), ("FY25/26", FY, "2025/26"), ("FY 2025/26", FY, "2025/26"), ("fy25/26", FY, "2025/26"),
    ("2009-10", FY, "2009/10"),  # never October 2009 for a financial-year indicator
    ("1999-00", FY, "1999/00"),  # across a century
    # academic years are written the same way
    ("2025-26", AY, "2025/26"), ("AY25/26", AY, "2025/26"), ("2025/2026", AY, "2025/26"),
    # quarters
    ("Q1 2025/26", Q, "2025/26 Q1"), ("2025/26 Q1", Q, "2025/26 Q1"), ("2025-26 Q4", Q, "2025/26 Q4"),
    ("Q2 FY25/26", Q, "2025/26 Q2"), ("q3 2025-26", Q, "2025/26 Q3"), ("Q1 2025/26", FY, "2025/26 Q1"),
    ("Q5 2025/26", Q, REFUSED),
    # months
    ("2025-04", M, "2025-04"), ("Apr 2025", M, "2025-04"), ("April 2025", M, "2025-04"), ("apr-2025", M, "2025-04"),
    ("2025-04-01", M, "2025-04"), ("Sept 2025", M, "2025-09"), ("2025-13", M, REFUSED), ("Smarch 2025", M, REFUSED),
    # pooled years
    ("2023-25", MY, "2023-25"), ("2023-2025", MY, "2023-25"), ("2023 - 25", MY, "2023-25"), ("2023 to 2025", MY, "2023-25"),
    ("2025-26", MY, "2025-26"),  # two calendar years for a multi-year indicator
    ("2010-12", MY, "2010-2012"),  # 2010 to 2012, stored so that it never reads as December 2010
    ("2018 - 20", MY, "2018-20"),
    # calendar years
    ("2025", CY, "2025"), ("2025-26", CY, REFUSED), ("2025-2026", CY, REFUSED),  # ambiguous: refused, not guessed
    ("2025-26", M, REFUSED),
    # a standard label of another kind is read as itself
    ("2024", FY, "2024"), ("2024-05", FY, "2024-05"), ("2021-23", FY, "2021-23"),
    ("2018/19 - 20/21", FY, "2018/19 - 20/21"),
    # not periods at all
    ("", FY, REFUSED), ("n/a", FY, REFUSED), ("2025/27", FY, REFUSED), ("FY2025", FY, REFUSED),
]


@pytest.mark.parametrize("label, periodicity, stored", SPELLING_TABLE)
def test_each_spelling_is_stored_in_its_canonical_form_or_refused(label, periodicity, stored):
    if stored is REFUSED:
        with pytest.raises(PeriodError) as err:
            canonical(label, periodicity)
        assert repr(" ".join(label.split())) in str(err.value) or repr(label) in str(err.value)
        assert "'2025" in str(err.value) or "accepted" in str(err.value).lower()  # lists what is accepted
    else:
        assert canonical(label, periodicity) == stored
        assert canonical(stored, periodicity) == stored  # the stored form reads back as itself


@pytest.mark.parametrize("periodicity", SPELLINGS)
def test_every_documented_spelling_is_accepted(periodicity):
    for spelling in SPELLINGS[periodicity]:
        assert parse_period(canonical(spelling, periodicity))  # the stored form is a standard label


def test_the_ambiguous_pair_names_both_readings():
    with pytest.raises(PeriodError, match="could be the financial year 2025/26 or the years 2025 to 2026"):
        canonical("2025-26", CY)
