"""The approval packet's own parts (issue 26, sections 2, 3 and 5): the resident's details
printed in its header and never stored, cached or logged; the specialty board's rule and
what the elective breaks of it; the shortlist packet's summary."""

import datetime
import logging
import re
import time

import pytest
from django.core.cache import caches
from django.core.management import call_command
from lxml import html

from residents import boards
from tests.factories import PublishedElectiveFactory, TravelAdvisoryFactory
from tests.servers import Server, manage, production_env

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zebediah Quillfeather"
DETAILS = {
    "name": SECRET_NAME,
    "program": "Mercy Internal Medicine Residency",
    "pgy": "2",
    "dates": "6 to 31 September 2027",
    "goals": "Learn to manage malaria without a laboratory.",
    "supervision": "Daily rounds with Dr. Otieno; the program's evaluation form.",
    "start": "2027-09-06",
}


@pytest.fixture
def kisumu():
    return PublishedElectiveFactory(
        slug="kisumu", title="Family Medicine in Kisumu", weeks_min=4, weeks_max=8
    )


def text(response):
    return re.sub(r"\s+", " ", html.fromstring(response.content).text_content())


def header(response):
    tree = html.fromstring(response.content)
    return {
        dt.text_content().strip(): dd.text_content().strip()
        for dt, dd in zip(
            tree.xpath("//dl[@class='packet-resident']//dt"),
            tree.xpath("//dl[@class='packet-resident']//dd"),
            strict=True,
        )
    }


def test_the_header_prints_the_residents_details(client, kisumu):
    response = client.get("/electives/kisumu/approval/", DETAILS)
    assert response.status_code == 200
    assert header(response) == {
        "Resident": SECRET_NAME,
        "Program": "Mercy Internal Medicine Residency",
        "PGY": "PGY-2",
        "Dates": "6 to 31 September 2027",
        "Elective": f"Family Medicine in Kisumu ({kisumu.organization.name}, Kenya)",
    }
    page = text(response)
    assert "Learn to manage malaria without a laboratory." in page
    assert "Daily rounds with Dr. Otieno; the program's evaluation form." in page
    # The form keeps what was typed, to correct it.
    assert f'value="{SECRET_NAME}"' in response.content.decode()


def test_without_details_the_header_has_lines_to_write_on(client, kisumu):
    response = client.get("/electives/kisumu/approval/?start=2027-09-06")
    assert header(response)["Resident"] == ""
    assert header(response)["Dates"] == "From 6 September 2027"
    assert "Learning goals and objectives for this elective" in text(response)


