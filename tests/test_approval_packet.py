"""The approval packet (/electives/<slug>/approval/, /shortlist/approval/): one printable page
a resident hands to the program director, the same for every visitor."""

import datetime

import pytest

from residents import shortlist
from tests.factories import (
    DraftElectiveFactory,
    PublishedElectiveFactory,
    TravelAdvisoryFactory,
)
from tests.test_approval_fields import APPROVAL, SHOWN, facts_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def kisumu():
    TravelAdvisoryFactory(country="KE", level=2, issued=datetime.date(2026, 7, 1))
    return PublishedElectiveFactory(
        slug="kisumu",
        title="Family Medicine in Kisumu",
        country="KE",
        weeks_min=4,
        weeks_max=8,
        deadline=None,
        last_verified=datetime.date(2026, 5, 14),
        supervision="A consultant on the ward",
        **APPROVAL,
    )


def packet_text(response):
    return text_of(response.content.decode())


def test_the_packet_has_the_approval_facts_and_the_basic_facts(client, kisumu):
    response = client.get("/electives/kisumu/approval/")
    assert response.status_code == 200
    facts = facts_in(response.content)
    for label, shown in SHOWN.items():
        assert shown in facts[label], label
    text = packet_text(response)
    assert "Approval packet: Family Medicine in Kisumu" in text
    for basic in [
        kisumu.organization.name,
        "Kisumu, Kenya",
        "4–8 weeks",
        "$500 (USD)",
        "A consultant on the ward",
        "Rolling admission",
    ]:
        assert basic in text, basic
    assert "Scope Not stated" in text  # an empty richer field is not stated, not hidden


def test_an_elective_with_nothing_stated_reads_not_stated(client):
    PublishedElectiveFactory(slug="bare")
    facts = facts_in(client.get("/electives/bare/approval/").content)
    assert set(SHOWN) < set(facts)
    assert set(facts.values()) == {"Not stated"}


def test_the_packet_has_the_advisory_cdc_link_verification_disclaimer_and_signatures(
    client, kisumu
):
    response = client.get("/electives/kisumu/approval/")
    html = response.content.decode()
    text = packet_text(response)
    assert "Level 2: Exercise Increased Caution for Kenya, issued 1 July 2026" in text
    assert 'href="https://wwwnc.cdc.gov/travel/destinations/traveler/none/kenya"' in html
    assert "Last verified 14 May 2026" in text
    assert "A listing is not an endorsement" in text  # the /safety/ disclaimer
    assert "Learning goals and objectives for this elective" in text
    for signer in ("Resident", "Program director", "Date"):
        assert f"<dt>{signer}</dt>" in html


def test_a_start_date_dates_the_packet_from_the_plan(client, kisumu):
    response = client.get("/electives/kisumu/approval/?start=2027-03-01")
    assert response.status_code == 200
    text = packet_text(response)
    assert "Planned start: 1 March 2027" in text
    assert "on 29 March 2027" in text  # back after the shortest stay, 4 weeks
    # The host's lead time (12 weeks) before the start.
    assert "Send the host its paperwork 7 December 2026" in text
    # The plan's own steps and dates (guide.timeline): the institution's 120 days.
    assert "Program and GME approval 1 November 2026" in text


def test_without_a_start_the_steps_wait_for_one(client, kisumu):
    text = packet_text(client.get("/electives/kisumu/approval/"))
    assert "Check visa requirements 150 days before you start" in text


@pytest.mark.parametrize("start", ["2027-02-30", "soon", "2027-03-01\x00"])
def test_a_bad_start_date_answers_400_and_keeps_what_was_typed(client, kisumu, start):
    response = client.get("/electives/kisumu/approval/", {"start": start})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your answers need fixing" in html
    assert "Enter the start date as YYYY-MM-DD" in html


def test_only_published_electives_have_a_packet(client):
    DraftElectiveFactory(slug="draft")
    assert client.get("/electives/draft/approval/").status_code == 404
    assert client.get("/electives/nothing-here/approval/").status_code == 404


def test_the_packet_is_cacheable_like_every_public_page(client, kisumu):
    first = client.get("/electives/kisumu/approval/?start=2027-03-01")
    assert first["Cache-Control"] == "no-cache" and not first.cookies
    again = client.get(
        "/electives/kisumu/approval/?start=2027-03-01&utm_source=mail",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 304
    other_date = client.get("/electives/kisumu/approval/?start=2027-04-01")
    assert other_date["ETag"] != first["ETag"]


def test_the_detail_plan_and_shortlist_pages_link_to_the_packet(client, kisumu):
    assert 'href="/electives/kisumu/approval/"' in client.get("/electives/kisumu/").content.decode()
    plan = client.get("/electives/kisumu/plan/?start=2027-03-01").content.decode()
    assert 'href="/electives/kisumu/approval/?start=2027-03-01"' in plan
    shared = client.get("/shortlist/?e=kisumu").content.decode()
    assert 'href="/shortlist/approval/?e=kisumu"' in shared
    assert 'href="/electives/kisumu/approval/"' in shared


def test_a_shared_shortlist_gets_one_packet_for_every_listed_elective(client, kisumu):
    PublishedElectiveFactory(slug="cusco", title="Community Health in Cusco", country="PE")
    DraftElectiveFactory(slug="hidden", title="A Draft Elective")
    response = client.get("/shortlist/approval/?e=cusco,kisumu,hidden,nothing-here")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Approval packet: 2 electives" in text_of(html)
    assert html.index('id="packet-cusco"') < html.index('id="packet-kisumu"')
    assert html.count('class="facts approval-facts"') == 2
    assert "2 of the electives asked for are not listed" in text_of(html)
    assert "A Draft Elective" not in html and 'id="packet-hidden"' not in html
    assert response["Cache-Control"] == "no-cache"


def test_a_shared_shortlist_packet_keeps_its_electives_when_dated(client, kisumu):
    response = client.get("/shortlist/approval/?e=kisumu")
    html = response.content.decode()
    assert '<input type="hidden" name="e" value="kisumu">' in html
    dated = client.get("/shortlist/approval/?e=kisumu&start=2027-03-01")
    assert "Planned start: 1 March 2027" in packet_text(dated)


def test_a_shortlist_packet_with_nothing_listed_answers_400(client):
    DraftElectiveFactory(slug="hidden")
    for query in ("?e=", "?e=hidden,nothing-here"):
        response = client.get("/shortlist/approval/" + query)
        assert response.status_code == 400
        assert "nothing to print" in response.content.decode()


def test_the_visitors_own_shortlist_is_sent_to_its_shareable_packet(client, kisumu):
    PublishedElectiveFactory(slug="cusco")
    client.cookies.load({})
    response = client.post("/shortlist/", {"slug": "kisumu", "action": "add"})
    client.post("/shortlist/", {"slug": "cusco", "action": "add"})
    assert shortlist.COOKIE in client.cookies
    response = client.get("/shortlist/approval/")
    assert response.status_code == 302
    assert response["Location"] == "/shortlist/approval/?e=kisumu,cusco"
    assert "private" in response["Cache-Control"]
    assert client.get(response["Location"]).status_code == 200


def test_an_empty_own_shortlist_is_sent_to_the_shortlist_page(client):
    response = client.get("/shortlist/approval/")
    assert response.status_code == 302
    assert response["Location"] == "/shortlist/"
