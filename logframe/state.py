"""The state people create (commentary), in a real database through SQLAlchemy Core, migrated by Alembic.

An SQLite file in the state folder by default (LOGFRAME_STATE_DIR, default state/: not the cache, which stays safe to
delete), or PostgreSQL (LOGFRAME_DATABASE_URL) when several machines share it. Rows are only ever inserted: an edit
is the next version. Values reach SQL only as bound parameters (SQLAlchemy Core expressions, no SQL text built from
values). Several processes may write at once and nothing is lost: SQLite writers take the write lock when they
begin (BEGIN IMMEDIATE) and wait for each other; on PostgreSQL two writers that pick the same next version collide
on the unique (indicator, area, period, version) key, and the loser takes the next one.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from logframe import ROOT, config
from logframe.commentary import Action, Draft, ImportRow, Version, same_as

if TYPE_CHECKING:
    from logframe.registry import Registry

log = logging.getLogger(__name__)

SQLITE_FILE = "logframe.sqlite3"
MIGRATIONS = ROOT / "logframe" / "migrations"
ATTEMPTS = 50  # a writer that loses the race for a version number tries again, this many times at most
LOCK_KEY = 202020  # PostgreSQL advisory lock held while migrating, so two processes never migrate at once

metadata = sa.MetaData()
commentary = sa.Table(
    "commentary", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator_id", sa.String(100), nullable=False),
    sa.Column("area_code", sa.String(50), nullable=False),
    sa.Column("period", sa.String(40), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.String(320), nullable=False),
    sa.Column("written_on", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_on", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_by", sa.String(320), nullable=False),
    sa.Column("source", sa.String(20), nullable=False),
    sa.UniqueConstraint("indicator_id", "area_code", "period", "version", name="uq_commentary_version"),
    sa.CheckConstraint("version >= 1", name="ck_commentary_version"),
    sa.CheckConstraint("source in ('dashboard', 'import')", name="ck_commentary_source"),
    sa.Index("ix_commentary_indicator_area", "indicator_id", "area_code"),
)
actions = sa.Table(
    "commentary_action", metadata,
    sa.Column("commentary_id", sa.Integer, sa.ForeignKey("commentary.id"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("what", sa.Text, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("by_when", sa.Date, nullable=True),
    sa.PrimaryKeyConstraint("commentary_id", "position"),
)


class StateError(RuntimeError):
    """The state database cannot be reached or written; the message says which and why."""


def database_url() -> str:
    """The configured database: LOGFRAME_DATABASE_URL, else the SQLite file in the state folder."""
    s = config.settings()
    if s.database_url:
        url = s.database_url
        # psycopg 3 is the PostgreSQL driver installed; a plain postgresql:// URL means it.
        return "postgresql+psycopg://" + url.split("://", 1)[1] if url.startswith(("postgresql://", "postgres://")) \
            else url
    return f"sqlite:///{s.state_dir / SQLITE_FILE}"


def _sqlite_events(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver's own BEGIN is deferred; ours is below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
        cursor.execute("PRAGMA busy_timeout=30000")  # a writer waits up to 30 s for another to finish
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A writer takes the write lock at once, so it never reads a version number another writer is replacing.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("logframe_write") else "BEGIN")


@lru_cache(maxsize=8)
def engine(url: str) -> Engine:
    """One engine (and its connection pool) per database URL per process."""
    if url.startswith("sqlite"):
        eng = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _sqlite_events(eng)
        return eng
    return sa.create_engine(url, pool_pre_ping=True)


_migrated: set[str] = set()
_migrating = threading.Lock()


def migrate(eng: Engine) -> None:
    """Bring the database to the newest schema (Alembic 'upgrade head'), once per process and database; two
    processes never migrate at once (SQLite: the write lock; PostgreSQL: an advisory lock)."""
    from alembic import command
    from alembic.config import Config

    key = eng.url.render_as_string(hide_password=False)
    with _migrating:
        if key in _migrated:
            return
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with _writing(eng) as conn:
            if eng.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(LOCK_KEY)))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        _migrated.add(key)


@contextmanager
def _writing(eng: Engine) -> Iterator[Connection]:
    with eng.connect() as conn:
        conn.execution_options(logframe_write=True)
        with conn.begin():
            yield conn


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Store:
    """Commentary versions in one database."""

    def __init__(self, url: str | None = None):
        self.url = url or database_url()
        self._file = Path(self.url.removeprefix("sqlite:///")) if self.url.startswith("sqlite:///") else None

    def __repr__(self) -> str:
        return f"Store({sa.engine.make_url(self.url).render_as_string(hide_password=True)!r})"

    @property
    def where(self) -> str:
        """Where commentary is kept, for messages (never a password)."""
        if self._file is not None:
            return str(self._file)
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def _engine(self, create: bool) -> Engine | None:
        """The migrated engine; None when reading an SQLite file that does not exist yet (nothing written)."""
        if self._file is not None and not self._file.exists():
            if not create:
                return None
            try:
                self._file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StateError(f"cannot create the state folder {self._file.parent}: {exc.strerror or exc}") \
                    from None
        eng = engine(self.url)
        try:
            migrate(eng)
        except OperationalError as exc:
            raise StateError(f"cannot open the commentary database {self.where}: {exc.orig}") from None
        return eng

    # --- writing ---------------------------------------------------------------------------------------------

    def append(self, draft: Draft, *, author: str, written_on: datetime, recorded_by: str, source: str,
               now: datetime | None = None) -> Version:
        """Store the draft as the next version of its indicator, area and period; nothing is overwritten."""
        eng = self._engine(create=True)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with _writing(eng) as conn:  # type: ignore[arg-type]
                    return _insert(conn, draft, author, _utc(written_on), recorded_by, source,
                                   _utc(now or datetime.now(UTC)))
            except IntegrityError:  # another process took this version number first: take the next
                if attempt == ATTEMPTS:
                    raise
                log.info("commentary version for %s/%s/%s taken by another writer; retrying", draft.indicator_id,
                         draft.area_code, draft.period)
        raise AssertionError("unreachable")

    def import_rows(self, rows: Sequence[ImportRow], recorded_by: str, now: datetime | None = None
                    ) -> tuple[int, int]:
        """Add every row in one transaction (all or nothing): (added, already there). A row saying exactly what a
        stored version says (same indicator, area, period, author, time, text and actions) is not added again."""
        eng = self._engine(create=True)
        now = _utc(now or datetime.now(UTC))
        ordered = sorted(rows, key=lambda r: (r.written_on, r.row))  # versions follow the order they were written
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with _writing(eng) as conn:  # type: ignore[arg-type]
                    keys = {(r.draft.indicator_id, r.draft.area_code) for r in ordered}
                    existing = _read(conn, sorted({k[0] for k in keys}))
                    added = skipped = 0
                    for r in ordered:
                        if any(same_as(v, r.draft, r.author, r.written_on) for v in existing):
                            skipped += 1
                            continue
                        existing.append(_insert(conn, r.draft, r.author, r.written_on, recorded_by, "import", now))
                        added += 1
                    return added, skipped
            except IntegrityError:
                if attempt == ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    # --- reading ---------------------------------------------------------------------------------------------

    def versions(self, indicator_ids: Iterable[str] | None = None) -> list[Version]:
        """Every version of the indicators' commentary (None: all), oldest written first."""
        eng = self._engine(create=False)
        if eng is None:
            return []
        with eng.connect() as conn:
            return _read(conn, None if indicator_ids is None else sorted(set(indicator_ids)))

    def revision(self) -> int:
        """A number that grows with every version stored (the newest id): caches of what shows commentary key on
        it."""
        eng = self._engine(create=False)
        if eng is None:
            return 0
        with eng.connect() as conn:
            return conn.execute(sa.select(sa.func.coalesce(sa.func.max(commentary.c.id), 0))).scalar_one()


