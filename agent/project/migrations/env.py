"""Alembic environment: runs against the engine handed in by agent.project.db.migrate."""

from alembic import context

from agent.project.schema import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
