-- An Alembic revision for one phase (not SQL: Python, filled by AlembicMigrations). {0} header comment lines,
-- {1} revision id, {2} down_revision (a literal or None), {3} the upgrade SQL as a Python string expression,
-- {4} the downgrade SQL likewise.
{0}
from alembic import op

revision = {1}
down_revision = {2}
branch_labels = None
depends_on = None

UPGRADE_SQL = {3}

DOWNGRADE_SQL = {4}


def _run(sql):
    # To the driver as it is: no bind parameters (":name" in text()) and no %-formatting.
    op.get_bind().execution_options(no_parameters=True).exec_driver_sql(sql)


def upgrade():
    _run(UPGRADE_SQL)


def downgrade():
    _run(DOWNGRADE_SQL)
