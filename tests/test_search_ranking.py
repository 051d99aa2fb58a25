"""Relevance that means what residents think: a word in the title or the specialties counts
more than in the summary, then the description, then the sponsor's name or the place; equally
relevant listings come newest first (SPEC "Filters", `q`: "ranked by relevance").

A small judged set: each query with the order a resident would expect of its top results.
"""

import datetime

import pytest
from django.utils import timezone

from electives.models import Specialty
from tests.factories import OrganizationFactory, PublishedElectiveFactory
from tests.listing import csv_slugs, result_slugs

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()


def listed(slug, days_old=10, sponsor="Highland Health Partners", **fields):
    """A published elective whose text mentions nothing but what the test gives it."""
    defaults = {
        "title": "District Hospital Rotation",
        "summary": "Ward rounds and clinics.",
        "description": "See patients with the host team.",
        "city": "Kisumu",
        "country": "KE",
    }
    return PublishedElectiveFactory(
        slug=slug,
        organization=OrganizationFactory(name=sponsor),
        published_at=NOW - datetime.timedelta(days=days_old),
        **{**defaults, **fields},
    )


@pytest.fixture
def directory():
    surgery = Specialty.objects.get(slug="surgery")
    nepal = {"country": "NP", "city": "Dhulikhel"}
    # Newest first among these, so that only where the words match can put one higher.
    listed("nepal-sponsor-surgery", 1, sponsor="Summit Ridge Office of Global Surgery", **nepal)
    listed("nepal-description-surgery", 2, description="Assist in surgery twice a week.", **nepal)
    listed("nepal-summary-surgery", 3, summary="Surgery lists and clinics.", **nepal)
    listed("nepal-surgery-specialty", 4, specialties=[surgery], **nepal)
    listed("nepal-title-surgery", 5, title="General Surgery Rotation", **nepal)
    listed("kenya-title-surgery", 6, title="General Surgery Rotation")

    listed("malaria-sponsor", 1, sponsor="Malaria Consortium Partners", city="Blantyre")
    listed("malaria-description", 2, description="Some malaria in the rainy season.")
    listed("malaria-summary", 3, summary="Treat malaria and pneumonia.", city="Gulu")
    # The same project in two cities: equally relevant, the one whose deadline comes
    # first leads (open first, soonest deadline first), whatever the cities' names.
    soon, later = TODAY + datetime.timedelta(days=20), TODAY + datetime.timedelta(days=90)
    listed("malaria-zomba", 4, title="Malaria Surveillance Project in Zomba", deadline=soon)
    listed("malaria-accra", 5, title="Malaria Surveillance Project in Accra", deadline=later)


JUDGED = [
    (
        "surgery nepal",
        [
            {"nepal-title-surgery", "nepal-surgery-specialty"},
            {"nepal-summary-surgery"},
            {"nepal-description-surgery"},
            {"nepal-sponsor-surgery"},
        ],
    ),
    (
        "malaria",
        [
            {"malaria-zomba"},
            {"malaria-accra"},
            {"malaria-summary"},
            {"malaria-description"},
            {"malaria-sponsor"},
        ],
    ),
    ("surgery", [{"kenya-title-surgery", "nepal-title-surgery", "nepal-surgery-specialty"}]),
]


@pytest.mark.parametrize("words, expected", JUDGED)
def test_judged_queries_put_the_expected_results_on_top(client, directory, words, expected):
    slugs = result_slugs(client, f"q={words}")
    tiers = []
    for tier in expected:
        tiers.append(set(slugs[: len(tier)]))
        slugs = slugs[len(tier) :]
    assert tiers == expected


def test_the_page_and_the_csv_rank_alike(client, directory):
    assert csv_slugs(client, "q=malaria") == result_slugs(client, "q=malaria")
