"""URL fields accept only addresses on the public internet (electives.addresses): the
link checker requests them from inside our network."""

import pytest
from django.core import mail
from django.urls import reverse

from electives.models import Elective, Organization
from guide.models import Resource
from tests.factories import CuratorFactory, OrganizationFactory, SponsorEditorFactory
from tests.test_csv_import import make_csv
from tests.test_suggest import suggest

pytestmark = pytest.mark.django_db

INTERNAL = [
    "http://127.0.0.1:8000/admin/",
    "http://127.9.9.9/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[fe80::1]/",
    "http://[fd00::5]/",
    "http://10.0.0.7/",
    "http://172.16.4.4/",
    "http://192.168.1.1/router",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://localhost/",
    "http://localhost:5432/",
    "http://LOCALHOST./",
    "http://admin.localhost/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "https://printer.local/",
    "https://nas.home.arpa/",
]
PUBLIC = ["https://example.org/electives", "http://8.8.8.8/", "https://[2606:4700::1111]/"]


@pytest.mark.parametrize("url", INTERNAL)
def test_the_csv_import_refuses_internal_addresses(run_import, url):
    ok, out, err = run_import(make_csv({"url": url}))
    assert not ok
    assert "row 2 (line 2):" in err and "Enter a public web address" in err
    assert not Elective.objects.exists()


@pytest.mark.parametrize("url", PUBLIC)
def test_the_csv_import_accepts_public_addresses(run_import, url):
    ok, out, err = run_import(make_csv({"url": url}))
    assert ok, err
    assert Elective.objects.get().url == url


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
        ("http://[::1]/", "a loopback address"),
        ("http://localhost:8000/", "a name for this machine or a private network"),
        ("http://10.0.0.7/", "a private address"),
    ],
)
def test_a_suggestion_with_an_internal_address_is_refused_and_kept(
    client, django_capture_on_commit_callbacks, url, reason
):
    response = suggest(client, django_capture_on_commit_callbacks, url=url)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Enter a public web address: this one points at {reason}." in page
    # Everything typed is still there.
    assert f'value="{url}"' in page and 'value="Trauma Surgery in Mbarara"' in page
    assert not Elective.objects.exists() and mail.outbox == []


def test_curators_cannot_give_a_sponsor_an_internal_website(client):
    client.force_login(CuratorFactory())
    response = client.post(
        reverse("admin:electives_organization_add"),
        {"name": "Loopback Health", "kind": "ngo", "website": "http://127.0.0.1:6379/"},
    )
    assert response.status_code == 200
    assert "Enter a public web address" in response.text
    assert not Organization.objects.filter(name="Loopback Health").exists()


def test_sponsor_editors_cannot_point_their_website_inside(client):
    lakeside = OrganizationFactory(name="Lakeside", website="https://lakeside.example.org/")
    client.force_login(SponsorEditorFactory(organizations=[lakeside]))
    response = client.post(
        reverse("admin:electives_organization_change", args=[lakeside.pk]),
        {"name": "Lakeside", "kind": "ngo", "website": "http://[::1]:8000/"},
    )
    assert "Enter a public web address" in response.text
    lakeside.refresh_from_db()
    assert lakeside.website == "https://lakeside.example.org/"


def test_resources_refuse_internal_addresses(client):
    client.force_login(CuratorFactory())
    response = client.post(
        reverse("admin:guide_resource_add"),
        {
            "title": "Metadata",
            "url": "http://169.254.169.254/",
            "description": "Not a resource.",
            "topic": Resource.Topic.choices[0][0],
            "order": "1",
        },
    )
    assert "Enter a public web address" in response.text
    assert not Resource.objects.filter(title="Metadata").exists()


def test_the_allow_list_exempts_a_host(run_import, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    ok, out, err = run_import(make_csv({"url": "http://127.0.0.1:8000/sponsor"}))
    assert ok, err
