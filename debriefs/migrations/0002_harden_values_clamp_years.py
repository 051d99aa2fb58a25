# The clamp runs in a migration of its own: PostgreSQL refuses to add a constraint in the
# transaction that updated the rows ("pending trigger events").
from django.db import migrations


def clamp_years(apps, schema_editor):
    """Years stored before the rule (by update()) move to the nearest bound."""
    Debrief = apps.get_model("debriefs", "Debrief")
    Debrief.objects.filter(year__lt=1990).update(year=1990)
    Debrief.objects.filter(year__gt=2100).update(year=2100)


class Migration(migrations.Migration):
    dependencies = [("debriefs", "0001_initial")]

    operations = [migrations.RunPython(clamp_years, migrations.RunPython.noop)]
