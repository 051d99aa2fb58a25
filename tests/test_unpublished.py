"""Drafts, electives in review and archived ones never reach a public surface."""

import pytest

from electives.models import Specialty
from tests.factories import (
    ArchivedElectiveFactory,
    DraftElectiveFactory,
    InReviewElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
)
from tests.listing import api

pytestmark = pytest.mark.django_db

SECRET = "Quokkaville"


@pytest.fixture(params=[DraftElectiveFactory, InReviewElectiveFactory, ArchivedElectiveFactory])
def hidden(request):
    PublishedElectiveFactory(country="KE", category="clinical", specialties=[])
    return request.param(
        title=f"{SECRET} research",
        summary=f"{SECRET} summary",
        slug="hidden-elective",
        category="research",
        country="NP",
        city=SECRET,
        organization=OrganizationFactory(name=f"{SECRET} Trust"),
        specialties=[Specialty.objects.get(slug="urology")],
    )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/electives/",
        "/electives/?q=" + SECRET,
        "/electives/?country=NP",
        "/electives/?category=research",
        "/electives/export.csv",
        "/electives/export.csv?country=np",
        "/electives/feed/",
        "/api/electives/",
        "/organizations/",
        "/countries/",
        "/countries/ke/",
        "/sitemap.xml",
        "/sitemap-electives.xml",
        "/sitemap-organizations.xml",
        "/sitemap-countries.xml",
    ],
)
def test_absent_from_every_page_and_export(client, hidden, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    for trace in [f"{SECRET} research", f"{SECRET} summary", f"{SECRET} Trust", "hidden-elective"]:
        assert trace not in body
    assert "/countries/np/" not in body
    if "NP" not in url.upper():
        assert "Nepal" not in body


def test_absent_from_counts_and_facets(client, hidden):
    data = api(client)
    assert data["count"] == 1
    assert data["facets"]["category"] == {"clinical": 1}
    assert data["facets"]["country"] == {"KE": 1}
    assert data["facets"]["region"] == {"sub-saharan-africa": 1}
    # The published elective is open to all specialties: urology counts it, not the hidden one.
    assert data["facets"]["specialty"]["urology"] == 1
    assert api(client, f"q={SECRET}")["count"] == 0
    assert api(client, "country=NP")["count"] == 0


def test_its_pages_are_not_public(client, hidden):
    assert client.get("/electives/hidden-elective/").status_code in (404, 410)
    assert client.get("/countries/np/").status_code == 404
    assert client.get(hidden.organization.get_absolute_url()).status_code == 404
