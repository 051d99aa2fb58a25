"""Two imports creating the same new electives at once: the first imports, the second
imports nothing and says why (the admin's "the directory changed" page, the command's
error), never a 500."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

import electives.csv.importing
from electives.models import Elective, Organization
from tests.concurrency import Meeting, at_once
from tests.factories import UserFactory
from tests.test_admin_csv import IMPORT, upload
from tests.test_csv_import import make_csv

pytestmark = pytest.mark.django_db(transaction=True)

# No specialties nor languages: a transactional test starts without the seeded ones.
ROW = {"organization": "Gulu Partners", "specialties": "", "languages": ""}
FILE = make_csv(
    {**ROW, "slug": "gulu-outreach"},
    {**ROW, "slug": "gulu-research", "title": "Research in Gulu"},
)


@pytest.fixture
def both_find_the_slugs_new(monkeypatch):
    """Both imports have found the slugs free, before either writes its rows."""
    meeting = Meeting(2)
    save = electives.csv.importing._Importer.save

    def save_after_meeting(importer, batch):
        meeting.wait()
        save(importer, batch)

    monkeypatch.setattr(electives.csv.importing._Importer, "save", save_after_meeting)


def test_the_second_curator_to_apply_sees_the_directory_changed(postgres, both_find_the_slugs_new):
    clients = []
    for name in ("ada", "grace"):
        client = Client()
        # A superuser: the Curators group is seeded data too.
        client.force_login(UserFactory(username=name, is_staff=True, is_superuser=True))
        token = upload(client, FILE).context["token"]
        clients.append((client, token))

    def apply(client, token):
        return client.post(reverse(IMPORT), {"token": token, "apply": "1"})

    first, second = sorted(at_once(apply, *clients), key=lambda r: r.status_code)
    assert (first.status_code, second.status_code) == (200, 302)
    assert "Nothing was imported" in first.text
    [error] = first.context["result"].errors
    assert "another import or a curator created the same electives at the same time" in error
    assert 'a sponsor\'s name "Gulu Partners" is taken now' in error
    assert Elective.objects.filter(slug__startswith="gulu-").count() == 2
    assert Organization.objects.filter(name="Gulu Partners").count() == 1


def test_the_second_command_imports_nothing_and_says_why(
    postgres, both_find_the_slugs_new, tmp_path
):
    Organization.objects.create(name="Gulu Partners")  # so the electives' slugs collide

    def import_file(name):
        path = tmp_path / name
        path.write_text(FILE, encoding="utf-8")
        err = io.StringIO()
        try:
            call_command("import_electives", str(path), stdout=io.StringIO(), stderr=err)
        except CommandError as error:
            return f"{err.getvalue()}{error}"
        return None

    outcomes = at_once(import_file, ("first.csv",), ("second.csv",))
    [error] = [outcome for outcome in outcomes if outcome is not None]
    assert "an elective's slug \"gulu-" in error
    assert "another import or a curator created the same electives at the same time" in error
    assert "nothing was imported" in error
    assert Elective.objects.filter(slug__startswith="gulu-").count() == 2
