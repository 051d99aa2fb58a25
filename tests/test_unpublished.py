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


@pytest.mark.parametrize("status", ["in-review", "sent-back", "rejected"])
def test_an_unpublished_debrief_reaches_no_public_surface(client, status):
    from tests.factories import DebriefFactory

    elective = PublishedElectiveFactory(slug="listed-elective", country="KE")
    other = PublishedElectiveFactory(slug="other-elective")
    DebriefFactory(
        elective=elective,
        status=status,
        email=f"{SECRET.lower()}@example.org",
        supervisor=f"{SECRET} supervisor",
        housing=f"{SECRET} guesthouse",
        text=f"{SECRET} debrief",
        total_cost_usd=98765,
    )
    urls = [
        "/",
        "/electives/",
        "/electives/?q=" + SECRET,
        "/electives/export.csv",
        "/electives/feed/",
        "/api/electives/",
        "/electives/listed-elective/",
        "/compare/?e=listed-elective,other-elective",
        "/shortlist/?e=listed-elective",
        "/organizations/",
        elective.organization.get_absolute_url(),
        "/countries/ke/",
        "/sitemap-electives.xml",
    ]
    for url in urls:
        body = client.get(url).content.decode()
        traces = [f"{SECRET} supervisor", f"{SECRET} guesthouse", f"{SECRET} debrief"]
        for trace in [*traces, f"{SECRET.lower()}@example.org"]:
            assert trace not in body, url
        assert "98765" not in body and "98,765" not in body, url
    assert "No debriefs yet" in client.get("/electives/listed-elective/").text
    assert api(client)["results"][0]["debriefs"]["count"] == 0
    assert other  # compared with