def _insert(conn: Connection, draft: Draft, author: str, written_on: datetime, recorded_by: str, source: str,
            now: datetime) -> Version:
    t = commentary
    number = conn.execute(
        sa.select(sa.func.coalesce(sa.func.max(t.c.version), 0) + 1)
        .where(t.c.indicator_id == draft.indicator_id, t.c.area_code == draft.area_code,
               t.c.period == draft.period)).scalar_one()
    values = dict(indicator_id=draft.indicator_id, area_code=draft.area_code, period=draft.period, version=number,
                  text=draft.text, author=author, written_on=written_on, recorded_on=now, recorded_by=recorded_by,
                  source=source)
    new_id = conn.execute(sa.insert(t).values(**values)).inserted_primary_key[0]  # type: ignore[index]
    if draft.actions:
        conn.execute(sa.insert(actions), [dict(commentary_id=new_id, position=n, what=a.what, who=a.who,
                                               by_when=a.by_when) for n, a in enumerate(draft.actions, start=1)])
    return Version(id=new_id, actions=draft.actions, **values)


def _read(conn: Connection, indicator_ids: list[str] | None) -> list[Version]:
    t = commentary
    query = sa.select(t).order_by(t.c.written_on, t.c.id)
    if indicator_ids is not None:
        if not indicator_ids:
            return []
        query = query.where(t.c.indicator_id.in_(indicator_ids))
    rows = conn.execute(query).mappings().all()
    found: dict[int, list[Action]] = {}
    if rows:
        a = actions
        joined = sa.select(a).join(t, t.c.id == a.c.commentary_id).order_by(a.c.commentary_id, a.c.position)
        if indicator_ids is not None:
            joined = joined.where(t.c.indicator_id.in_(indicator_ids))
        for r in conn.execute(joined).mappings():
            found.setdefault(r["commentary_id"], []).append(Action(r["what"], r["who"], r["by_when"]))
    return [Version(id=r["id"], indicator_id=r["indicator_id"], area_code=r["area_code"], period=r["period"],
                    version=r["version"], text=r["text"], actions=tuple(found.get(r["id"], ())),
                    author=r["author"], written_on=_utc(r["written_on"]), recorded_on=_utc(r["recorded_on"]),
                    recorded_by=r["recorded_by"], source=r["source"]) for r in rows]


