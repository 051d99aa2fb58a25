import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from guide import pages
from guide.sitemaps import GuideSitemap

pytestmark = pytest.mark.django_db

GUIDE_URLS = [reverse("guide:page", args=[slug]) for slug in pages.GUIDE_SLUGS]
ALL_URLS = [
    reverse("guide:index"),
    *GUIDE_URLS,
    reverse("guide:resources"),
    reverse("guide:safety"),
]


def test_the_guide_covers_every_section_of_the_plan():
    titles = [page.title for page in pages.guide_pages()]
    assert titles == [
        "Choosing the kind of elective",
        "Timeline: a month-by-month plan",
        "Will it count? Approval and credit",
        "Choosing an ethical, well-supervised site",
        "Health",
        "Safety and security",
        "Licensure, visas and malpractice",
        "Funding",
        "Coming back",
    ]


@pytest.mark.parametrize("url", ALL_URLS)
def test_page_answers_with_one_h1_and_no_inline_code(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    # The CSP forbids inline scripts and styles.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize("url", ALL_URLS)
def test_page_is_linked_from_the_site_navigation(client, url):
    html = client.get(reverse("home")).text
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    for name in ["guide:index", "guide:resources", "guide:safety"]:
        assert f'href="{reverse(name)}"' in nav
    if url in GUIDE_URLS:
        assert f'href="{url}"' in client.get(reverse("guide:index")).text


@pytest.mark.parametrize("slug", pages.GUIDE_SLUGS + pages.OTHER_SLUGS)
def test_every_page_has_a_review_date_a_summary_and_sources(slug):
    page = pages.get(slug)
    assert page.summary
    assert datetime.date(2025, 1, 1) <= page.reviewed <= timezone.localdate()
    if slug in pages.GUIDE_SLUGS:
        assert page.contents[-1].name == "Sources"
        sources = page.html.split('id="sources"', 1)[1]
        assert re.search(r'href="https://', sources)


@pytest.mark.parametrize("slug", pages.GUIDE_SLUGS)
def test_guide_page_shows_contents_review_date_and_neighbours(client, slug):
    response = client.get(reverse("guide:page", args=[slug]))
    html = response.text
    page = pages.get(slug)
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    for heading in page.contents:
        assert f'href="#{heading.id}"' in toc
        assert f'id="{heading.id}"' in html
    assert f'<time datetime="{page.reviewed.isoformat()}">' in html
    assert "Last reviewed" in html

    index = pages.GUIDE_SLUGS.index(slug)
    previous = pages.GUIDE_SLUGS[index - 1] if index else None
    following = pages.GUIDE_SLUGS[index + 1] if index + 1 < len(pages.GUIDE_SLUGS) else None
    if previous:
        assert f'href="{reverse("guide:page", args=[previous])}" rel="prev"' in html
    else:
        assert 'rel="prev"' not in html
    if following:
        assert f'href="{reverse("guide:page", args=[following])}" rel="next"' in html
    else:
        assert 'rel="next"' not in html


def test_guide_pages_hide_navigation_when_printed(client):
    html = client.get(reverse("guide:page", args=["timeline"])).text
    assert 'class="guide-nav no-print"' in html
    assert 'class="breadcrumbs no-print"' in html


def test_unknown_guide_page_is_404(client):
    assert client.get("/guide/no-such-page/").status_code == 404
    # The safety text is a page of its own, not part of the guide's sequence.
    assert client.get("/guide/safety/").status_code == 404


def test_internal_links_in_the_guide_lead_somewhere(client):
    for page in pages.guide_pages() + [pages.get("safety")]:
        for href in re.findall(r'href="(/[^"#]*)', page.html):
            path = href.split("?")[0]
            assert client.get(path).status_code == 200, f"{page.slug} links to {href}"


def test_the_guide_says_what_the_issue_asks_of_it():
    text = {page.slug: page.html for page in pages.guide_pages()}
    assert "WEIGHT" in text["choosing-a-site"] and "Crump" in text["choosing-a-site"]
    assert "There is no single source" in text["licensure-visas-malpractice"]
    assert "program letter of agreement" in text["will-it-count"]
    for level in ["Exercise Normal Precautions", "Reconsider Travel", "Do Not Travel"]:
        assert level in text["safety-and-security"]
    assert "STEP" in text["safety-and-security"] and "STEP" in text["timeline"]
    assert "post-exposure prophylaxis" in text["health"]
    assert "wwwnc.cdc.gov/travel" in text["health"]
    assert "debrief" in text["coming-back"].lower()
    assert "Section on Global Health" in text["funding"]
    for kind in ["Clinical electives", "Community health electives", "Research projects"]:
        assert kind in text["kinds-of-elective"]


def test_sitemap_lists_every_guide_page_resources_and_safety():
    sitemap = GuideSitemap()
    locations = [sitemap.location(item) for item in sitemap.items()]
    assert set(ALL_URLS) <= set(locations)
    lastmods = {sitemap.location(item): sitemap.lastmod(item) for item in sitemap.items()}
    assert lastmods[reverse("guide:page", args=["health"])] == pages.get("health").reviewed


def test_sitemap_xml_lists_every_guide_page_resources_and_safety(client):
    response = client.get("/sitemap-guide.xml")
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.findtext("s:loc", namespaces=ns).removeprefix("http://testserver"): url.findtext(
            "s:lastmod", namespaces=ns
        )
        for url in tree.findall("s:url", ns)
    }
    for url in ALL_URLS:
        assert url in entries, url
    assert entries[reverse("guide:page", args=["timeline"])] == (
        pages.get("timeline").reviewed.isoformat()
    )
