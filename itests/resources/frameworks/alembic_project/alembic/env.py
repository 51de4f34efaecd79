# Online migrations only, each revision in its own transaction, as the exported revisions' header asks.
from alembic import context
from sqlalchemy import create_engine

# No URL parts: psycopg2 connects with libpq's PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD.
engine = create_engine("postgresql+psycopg2://")
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
