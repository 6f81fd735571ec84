"""Alembic environment of the accounts store: runs against the engine handed in by agent.accounts."""

from alembic import context

from agent.project.db import lock_key

VERSION_TABLE = "reelsmith_accounts_version"
"""Not ``alembic_version``: the accounts may share a database with other tables (the chat records')."""

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(connection=connection, version_table=VERSION_TABLE, render_as_batch=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two processes opening the store at once: the second waits here, then finds it upgraded.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({lock_key(VERSION_TABLE)})")
        elif connection.dialect.name == "sqlite":
            # One transaction for the whole move, taken with the write lock up front (pysqlite defers BEGIN).
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        context.run_migrations()
    connection.commit()
