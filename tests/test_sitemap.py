"""/sitemap.xml and /robots.txt."""

import pytest
from lxml import etree

from tests.factories import (
    ArchivedElectiveFactory,
    DraftElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
)

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return root


def locations(root):
    return set(root.xpath("//s:url/s:loc/text()", namespaces=NS))


def test_lists_published_electives_sponsors_countries_and_guide(client):
    listed = PublishedElectiveFactory(country="KE", organization__name="Listed Sponsor")
    root = sitemap(client)
    urls = locations(root)
    base = "http://testserver"
    assert base + listed.get_absolute_url() in urls
    assert base + listed.organization.get_absolute_url() in urls
    assert base + "/countries/ke/" in urls
    assert {base + "/", base + "/electives/", base + "/guide/", base + "/safety/"} <= urls
    for url in root.xpath("//s:url", namespaces=NS):
        lastmod = url.xpath("s:lastmod/text()", namespaces=NS)
        if lastmod:
            assert len(lastmod[0]) == 10 and lastmod[0][4] == "-"


def test_nothing_unpublished(client):
    draft = DraftElectiveFactory(country="PE", organization__name="Draft Sponsor")
    archived = ArchivedElectiveFactory(country="NP")
    lonely = OrganizationFactory(name="No electives yet")
    PublishedElectiveFactory(country="KE")
    urls = " ".join(locations(sitemap(client)))
    for path in [
        draft.get_absolute_url(),
        archived.get_absolute_url(),
        draft.organization.get_absolute_url(),
        lonely.get_absolute_url(),
        "/countries/pe/",
        "/countries/np/",
    ]:
        assert path not in urls


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /electives/export.csv" in body
