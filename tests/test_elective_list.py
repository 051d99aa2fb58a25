"""The directory page: what a resident sees at /electives/."""

import copy
import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from lxml import html

from electives.models import Language, Specialty
from tests.factories import PublishedElectiveFactory, TravelAdvisoryFactory

pytestmark = pytest.mark.django_db


def page(client, params=""):
    response = client.get(f"/electives/?{params}")
    assert response.status_code == 200
    return html.fromstring(response.content)


def text(element):
    return " ".join(element.text_content().split())


def spoken(element):
    """The text a screen reader reads: without aria-hidden decorations."""
    element = copy.deepcopy(element)
    for hidden in element.xpath('.//*[@aria-hidden="true"]'):
        hidden.drop_tree()
    return text(element)


def facts(element):
    return {text(dt): spoken(dt.getnext()) for dt in element.xpath(".//dt")}


def query(href):
    return parse_qs(urlsplit(href).query)


def card_titles(doc):
    return [text(a) for a in doc.xpath('//div[@id="results"]//article//h3/a')]


def test_a_card_shows_what_a_resident_needs_to_choose(client):
    TravelAdvisoryFactory(country="KE", level=3)
    PublishedElectiveFactory(
        title="Pediatric wards in Kisumu",
        organization__name="Lakeshore Health Partners",
        country="KE",
        city="Kisumu",
        category="clinical",
        weeks_min=4,
        weeks_max=8,
        cost_usd=1200,
        deadline=datetime.date(2031, 3, 1),
        last_verified=timezone.localdate() - datetime.timedelta(days=100),
        pgy_min=2,
        pgy_max=3,
        specialties=list(Specialty.objects.filter(slug__in=["pediatrics", "family-medicine"])),
        languages=list(Language.objects.filter(code__in=["sw", "ne"])),
        housing=True,
    )
    card = page(client).xpath("//article")[0]
    assert card.xpath(".//h3/a/@href") == ["/electives/pediatric-wards-in-kisumu/"]
    assert text(card.xpath(".//h3")[0]) == "Pediatric wards in Kisumu"
    assert "Lakeshore Health Partners" in text(card)
    assert facts(card) == {
        "Where": "Kisumu, Kenya",
        "Type": "Clinical elective",
        "Who": "PGY-2 to PGY-3",
        "Specialties": "Family Medicine, Pediatrics",
        "Length": "4–8 weeks",
        "Fee": "$1,200",
        "Housing": "Provided",
        # Plain names: ISO 639 says "Nepali (macrolanguage)".
        "Also needs": "Nepali, Swahili",
        "Deadline": "Open: apply by 1 Mar 2031",
    }
    assert "Travel advisory level 3: reconsider travel" in text(card)
    assert "Verified 3 months ago" in text(card)
    assert "out of date" not in text(card)


def test_a_card_says_open_to_all_specialties_and_no_housing(client):
    PublishedElectiveFactory(specialties=[], languages=[], housing=False)
    card = facts(page(client).xpath("//article")[0])
    assert card["Specialties"] == "Open to all specialties"
    assert card["Housing"] == "Not provided"
    assert "Also needs" not in card


@pytest.mark.parametrize(
    ("days", "shown"),
    [
        (0, "Open: apply by {}"),
        (-1, "Closed for this cycle (deadline was {}); the next deadline is not yet announced"),
    ],
)
def test_a_card_says_open_with_the_date_or_closed_for_this_cycle(client, days, shown):
    deadline = timezone.localdate() + datetime.timedelta(days=days)
    PublishedElectiveFactory(deadline=deadline)
    card = facts(page(client).xpath("//article")[0])
    assert card["Deadline"] == shown.format(f"{deadline.day} {deadline:%b %Y}")


@pytest.mark.parametrize(
    ("days_ago", "stale"), [(364, False), (365, False), (366, True), (800, True)]
)
def test_a_listing_verified_over_twelve_months_ago_may_be_out_of_date(client, days_ago, stale):
    today = timezone.localdate()
    PublishedElectiveFactory(last_verified=today - datetime.timedelta(days=days_ago))
    card = page(client).xpath("//article")[0]
    assert ("may be out of date" in text(card)) is stale
    assert bool(card.xpath(".//p[contains(@class, 'verified-stale')]")) is stale


@pytest.mark.parametrize(("level", "warned"), [(1, False), (2, False), (3, True), (4, True)])
def test_cards_warn_of_advisory_levels_3_and_4_only(client, level, warned):
    TravelAdvisoryFactory(country="HT", level=level)
    PublishedElectiveFactory(country="HT")
    card = text(page(client).xpath("//article")[0])
    assert (f"Travel advisory level {level}" in card) is warned


@pytest.mark.parametrize("cost, shown", [(0, "Free"), (None, "Fee not stated"), (25000, "$25,000")])
def test_cards_say_free_unknown_or_the_fee(client, cost, shown):
    PublishedElectiveFactory(cost_usd=cost)
    assert facts(page(client).xpath("//article")[0])["Fee"] == shown


def test_rolling_deadline_and_no_advisory(client):
    PublishedElectiveFactory(deadline=None, country="PE")
    card = facts(page(client).xpath("//article")[0])
    assert card["Deadline"] == "Rolling admission: apply any time"
    assert "Travel advisory" not in text(page(client).xpath("//article")[0])


