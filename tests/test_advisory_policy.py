"""An institution's travel policy (ADVISORY_POLICY_MAX_LEVEL, ADVISORY_POLICY_COUNTRIES)
marked wherever an elective is shown, and the `advisory_max` filter on every surface."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from electives.models import TravelAdvisory
from tests.factories import PublishedElectiveFactory, TravelAdvisoryFactory

pytestmark = pytest.mark.django_db

LEVEL_MARK = "does not allow travel to Level 3–4 countries without an appeal"
COUNTRY_MARK = "does not allow electives in Peru without an appeal"
ALL = ("kenya", "haiti", "burma", "uganda")
FEED = Path(__file__).parent / "data" / "travel_advisories.xml"


@pytest.fixture
def directory():
    """Kenya at level 2, Haiti at 3, Burma at 4, Uganda with no advisory on file."""
    for country, level in (("KE", 2), ("HT", 3), ("MM", 4)):
        TravelAdvisoryFactory(country=country, level=level)
    for slug, country in (("kenya", "KE"), ("haiti", "HT"), ("burma", "MM"), ("uganda", "UG")):
        PublishedElectiveFactory(slug=slug, title=f"Elective in {slug.title()}", country=country)


@pytest.fixture
def policy(settings):
    settings.ADVISORY_POLICY_MAX_LEVEL = 2
    settings.ADVISORY_POLICY_COUNTRIES = ["PE"]
    return settings


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().replace("&#x27;", "'")


def slugs(response):
    return {result["slug"] for result in response.json()["results"]}


# --- The policy, marked ---


def test_cards_mark_electives_over_the_policy(client, directory, policy):
    page = html(client, "/electives/")
    cards = {slug: page[page.index(f'href="/electives/{slug}/"') :] for slug in ALL}
    for slug in ("haiti", "burma"):
        assert LEVEL_MARK in cards[slug].split("</article>")[0], slug
    for slug in ("kenya", "uganda"):
        assert "Institution policy" not in cards[slug].split("</article>")[0], slug
    assert "(this country is Level 4)" in page


def test_the_table_view_marks_them_too(client, directory, policy):
    page = html(client, "/electives/?view=table")
    assert page.count(LEVEL_MARK) == 2


def test_a_forbidden_country_is_marked_whatever_its_level(client, policy):
    PublishedElectiveFactory(slug="cusco", country="PE")
    PublishedElectiveFactory(slug="gulu", country="UG")
    for url in ("/electives/", "/electives/cusco/", "/electives/cusco/plan/",
                "/electives/cusco/approval/", "/shortlist/?e=cusco"):  # fmt: skip
        assert COUNTRY_MARK in html(client, url), url
    compare = client.get("/compare/?e=cusco,gulu")
    row = next(r for r in compare.context["rows"] if r.label == "Your institution's policy")
    assert [v["text"] for v in row.values] == [
        "Your institution's policy does not allow electives in Peru without an appeal.",
        "Within your institution's policy",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/electives/haiti/",
        "/electives/haiti/plan/",
        "/electives/haiti/approval/",
        "/shortlist/approval/?e=kenya,haiti",
        "/shortlist/?e=haiti",
        "/countries/ht/",
        "/organizations/{sponsor}/",
    ],
)
def test_every_page_showing_an_elective_over_the_policy_marks_it(client, directory, policy, url):
    from electives.models import Elective

    sponsor = Elective.objects.get(slug="haiti").organization.slug
    assert LEVEL_MARK in html(client, url.format(sponsor=sponsor))


def test_compare_marks_the_elective_over_the_policy(client, directory, policy):
    response = client.get("/compare/?e=kenya,burma")
    row = next(r for r in response.context["rows"] if r.label == "Your institution's policy")
    assert row.values[0]["text"] == "Within your institution's policy"
    assert LEVEL_MARK in row.values[1]["text"]


def test_without_a_policy_nothing_is_marked(client, directory, settings):
    settings.ADVISORY_POLICY_MAX_LEVEL = None
    settings.ADVISORY_POLICY_COUNTRIES = []
    for url in ("/electives/", "/electives/burma/", "/electives/burma/approval/"):
        assert "Institution policy" not in html(client, url), url
    compare = client.get("/compare/?e=kenya,burma")
    assert "Your institution's policy" not in {r.label for r in compare.context["rows"]}


def test_a_policy_of_level_3_names_level_4_alone(client, directory, settings):
    settings.ADVISORY_POLICY_MAX_LEVEL = 3
    assert "does not allow travel to Level 4 countries" in html(client, "/electives/burma/")
    assert "Institution policy" not in html(client, "/electives/haiti/")


@pytest.mark.parametrize(
    "env, problem",
    [
        ({"ADVISORY_POLICY_MAX_LEVEL": "5"}, "ADVISORY_POLICY_MAX_LEVEL must be 1 to 4"),
        ({"ADVISORY_POLICY_MAX_LEVEL": "high"}, "ADVISORY_POLICY_MAX_LEVEL must be a whole"),
        ({"ADVISORY_POLICY_COUNTRIES": "KE,XX"}, "ADVISORY_POLICY_COUNTRIES must be ISO"),
    ],
)
def test_a_bad_policy_setting_stops_the_site_with_a_message(env, problem):
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env={**os.environ, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode != 0
    assert problem in result.stderr


# --- The warning at the top of the page ---


def test_the_level_3_4_warning_comes_before_apply(client, directory):
    page = html(client, "/electives/burma/")
    warning = page.index("Level 4: Do Not Travel.</strong> The U.S. Department of State")
    assert warning < page.index('id="apply-heading"') < page.index('id="advisory-heading"')
    assert "advisory-top" not in html(client, "/electives/kenya/")


# --- advisory_max on every surface ---


@pytest.mark.parametrize(
    "level, expected",
    [
        (1, {"uganda"}),
        (2, {"uganda", "kenya"}),
        (3, {"uganda", "kenya", "haiti"}),
        (4, {"uganda", "kenya", "haiti", "burma"}),
    ],
)
def test_advisory_max_keeps_countries_at_most_that_level_or_without_one(
    client, directory, level, expected
):
    params = {"advisory_max": level}
    assert slugs(client.get("/api/electives/", params)) == expected
    listing = client.get("/electives/", params).content.decode()
    assert {s for s in ALL if f'href="/electives/{s}/"' in listing} == expected
    exported = client.get("/electives/export.csv", params).content.decode()
    assert {row["slug"] for row in csv.DictReader(io.StringIO(exported))} == expected
    feed = client.get("/electives/feed/", params).content.decode()
    assert {s for s in ALL if f"/electives/{s}/" in feed} == expected


def test_advisory_max_shows_in_the_form_and_as_a_chip(client, directory):
    page = html(client, "/electives/?advisory_max=2")
    assert '<option value="2" selected>Level 2 or lower</option>' in page
    assert "Remove filter: </span>Advisory level 2 or lower" in page
    assert "Countries with no State Department advisory on file are included." in page


@pytest.mark.parametrize("value", ["0", "5", "abc", "2.5", "-1"])
def test_a_bad_advisory_max_answers_400_on_every_surface(client, directory, value):
    params = {"advisory_max": value}
    listing = client.get("/electives/", params)
    assert listing.status_code == 400
    assert "The highest advisory level must be a whole number from 1 to 4." in (
        listing.content.decode()
    )
    api = client.get("/api/electives/", params)
    assert api.status_code == 400 and "advisory_max" in api.json()["errors"]
    assert client.get("/electives/export.csv", params).status_code == 400
    assert client.get("/electives/feed/", params).status_code == 400


def test_the_directory_follows_an_advisory_change_at_once(client, directory):
    assert slugs(client.get("/api/electives/?advisory_max=2")) == {"uganda", "kenya"}
    advisory = TravelAdvisory.objects.get(country="KE")
    advisory.level = 3
    advisory.save()
    assert slugs(client.get("/api/electives/?advisory_max=2")) == {"uganda"}


def test_imported_advisories_rebuild_the_directory(client, directory):
    # The feed puts Kenya at 2 (none on file before), Uganda at 3 (none before), Haiti
    # at 4 (3 before) and Burma at 4.
    TravelAdvisory.objects.filter(country="KE").delete()
    assert slugs(client.get("/api/electives/?advisory_max=1")) == {"uganda", "kenya"}
    assert slugs(client.get("/api/electives/?advisory_max=3")) == {"uganda", "kenya", "haiti"}
    call_command("import_travel_advisories", str(FEED), stdout=io.StringIO())
    assert slugs(client.get("/api/electives/?advisory_max=1")) == set()
    assert slugs(client.get("/api/electives/?advisory_max=3")) == {"uganda", "kenya"}


def test_a_page_cached_before_the_policy_is_not_served_under_it(client, directory, settings):
    """A restart with a new policy must not serve pages cached under the old one."""
    assert LEVEL_MARK not in html(client, "/electives/haiti/")
    settings.ADVISORY_POLICY_MAX_LEVEL = 2
    assert LEVEL_MARK in html(client, "/electives/haiti/")


# --- Countries with no advisory on file (ADVISORY_POLICY_UNKNOWN) ---

NONE_ON_FILE = "No advisory on file"


def test_no_advisory_on_file_is_said_on_cards_the_table_detail_compare_and_packet(
    client, directory
):
    page = html(client, "/electives/")
    cards = {slug: page[page.index(f'href="/electives/{slug}/"') :] for slug in ALL}
    assert NONE_ON_FILE in cards["uganda"].split("</article>")[0]
    assert NONE_ON_FILE not in cards["kenya"].split("</article>")[0]
    table = html(client, "/electives/?view=table")
    row = table[table.index('href="/electives/uganda/"') :].split("</tr>")[0]
    assert NONE_ON_FILE in row
    assert NONE_ON_FILE in html(client, "/electives/uganda/")
    assert NONE_ON_FILE in html(client, "/electives/uganda/approval/")
    assert NONE_ON_FILE in html(client, "/compare/?e=uganda,kenya")
    assert NONE_ON_FILE not in html(client, "/electives/kenya/approval/")


def test_by_default_advisory_max_keeps_countries_with_no_advisory_and_says_so(
    client, directory, settings
):
    assert settings.ADVISORY_POLICY_UNKNOWN == "include"
    assert slugs(client.get("/api/electives/?advisory_max=2")) == {"kenya", "uganda"}
    page = html(client, "/electives/?advisory_max=2")
    assert "Advisory level 2 or lower, and countries with no advisory on file" in page
    assert "Countries with no State Department advisory on file are included." in page


def test_excluding_unknown_advisories_leaves_them_out_everywhere_and_says_so(
    client, directory, settings
):
    settings.ADVISORY_POLICY_UNKNOWN = "exclude"
    params = {"advisory_max": "2"}
    assert slugs(client.get("/api/electives/", params)) == {"kenya"}
    exported = client.get("/electives/export.csv", params).content.decode()
    assert {row["slug"] for row in csv.DictReader(io.StringIO(exported))} == {"kenya"}
    page = html(client, "/electives/?advisory_max=2")
    assert "Advisory level 2 or lower; countries with no advisory on file left out" in page
    assert "Countries with no State Department advisory on file are left out" in page
    assert 'href="/electives/uganda/"' not in page
    # Without advisory_max every elective is still listed.
    assert slugs(client.get("/api/electives/")) == set(ALL)


def test_the_policy_marks_unknown_advisories_only_when_it_excludes_them(
    client, directory, settings
):
    settings.ADVISORY_POLICY_MAX_LEVEL = 2
    mark = "treats a country with no State Department advisory on file as over its limit"
    assert mark not in html(client, "/electives/uganda/")
    settings.ADVISORY_POLICY_UNKNOWN = "exclude"
    assert mark in html(client, "/electives/uganda/")
    assert mark in html(client, "/electives/uganda/approval/")
    assert mark not in html(client, "/electives/kenya/")


def test_a_bad_unknown_advisory_rule_stops_the_start(tmp_path):
    env = {**os.environ, "ADVISORY_POLICY_UNKNOWN": "maybe", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode != 0
    assert "ADVISORY_POLICY_UNKNOWN must be include or exclude" in result.stderr
