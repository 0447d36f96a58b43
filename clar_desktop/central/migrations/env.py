"""Alembic environment of the central office's tables: their own history, recorded in
their own version table, so that they live beside the contest store's in one database."""

from alembic import context

from clar_desktop.central.schema import VERSION_TABLE, CentralBase

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=CentralBase.metadata,
                  version_table=VERSION_TABLE, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
