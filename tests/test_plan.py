"""/electives/<slug>/plan/: dated steps counted back from the deadline or ?start=."""

import datetime

import pytest
from icalendar import Calendar
from lxml import html

from electives.models import Category
from guide.pages import get as guide_page
from tests.factories import PublishedElectiveFactory, TravelAdvisoryFactory

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2027, 3, 31)
START = datetime.date(2027, 9, 6)


@pytest.fixture
def clinical():
    return PublishedElectiveFactory(
        slug="kisumu", title="Kisumu Wards", deadline=DEADLINE, weeks_min=4, weeks_max=8
    )


def steps(response):
    """[(title, ISO date or None, guide link)] in the page's order."""
    tree = html.fromstring(response.content)
    result = []
    for li in tree.xpath("//ol[@class='plan-steps']/li"):
        time = li.xpath(".//time/@datetime")
        link = li.xpath(".//a/@href")[0]
        result.append((li.xpath("h3")[0].text, time[0] if time else None, link))
    return result


def test_application_steps_count_back_from_the_deadline(client, clinical):
    response = client.get("/electives/kisumu/plan/")
    assert response.status_code == 200
    dated = {title: day for title, day, _ in steps(response)}
    assert dated["Program and GME approval"] == "2027-01-30"  # 60 days before
    assert dated["Send your application"] == "2027-03-31"
    # Without a start date the travel steps cannot be dated yet.
    assert dated["Check visa requirements"] is None
    assert "Choose a start date to date this step" in response.content.decode()


def test_a_start_date_dates_every_step(client, clinical):
    response = client.get(f"/electives/kisumu/plan/?start={START}")
    listed = steps(response)
    dated = {title: day for title, day, _ in listed}
    assert dated == {
        "Program and GME approval": "2027-01-30",
        "Send your application": "2027-03-31",
        "Ask about registration or licensure": "2027-03-10",
        "Check visa requirements": "2027-04-09",
        "Confirm malpractice cover": "2027-05-09",
        "Health insurance and evacuation cover": "2027-06-08",
        "Read the CDC destination page": "2027-06-23",
        "Pre-departure training": "2027-07-08",
        "Pre-travel clinic visit": "2027-07-26",  # six weeks before
        "Enroll in STEP": "2027-08-23",
        "Debrief after return": "2027-10-11",  # four weeks there, a week back
    }
    days = [day for _, day, _ in listed]
    assert days == sorted(days)


def test_licensure_only_for_clinical_electives(client):
    PublishedElectiveFactory(slug="lab", category=Category.RESEARCH, deadline=None)
    response = client.get(f"/electives/lab/plan/?start={START}")
    titles = [title for title, _, _ in steps(response)]
    assert "Ask about registration or licensure" not in titles
    # Rolling admission: the application is counted back from the start.
    assert dict((t, d) for t, d, _ in steps(response))["Send your application"] == "2026-12-10"


def test_every_step_links_to_an_existing_guide_section(client, clinical):
    for _, _, link in steps(client.get("/electives/kisumu/plan/")):
        path, anchor = link.split("#")
        slug = path.strip("/").split("/")[-1]
        assert client.get(path).status_code == 200, link
        assert anchor in [heading.id for heading in guide_page(slug).contents], link


@pytest.mark.parametrize("start", ["2027-02-30", "next week", "31/12/2027"])
def test_an_invalid_start_answers_400_with_the_form(client, clinical, start):
    response = client.get(f"/electives/kisumu/plan/?start={start}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the start date as YYYY-MM-DD" in page
    assert 'name="start"' in page
    assert client.get(f"/electives/kisumu/plan.ics?start={start}").status_code == 400


def test_the_advisory_warns_at_level_3(client, clinical):
    TravelAdvisoryFactory(country="KE", level=3, headline="Kenya - Level 3: Reconsider Travel")
    page = client.get("/electives/kisumu/plan/").content.decode()
    assert "Level 3: Reconsider Travel" in page
    assert "Warning: the U.S. Department of State" in page


def test_plan_ics_has_one_event_per_dated_step(client, clinical):
    response = client.get(f"/electives/kisumu/plan.ics?start={START}")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    page_steps = steps(client.get(f"/electives/kisumu/plan/?start={START}"))
    assert len(events) == len(page_steps) == 11
    for event, (title, day, link) in zip(events, page_steps, strict=True):
        assert str(event["summary"]) == f"{title}: Kisumu Wards"
        assert event.decoded("dtstart").isoformat() == day
        assert type(event.decoded("dtstart")) is datetime.date
        assert str(event["uid"]).startswith("plan-") and "-kisumu@" in str(event["uid"])
        assert str(event["url"]).endswith("/electives/kisumu/")
        assert link in str(event["description"])
    # Without a start date only the application steps have dates.
    undated = Calendar.from_ical(client.get("/electives/kisumu/plan.ics").content)
    assert len(undated.walk("VEVENT")) == 2


def test_the_detail_page_links_to_the_plan(client, clinical):
    page = client.get("/electives/kisumu/").content.decode()
    assert 'href="/electives/kisumu/plan/"' in page
    assert 'href="/electives/kisumu/report/"' in page


def test_the_plan_links_the_countrys_official_pages(client, clinical):
    page = client.get("/electives/kisumu/plan/").content.decode()
    assert 'href="https://wwwnc.cdc.gov/travel/destinations/traveler/none/kenya"' in page
    assert "International-Travel-Country-Information-Pages/Kenya.html" in page
    assert 'href="https://step.state.gov/"' in page


def test_each_start_date_is_its_own_cached_page(client, clinical):
    """The page cache keys the plan by `start`: a cached plan never answers another date."""
    undated = {t: d for t, d, _ in steps(client.get("/electives/kisumu/plan/"))}
    dated = {t: d for t, d, _ in steps(client.get(f"/electives/kisumu/plan/?start={START}"))}
    assert undated["Check visa requirements"] is None
    assert dated["Check visa requirements"] == "2027-04-09"
    ics = client.get(f"/electives/kisumu/plan.ics?start={START}").content
    assert ics != client.get("/electives/kisumu/plan.ics").content
