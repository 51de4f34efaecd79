-- A Django migration for one phase (not SQL: Python, filled by DjangoMigrations). {0} header comment lines,
-- {1} the forward SQL as a Python string expression, {2} the rollback SQL likewise, {3} the dependencies, {4} the
-- state operations, {5} the django-safemigrate marker.
{0}
from django.db import migrations

try:
    from django_safemigrate import Safe
except ImportError:  # without django-safemigrate, deploy around this migration as the header says
    Safe = None

FORWARD_SQL = {1}

ROLLBACK_SQL = {2}


class Migration(migrations.Migration):
    # One transaction, Django's: the phase and Django's record of the migration commit together.
    atomic = True

    dependencies = {3}

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD_SQL, reverse_sql=ROLLBACK_SQL)],
            state_operations={4},
        ),
    ]

    if Safe is not None:
        # the attribute, not a call: django-safemigrate 2-4 (the last for Django 3.2) has no call form
        safe = Safe.{5}
