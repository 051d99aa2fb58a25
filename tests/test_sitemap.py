"""/sitemap.xml and /robots.txt."""

import pytest
from lxml import etree

from electives.cache import MAX_CACHED_BYTES
from electives.sitemaps import PAGE_SIZE, ElectiveSitemap
from tests.factories import (
    ArchivedElectiveFactory,
    DraftElectiveFactory,
    OrganizationFactory,
    PublishedElectiveFactory,
)

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def xml(client, url, tag):
    response = client.get(url)
    assert response.status_code == 200, url
    root = etree.fromstring(response.content)
    assert root.tag == f"{{http://www.sitemaps.org/schemas/sitemap/0.9}}{tag}"
    return root


def sitemap_pages(client):
    """The URLs of every sitemap page that /sitemap.xml (the index) lists."""
    index = xml(client, "/sitemap.xml", "sitemapindex")
    return index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)


def sitemap(client):
    """Every <url> of every page the index lists, under one root."""
    root = etree.Element("all")
    for url in sitemap_pages(client):
        root.extend(xml(client, url, "urlset").xpath("//s:url", namespaces=NS))
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


def test_past_the_page_size_the_index_lists_every_page(client, monkeypatch):
    monkeypatch.setattr(ElectiveSitemap, "limit", 2)
    electives = [PublishedElectiveFactory() for _ in range(5)]
    DraftElectiveFactory()
    pages = [url for url in sitemap_pages(client) if "sitemap-electives" in url]
    assert pages == [
        "http://testserver/sitemap-electives.xml",
        "http://testserver/sitemap-electives.xml?p=2",
        "http://testserver/sitemap-electives.xml?p=3",
    ]
    listed = [locations(xml(client, url, "urlset")) for url in pages]
    assert [len(urls) for urls in listed] == [2, 2, 1]
    assert set().union(*listed) == {f"http://testserver{e.get_absolute_url()}" for e in electives}
    assert client.get("/sitemap-electives.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_pages_are_cached_like_other_public_pages(client, django_assert_num_queries):
    PublishedElectiveFactory()
    for url in ("/sitemap.xml", "/sitemap-electives.xml"):
        first = client.get(url)
        assert first["ETag"]
        with django_assert_num_queries(1):
            again = client.get(f"{url}?utm_source=crawler")
        assert again.content == first.content


def test_a_full_page_of_the_longest_urls_still_fits_the_page_cache(client):
    for n in range(20):
        PublishedElectiveFactory(slug=f"{n:02}-" + "x" * 197)
    page = client.get("/sitemap-electives.xml", HTTP_HOST="electives.some-long-hospital-name.org")
    per_url = len(page.content) / 20
    assert per_url * PAGE_SIZE < MAX_CACHED_BYTES


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /electives/export.csv" in body
