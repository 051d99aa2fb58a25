"""One re-verification threshold (settings.REVERIFY_AFTER_MONTHS) for every surface: the
public pages, the admin's list, filter and dashboard, and request_reverification."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import CuratorFactory, OrganizationFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db

STALE_WORDS = "may be out of date"


@pytest.fixture
def six_months(settings):
    settings.REVERIFY_AFTER_MONTHS = 6
    today = timezone.localdate()
    sponsor = OrganizationFactory(contact="sponsor@example.org")
    old = PublishedElectiveFactory(
        title="Seven months old",
        organization=sponsor,
        last_verified=today - datetime.timedelta(days=213),
    )
    fresh = PublishedElectiveFactory(
        title="Five months old",
        organization=sponsor,
        last_verified=today - datetime.timedelta(days=152),
    )
    return old, fresh


def test_the_public_page_says_out_of_date_after_the_setting_not_after_a_year(client, six_months):
    old, fresh = six_months
    assert STALE_WORDS in client.get(old.get_absolute_url()).text
    assert STALE_WORDS not in client.get(fresh.get_absolute_url()).text


def test_the_admin_names_the_threshold_and_picks_out_the_same_electives(client, six_months):
    old, fresh = six_months
    client.force_login(CuratorFactory())
    changelist = reverse("admin:electives_elective_changelist")
    page = client.get(changelist, {"verified": "old"}).text
    assert "Over 6 months ago (needs re-verification)" in page
    assert old.title in page and fresh.title not in page
    listing = client.get(changelist).text
    assert listing.count("(re-verify)") == 1
    assert "need re-verification (over 6 months)" in client.get(reverse("admin:index")).text


def test_request_reverification_uses_the_setting_by_default(six_months):
    old, fresh = six_months
    out = io.StringIO()
    call_command("request_reverification", stdout=out)
    assert "1 new request(s) covering 1 elective(s)" in out.getvalue()
