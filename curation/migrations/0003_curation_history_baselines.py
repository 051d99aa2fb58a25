"""A first history record for every elective, sponsor, resource and debrief that has none
(rows written before history was kept, or in bulk without it), so that the first edit of
each shows its changes and can be reverted. simple_history's populate_history does the
same from the current models; a migration must use the historical ones, hence by hand."""

from django.db import migrations
from django.utils import timezone

REASON = "on file before history was kept"
BATCH = 1000

BASELINED = [
    ("electives", "Elective", ["specialties", "languages"]),
    ("electives", "Organization", []),
    ("guide", "Resource", []),
    ("debriefs", "Debrief", []),
]


def baselines(apps, schema_editor):
    now = timezone.now()
    for app_label, name, m2m in BASELINED:
        model = apps.get_model(app_label, name)
        history = apps.get_model(app_label, f"Historical{name}")
        own = {f.attname for f in model._meta.concrete_fields}
        copied = [
            f.attname
            for f in history._meta.concrete_fields
            if f.attname in own and not f.name.startswith("history_")
        ]
        missing = model.objects.exclude(pk__in=history.objects.values("id")).order_by("pk")
        pks = list(missing.values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            rows = model.objects.filter(pk__in=pks[start : start + BATCH])
            records = history.objects.bulk_create(
                history(
                    **{attname: getattr(row, attname) for attname in copied},
                    history_date=now,
                    history_type="+",
                    history_change_reason=REASON,
                )
                for row in rows
            )
            for relation in m2m:
                _relation_history(apps, app_label, name, relation, records)


def _relation_history(apps, app_label, name, relation, records):
    """The records' many-to-many rows, as simple_history writes them on save."""
    model = apps.get_model(app_label, name)
    through = model._meta.get_field(relation).remote_field.through
    historical = apps.get_model(app_label, f"Historical{name}_{relation}")
    owner = model._meta.model_name
    other = next(
        f.attname
        for f in through._meta.concrete_fields
        if f.is_relation and f.attname != f"{owner}_id"
    )
    record_of = {record.id: record for record in records}
    links = through.objects.filter(**{f"{owner}_id__in": list(record_of)})
    historical.objects.bulk_create(
        historical(
            id=link.pk,
            history=record_of[getattr(link, f"{owner}_id")],
            **{f"{owner}_id": getattr(link, f"{owner}_id"), other: getattr(link, other)},
        )
        for link in links
    )


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0002_verification_mail"),
        ("electives", "0020_index_layers_drop_filter_index"),
        ("guide", "0006_historical_web_address_field"),
        ("debriefs", "0003_harden_values_value_ranges"),
    ]

    operations = [migrations.RunPython(baselines, migrations.RunPython.noop)]
