"""The home page."""

import datetime

import pytest
from django.utils import timezone
from lxml import html

from electives.models import Elective
from tests.factories import DraftElectiveFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db


def test_search_box_sends_q_to_the_listing(client):
    doc = html.fromstring(client.get("/").content)
    [form] = doc.xpath('//form[@role="search"]')
    assert form.get("method") == "get" and form.get("action") == "/electives/"
    [field] = form.xpath('.//input[@name="q"]')
    assert form.xpath(f'.//label[@for="{field.get("id")}"]')


def test_the_three_categories_with_their_counts(client):
    PublishedElectiveFactory.create_batch(2, category="clinical")
    PublishedElectiveFactory(category="research")
    DraftElectiveFactory.create_batch(3, category="community-health")
    doc = html.fromstring(client.get("/").content)
    items = [
        " ".join(li.text_content().split()) for li in doc.xpath('//ul[@class="categories"]/li')
    ]
    assert items == [
        "Clinical electives 2 listed",
        "Community health electives 0 listed",
        "Research projects 1 listed",
    ]
    links = doc.xpath('//ul[@class="categories"]//a/@href')
    assert links[0] == "/electives/?category=clinical"


def test_newest_published_electives(client):
    now = timezone.now()
    for n in range(8):
        elective = PublishedElectiveFactory(title=f"Elective {n}")
        Elective.objects.filter(pk=elective.pk).update(published_at=now - datetime.timedelta(n))
    DraftElectiveFactory(title="A draft")
    doc = html.fromstring(client.get("/").content)
    titles = doc.xpath("//article//h3/a/text()")
    assert titles == [f"Elective {n}" for n in range(6)]


def test_links_to_guide_resources_and_safety(client):
    hrefs = html.fromstring(client.get("/").content).xpath("//main//a/@href")
    assert {"/guide/", "/resources/", "/safety/", "/electives/"} <= set(hrefs)


def test_the_newest_electives_on_home_are_open_for_applications(client):
    today = timezone.localdate()
    PublishedElectiveFactory(title="Closed yesterday", deadline=today - datetime.timedelta(1))
    PublishedElectiveFactory(title="Closes today", deadline=today)
    PublishedElectiveFactory(title="Rolling", deadline=None)
    doc = html.fromstring(client.get("/").content)
    assert sorted(doc.xpath("//article//h3/a/text()")) == ["Closes today", "Rolling"]
