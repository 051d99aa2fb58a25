"""One elective's page: everything needed to decide, safely rendered."""

import datetime
import json

import pytest
from django.utils import timezone
from lxml import html

from electives.models import Language, Specialty
from tests.factories import (
    ArchivedElectiveFactory,
    CuratorFactory,
    DraftElectiveFactory,
    InReviewElectiveFactory,
    PublishedElectiveFactory,
    TravelAdvisoryFactory,
)

pytestmark = pytest.mark.django_db


def text(element):
    return " ".join(element.text_content().split())


def facts(doc):
    return {text(dt): text(dt.getnext()) for dt in doc.xpath('//dl[@class="facts"]//dt')}


@pytest.fixture
def elective():
    return PublishedElectiveFactory(
        title="Pediatric Wards in Kisumu",
        slug="pediatric-wards-kisumu",
        organization__name="Lakeshore Health Partners",
        category="clinical",
        country="KE",
        city="Kisumu",
        specialties=list(Specialty.objects.filter(slug__in=["pediatrics", "family-medicine"])),
        languages=list(Language.objects.filter(code="sw")),
        pgy_min=2,
        pgy_max=None,
        weeks_min=4,
        weeks_max=8,
        cost_usd=0,
        housing=True,
        deadline=datetime.date(2031, 9, 30),
        url="https://lakeshore.example.org/apply",
        contact_email="electives@lakeshore.example.org",
        summary="Ward rounds and clinics at a county referral hospital.",
        description="## Your week\n\n- Morning report\n- **Clinics** on Tuesdays",
        last_verified=datetime.date(2026, 1, 15),
    )


def test_shows_everything_a_resident_needs(client, elective):
    response = client.get("/electives/pediatric-wards-kisumu/")
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    assert [text(h) for h in doc.xpath("//h1")] == ["Pediatric Wards in Kisumu"]
    assert "Ward rounds and clinics at a county referral hospital." in text(doc)
    shown = facts(doc)
    assert shown["Where"] == "Kisumu, Kenya (Sub-Saharan Africa)"
    assert shown["Sponsor"].startswith("Lakeshore Health Partners")
    assert shown["Type"] == "Clinical elective"
    assert shown["Specialties"] == "Family Medicine, Pediatrics"
    assert shown["Who can apply"] == "PGY-2 and above"
    assert shown["Length"] == "4–8 weeks"
    assert shown["Program fee"] == "Free"
    assert shown["Housing"] == "Provided"
    assert shown["Languages"].startswith("English and Swahili")
    assert shown["Application deadline"] == "Open: apply by 30 Sep 2031"
    assert shown["Last verified"].startswith("15 January 2026")
    assert doc.xpath('//a[@href="https://lakeshore.example.org/apply"]')
    assert doc.xpath('//a[@href="mailto:electives@lakeshore.example.org"]')
    assert doc.xpath('//a[@href="/safety/"]')
    assert doc.xpath(f'//a[@href="{elective.organization.get_absolute_url()}"]')
    assert doc.xpath('//a[@href="/countries/ke/"]')


def test_open_to_all_rolling_and_unknown_fee(client):
    elective = PublishedElectiveFactory(
        specialties=[], deadline=None, cost_usd=None, pgy_min=None, pgy_max=None, housing=False
    )
    shown = facts(html.fromstring(client.get(elective.get_absolute_url()).content))
    assert shown["Specialties"] == "Open to all specialties"
    assert shown["Application deadline"].startswith("Rolling")
    assert shown["Program fee"].startswith("Fee not stated")
    assert shown["Who can apply"] == "Any PGY year"
    assert shown["Languages"] == "English only"
    assert shown["Housing"].startswith("Not provided")


def test_a_passed_deadline_is_closed_for_this_cycle_with_no_apply_button(client):
    passed = timezone.localdate() - datetime.timedelta(days=1)
    elective = PublishedElectiveFactory(deadline=passed, url="https://host.example.org/apply")
    doc = html.fromstring(client.get(elective.get_absolute_url()).content)
    assert facts(doc)["Application deadline"].startswith("Closed for this cycle")
    assert "the next deadline is not yet announced" in text(doc)
    assert not [a for a in doc.xpath("//a") if "Apply" in text(a)]
    assert not doc.xpath('//a[contains(@class, "button")][@href="https://host.example.org/apply"]')
    # The sponsor's site stays reachable, as a plain link.
    assert doc.xpath('//a[@href="https://host.example.org/apply"]')


@pytest.mark.parametrize("deadline", [None, 0, 30])
def test_an_open_or_rolling_elective_has_its_apply_button(client, deadline):
    if deadline is not None:
        deadline = timezone.localdate() + datetime.timedelta(days=deadline)
    elective = PublishedElectiveFactory(deadline=deadline, url="https://host.example.org/apply")
    doc = html.fromstring(client.get(elective.get_absolute_url()).content)
    [button] = doc.xpath('//a[contains(@class, "button")][@href="https://host.example.org/apply"]')
    assert text(button).startswith("Apply on the sponsor's website")
    assert "not yet announced" not in text(doc)


