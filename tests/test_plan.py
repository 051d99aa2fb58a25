"""The timeline (guide/timeline.py): the plan, the packet, plan.ics and the guide's timeline page
give the same steps, counted back from ?start=, in order, none before departure dated after
the start, passed ones marked overdue (issue 26, section 1)."""

import datetime

import pytest
import time_machine
from icalendar import Calendar
from lxml import html

from electives.models import Category, Elective
from electives.models.fields import DATES
from guide.pages import get as guide_page
from guide.timeline import shifted
from tests.factories import PublishedElectiveFactory, TravelAdvisoryFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)
DEADLINE = datetime.date(2027, 3, 31)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 12, 4, 12, 0), tick=False):
        yield


@pytest.fixture
def clinical():
    return PublishedElectiveFactory(
        slug="kisumu", title="Kisumu Wards", deadline=DEADLINE, weeks_min=4, weeks_max=8
    )


def plan_steps(response):
    """[(title, ISO date or None, overdue)] in the plan's order."""
    tree = html.fromstring(response.content)
    return [
        (
            li.xpath("h3")[0].text,
            (li.xpath(".//p[@class='plan-date']/time/@datetime") or [None])[0],
            "plan-step-overdue" in li.get("class"),
        )
        for li in tree.xpath("//ol[@class='plan-steps']/li")
    ]


def packet_steps(response):
    tree = html.fromstring(response.content)
    return [
        (
            tr.xpath("th")[0].text,
            (tr.xpath("td/time/@datetime") or [None])[0],
            tr.get("class") == "overdue-row",
        )
        for tr in tree.xpath("//table[@class='packet-dates']/tbody/tr")
    ]


def ics_steps(response):
    events = Calendar.from_ical(response.content).walk("VEVENT")
    return [
        (
            str(event["summary"]).rsplit(": ", 1)[0],
            event.decoded("dtstart").isoformat(),
            str(event["description"]).startswith("Overdue:"),
        )
        for event in events
    ]


def every_surface(client, slug, query):
    plan = plan_steps(client.get(f"/electives/{slug}/plan/{query}"))
    packet = packet_steps(client.get(f"/electives/{slug}/approval/{query}"))
    ics = ics_steps(client.get(f"/electives/{slug}/plan.ics{query}"))
    assert plan == packet, "the plan and the packet differ"
    assert [s for s in plan if s[1]] == ics, "plan.ics differs from the plan"
    return plan


def before_departure(steps):
    return [s for s in steps if s[0] != "Debrief after return"]


def test_a_start_after_the_listed_deadline_counts_the_application_from_it(client, clinical):
    start = datetime.date(2027, 9, 6)
    steps = every_surface(client, "kisumu", f"?start={start}")
    dated = {title: day for title, day, _ in steps}
    assert dated == {
        "Send your application": "2027-03-31",  # the host's listed deadline
        "Ask about registration or licensure": "2027-03-10",
        "Check visa requirements": "2027-04-09",
        "Program and GME approval": "2027-05-09",  # GME_APPROVAL_LEAD_DAYS = 120
        "Confirm malpractice cover": "2027-05-09",
        "Health insurance and evacuation cover": "2027-06-08",
        "Read the CDC destination page": "2027-06-23",
        "Pre-departure training": "2027-07-08",
        "Pre-travel clinic visit": "2027-07-26",  # six weeks before
        "Enroll in STEP": "2027-08-23",
        "Debrief after return": "2027-10-11",  # four weeks there, a week back
    }
    days = [day for _, day, _ in steps]
    assert days == sorted(days)
    assert all(day < start.isoformat() for _, day, _ in before_departure(steps))
    assert not any(overdue for *_, overdue in steps)


def test_a_start_before_the_listed_deadline_says_the_deadline_is_another_cycles(client):
    PublishedElectiveFactory(slug="late", deadline=datetime.date(2027, 11, 1), weeks_min=4)
    start = datetime.date(2027, 9, 6)
    steps = every_surface(client, "late", f"?start={start}")
    dated = dict((title, day) for title, day, _ in steps)
    # Six months ahead, not the deadline (which falls after the start).
    assert dated["Send your application"] == "2027-03-10"
    assert all(day < start.isoformat() for _, day, _ in before_departure(steps))
    for url in ["/electives/late/plan/", "/electives/late/approval/"]:
        page = client.get(f"{url}?start={start}").content.decode()
        assert (
            "The listed deadline is for another cycle: ask the host for the deadline for your "
            "dates." in page
        )


