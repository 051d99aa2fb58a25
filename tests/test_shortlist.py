"""The shortlist without JavaScript: Save forms POST to /shortlist/, a signed cookie keeps
the slugs, and the list can be shared (?e=), downloaded as CSV and as a calendar."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from residents import shortlist
from tests.factories import (
    DraftElectiveFactory,
    PublishedElectiveFactory,
)

pytestmark = pytest.mark.django_db


def save(client, slug, action="add", next_url="/electives/", **extra):
    return client.post("/shortlist/", {"slug": slug, "action": action, "next": next_url}, **extra)


@pytest.fixture
def kisumu():
    return PublishedElectiveFactory(title="Family Medicine in Kisumu", slug="kisumu")


@pytest.fixture
def cusco():
    return PublishedElectiveFactory(
        title="Community Health in Cusco",
        slug="cusco",
        country="PE",
        deadline=timezone.localdate() + datetime.timedelta(days=40),
    )


def test_save_returns_to_the_page_and_the_shortlist_lists_it(client, kisumu):
    response = save(client, "kisumu", next_url="/electives/?country=KE")
    assert response.status_code == 302
    # Back at the elective's card: without JavaScript its :target style shows it saved.
    assert response["Location"] == "/electives/?country=KE#elective-kisumu"
    cookie = response.cookies[shortlist.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert response.cookies[shortlist.JS_COOKIE].value == "kisumu"

    page = client.get("/shortlist/")
    assert page.status_code == 200
    assert "Family Medicine in Kisumu" in page.content.decode()
    assert "private" in page["Cache-Control"]


def test_the_saving_form_needs_no_csrf_token(kisumu):
    strict = Client(enforce_csrf_checks=True)
    assert save(strict, "kisumu").status_code == 302


def test_remove_takes_it_off(client, kisumu, cusco):
    save(client, "kisumu")
    save(client, "cusco")
    response = save(client, "kisumu", action="remove", next_url="/shortlist/")
    assert response["Location"] == "/shortlist/"
    page = client.get("/shortlist/").content.decode()
    assert "Community Health in Cusco" in page
    assert "Family Medicine in Kisumu" not in page


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_only_a_local_next_url_is_followed(client, kisumu, next_url):
    response = save(client, "kisumu", next_url=next_url)
    assert response["Location"] == "/shortlist/#elective-kisumu"


def test_an_unlisted_elective_cannot_be_saved(client):
    DraftElectiveFactory(slug="secret-draft", title="Secret Draft Elective")
    response = save(client, "secret-draft")
    assert response.status_code == 400
    assert "not listed" in response.content.decode()
    assert shortlist.COOKIE not in response.cookies
    response = save(client, "no-such-elective")
    assert response.status_code == 400


def test_a_bad_action_answers_400(client, kisumu):
    response = save(client, "kisumu", action="delete-everything")
    assert response.status_code == 400
    assert "add or remove" in response.content.decode()


def test_a_tampered_cookie_is_ignored(client, kisumu):
    client.cookies[shortlist.COOKIE] = "kisumu:forged-signature"
    assert "Family Medicine in Kisumu" not in client.get("/shortlist/").content.decode()


def test_at_most_fifty(client):
    for n in range(shortlist.MAX_ENTRIES + 1):
        PublishedElectiveFactory(slug=f"elective-{n}")
    for n in range(shortlist.MAX_ENTRIES):
        assert save(client, f"elective-{n}").status_code == 302
    response = save(client, f"elective-{shortlist.MAX_ENTRIES}")
    assert response.status_code == 400
    assert "Your shortlist is full (50 electives)" in response.content.decode()
    assert len(shortlist.read(response.wsgi_request)) == shortlist.MAX_ENTRIES


def test_an_archived_one_shows_as_no_longer_listed(client, kisumu):
    save(client, "kisumu")
    kisumu.status = "archived"
    kisumu.save()
    page = client.get("/shortlist/").content.decode()
    assert "No longer listed" in page
    # By the address the visitor saved, not by what it names now.
    assert "<li>kisumu: no longer listed" in page
    assert "Family Medicine in Kisumu" not in page
    # ...and it can still be removed.
    assert 'name="slug" value="kisumu"' in page
    save(client, "kisumu", action="remove")
    assert "No longer listed" not in client.get("/shortlist/").content.decode()


def test_a_shared_link_is_read_only_and_counts_what_it_left_out(client, kisumu, cusco):
    DraftElectiveFactory(slug="a-draft", title="Unpublished Draft Elective")
    page = client.get("/shortlist/?e=cusco,kisumu,nothing-here,a-draft").content.decode()
    assert "A shared shortlist" in page
    assert page.index("Community Health in Cusco") < page.index("Family Medicine in Kisumu")
    # A draft and a slug that names nothing are alike: counted, never named.
    assert "2 of the electives asked for are not listed" in page
    assert 'value="remove"' not in page  # nothing to remove from someone else's list
    assert "Unpublished Draft Elective" not in page and "a-draft" not in page


def test_the_page_offers_compare_share_and_downloads(client, kisumu, cusco):
    save(client, "kisumu")
    save(client, "cusco")
    page = client.get("/shortlist/").content.decode()
    assert 'action="/compare/"' in page and "Compare selected" in page
    assert "/shortlist/?e=kisumu%2Ccusco" in page
    assert "/shortlist/export.csv?e=kisumu%2Ccusco" in page
    assert "/shortlist/deadlines.ics?e=kisumu%2Ccusco" in page


def test_csv_export_of_the_own_and_a_shared_list(client, kisumu, cusco):
    DraftElectiveFactory(slug="a-draft")
    save(client, "cusco")
    save(client, "kisumu")
    response = client.get("/shortlist/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == ["cusco", "kisumu"]
    assert rows[0]["country"] == "PE"

    shared = client.get("/shortlist/export.csv?e=kisumu,a-draft")
    assert [row["slug"] for row in csv.DictReader(io.StringIO(shared.content.decode()))] == [
        "kisumu"
    ]


def test_deadlines_calendar_has_one_event_per_elective(client, kisumu, cusco):
    save(client, "kisumu")  # rolling: an "apply any time" entry (tests/test_calendar.py)
    save(client, "cusco")
    response = client.get("/shortlist/deadlines.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [
        "rolling-kisumu@electives-abroad",
        "deadline-cusco@electives-abroad",
    ]
    event = events[1]
    assert event.decoded("dtstart") == cusco.deadline
    assert type(event.decoded("dtstart")) is datetime.date
    assert str(event["uid"]) == "deadline-cusco@electives-abroad"
    assert str(event["url"]).endswith("/electives/cusco/")
    assert "Community Health in Cusco" in str(event["summary"])


def test_listing_and_detail_stay_cached_with_a_shortlist(
    client, kisumu, cusco, django_assert_num_queries
):
    save(client, "kisumu")
    assert shortlist.COOKIE in client.cookies
    for path in ("/electives/", "/electives/kisumu/", "/"):
        first = client.get(path)
        assert first.status_code == 200
        assert not first.cookies, path
        with django_assert_num_queries(1):  # the content version, and nothing else
            again = client.get(path)
        assert again.content == first.content, path
        # The same page as a visitor with no shortlist gets: no per-visitor state.
        assert Client().get(path).content == first.content, path


def test_cards_and_detail_carry_a_plain_save_form(client, kisumu):
    listing = client.get("/electives/").content.decode()
    assert 'action="/shortlist/"' in listing and 'data-slug="kisumu"' in listing
    detail = client.get("/electives/kisumu/").content.decode()
    assert 'value="kisumu"' in detail and "csrfmiddlewaretoken" not in detail
    assert 'href="/shortlist/"' in detail  # the nav's Shortlist link


def test_json_answer_for_the_script(client, kisumu):
    response = save(client, "kisumu", HTTP_ACCEPT="application/json")
    assert response.json() == {"saved": ["kisumu"], "message": ""}
    response = save(client, "nothing-here", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["saved"] == ["kisumu"]


def test_the_page_costs_the_same_queries_for_2_or_20_electives(client):
    counts = []
    for size in (2, 20):
        slugs = [PublishedElectiveFactory(slug=f"e{size}-{n}").slug for n in range(size)]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/shortlist/?e={','.join(slugs)}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 4  # electives with advisories, specialties, languages


def test_a_post_from_another_site_cannot_replace_the_list(client, kisumu, cusco):
    save(client, "kisumu")
    for headers in (
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
    ):
        response = save(client, "cusco", **headers)
        assert response.status_code == 403
        assert shortlist.COOKIE not in response.cookies
    # The site's own pages send their own origin.
    response = save(
        client, "cusco", HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert response.status_code == 302
    assert response.cookies[shortlist.JS_COOKIE].value == "kisumu.cusco"


def test_a_cards_form_goes_back_by_the_referer(client, kisumu):
    """Cards are rendered once and shared by every listing page, so their forms name no
    `next`; the browser's Referer says which page the form was on."""
    listing = client.get("/electives/?country=KE").content.decode()
    assert 'name="next"' not in listing
    response = client.post(
        "/shortlist/",
        {"slug": "kisumu", "action": "add"},
        HTTP_REFERER="http://testserver/electives/?country=KE&page=1",
    )
    assert response["Location"] == "/electives/?country=KE&page=1#elective-kisumu"


def test_a_referer_from_another_site_is_not_followed(client, kisumu):
    response = client.post(
        "/shortlist/",
        {"slug": "kisumu", "action": "add"},
        HTTP_REFERER="https://evil.example/electives/",
    )
    assert response["Location"] == "/shortlist/#elective-kisumu"


def test_a_save_comes_back_to_the_card_that_holds_the_form(client, kisumu):
    """The fragment names the element around each Save form, on every kind of page."""
    response = save(client, "kisumu", next_url="/electives/?country=KE")
    fragment = response["Location"].partition("#")[2]
    assert fragment == "elective-kisumu"
    for path in ("/electives/", "/", "/electives/kisumu/", "/shortlist/", "/shortlist/?e=kisumu"):
        page = client.get(path).content.decode()
        assert page.count(f'id="{fragment}"') == 1, path
    # The same pages for everyone: nothing in them says who saved what.
    assert Client().get("/electives/").content == client.get("/electives/").content
    # Taking one off goes back to the page itself.
    response = save(client, "kisumu", action="remove", next_url="/shortlist/")
    assert response["Location"] == "/shortlist/"
