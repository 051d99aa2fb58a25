"""/electives/feed/: Atom, the newest 50 electives for the page's filters."""

import datetime

import pytest
from django.utils import timezone
from lxml import etree

from electives.models import Elective
from tests.factories import DraftElectiveFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def feed(client, params=""):
    response = client.get(f"/electives/feed/?{params}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)


def titles(root):
    return root.xpath("//a:entry/a:title/text()", namespaces=ATOM)


def test_newest_fifty_first(client):
    now = timezone.now()
    for n in range(55):
        elective = PublishedElectiveFactory(title=f"Elective {n:02}")
        Elective.objects.filter(pk=elective.pk).update(
            published_at=now - datetime.timedelta(days=n)
        )
    shown = titles(feed(client, "sort=title&page=3"))
    assert shown == [f"Elective {n:02}" for n in range(50)]


def test_entries_link_to_their_pages_and_name_the_sponsor(client):
    elective = PublishedElectiveFactory(organization__name="Harborview Partners")
    root = feed(client)
    [entry] = root.xpath("//a:entry", namespaces=ATOM)
    link = entry.xpath("a:link/@href", namespaces=ATOM)[0]
    assert link == f"http://testserver{elective.get_absolute_url()}"
    assert entry.xpath("a:author/a:name/text()", namespaces=ATOM) == ["Harborview Partners"]
    assert entry.xpath("a:summary/text()", namespaces=ATOM) == [elective.summary]


def test_the_same_filters_as_the_page(client):
    PublishedElectiveFactory(title="In Kenya", country="KE")
    PublishedElectiveFactory(title="In Peru", country="PE")
    DraftElectiveFactory(title="Draft in Kenya", country="KE")
    root = feed(client, "country=ke")
    assert titles(root) == ["In Kenya"]
    alternate = root.xpath('/a:feed/a:link[@rel="alternate"]/@href', namespaces=ATOM)
    assert alternate == ["http://testserver/electives/?country=ke"]


def test_summaries_are_plain_text_never_markup(client):
    PublishedElectiveFactory(summary="<img src=x onerror=alert(1)> & more")
    [summary] = feed(client).xpath("//a:entry/a:summary", namespaces=ATOM)
    assert summary.get("type") == "text"
    assert summary.text == "<img src=x onerror=alert(1)> & more"
