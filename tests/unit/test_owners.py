"""Who may write what, from owners.csv: roles, owners of indicators and of directorates, groups, and a file that is
wrong named by row and column."""
import pytest

from logframe import owners as o

HEADER = "email,group,role,indicators,directorates,note\n"
ROWS = (HEADER
        + "Owner.A@Example.org,,owner,loneliness_often_always,,\n"
        + ",ph-owners,owner,,Public Health,\n"
        + "ed@example.org,,editor,,,\n"
        + ",admins,administrator,,,\n")


@pytest.fixture
def grants(tmp_path, registry):
    path = tmp_path / "owners.csv"
    path.write_text(ROWS)
    return o.load_owners(path, registry)


def who(email=None, *groups, verified=None):
    claims = {"is_logged_in": True, "email": email, "name": "N", "groups": list(groups)}
    if verified is not None:
        claims["email_verified"] = verified
    return o.identity_from_claims(claims)


@pytest.mark.parametrize("person, role, loneliness, inactivity, alcohol", [
    (who("owner.a@example.org"), o.Role.OWNER, True, False, False),  # one indicator (email case ignored)
    (who("x@example.org", "ph-owners"), o.Role.OWNER, False, True, True),  # Public Health's indicators
    (who("ed@example.org"), o.Role.EDITOR, True, True, True),
    (who("x@example.org", "admins"), o.Role.ADMINISTRATOR, True, True, True),
    (who("nobody@example.org"), o.Role.READER, False, False, False),
    (who("owner.a@example.org", verified=False), o.Role.READER, False, False, False),  # unverified email: not used
    (None, o.Role.READER, False, False, False),
])
def test_roles_and_what_each_may_write(grants, registry, person, role, loneliness, inactivity, alcohol):
    assert o.role_of(grants, person) is role
    may = [o.may_write(grants, person, registry.indicators[i])
           for i in ("loneliness_often_always", "physical_inactivity_adults", "alcohol_admissions")]
    assert may == [loneliness, inactivity, alcohol]
    assert o.may_import(grants, person) is (role is o.Role.ADMINISTRATOR)


def test_nobody_signed_in_and_a_single_group_claim():
    assert o.identity_from_claims({}) is None
    assert o.identity_from_claims({"is_logged_in": False, "email": "a@b.c"}) is None
    assert o.identity_from_claims({"is_logged_in": True, "email": "a@b.c", "roles": "admins"}, "roles").groups == \
        ("admins",)


@pytest.mark.parametrize("row, column, words", [
    ("a@b.c,grp,owner,loneliness_often_always,,", "email", "not both"),
    (",,owner,loneliness_often_always,,", "email", "not neither"),
    ("not-an-address,,owner,loneliness_often_always,,", "email", "not an email address"),
    ("a@b.c,,boss,,,", "role", "'boss' is not one of owner"),
    ("a@b.c,,reader,,,", "role", "everyone is a reader"),
    ("a@b.c,,owner,no_such_indicator,,", "indicators", "not an indicator"),
    ("a@b.c,,owner,,Finance,", "directorates", "'Finance' is not one of"),
    ("a@b.c,,owner,,,", "indicators", "needs indicators or directorates"),
    ("a@b.c,,editor,loneliness_often_always,,", "indicators", "leave indicators and directorates empty"),
])
def test_a_bad_row_is_named(tmp_path, registry, row, column, words):
    path = tmp_path / "owners.csv"
    path.write_text(HEADER + "ok@example.org,,editor,,,\n" + row + "\n")
    with pytest.raises(o.OwnersError) as err:
        o.load_owners(path, registry)
    assert f"owners.csv row 2, column {column!r}" in str(err.value) and words in str(err.value)


def test_the_shipped_file_loads_and_a_missing_file_grants_nothing(registry, tmp_path):
    from logframe.config import DEFAULT_OWNERS_FILE
    assert o.load_owners(DEFAULT_OWNERS_FILE, registry).grants
    assert o.load_owners(tmp_path / "absent.csv", registry) == o.NOBODY
