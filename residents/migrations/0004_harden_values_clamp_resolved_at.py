# The clamp runs in a migration of its own: PostgreSQL refuses to add a constraint in the
# transaction that updated the rows ("pending trigger events").
import datetime

from django.db import migrations

EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2100, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)


def clamp_resolved_at(apps, schema_editor):
    """Times typed before the rule move to the nearest bound (still "resolved")."""
    ProblemReport = apps.get_model("residents", "ProblemReport")
    ProblemReport.objects.filter(resolved_at__lt=EARLIEST).update(resolved_at=EARLIEST)
    ProblemReport.objects.filter(resolved_at__gt=LATEST).update(resolved_at=LATEST)


class Migration(migrations.Migration):
    dependencies = [("residents", "0003_single_line_fields")]

    operations = [migrations.RunPython(clamp_resolved_at, migrations.RunPython.noop)]
