"""Alembic environment: runs against the engine handed in by agent.project.db.migrate."""

from alembic import context

from agent.project.db import lock_key
from agent.project.schema import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two servers opening one project at once: the second waits here, then finds it upgraded
            # (PostgreSQL DDL is transactional, so it never sees half a migration).
            schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({lock_key(str(schema))})")
        context.run_migrations()
    connection.commit()