def store() -> Store:
    """The configured store (LOGFRAME_DATABASE_URL or LOGFRAME_STATE_DIR)."""
    return Store()


# --- the quarterly template: CSV in and out ------------------------------------------------------------------------

class ImportRejected(ValueError):
    """An import file with bad rows: nothing was imported. .problems names each bad row."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems


def import_csv(path: Path, registry: Registry, recorded_by: str, target: Store | None = None,
               now: datetime | None = None) -> tuple[int, int]:
    """Import a commentary CSV file (commentary.IMPORT_COLUMNS) whole or not at all: (added, already there), or
    ImportRejected naming every bad row."""
    return import_text(path.read_bytes(), path.name, registry, recorded_by, target, now)


def import_text(data: bytes, label: str, registry: Registry, recorded_by: str, target: Store | None = None,
                now: datetime | None = None) -> tuple[int, int]:
    """import_csv for a file's bytes (an upload); label names it in every problem."""
    import csv
    import io

    from logframe.commentary import parse_import

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([f"{label}: not UTF-8 text (save the sheet as 'CSV UTF-8')"]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ImportRejected([f"{label}: not a readable CSV file ({exc})"]) from None
    good, bad = parse_import(registry, rows, list(reader.fieldnames or []), label, now)
    if bad:
        raise ImportRejected(bad)
    if not good:
        raise ImportRejected([f"{label}: no rows under the header"])
    return (target or store()).import_rows(good, recorded_by, now)


def export_text(source: Store | None = None) -> tuple[str, int]:
    """Every version, oldest first, as CSV text that imports again; and how many versions it holds."""
    import csv
    import io

    from logframe.commentary import EXPORT_COLUMNS, export_row

    versions = (source or store()).versions()
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(export_row(v) for v in versions)
    return out.getvalue(), len(versions)


def export_csv(path: Path, source: Store | None = None) -> int:
    """Write every version, oldest first, as a CSV that imports again (written whole, then renamed into place); the
    number of versions written."""
    text, n = export_text(source)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)
    return n