def test_a_start_within_the_lead_time_marks_overdue_steps_and_says_so(client, clinical):
    start = datetime.date(2027, 2, 1)  # 59 days from today
    steps = every_surface(client, "kisumu", f"?start={start}")
    overdue = {title for title, _, late in steps if late}
    assert {"Program and GME approval", "Check visa requirements", "Pre-departure training"} <= (
        overdue
    )
    assert "Enroll in STEP" not in overdue
    for title, day, late in steps:
        assert late == (day < TODAY.isoformat()), title
    # The deadline (31 March) falls after this start: it is another cycle's.
    assert dict((t, d) for t, d, _ in steps)["Send your application"] == "2026-08-05"
    assert all(day < start.isoformat() for _, day, _ in before_departure(steps))
    for url in ["/electives/kisumu/plan/", "/electives/kisumu/approval/"]:
        page = html.fromstring(client.get(f"{url}?start={start}").content)
        warning = page.xpath("string(//*[contains(@class, 'too-close')])")
        assert "is too close to do every step in time" in warning, url
        # At the top: before the steps.
        assert page.xpath("//*[contains(@class, 'too-close')]/following::table") or page.xpath(
            "//*[contains(@class, 'too-close')]/following::ol[@class='plan-steps']"
        )
    plan = client.get(f"/electives/kisumu/plan/?start={start}").content.decode()
    assert "This date has passed." in plan
    assert "Ask your GME office today whether a late request can still be considered" in plan


def test_a_start_far_enough_ahead_is_not_too_close(client, clinical):
    page = client.get("/electives/kisumu/plan/?start=2027-09-06").content.decode()
    assert "too close" not in page


def test_the_institutions_lead_time_is_a_setting(client, clinical, settings):
    settings.GME_APPROVAL_LEAD_DAYS = 180
    steps = every_surface(client, "kisumu", "?start=2027-09-06")
    assert dict((t, d) for t, d, _ in steps)["Program and GME approval"] == "2027-03-10"


def test_the_hosts_lead_time_adds_its_paperwork_step(client):
    PublishedElectiveFactory(slug="lead", deadline=None, lead_time_weeks=30)
    steps = every_surface(client, "lead", "?start=2027-09-06")
    dated = dict((t, d) for t, d, _ in steps)
    assert dated["Send the host its paperwork"] == "2027-02-08"  # 30 weeks before
    # Rolling admission: the application comes no later than the host's lead time.
    assert dated["Send your application"] == "2027-02-08"


def test_a_j1_resident_tells_ecfmg_thirty_days_ahead(client, clinical):
    step = "Tell ECFMG (J-1 sponsor) about the rotation"
    without = every_surface(client, "kisumu", "?start=2027-09-06")
    assert step not in [title for title, _, _ in without]
    steps = every_surface(client, "kisumu", "?start=2027-09-06&j1=1")
    assert dict((t, d) for t, d, _ in steps)[step] == "2027-08-07"
    page = client.get("/electives/kisumu/plan/").content.decode()
    assert "I am on a J-1 visa" in page
    assert client.get("/electives/kisumu/plan/?j1=maybe").status_code == 400


def test_level_3_countries_add_the_travel_risk_committee(client, clinical, settings):
    TravelAdvisoryFactory(country="KE", level=3)
    settings.TRAVEL_RISK_COMMITTEE = "the Global Travel Risk Committee"
    steps = every_surface(client, "kisumu", "?start=2027-09-06")
    dated = dict((t, d) for t, d, _ in steps)
    assert dated["Approval from the Global Travel Risk Committee"] == "2027-05-09"


def test_level_2_countries_need_no_committee(client, clinical):
    TravelAdvisoryFactory(country="KE", level=2)
    steps = every_surface(client, "kisumu", "?start=2027-09-06")
    assert not [t for t, _, _ in steps if "committee" in t]


def test_licensure_only_for_clinical_electives(client):
    PublishedElectiveFactory(slug="lab", category=Category.RESEARCH, deadline=None)
    steps = every_surface(client, "lab", "?start=2027-09-06")
    assert "Ask about registration or licensure" not in [t for t, _, _ in steps]


def test_without_a_start_the_steps_say_how_far_ahead(client, clinical):
    response = client.get("/electives/kisumu/plan/")
    assert response.status_code == 200
    assert all(day is None for _, day, _ in plan_steps(response))
    page = response.content.decode()
    assert "120 days before you start" in page
    assert "7 days after you come back" in page
    assert (
        len(Calendar.from_ical(client.get("/electives/kisumu/plan.ics").content).walk("VEVENT"))
        == 0
    )


def test_the_guides_timeline_page_lists_the_same_steps(client, clinical):
    guide = html.fromstring(client.get("/guide/timeline/").content)
    titles = [h.text for h in guide.xpath("//ol[@class='plan-steps']/li/h3")]
    plan = [t for t, _, _ in plan_steps(client.get("/electives/kisumu/plan/?j1=1"))]
    # The guide shows every step, the conditional ones with their condition.
    assert [t for t in titles if t in plan] == plan
    assert "Approval from your institution's travel-risk committee" in titles
    text = guide.text_content()
    assert "Residents on a J-1 visa" in text
    assert "120 days before you start" in text