def test_the_residents_details_are_never_stored_cached_or_logged(client, kisumu, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.get("/electives/kisumu/approval/", DETAILS)
    assert SECRET_NAME in response.content.decode()
    # Only this browser keeps the answer; links from it carry no Referer.
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "ETag" not in response
    # No model holds it...
    dump = io_dump()
    assert SECRET_NAME not in dump and "manage malaria" not in dump
    # ...no cache entry...
    for cache in caches.all():
        for value in getattr(cache, "_cache", {}).values():
            assert SECRET_NAME.encode() not in value
    shared = client.get("/electives/kisumu/approval/?start=2027-09-06")
    assert SECRET_NAME not in shared.content.decode()
    assert shared["Cache-Control"] == "no-cache"  # the shared packet stays cacheable
    # ...and no log line, from a good answer or a refused one.
    assert client.get("/electives/kisumu/approval/", {**DETAILS, "pgy": "x"}).status_code == 400
    assert SECRET_NAME not in caplog.text and "Quillfeather" not in caplog.text


def test_a_bad_detail_answers_400_privately_keeping_what_was_typed(client, kisumu):
    response = client.get("/electives/kisumu/approval/", {**DETAILS, "pgy": "12"})
    assert response.status_code == 400
    assert "PGY is 1 to 8." in response.content.decode()
    assert f'value="{SECRET_NAME}"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_shortlist_packet_prints_the_details_privately_too(client, kisumu):
    PublishedElectiveFactory(slug="cusco", country="PE")
    response = client.get("/shortlist/approval/", {"e": "kisumu,cusco", **DETAILS})
    assert response.status_code == 200
    assert header(response)["Resident"] == SECRET_NAME
    assert "no-store" in response["Cache-Control"]
    assert SECRET_NAME not in client.get("/shortlist/approval/?e=kisumu,cusco").content.decode()


def io_dump():
    import io

    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


@pytest.mark.slow
def test_gunicorns_access_log_leaves_out_what_the_resident_typed(tmp_path):
    env = production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    manage("migrate", "--noinput", env=env)
    manage("seed_demo", "--electives", "3", env=env)
    with Server(env, workers=1, threads=1) as server:
        listing = server.get("/api/electives/")
        slug = re.search(rb'"slug": ?"([^"]+)"', listing.body).group(1).decode()
        typed = server.get(f"/electives/{slug}/approval/?name=Zebediah+Quillfeather&pgy=2")
        assert typed.status == 200 and "Zebediah Quillfeather" in typed.text
        shared = server.get(f"/electives/{slug}/approval/?start=2027-09-06")
        assert shared.status == 200
        # gunicorn writes a request's line after sending its answer.
        deadline = time.monotonic() + 5
        while "start=2027-09-06" not in server.output() and time.monotonic() < deadline:
            time.sleep(0.05)
        log = server.output()
    assert "Zebediah" not in log
    assert f"/electives/{slug}/approval/?(private)" in log
    # Other requests keep their query strings in the log.
    assert f"/electives/{slug}/approval/?start=2027-09-06" in log


# --- Board rules: will it count? ---


def test_surgery_flags_a_one_week_elective_and_pgy_1(client):
    PublishedElectiveFactory(slug="short", weeks_min=1, weeks_max=1)
    page = text(client.get("/electives/short/approval/?specialty=surgery&pgy=1"))
    assert "Will it count? American Board of Surgery" in page
    assert (
        "This elective lasts at most 1 week; the American Board of Surgery requires at least "
        "2 weeks." in page
    )
    assert "does not allow it in PGY-1, and you are PGY-1" in page
    assert "https://www.absurgery.org/resources/abs-policies/policy-international-rotations/" in (
        page
    )
    assert "checked 4 December 2026" in page
    plan = text(client.get("/electives/short/plan/?specialty=surgery"))
    assert "This elective lasts at most 1 week" in plan


def test_surgery_asks_for_two_weeks_when_the_elective_can_be_shorter(client):
    PublishedElectiveFactory(slug="flexible", weeks_min=1, weeks_max=6)
    page = text(client.get("/electives/flexible/plan/?specialty=surgery"))
    assert "Choose a stay of at least 2 weeks" in page


def test_a_four_week_elective_breaks_no_surgery_limit(client, kisumu):
    page = text(client.get("/electives/kisumu/approval/?specialty=surgery&pgy=3"))
    assert "Will it count? American Board of Surgery" in page
    assert "Check:" not in page


def test_a_board_without_a_published_rule_says_to_ask_it(client, kisumu):
    page = text(client.get("/electives/kisumu/plan/?specialty=family-medicine"))
    assert "American Board of Family Medicine" in page
    assert "We found no published rule of this board on electives abroad" in page


def test_every_rule_is_sourced_dated_and_names_a_directory_specialty():
    from electives.models import Specialty

    listed = set(Specialty.objects.values_list("slug", flat=True))
    assert {rule.specialty for rule in boards.RULES} <= listed
    for rule in boards.RULES:
        assert rule.source_url.startswith("https://"), rule.specialty
        assert rule.checked == datetime.date(2026, 12, 4)


# --- The shortlist packet's summary ---


def test_a_shortlist_packet_starts_with_a_summary_row_per_elective(client, kisumu):
    TravelAdvisoryFactory(country="KE", level=2)
    PublishedElectiveFactory(slug="cusco", title="Cusco Clinics", country="PE", weeks_min=1)
    response = client.get("/shortlist/approval/?e=kisumu,cusco&specialty=surgery&start=2027-09-06")
    tree = html.fromstring(response.content)
    rows = [
        [cell.text_content().strip() for cell in row.xpath("th|td")]
        for row in tree.xpath("//table[@class='packet-table']/tbody/tr")
    ]
    assert rows[0][0] == "Family Medicine in Kisumu" and rows[1][0] == "Cusco Clinics"
    assert rows[0][4] == "Level 2" and rows[1][4] == "No advisory on file"
    assert rows[0][2] == "6 Sep 2027 to 4 Oct 2027"
    assert rows[0][5] == "0 stated, 16 not stated"
    assert rows[0][6] == "Nothing this elective breaks" and rows[1][6] == "1 to check"
    summary = response.content.decode().index("packet-summary")
    assert summary < response.content.decode().index('id="packet-kisumu"')
    one = client.get("/electives/kisumu/approval/").content.decode()
    assert "packet-summary" not in one
