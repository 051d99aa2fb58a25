"""The filter form reads well: decisive filters first, week fields that say what they mean,
a language filter that says what it does with counts and plain names, and the count by the
button."""

import pytest
from lxml import html

from electives.models import Language
from tests.factories import PublishedElectiveFactory

pytestmark = pytest.mark.django_db


def form(client, params=""):
    response = client.get(f"/electives/?{params}")
    assert response.status_code == 200
    return html.fromstring(response.content).xpath('//form[@id="filters"]')[0]


def text(element):
    return " ".join(element.text_content().split())


def test_decisive_filters_come_before_the_long_lists(client):
    PublishedElectiveFactory(country="NP", languages=list(Language.objects.filter(code="ne")))
    names = []
    for control in form(client).xpath(".//input | .//select"):
        name = control.get("name")
        if name and control.get("type") != "hidden" and name not in names:
            names.append(name)
    assert names == [
        "q", "category", "scope", "specialty", "pgy", "region", "weeks", "min_weeks",
        "max_weeks", "max_cost", "housing", "open", "advisory_max", "country", "language",
    ]  # fmt: skip


def test_the_week_fields_say_what_they_select(client):
    doc = form(client)
    for name, label, help_text in [
        ("weeks", "Weeks available", "can do in this many weeks or fewer"),
        ("min_weeks", "Can last at least (weeks)", "can run this many weeks or longer"),
        ("max_weeks", "Can be done in at most (weeks)", "need no more than this many weeks"),
    ]:
        [field] = doc.xpath(f'.//input[@name="{name}"]')
        assert text(doc.xpath(f'.//label[@for="{field.get("id")}"]')[0]) == label
        [described] = doc.xpath(f'.//*[@id="{field.get("aria-describedby")}"]')
        assert help_text in text(described)


def test_weeks_available_comes_first_and_the_others_open_when_used(client):
    [details] = form(client).xpath('.//details[@class="more-weeks"]')
    assert details.get("open") is None
    assert details.xpath('.//input[@name="min_weeks"]') and details.xpath(
        './/input[@name="max_weeks"]'
    )
    [details] = form(client, "max_weeks=6").xpath('.//details[@class="more-weeks"]')
    assert details.get("open") is not None


def test_the_language_filter_explains_itself_with_counts_and_plain_names(client):
    nepali = Language.objects.get(code="ne")
    spanish = Language.objects.get(code="es")
    PublishedElectiveFactory(languages=[nepali])
    PublishedElectiveFactory(languages=[spanish])
    PublishedElectiveFactory(languages=[])
    doc = form(client)
    [fieldset] = doc.xpath('.//fieldset[@id="fieldset-language"]')
    assert "besides English" in text(fieldset.xpath("./legend")[0])
    helptext = text(fieldset.xpath('.//p[@class="helptext"]')[0])
    assert "Leave these empty to see every elective" in helptext
    assert "need any language you have not ticked are then hidden" in helptext
    options = [text(label) for label in fieldset.xpath(".//label")]
    # Ticking Nepali alone: the English-only elective and the Nepali one.
    assert options == ["Nepali (2)", "Spanish (2)"]
    # With Spanish ticked, also ticking Nepali gives all three.
    options = form(client, "language=es").xpath('.//fieldset[@id="fieldset-language"]//label')
    assert [text(label) for label in options] == ["Nepali (3)", "Spanish (2)"]


def test_the_count_sits_by_the_button_which_promises_it_with_javascript(client):
    PublishedElectiveFactory.create_batch(3, country="KE")
    doc = form(client, "country=KE")
    [actions] = doc.xpath('.//div[@class="filter-actions"]')
    assert text(actions.xpath('.//p[@class="filter-count"]')[0]) == "3 electives match"
    [button] = actions.xpath(".//button")
    # Without JavaScript the button submits changes it cannot count yet.
    assert text(button) == "Show electives"
    assert button.get("data-live-label") == "Show 3 results"
