"""The commentary rules: which periods an indicator's commentary may be about, what a draft may hold, which version
is shown and when it is stale, the import file's rows, and the one gate every dashboard write passes."""
from datetime import UTC, date, datetime, timedelta

import pytest

from logframe import commentary as c
from logframe import owners as o

NOW = datetime(2025, 7, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("indicator, period, ok", [
    ("loneliness_often_always", "2024/25", True),  # financial year
    ("loneliness_often_always", "2024", False),  # a calendar year is not how its figures are labelled
    ("loneliness_often_always", "2024/26", False),  # not a period at all
    ("pupil_absence_rate", "2023/24", True),  # academic years are labelled like financial years
    ("child_relative_poverty", "2023", True),
    ("child_relative_poverty", "2023/24", False),
    ("alcohol_admissions", "2025-03", True),  # monthly
    ("alcohol_admissions", "2024/25", False),
    ("ons_hle_female", "2021-23", True),  # multi-year
    ("ons_hle_female", "2021", False),
])
def test_a_comment_is_about_a_period_the_indicator_is_published_for(registry, indicator, period, ok):
    problem = c.period_problem(registry.indicators[indicator], period)
    assert (problem is None) == ok, problem


def draft(text="Because.", period="2024/25", indicator="loneliness_often_always", area="E54000032", actions=()):
    return c.Draft(indicator, area, period, text, actions)


def test_every_broken_rule_is_named(registry):
    found = c.problems(registry, draft(text="  \n ", period="2024", area="E99", indicator="loneliness_often_always",
                                       actions=(c.Action(""),)))
    assert any("'E99' is not an area" in p for p in found)
    assert any("period is not valid" in p for p in found)
    assert "the commentary is empty" in found
    assert "action 1 does not say what is to be done" in found
    assert c.problems(registry, draft(indicator="nope")) == ["'nope' is not an indicator in the registry"]


def test_too_long_says_by_how_much(registry):
    with pytest.raises(c.CommentaryError, match=r"4,010 characters long; the limit is 4,000, so shorten it by 10"):
        c.checked(registry, draft(text="x" * 4010))
    assert c.checked(registry, draft(text="x" * 4000)).text == "x" * 4000  # the limit itself is allowed


def test_checked_text_keeps_its_lines_and_loses_control_characters(registry):
    d = c.checked(registry, draft(text=" one\r\ntwo\x00\x1b \n"))
    assert d.text == "one\ntwo"


def version(period="2024/25", n=1, written=NOW, text="t", id=None):
    return c.Version(id=id or n, indicator_id="loneliness_often_always", area_code="E54000032", period=period,
                     version=n, text=text, actions=(), author="a", written_on=written, recorded_on=written,
                     recorded_by="a", source="dashboard")


def test_the_latest_is_the_newest_account_of_the_latest_period_written_about():
    old_period_later = version("2023/24", 3, NOW + timedelta(days=5), id=9)  # written last, about an earlier year
    v1, v2 = version("2024/25", 1, NOW), version("2024/25", 2, NOW + timedelta(days=1))
    shown = c.latest([v1, old_period_later, v2], "2024/25")
    assert shown.version == v2 and not shown.stale
    assert [v.id for v in shown.history] == [9, 2, 1]  # every version, newest written first


@pytest.mark.parametrize("about, figure, stale", [
    ("2023/24", "2024/25", True),  # a newer figure has come since: written before it
    ("2024/25", "2024/25", False),
    ("2024/25", None, False),  # no figure to be older than
])
def test_stale_when_the_latest_figure_is_for_a_later_period(about, figure, stale):
    assert c.latest([version(about)], figure).stale is stale


def test_no_commentary_is_none():
    assert c.latest([], "2024/25") is None
    assert c.latest_by_key([version()], {("other", "E54000032"): "2024/25"}) == {}


def test_actions_round_trip_through_a_csv_cell():
    acts = (c.Action("Recruit link workers", "Public Health", date(2026, 3, 31)), c.Action("Review", "", None))
    assert c.parse_actions(c.actions_cell(acts)) == acts
    with pytest.raises(ValueError, match="not a date written YYYY-MM-DD"):
        c.parse_actions("Do it | Jo | next spring")


def test_import_rows_name_the_file_and_row_of_every_problem(registry):
    header = list(c.IMPORT_COLUMNS)
    good = dict(indicator_id="loneliness_often_always", area_code="E54000032", period="2024/25", author="Jo",
                written_on="2025-06-30", commentary="Why.", actions="")
    rows = [good, {**good, "area_code": "E99"}, {**good, "period": "2024"}, {**good, "commentary": " "},
            {**good, "written_on": "2030-01-01"}, {**good, "indicator_id": "nope"}]
    ok, bad = c.parse_import(registry, rows, header, "q1.csv", now=NOW)
    assert [r.row for r in ok] == [1]
    assert [b.split(" (")[0] for b in bad] == [f"q1.csv row {n}" for n in (2, 3, 4, 5, 6)]
    assert "'E99' is not an area" in bad[0] and "period is not valid" in bad[1] and "empty" in bad[2]
    assert "in the future" in bad[3] and "'nope' is not an indicator" in bad[4]
    _, bad = c.parse_import(registry, [], ["indicator_id", "text"], "q1.csv")
    assert "missing column(s) area_code" in bad[0] and "unexpected column(s) text" in bad[0]


# --- the gate -------------------------------------------------------------------------------------------------

class Memory:
    """A store that keeps what it is given (the real ones are tested in tests/state)."""

    def __init__(self):
        self.kept = []

    def append(self, d, **kw):
        self.kept.append((d, kw))
        return d


GRANTS = o.Owners((o.Grant(1, "owner-a@example.org", None, o.Role.OWNER, ("loneliness_often_always",)),
                   o.Grant(2, "owner-b@example.org", None, o.Role.OWNER, ("physical_inactivity_adults",))))
A = o.Identity("owner-a@example.org", "A")


@pytest.mark.parametrize("who", [None, o.Identity("reader@example.org", "R"), o.Identity("owner-b@example.org", "B")])
def test_only_an_owner_may_write_and_a_refusal_stores_nothing(registry, who):
    store = Memory()
    with pytest.raises(c.PermissionDenied):
        c.write(store, registry, GRANTS, who, draft())
    assert store.kept == []


def test_the_author_is_the_signed_in_identity(registry):
    store = Memory()
    c.write(store, registry, GRANTS, A, draft(text="  Why it is at risk. "))
    (d, kw), = store.kept
    assert d.text == "Why it is at risk." and kw["author"] == kw["recorded_by"] == "owner-a@example.org"
    assert kw["source"] == "dashboard"
    with pytest.raises(c.CommentaryError):  # permitted, but the rules still hold
        c.write(store, registry, GRANTS, A, draft(text=""))
