from django.db import migrations

# Full-text search on PostgreSQL reads a stored, weighted tsvector (kept current by
# electives.search) through this GIN index. SQLite has no tsvector: nothing to do.
CREATE = (
    "CREATE INDEX IF NOT EXISTS elective_search_gin ON electives_elective USING gin (search_vector)"
)
DROP = "DROP INDEX IF EXISTS elective_search_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("electives", "0003_curators_group")]

    operations = [migrations.RunPython(forwards, backwards)]