def test_every_step_links_to_an_existing_guide_section(client, clinical):
    tree = html.fromstring(client.get("/guide/timeline/").content)
    for link in tree.xpath("//ol[@class='plan-steps']//a/@href"):
        path, anchor = link.split("#")
        slug = path.strip("/").split("/")[-1]
        assert anchor in [heading.id for heading in guide_page(slug).contents], link


@pytest.mark.parametrize("start", ["2027-02-30", "next week", "31/12/2027"])
def test_an_invalid_start_answers_400_with_the_form(client, clinical, start):
    response = client.get(f"/electives/kisumu/plan/?start={start}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the start date as YYYY-MM-DD" in page
    assert 'name="start"' in page
    assert client.get(f"/electives/kisumu/plan.ics?start={start}").status_code == 400


def test_an_unknown_specialty_answers_400(client, clinical):
    response = client.get("/electives/kisumu/plan/?specialty=astrology")
    assert response.status_code == 400
    assert "Choose your specialty from the list." in response.content.decode()


def test_the_advisory_warns_at_level_3(client, clinical):
    TravelAdvisoryFactory(country="KE", level=3, headline="Kenya - Level 3: Reconsider Travel")
    page = client.get("/electives/kisumu/plan/").content.decode()
    assert "Level 3: Reconsider Travel" in page
    assert "Warning: the U.S. Department of State" in page


def test_plan_ics_events_are_all_day_with_stable_uids(client, clinical):
    response = client.get("/electives/kisumu/plan.ics?start=2027-09-06")
    for event in Calendar.from_ical(response.content).walk("VEVENT"):
        assert type(event.decoded("dtstart")) is datetime.date
        assert str(event["uid"]).startswith("plan-") and "-kisumu@" in str(event["uid"])
        assert str(event["url"]).endswith("/electives/kisumu/")
        assert "/guide/" in str(event["description"])


def test_the_plan_links_keep_the_answers_and_nothing_else(client, clinical):
    page = client.get(
        "/electives/kisumu/plan/?start=2027-09-06&j1=1&specialty=surgery&evil=%3Cx%3E"
    ).content.decode()
    assert 'href="/electives/kisumu/approval/?start=2027-09-06&amp;j1=1&amp;specialty=surgery"' in (
        page
    )
    assert "evil" not in page


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
    undated = {t: d for t, d, _ in plan_steps(client.get("/electives/kisumu/plan/"))}
    dated = {t: d for t, d, _ in plan_steps(client.get("/electives/kisumu/plan/?start=2027-09-06"))}
    assert undated["Check visa requirements"] is None
    assert dated["Check visa requirements"] == "2027-04-09"
    j1 = [t for t, _, _ in plan_steps(client.get("/electives/kisumu/plan/?start=2027-09-06&j1=1"))]
    assert "Tell ECFMG (J-1 sponsor) about the rotation" in j1


# Issue 24, item 8: stored values at the edges of what the database keeps (the model's value
# ranges refuse 0001-01-01 and 9999-12-31 outright, tests/test_value_ranges.py), written
# past the validators; and starts at the calendar's own edges.
EDGES = [
    {"deadline": DATES.low},
    {"deadline": DATES.high},
    {"lead_time_weeks": 32767},
    {"weeks_min": 32767, "weeks_max": 32767},
]


@pytest.mark.parametrize("stored", EDGES, ids=lambda s: "-".join(f"{k}={v}" for k, v in s.items()))
def test_dates_at_the_calendars_edges_never_answer_500(client, clinical, stored):
    Elective.objects.filter(pk=clinical.pk).update(**stored)
    for query in ["", "?start=2027-09-06", "?start=2026-01-01&j1=1"]:
        for url in [
            "/electives/kisumu/plan/",
            "/electives/kisumu/plan.ics",
            "/electives/kisumu/approval/",
            "/shortlist/approval/",
        ]:
            joined = (
                f"{url}{query}" if url != "/shortlist/approval/" else f"{url}?e=kisumu&{query[1:]}"
            )
            response = client.get(joined)
            assert response.status_code == 200, joined
    steps = every_surface(client, "kisumu", "?start=2027-09-06")
    assert all(day is None or day < "2027-09-06" for _, day, _ in before_departure(steps))


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31"])
def test_a_start_at_the_calendars_edges_is_refused_with_a_reason(client, clinical, start):
    for url in [
        f"/electives/kisumu/plan/?start={start}",
        f"/electives/kisumu/plan.ics?start={start}&j1=1",
        f"/electives/kisumu/approval/?start={start}",
        f"/shortlist/approval/?e=kisumu&start={start}",
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert b"start" in response.content.lower(), url


def test_date_arithmetic_at_the_calendars_edges_never_raises():
    assert shifted(datetime.date(1, 1, 1), -120) is None
    assert shifted(datetime.date(9999, 12, 31), 30) is None
    assert shifted(datetime.date(2027, 9, 6), -120) == datetime.date(2027, 5, 9)
