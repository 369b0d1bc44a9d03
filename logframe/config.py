"""Configuration: every setting the app and the CLI read from the environment, checked in one place.

Settings are parsed once per distinct environment (tests that change a variable get fresh settings, a running server
parses them once); a bad value raises ConfigError naming the variable, the value and what is allowed, instead of
silently falling back to a default.
"""
from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from logframe import ROOT

VARIABLES = {
    "extracts_dir": "LOGFRAME_EXTRACTS_DIR",  # the drop folder; default data/extracts
    "cache_dir": "LOGFRAME_CACHE_DIR",  # verdicts, conversions and stores; default .cache/; 'off' for none
    "min_count": "LOGFRAME_MIN_COUNT",  # counts below this are suppressed everywhere; default 5
    "uploads": "LOGFRAME_UPLOADS",  # 'on' lets analysts upload through the Data page; default off
    "upload_max_mb": "LOGFRAME_UPLOAD_MAX_MB",  # the largest upload accepted; default 20
    "threads": "LOGFRAME_THREADS",  # DuckDB threads for page queries; default 2
    "log_level": "LOGFRAME_LOG_LEVEL",  # DEBUG, INFO, WARNING (default) or ERROR
    "state_dir": "LOGFRAME_STATE_DIR",  # what people write (commentary): an SQLite file; default state/
    "database_url": "LOGFRAME_DATABASE_URL",  # a PostgreSQL database instead, for several machines
    "owners_file": "LOGFRAME_OWNERS_FILE",  # who may write commentary; default data/registry/owners.csv
    "groups_claim": "LOGFRAME_GROUPS_CLAIM",  # the sign-in claim that lists a person's groups; default groups
    "registry_dir": "LOGFRAME_REGISTRY_DIR",  # the log-frame (areas, indicators, map); default data/registry
    "run_slots": "LOGFRAME_RUN_SLOTS",  # page runs a server process works on at once; default 2 (runtime.run_slot)
}
DEFAULT_EXTRACTS_DIR = ROOT / "data" / "extracts"
DEFAULT_CACHE_DIR = ROOT / ".cache"
DEFAULT_STATE_DIR = ROOT / "state"  # not the cache: deleting the cache never deletes commentary
DEFAULT_REGISTRY_DIR = ROOT / "data" / "registry"
DEFAULT_OWNERS_FILE = DEFAULT_REGISTRY_DIR / "owners.csv"
DATABASE_SCHEMES = ("sqlite", "postgresql")
_ON, _OFF = {"on", "1", "true", "yes"}, {"off", "0", "false", "no"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(ValueError):
    """A setting in the environment has a value the app cannot use; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    extracts_dir: Path
    cache_dir: Path | None  # None: nothing is written; verdicts kept in memory, conversions in a temporary folder
    min_count: int
    uploads: bool
    upload_max_bytes: int
    threads: int
    log_level: str
    state_dir: Path = DEFAULT_STATE_DIR
    database_url: str | None = None  # None: an SQLite file in state_dir
    owners_file: Path = DEFAULT_OWNERS_FILE  # default: owners.csv in the registry folder
    groups_claim: str = "groups"
    registry_dir: Path = DEFAULT_REGISTRY_DIR
    run_slots: int = 2


def settings() -> Settings:
    """The settings for the current environment (parsed once per distinct set of values)."""
    return _parse(tuple(os.environ.get(v) for v in VARIABLES.values()))


def _bad(key: str, raw: str, allowed: str) -> ConfigError:
    shown = raw if len(raw) <= 60 else raw[:60] + "…"
    return ConfigError(f"{VARIABLES[key]}={shown!r} is not allowed: {allowed}.")


def _whole(key: str, raw: str | None, default: int, low: int) -> int:
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise _bad(key, raw, f"give a whole number of at least {low}") from None
    if value < low:
        raise _bad(key, raw, f"give a whole number of at least {low}")
    return value


@lru_cache(maxsize=16)
def _parse(raw: tuple[str | None, ...]) -> Settings:
    env = dict(zip(VARIABLES, raw))
    cache = (env["cache_dir"] or "").strip()
    if cache.lower() in _OFF:
        cache_dir = None
    else:
        cache_dir = Path(cache).resolve() if cache else DEFAULT_CACHE_DIR
    uploads = (env["uploads"] or "off").strip().lower()
    if uploads not in _ON | _OFF:
        raise _bad("uploads", env["uploads"], "'on' or 'off'")  # type: ignore[arg-type]
    max_mb = (env["upload_max_mb"] or "").strip()
    try:
        mb = float(max_mb) if max_mb else 20.0
    except ValueError:
        mb = -1.0
    if not 0 < mb <= 1024:
        raise _bad("upload_max_mb", env["upload_max_mb"] or "", "give a size in MB above 0 and at most 1024")
    level = (env["log_level"] or "WARNING").strip().upper()
    if level not in LOG_LEVELS:
        raise _bad("log_level", env["log_level"], f"one of {', '.join(LOG_LEVELS)}")  # type: ignore[arg-type]
    database_url = (env["database_url"] or "").strip() or None
    if database_url is not None and database_url.split(":", 1)[0].split("+", 1)[0] not in DATABASE_SCHEMES:
        # The value may hold a password: name the variable and the scheme only.
        raise ConfigError(f"{VARIABLES['database_url']} must be a postgresql:// (or sqlite:///) URL; "
                          f"it starts {database_url.split(':', 1)[0][:20]!r}.")
    registry = (env["registry_dir"] or "").strip()
    registry_dir = Path(registry).resolve() if registry else DEFAULT_REGISTRY_DIR
    if registry and not registry_dir.is_dir():
        raise _bad("registry_dir", registry, "give a folder holding the registry's CSV files")
    return Settings(
        extracts_dir=Path(env["extracts_dir"] or DEFAULT_EXTRACTS_DIR).resolve(),
        cache_dir=cache_dir,
        min_count=_whole("min_count", env["min_count"], 5, 0),
        uploads=uploads in _ON,
        upload_max_bytes=int(mb * 1024 * 1024),
        threads=_whole("threads", env["threads"], 2, 1),
        log_level=level,
        state_dir=Path(env["state_dir"]).resolve() if (env["state_dir"] or "").strip() else DEFAULT_STATE_DIR,  # type: ignore[arg-type]
        database_url=database_url,
        owners_file=(Path(env["owners_file"] or "").resolve() if (env["owners_file"] or "").strip()
                     else registry_dir / "owners.csv"),
        groups_claim=(env["groups_claim"] or "").strip() or "groups",
        registry_dir=registry_dir,
        run_slots=_whole("run_slots", env["run_slots"], 2, 1),
    )




class _OneLine(logging.Formatter):
    """Log records without their tracebacks (a command's user reads standard error; the traceback is for
    LOGFRAME_LOG_LEVEL=DEBUG)."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text
        if record.exc_info:
            record.msg = f"{record.msg} ({record.exc_info[0].__name__ if record.exc_info[0] else 'error'}; "\
                         "LOGFRAME_LOG_LEVEL=DEBUG shows where)"
        record.exc_info, record.exc_text = None, None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text = saved


class _Stderr(logging.StreamHandler[TextIO]):
    """A handler writing to whatever standard error is now (a command run in-process, or under a test harness
    that swaps it, still gets its records)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def configure_logging(command_line: bool = False) -> None:
    """Send the package's log records to standard error at the configured level; on the command line, in one line
    each (no traceback) unless the level is DEBUG. Called again, it only sets the level and the form."""
    logger = logging.getLogger("logframe")
    try:
        level = settings().log_level
    except ConfigError:
        level = "WARNING"
    handler = next((h for h in logger.handlers if isinstance(h, _Stderr)), None)
    if handler is None:
        handler = _Stderr()
        logger.addHandler(handler)
    quiet = command_line and level != "DEBUG"
    handler.setFormatter((_OneLine if quiet else logging.Formatter)("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.setLevel(level)
