# The clamp runs in a migration of its own: PostgreSQL refuses to add a constraint in the
# transaction that updated the rows ("pending trigger events").
import datetime

from django.db import migrations

EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


def clamp(model, field, low, high):
    """Out-of-range values stored before the rule are moved to the nearest bound (a deadline
    of year 1 reads as passed, as before), so that the constraints can be added."""
    model.objects.filter(**{f"{field}__lt": low}).update(**{field: low})
    model.objects.filter(**{f"{field}__gt": high}).update(**{field: high})


def clamp_dates(apps, schema_editor):
    Elective = apps.get_model("electives", "Elective")
    TravelAdvisory = apps.get_model("electives", "TravelAdvisory")
    clamp(Elective, "deadline", EARLIEST, LATEST)
    clamp(Elective, "last_verified", EARLIEST, LATEST)
    clamp(Elective, "partner_since", 1900, LATEST.year)
    clamp(TravelAdvisory, "issued", EARLIEST, LATEST)


class Migration(migrations.Migration):
    dependencies = [("electives", "0016_content_changes")]

    operations = [migrations.RunPython(clamp_dates, migrations.RunPython.noop)]
