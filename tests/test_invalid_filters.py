"""A bad value answers 400 with the problem beside its field: never a 500, never a silent 200."""

import pytest
from lxml import html

from electives.models import Status
from tests.factories import ElectiveFactory, OrganizationFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db

BAD_FILTERS = [
    ("q=" + "x" * 201, "q"),
    ("category=holiday", "category"),
    ("country=ZZ", "country"),
    ("country=Kenya", "country"),
    ("region=atlantis", "region"),
    ("specialty=astrology", "specialty"),
    ("organization=nobody-at-all", "organization"),
    ("pgy=abc", "pgy"),
    ("pgy=0", "pgy"),
    ("pgy=9", "pgy"),
    ("pgy=2.5", "pgy"),
    ("weeks=0", "weeks"),
    ("weeks=four", "weeks"),
    ("min_weeks=0", "min_weeks"),
    ("max_weeks=-1", "max_weeks"),
    ("max_weeks=99999999999999999999", "max_weeks"),
    ("max_cost=-5", "max_cost"),
    ("max_cost=lots", "max_cost"),
    ("language=xx", "language"),
    ("language=english", "language"),
    ("housing=maybe", "housing"),
    ("open=yes", "open"),
    ("sort=evil", "sort"),
    ("specialty=pedi%00atrics", "specialty"),
    ("q=malaria%00", "q"),
]
BAD_PAGES = [("page=abc", "page"), ("page=0", "page"), ("page=-1", "page"), ("page=1e3", "page")]
CHECKBOX_GROUPS = {"category", "region", "country", "specialty", "language"}


@pytest.fixture(autouse=True)
def an_elective():
    return PublishedElectiveFactory()


@pytest.mark.parametrize("params, field", BAD_FILTERS + BAD_PAGES)
def test_the_page_answers_400_with_the_problem_next_to_its_field(client, params, field):
    response = client.get(f"/electives/?{params}")
    assert response.status_code == 400
    doc = html.fromstring(response.content)
    # The form is there to fix the problem, and the error is tied to its control.
    assert doc.get_element_by_id("filters").tag == "form"
    error = doc.get_element_by_id(f"id_{field}_error")
    assert error.text_content().strip()
    error_id = f" id_{field}_error "
    described = doc.xpath(f'//*[contains(concat(" ", @aria-describedby, " "), "{error_id}")]')
    if field in CHECKBOX_GROUPS:
        assert described[0].tag == "fieldset"
    elif field not in ("sort", "page", "organization"):
        assert described[0].get("name") == field
        assert described[0].get("aria-invalid") == "true"
    # An error summary links to each problem; no results are listed.
    summary = doc.get_element_by_id("filter-errors")
    assert summary.xpath(".//a/@href")
    assert not doc.xpath('//article[contains(@class, "elective-card")]')


@pytest.mark.parametrize("params, field", BAD_FILTERS + BAD_PAGES)
def test_the_json_answers_400_with_errors_by_field(client, params, field):
    response = client.get(f"/api/electives/?{params}")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert all(isinstance(message, str) and message for message in errors[field])


@pytest.mark.parametrize("url", ["/electives/export.csv", "/electives/feed/"])
@pytest.mark.parametrize("params, field", BAD_FILTERS)
def test_the_csv_and_feed_answer_400_in_plain_text(client, url, params, field):
    response = client.get(f"{url}?{params}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"{field}: " in response.content.decode()


@pytest.mark.parametrize("url", ["/electives/export.csv", "/electives/feed/"])
@pytest.mark.parametrize("params", ["page=abc", "page=-1", "page=999"])
def test_the_csv_and_feed_ignore_page(client, url, params, an_elective):
    response = client.get(f"{url}?{params}")
    assert response.status_code == 200
    assert an_elective.slug in response.content.decode()


def test_every_problem_is_reported_at_once(client):
    response = client.get("/api/electives/?pgy=abc&country=ZZ&sort=evil&page=0")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"pgy", "country", "sort", "page"}


def test_a_search_of_exactly_200_characters_is_fine(client):
    assert client.get("/electives/?q=" + "x" * 200).status_code == 200
    assert client.get("/api/electives/?q=" + "x" * 200).status_code == 200


def test_a_page_past_the_end_is_404(client):
    assert client.get("/electives/?page=1").status_code == 200
    assert client.get("/electives/?page=2").status_code == 404
    response = client.get("/api/electives/?page=2")
    assert response.status_code == 404
    assert response.json()["errors"]["page"]


def test_page_one_of_no_results_is_not_404(client):
    response = client.get("/electives/?country=PE")
    assert response.status_code == 200
    assert client.get("/api/electives/?country=PE&page=1").json()["count"] == 0


def test_the_form_shows_the_bad_value_back(client):
    response = client.get("/electives/?q=malaria&min_weeks=abc")
    doc = html.fromstring(response.content)
    assert doc.get_element_by_id("id_q").get("value") == "malaria"
    assert doc.get_element_by_id("id_min_weeks").get("value") == "abc"


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
def test_a_sponsor_with_nothing_published_is_unknown(client, status):
    ElectiveFactory(organization=OrganizationFactory(name="Quiet Clinic"), status=status)
    message = "“quiet-clinic” is not a known sponsor."
    for url in ("/electives/", "/electives/export.csv"):
        response = client.get(f"{url}?organization=quiet-clinic")
        assert response.status_code == 400, url
        assert message in response.content.decode()
    response = client.get("/api/electives/?organization=quiet-clinic")
    assert response.json() == {"errors": {"organization": [message]}}
    PublishedElectiveFactory(organization=OrganizationFactory(name="Quiet Clinic"))
    assert client.get("/api/electives/?organization=quiet-clinic").json()["count"] == 1