def test_a_stale_listing_says_it_may_be_out_of_date(client):
    verified = timezone.localdate() - datetime.timedelta(days=800)
    elective = PublishedElectiveFactory(last_verified=verified)
    doc = html.fromstring(client.get(elective.get_absolute_url()).content)
    [note] = doc.xpath('//p[contains(@class, "verified-stale")]')
    assert text(note).startswith("Verified 26 months ago: this listing may be out of date")


def test_the_apply_box_sits_beside_the_facts_under_one_h1(client, elective):
    doc = html.fromstring(client.get(elective.get_absolute_url()).content)
    assert len(doc.xpath("//h1")) == 1
    [box] = doc.xpath('//aside[contains(@class, "detail-aside")]')
    assert [text(h) for h in box.xpath(".//h2")] == ["How to apply", "Plan and keep track"]
    assert box.xpath('.//form[contains(@class, "save-form")]')
    assert box.xpath(f'.//a[@href="/electives/{elective.slug}/plan/"]')
    assert box.xpath(f'.//a[@href="/electives/{elective.slug}/report/"]')
    # Headings never skip a level: h1, then h2s, then h3s inside them.
    levels = [int(h.tag[1]) for h in doc.xpath("//main//*[self::h1 or self::h2 or self::h3]")]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_the_description_is_markdown(client, elective):
    doc = html.fromstring(client.get(elective.get_absolute_url()).content)
    prose = doc.xpath('//div[@class="prose"]')[0]
    # Under the page's "About this elective" (h2): the curator's "##" is an h3.
    assert [text(h) for h in prose.xpath(".//h3")] == ["Your week"]
    assert [text(li) for li in prose.xpath(".//li")] == ["Morning report", "Clinics on Tuesdays"]
    assert prose.xpath(".//strong")


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<p style="position:fixed">x</p>',
        "# A second h1",
    ],
)
def test_the_description_is_sanitised(client, evil):
    elective = PublishedElectiveFactory(description=f"Before\n\n{evil}\n\nAfter")
    body = client.get(elective.get_absolute_url()).content.decode()
    doc = html.fromstring(body)
    prose = html.tostring(doc.xpath('//div[@class="prose"]')[0]).decode()
    assert "Before" in prose and "After" in prose
    for banned in ["<script", "onerror", "onclick", "javascript:", "<iframe", "style=", "<h1"]:
        assert banned not in prose
    assert "alert(1)</script>" not in body
    assert len(doc.xpath("//h1")) == 1


def test_shows_the_travel_advisory_when_known(client, elective):
    TravelAdvisoryFactory(country="KE", level=3, issued=datetime.date(2026, 2, 1))
    body = text(html.fromstring(client.get(elective.get_absolute_url()).content))
    assert "Level 3: Reconsider Travel" in body


def test_json_ld_describes_the_elective(client, elective):
    doc = html.fromstring(client.get(elective.get_absolute_url()).content)
    [block] = doc.xpath('//script[@type="application/ld+json"]')
    data = json.loads(block.text)
    assert data["name"] == "Pediatric Wards in Kisumu"
    assert data["provider"]["name"] == "Lakeshore Health Partners"
    assert data["url"] == "http://testserver/electives/pediatric-wards-kisumu/"
    assert data["applicationDeadline"] == "2031-09-30"
    [canonical] = doc.xpath('//link[@rel="canonical"]/@href')
    assert canonical == "http://testserver/electives/pediatric-wards-kisumu/"


def test_json_ld_cannot_be_broken_out_of(client):
    elective = PublishedElectiveFactory(title="</script><script>alert(1)</script>")
    body = client.get(elective.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body


@pytest.mark.parametrize("factory", [DraftElectiveFactory, InReviewElectiveFactory])
def test_unpublished_electives_are_404_for_the_public(client, factory):
    elective = factory()
    assert client.get(elective.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("factory", [DraftElectiveFactory, InReviewElectiveFactory])
def test_curators_see_a_preview_with_a_draft_banner(client, factory):
    elective = factory(title="Upcoming surgical camp")
    client.force_login(CuratorFactory())
    response = client.get(elective.get_absolute_url())
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    assert "Draft preview" in text(doc.xpath('//*[contains(@class, "draft-banner")]')[0])
    assert "private" in response["Cache-Control"]
    assert not doc.xpath('//script[@type="application/ld+json"]')


def test_archived_electives_are_gone_with_similar_open_ones(client):
    archived = ArchivedElectiveFactory(title="Old surgical camp", country="KE", category="clinical")
    similar = PublishedElectiveFactory(title="New surgical camp", country="KE", deadline=None)
    closed = PublishedElectiveFactory(
        title="Closed camp", country="KE", deadline=datetime.date(2020, 1, 1)
    )
    elsewhere = PublishedElectiveFactory(title="Lab work", country="PE", category="research")
    response = client.get(archived.get_absolute_url())
    assert response.status_code == 410
    doc = html.fromstring(response.content)
    assert "no longer listed" in text(doc.xpath("//h1")[0])
    links = doc.xpath("//article//h3/a/@href")
    assert similar.get_absolute_url() in links
    assert closed.get_absolute_url() not in links
    assert elsewhere.get_absolute_url() not in links


def test_an_unknown_slug_is_404(client):
    assert client.get("/electives/no-such-elective/").status_code == 404