def test_twenty_a_page_with_pagination_that_keeps_the_filters(client):
    for n in range(45):
        PublishedElectiveFactory(title=f"Elective {n:02}", country="KE")
    PublishedElectiveFactory(title="Elsewhere", country="PE")
    doc = page(client, "country=ke&sort=title")
    assert len(doc.xpath("//article")) == 20
    assert "1–20 of 45 electives" in text(doc.get_element_by_id("results"))
    links = doc.xpath('//nav[contains(@class, "pagination")]//a')
    next_link = [a for a in links if a.get("rel") == "next"][0]
    assert query(next_link.get("href")) == {"country": ["ke"], "sort": ["title"], "page": ["2"]}
    third = page(client, "country=ke&sort=title&page=3")
    assert card_titles(third) == [f"Elective {n}" for n in range(40, 45)]
    previous = [a for a in third.xpath("//a[@rel='prev']")][0]
    assert query(previous.get("href"))["page"] == ["2"]


def test_sort_links_keep_the_filters_and_return_to_page_one(client):
    PublishedElectiveFactory.create_batch(25, country="KE")
    doc = page(client, "country=KE&page=2")
    sort_links = doc.xpath('//nav[@aria-label="Sort results"]//a')
    by_label = {text(a): query(a.get("href")) for a in sort_links}
    assert by_label["Deadline (soonest first)"] == {"country": ["KE"], "sort": ["deadline"]}
    assert "Best match" not in by_label  # only offered with a search
    current = doc.xpath('//nav[@aria-label="Sort results"]//a[@aria-current]')
    assert [text(a) for a in current] == ["Newest"]


def test_the_count_is_announced_politely_inside_the_results(client):
    PublishedElectiveFactory()
    doc = page(client)
    live = doc.xpath('//div[@id="results"]//*[@aria-live="polite"]')
    assert [text(element) for element in live] == ["1 elective"]


def test_active_filters_are_chips_that_remove_one_value(client):
    peds = Specialty.objects.get(slug="pediatrics")
    PublishedElectiveFactory(country="KE", specialties=[peds])
    doc = page(client, "country=KE&country=UG&specialty=pediatrics&pgy=2&page=1&utm=x")
    chips = {text(a): query(a.get("href")) for a in doc.xpath('//a[contains(@class, "chip")]')}
    assert chips["Remove filter: Kenya"] == {
        "country": ["UG"],
        "specialty": ["pediatrics"],
        "pgy": ["2"],
    }
    assert chips["Remove filter: Uganda"]["country"] == ["KE"]
    assert "specialty" not in chips["Remove filter: Pediatrics"]
    assert "pgy" not in chips["Remove filter: PGY-2"]


def test_removing_the_last_chip_goes_back_to_the_whole_list(client):
    PublishedElectiveFactory(housing=True)
    doc = page(client, "housing=1")
    [chip] = doc.xpath('//a[contains(@class, "chip")]')
    assert chip.get("href") == "/electives/"


def test_an_empty_result_says_what_to_do(client):
    PublishedElectiveFactory(country="KE")
    doc = page(client, "country=PE")
    results = text(doc.get_element_by_id("results"))
    assert "No electives match — remove a filter" in results
    assert doc.xpath('//a[contains(@class, "chip")]')


def test_the_filter_form_is_a_labelled_get_form(client):
    PublishedElectiveFactory()
    doc = page(client)
    form = doc.get_element_by_id("filters")
    assert form.get("method") == "get" and form.get("action") == "/electives/"
    assert form.xpath('.//button[@type="submit"]')
    for control in form.xpath('.//input[not(@type="hidden")] | .//select'):
        labelled = control.getparent().tag == "label" or form.xpath(
            f'.//label[@for="{control.get("id")}"]'
        )
        assert labelled, html.tostring(control)
    legends = [text(legend) for legend in form.xpath(".//fieldset/legend")]
    assert {"Type of elective", "Specialty", "Region", "Country"} <= set(legends)
    assert len(doc.xpath("//h1")) == 1


def test_the_form_shows_the_chosen_values(client):
    PublishedElectiveFactory(country="KE", housing=True)
    doc = page(client, "country=ke&housing=1&pgy=3&q=wards&sort=cost")
    assert doc.xpath('//input[@name="country"][@value="KE"]/@checked')
    assert doc.xpath('//input[@name="housing"]/@checked')
    assert doc.xpath('//select[@name="pgy"]/option[@selected]/@value') == ["3"]
    assert doc.get_element_by_id("id_q").get("value") == "wards"
    assert doc.xpath('//form[@id="filters"]//input[@type="hidden"][@name="sort"]/@value') == [
        "cost"
    ]


def test_the_results_are_in_one_region_with_the_disclaimer(client):
    PublishedElectiveFactory()
    doc = page(client)
    results = doc.get_element_by_id("results")
    assert results.xpath(".//article") and results.xpath(".//*[@aria-live]")
    assert doc.xpath('//a[@href="/safety/"]')


def test_filtered_pages_name_a_canonical_url_without_the_sort(client):
    PublishedElectiveFactory(country="KE")
    doc = page(client, "sort=cost&country=ke&utm_source=x&pgy=")
    [canonical] = doc.xpath('//link[@rel="canonical"]/@href')
    assert canonical == "http://testserver/electives/?country=ke"
    [feed] = doc.xpath('//link[@type="application/atom+xml"]/@href')
    assert feed == "/electives/feed/?country=ke"


def test_no_inline_styles_or_scripts(client):
    PublishedElectiveFactory()
    doc = page(client)
    assert not doc.xpath("//*[@style]")
    assert not doc.xpath("//script[not(@src)]")
