"""Who may write what: the signed-in identity's role and indicators, decided from the registry's owners.csv.

Pure: the identity comes in as the claims the sign-in gave (st.user, read in logframe.signin), the grants as a file.
Every write asks `may_write` (logframe.commentary.write), whatever the page showed: hiding a button is not a check.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from logframe.registry import Indicator, Registry


class Role(StrEnum):
    """What a person may do, each including the one before."""
    READER = "reader"  # anyone, signed in or not: reads everything
    OWNER = "owner"  # writes commentary for the indicators (or directorates' indicators) granted
    EDITOR = "editor"  # writes commentary for every indicator
    ADMINISTRATOR = "administrator"  # an editor who may also import commentary in bulk


RANK = {Role.READER: 0, Role.OWNER: 1, Role.EDITOR: 2, Role.ADMINISTRATOR: 3}
GRANTED_ROLES = (Role.OWNER, Role.EDITOR, Role.ADMINISTRATOR)  # what a row of owners.csv may grant
COLUMNS = ("email", "group", "role", "indicators", "directorates", "note")


class OwnersError(ValueError):
    """owners.csv is wrong; the message names the file, row and column."""


@dataclass(frozen=True)
class Identity:
    """A signed-in person as the identity provider describes them."""
    email: str | None  # lower case; None when the provider gave none or said it is not verified
    name: str | None
    groups: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the person is named as an author: the email address (unique), else the name."""
        return self.email or self.name or "unknown"


def identity_from_claims(claims: Mapping[str, object], groups_claim: str = "groups") -> Identity | None:
    """The identity in an OpenID Connect ID token's claims (st.user), or None when nobody is signed in.

    An email the provider marks unverified (email_verified false) is not used: anyone could type it."""
    if not claims or not claims.get("is_logged_in", False):
        return None
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip() or claims.get("email_verified") is False:
        email = None
    name = claims.get("name")
    raw = claims.get(groups_claim) or ()
    groups = (raw,) if isinstance(raw, str) else tuple(str(g) for g in raw) if isinstance(raw, Iterable) else ()
    return Identity(email.strip().lower() if email else None, name if isinstance(name, str) else None,
                    tuple(g.strip() for g in groups if g.strip()))


@dataclass(frozen=True)
class Grant:
    """One row of owners.csv: an email address or a group, a role, and for an owner what they own."""
    row: int
    email: str | None
    group: str | None
    role: Role
    indicators: tuple[str, ...] = ()
    directorates: tuple[str, ...] = ()

    def applies_to(self, who: Identity) -> bool:
        return (self.email is not None and who.email == self.email) or \
            (self.group is not None and self.group in who.groups)

    def covers(self, ind: Indicator) -> bool:
        if self.role != Role.OWNER:
            return True
        return ind.id in self.indicators or any(d in ind.directorates for d in self.directorates)


@dataclass(frozen=True)
class Owners:
    grants: tuple[Grant, ...]

    def of(self, who: Identity | None) -> list[Grant]:
        return [] if who is None else [g for g in self.grants if g.applies_to(who)]


NOBODY = Owners(())


def role_of(owners: Owners, who: Identity | None) -> Role:
    """The highest role any row grants the person; reader when none does (or nobody is signed in)."""
    return max((g.role for g in owners.of(who)), key=RANK.__getitem__, default=Role.READER)


def may_write(owners: Owners, who: Identity | None, ind: Indicator) -> bool:
    """Whether the person may write commentary for the indicator (an owner of it, an editor or an administrator)."""
    return any(g.covers(ind) for g in owners.of(who))


def writable(owners: Owners, who: Identity | None, registry: Registry) -> list[str]:
    """The ids of the indicators the person may write commentary for, in registry order."""
    return [i.id for i in registry.indicators.values() if may_write(owners, who, i)]


def may_import(owners: Owners, who: Identity | None) -> bool:
    """Only an administrator imports commentary in bulk (each row names its own author)."""
    return role_of(owners, who) == Role.ADMINISTRATOR


def _list(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in (value or "").split(";") if p.strip())


def load_owners(path: Path, registry: Registry) -> Owners:
    """Read and check owners.csv; OwnersError names the file, row and column of the first problem.

    A missing file grants nothing (everyone reads, nobody writes)."""
    if not path.is_file():
        return NOBODY
    label = path.name
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = tuple(reader.fieldnames or ())
        if header != COLUMNS:
            raise OwnersError(f"{label} header row: expected the columns {', '.join(COLUMNS)}; "
                              f"found {', '.join(map(str, header)) or 'none'}")
        grants = []
        for n, row in enumerate(reader, start=1):
            def bad(column: str, problem: str) -> OwnersError:
                return OwnersError(f"{label} row {n}, column {column!r}: {problem}")  # noqa: B023 - used at once
            if None in row:
                raise bad("note", "the row has more cells than the header")
            email, group = (row["email"] or "").strip().lower() or None, (row["group"] or "").strip() or None
            if (email is None) == (group is None):
                raise bad("email", "give an email address or a group, not both and not neither")
            if email is not None and ("@" not in email or " " in email):
                raise bad("email", f"{email!r} is not an email address")
            try:
                role = Role((row["role"] or "").strip())
            except ValueError:
                raise bad("role", f"{row['role']!r} is not one of {', '.join(GRANTED_ROLES)}") from None
            if role not in GRANTED_ROLES:
                raise bad("role", f"{role!r} is not one of {', '.join(GRANTED_ROLES)} (everyone is a reader)")
            indicators, directorates = _list(row["indicators"]), _list(row["directorates"])
            for i in indicators:
                if i not in registry.indicators:
                    raise bad("indicators", f"{i!r} is not an indicator in the registry")
            for d in directorates:
                if d not in registry.directorates():
                    raise bad("directorates", f"{d!r} is not one of {', '.join(registry.directorates())}")
            if role == Role.OWNER and not (indicators or directorates):
                raise bad("indicators", "an owner needs indicators or directorates (an editor has them all)")
            if role != Role.OWNER and (indicators or directorates):
                raise bad("indicators", f"an {role} writes for every indicator: leave indicators and "
                                        "directorates empty")
            grants.append(Grant(n, email, group, role, indicators, directorates))
    return Owners(tuple(grants))
