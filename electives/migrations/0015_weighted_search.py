from django.db import migrations


def reindex(apps, schema_editor):
    """Stored vectors take the new weights: title and specialties A, summary B, description C,
    sponsor and place D (electives.search)."""
    from electives.models import Elective
    from electives.search import update_search_vectors

    if schema_editor.connection.vendor == "postgresql":
        update_search_vectors(Elective.objects.all())


class Migration(migrations.Migration):
    dependencies = [("electives", "0014_single_line_fields")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
