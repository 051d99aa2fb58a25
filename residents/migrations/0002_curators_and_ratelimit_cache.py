from django.contrib.auth.management import create_permissions
from django.core.management import call_command
from django.db import migrations

# Curators deal with reports and suggestions; alerts are residents' own business, so
# curators may look at them but not change them.
CURATOR_PERMISSIONS = [
    "view_problemreport",
    "change_problemreport",
    "view_suggestion",
    "change_suggestion",
    "view_alert",
]


def grant_curators(apps, schema_editor):
    # Permissions are normally made after all migrations; make this app's now.
    app_config = apps.get_app_config("residents")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curators")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="residents", codename__in=CURATOR_PERMISSIONS
        )
    )


def create_cache_table(apps, schema_editor):
    # The rate limit's database cache (config/settings.py) when no shared cache is set:
    # here, so that every `migrate` (make run, deploys, the test database) has the table.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0001_initial"),
        ("electives", "0003_curators_group"),
    ]

    operations = [
        migrations.RunPython(grant_curators, migrations.RunPython.noop),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
