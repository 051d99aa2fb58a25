"""One meaning of "needs re-verification" (issue 25): a listing last confirmed, by a
verification or (never verified) by its first publication, more than REVERIFY_AFTER_MONTHS
ago. The model, the queryset, the admin's filter and list, the dashboard, the reverification
command and the public pages all give the same answer for the same electives."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from electives.models import Elective
from tests.factories import CuratorFactory, OrganizationFactory, PublishedElectiveFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(days=400)
RECENTLY = datetime.timedelta(days=30)

# title: (last verified, published, created) as an age, or None for never.
CASES = {
    "Listed today, never verified": (None, None, None),
    "Published long ago, never verified": (None, LONG_AGO, LONG_AGO),
    "Created long ago, published recently, never verified": (None, RECENTLY, LONG_AGO),
    "Verified long ago": (LONG_AGO, LONG_AGO, LONG_AGO),
    "Verified recently": (RECENTLY, LONG_AGO, LONG_AGO),
}
STALE = {
    "Published long ago, never verified",
    "Verified long ago",
}


@pytest.fixture
def electives():
    now = timezone.now()
    made = {}
    for n, (title, (verified, published, created)) in enumerate(CASES.items()):
        sponsor = OrganizationFactory(name=f"Sponsor {n}", contact=f"sponsor{n}@example.org")
        elective = PublishedElectiveFactory(
            title=title,
            organization=sponsor,
            last_verified=timezone.localdate() - verified if verified else None,
        )
        Elective.objects.filter(pk=elective.pk).update(
            published_at=now - published if published else now,
            created_at=now - created if created else now,
        )
        made[title] = Elective.objects.get(pk=elective.pk)
    return made


def test_the_model_and_the_queryset_agree(electives):
    assert {title for title, e in electives.items() if e.needs_reverification} == STALE
    assert set(Elective.objects.needs_reverification().values_list("title", flat=True)) == STALE


def test_the_admin_filter_list_and_dashboard_agree(client, electives):
    client.force_login(CuratorFactory())
    changelist = client.get(reverse("admin:electives_elective_changelist"), {"verified": "old"})
    assert {title for title in CASES if f">{title}</a>" in changelist.text} == STALE
    listed = client.get(reverse("admin:electives_elective_changelist")).text
    rows = listed.split("<tr")[1:]
    flagged = {title for title in CASES for row in rows if title in row and "(re-verify)" in row}
    assert flagged == STALE
    index = client.get(reverse("admin:index")).text
    table = index.split('id="curator-dashboard"')[1].split("</table>")[0]
    count = re.search(r"need re-verification[^<]*</a></th>\s*<td>(\d+)</td>", table)
    assert int(count.group(1)) == len(STALE)


def test_the_reverification_command_asks_about_the_same_electives(electives):
    call_command("request_reverification")
    asked = {title for title in CASES for message in mail.outbox if title in message.body}
    assert asked == STALE


def test_the_detail_page_says_the_same(client, electives):
    for title, elective in electives.items():
        page = client.get(elective.get_absolute_url()).text
        assert ("may be out of date" in page) == (title in STALE), title
