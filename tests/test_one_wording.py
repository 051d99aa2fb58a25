"""Each rule is decided once and worded once (issues 24 and 25): the deadline's status and
the facts nobody stated read the same on every surface that shows them."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from electives.models import DeadlineStatus, Elective
from tests.factories import CuratorFactory, PublishedElectiveFactory, TravelAdvisoryFactory
from tests.listing import api
from tests.test_unstated_facts import SUGGESTION

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DEADLINES = {
    "open": {"deadline": TODAY + datetime.timedelta(days=60)},
    "rolling": {"deadline": None},
    "closed": {"deadline": TODAY - datetime.timedelta(days=3)},
    "unsaid": {"deadline": None, "unstated": ["deadline"]},
}
STATUSES = {
    "open": DeadlineStatus.OPEN,
    "rolling": DeadlineStatus.ROLLING,
    "closed": DeadlineStatus.CLOSED,
    "unsaid": DeadlineStatus.NOT_STATED,
}


def squeeze(html):
    return " ".join(html.split())


def wording(elective, short=False):
    html = render_to_string("includes/deadline_status.html", {"elective": elective, "short": short})
    return squeeze(html)


@pytest.fixture
def electives():
    return {
        slug: PublishedElectiveFactory(slug=slug, title=f"Elective {slug}", **values)
        for slug, values in DEADLINES.items()
    }


def shortlisted(client, slugs):
    for slug in slugs:
        client.post("/shortlist/", {"slug": slug, "action": "add", "next": "/electives/"})
    return client.get("/shortlist/")


def test_one_decision(client, electives):
    assert {slug: e.deadline_status for slug, e in electives.items()} == STATUSES
    results = api(client)["results"]
    assert {r["slug"]: r["deadline_status"] for r in results} == STATUSES
    assert "Deadline not stated" in wording(electives["unsaid"])
    assert "Rolling admission" in wording(electives["rolling"])
    assert "Open" in wording(electives["open"]) and "Closed" in wording(electives["closed"])


def test_every_surface_says_the_deadline_in_the_fragment_s_words(client, electives):
    slugs = list(electives)
    pages = {
        "cards": (client.get("/electives/"), False),
        "table": (client.get("/electives/?view=table"), True),
        "compare": (client.get(f"/compare/?e={','.join(slugs)}"), True),
        "shortlist": (shortlisted(client, slugs), True),
    }
    for name, (response, short) in pages.items():
        assert response.status_code == 200, name
        html = squeeze(response.content.decode())
        for slug, elective in electives.items():
            assert wording(elective, short) in html, (name, slug)
    for slug, elective in electives.items():
        for path in ["", "plan/", "approval/"]:
            response = client.get(f"{elective.get_absolute_url()}{path}")
            assert response.status_code == 200, (slug, path)
            assert wording(elective) in squeeze(response.content.decode()), (slug, path)


# Issue 24, item 14: a suggestion published without these facts.
DEFAULTS_READ_AS_FACTS = [
    "Open to all specialties",
    "Not provided",
    "English only",
    "Any PGY",
    "rolling",
    "Rolling",
]


def facts_of(html):
    """{label: words} of every <dt>/<dd> pair on a page."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    return {label: squeeze(re.sub(r"<[^>]+>", "", value)) for label, value in pairs}


@pytest.fixture
def published_suggestion(client, settings):
    settings.CURATOR_EMAILS = []
    assert client.post("/suggest/", SUGGESTION).status_code == 200
    elective = Elective.objects.get(title=SUGGESTION["title"])
    client.force_login(CuratorFactory())
    client.post(
        reverse("admin:electives_elective_decide", args=[elective.pk]),
        {"decision": "publish", "note": "", "unstated_confirmed": "on"},
    )
    client.logout()
    elective.refresh_from_db()
    assert elective.deadline_status == DeadlineStatus.NOT_STATED
    return elective


def test_facts_a_suggester_left_out_read_not_stated_everywhere(client, published_suggestion):
    elective = published_suggestion
    other = PublishedElectiveFactory()
    url = elective.get_absolute_url()
    surfaces = {
        "detail": client.get(url),
        "packet": client.get(f"{url}approval/"),
        "plan": client.get(f"{url}plan/"),
        "compare": client.get(f"/compare/?e={elective.slug},{other.slug}"),
        "shortlist": shortlisted(client, [elective.slug]),
    }
    for name, response in surfaces.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        if name == "compare":
            # Only this elective's column: the other one states its facts.
            html = " ".join(re.findall(r'data-label="Trauma Surgery in Mbarara">(.*?)</td>', html))
        text = squeeze(re.sub(r"<[^>]+>", " ", html))
        assert "Deadline not stated" in text, name
        for default in DEFAULTS_READ_AS_FACTS:
            assert default not in text, (name, default)
    for name in ["detail", "packet"]:
        shown = facts_of(surfaces[name].content.decode())
        for label in ["Specialties", "Who can apply", "Housing", "Languages"]:
            assert shown[label] == "Not stated", (name, label)


# The advisory's warning: levels 3 and 4 warn in the same words on every surface; levels 1
# and 2, and no advisory on file, never do.
WARNING_WORDS = ["reconsider travel", "do not travel", "advises reconsidering", "advises against"]


def advisory_wording(level, short, country="Haiti"):
    context = {"level": level, "short": short, "country": country}
    return squeeze(render_to_string("includes/advisory_warning.html", context))


@pytest.mark.parametrize("level", [None, 1, 2, 3, 4])
def test_one_advisory_decision_and_wording(client, level):
    if level:
        TravelAdvisoryFactory(country="HT", level=level)
    elective = PublishedElectiveFactory(country="HT", city="Jacmel")
    url = elective.get_absolute_url()
    surfaces = {
        "cards": (client.get("/electives/"), True),
        "table": (client.get("/electives/?view=table"), True),
        "map": (client.get("/"), True),
        "detail": (client.get(url), False),
        "plan": (client.get(f"{url}plan/"), False),
        "packet": (client.get(f"{url}approval/"), False),
    }
    for name, (response, short) in surfaces.items():
        assert response.status_code == 200, name
        page = squeeze(response.content.decode())
        if level in (3, 4):
            assert advisory_wording(level, short), name
            assert advisory_wording(level, short) in page, name
        else:
            assert advisory_wording(level, short) == ""
            assert not any(words in page for words in WARNING_WORDS), name
