"""Alembic's environment for the state database (commentary). Run through logframe.state.migrate, which passes the
connection (inside a transaction that holds the migration lock) as config.attributes['connection'].

By hand: `.venv/bin/alembic -c logframe/migrations/alembic.ini upgrade head` migrates the configured database."""
from alembic import context
from sqlalchemy import pool

from logframe import state

config = context.config
target_metadata = state.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url") or state.database_url(),
                      target_metadata=target_metadata, literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    from pathlib import Path

    from sqlalchemy import create_engine
    url = config.get_main_option("sqlalchemy.url") or state.database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    with create_engine(url, poolclass=pool.NullPool).begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
