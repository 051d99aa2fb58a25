from django.db import migrations

# SQLite's full-text search (electives.search): one FTS5 column per weight of PostgreSQL's
# tsvector, porter stemming as PostgreSQL's English stemmer, accents kept as PostgreSQL
# keeps them. The rowid is the elective's id; a deleted elective takes its row with it.
# PostgreSQL has its tsvector (0004): nothing to do there.
CREATE = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS electives_search USING fts5(
        heading, summary, description, context,
        tokenize = "porter unicode61 remove_diacritics 0"
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS electives_search_delete
    AFTER DELETE ON electives_elective BEGIN
        DELETE FROM electives_search WHERE rowid = old.id;
    END
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS electives_search_delete",
    "DROP TABLE IF EXISTS electives_search",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in CREATE:
        schema_editor.execute(statement)
    from electives.models import Elective
    from electives.search import update_search_vectors

    update_search_vectors(Elective.objects.all())


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("electives", "0020_index_layers_drop_filter_index")]

    operations = [migrations.RunPython(forwards, backwards)]
