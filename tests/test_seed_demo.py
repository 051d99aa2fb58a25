import io
import re

import pytest
from django.core.management import CommandError, call_command

from electives.models import Elective, Organization, Status

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_makes_the_requested_number_of_varied_electives():
    assert "Created 120 electives" in seed("--electives", "120")
    electives = Elective.objects.all()
    assert electives.count() == 120
    assert Organization.objects.count() >= 10
    statuses = set(electives.values_list("status", flat=True))
    assert {Status.PUBLISHED, Status.DRAFT, Status.ARCHIVED} <= statuses
    assert electives.filter(deadline__isnull=True).exists()
    assert electives.filter(cost_usd__isnull=True).exists()
    assert electives.filter(cost_usd=0).exists()
    assert electives.filter(specialties__isnull=True).exists()
    assert electives.filter(specialties__isnull=False).exists()
    assert electives.filter(languages__isnull=False).exists()
    assert len(set(electives.values_list("country", flat=True))) > 10
    assert len(set(electives.values_list("category", flat=True))) == 3
    assert all(e.weeks_min <= e.weeks_max for e in electives)


def test_seed_demo_adds_to_existing_data_with_unique_slugs():
    seed("--electives", "30")
    seed("--electives", "30", "--seed", "7")
    assert Elective.objects.count() == 60
    assert Elective.objects.values("slug").distinct().count() == 60


def test_if_empty_does_nothing_when_electives_exist():
    seed("--electives", "5")
    assert "no demo data added" in seed("--electives", "5", "--if-empty")
    assert Elective.objects.count() == 5


def test_demo_curator_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local runs only"):
        call_command("demo_curator")


def test_demo_curator_prints_a_fresh_password(settings, client):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_curator", stdout=out)
    first = out.getvalue()
    call_command("demo_curator", stdout=out)
    password = re.search(r"password: (\S+)", first).group(1)
    assert password not in out.getvalue()[len(first) :]
    assert first.rstrip().endswith("=" * 64), "the password is set apart at the end"
    from django.contrib.auth.models import User

    curator = User.objects.get(username="curator")
    assert curator.is_staff and not curator.is_superuser
    assert curator.groups.filter(name="Curators").exists()
